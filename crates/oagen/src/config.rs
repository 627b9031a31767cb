//! `oagen.toml`: the generator's choices that the spec does not make, kept beside the spec rather than repeated
//! on every command line.
//!
//! ```toml
//! runtime = "version"                       # --runtime version (or "vendored", "path=../oagen-runtime")
//! example-tests = true                      # --example-tests: tests/spec_examples.rs from the spec's examples
//!
//! [models]
//! date-time = "text"                        # date-times as the text received (default "instant": chrono, UTC)
//!
//! [package]                                 # what the generated Cargo.toml says that the spec does not
//! license = "MIT"
//! repository = "https://github.com/example/example-api-rs"
//!
//! [client]
//! hoist = ["region"]                        # --hoist region
//! idempotency-header = "Idempotency-Key"    # --idempotency-header Idempotency-Key
//!
//! [client.paginate]                         # --paginate OPERATION=STYLE,..
//! listCustomers = "cursor,param=starting_after,items=data,has_more=has_more"
//! listEvents = { style = "link" }
//! searchUsers = "none"
//! ```
//!
//! Unknown keys are refused, so a misspelt option is never silently ignored. The `oagen` command reads
//! `--config FILE`, or else `oagen.toml` in the spec's directory when there is one; its flags add to the file
//! (`--hoist`, `--paginate`: a later entry for one operation wins) or replace it (`--idempotency-header`,
//! `--runtime`). A runtime path in the file is relative to the file's directory.

use crate::{ClientOptions, PackageInfo, Pagination, Runtime};
use std::path::Path;
use toml::Value;

/// The configuration file's name, looked for beside the spec.
pub const CONFIG_FILE: &str = "oagen.toml";

/// What an `oagen.toml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The `[client]` table.
    pub client: ClientOptions,
    /// `runtime`: where the generated crate's `oagen-runtime` comes from (a path as written in the file).
    pub runtime: Option<Runtime>,
    /// The `[package]` table.
    pub package: PackageInfo,
    /// `example-tests = true`: `oagen generate` writes `tests/spec_examples.rs` (as `--example-tests`).
    pub example_tests: bool,
    /// The `[models]` table's `date-time`: `"instant"` (the default) or `"text"`.
    pub date_times: crate::DateTimes,
}

impl Config {
    /// Reads and checks the file at `path`; the error names the file, the key and what is wrong.
    pub fn read(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut config = Config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        // A runtime path is the file's, wherever the command runs.
        if let (Some(Runtime::Path(runtime)), Some(dir)) = (&mut config.runtime, path.parent()) {
            if Path::new(runtime.as_str()).is_relative() {
                *runtime = dir.join(runtime.as_str()).display().to_string();
            }
        }
        Ok(config)
    }

    /// Parses the text of an `oagen.toml`.
    pub fn parse(text: &str) -> Result<Config, String> {
        let root: toml::Table = text.parse().map_err(|e: toml::de::Error| e.message().to_owned())?;
        let mut config = Config::default();
        for (key, value) in &root {
            match key.as_str() {
                "client" => config.client = client(table(value, "client")?)?,
                "runtime" => config.runtime = Some(runtime(value)?),
                "package" => config.package = package(table(value, "package")?)?,
                "models" => config.date_times = models(table(value, "models")?)?,
                "example-tests" => {
                    config.example_tests = value.as_bool().ok_or("`example-tests` must be `true` or `false`")?
                }
                other => return Err(unknown(other, "", &["client", "example-tests", "models", "package", "runtime"])),
            }
        }
        Ok(config)
    }
}

/// The `[client]` table.
fn client(t: &toml::Table) -> Result<ClientOptions, String> {
    let mut options = ClientOptions::default();
    for (key, value) in t {
        match key.as_str() {
            "hoist" => {
                let list = value.as_array().ok_or("`client.hoist` must be an array of parameter names")?;
                for name in list {
                    let name = name.as_str().ok_or("`client.hoist` must be an array of parameter names")?;
                    options.hoist.push(name.to_owned());
                }
            }
            "idempotency-header" => {
                let header = value.as_str().filter(|h| !h.trim().is_empty());
                let header = header.ok_or("`client.idempotency-header` must be a header name")?;
                options.idempotency_header = Some(header.trim().to_owned());
            }
            "paginate" => {
                for (operation, how) in table(value, "client.paginate")? {
                    options.paginate.push((operation.clone(), pagination(operation, how)?));
                }
            }
            other => return Err(unknown(other, "client.", &["hoist", "idempotency-header", "paginate"])),
        }
    }
    Ok(options)
}

/// The `[models]` table: `date-time = "instant" | "text"`.
fn models(t: &toml::Table) -> Result<crate::DateTimes, String> {
    let mut date_times = crate::DateTimes::Instant;
    for (key, value) in t {
        match (key.as_str(), value.as_str()) {
            ("date-time", Some("instant")) => date_times = crate::DateTimes::Instant,
            ("date-time", Some("text")) => date_times = crate::DateTimes::Text,
            ("date-time", _) => return Err("`models.date-time` must be \"instant\" or \"text\"".to_owned()),
            (other, _) => return Err(unknown(other, "models.", &["date-time"])),
        }
    }
    Ok(date_times)
}

/// `runtime`: `"vendored"`, `"version"`, `"path=PATH"` or `{ path = "PATH" }`.
fn runtime(value: &Value) -> Result<Runtime, String> {
    match value {
        Value::String(text) => text.parse().map_err(|e| format!("`runtime`: {e}")),
        Value::Table(t) => match (t.get("path").and_then(Value::as_str), t.len()) {
            (Some(path), 1) if !path.trim().is_empty() => Ok(Runtime::Path(path.trim().to_owned())),
            _ => Err("`runtime` as a table must be `{ path = \"PATH\" }`".to_owned()),
        },
        _ => {
            Err("`runtime` must be `\"vendored\"`, `\"version\"`, `\"path=PATH\"` or `{ path = \"PATH\" }`".to_owned())
        }
    }
}

/// The `[package]` table.
fn package(t: &toml::Table) -> Result<PackageInfo, String> {
    let mut info = PackageInfo::default();
    for (key, value) in t {
        let text = || {
            value
                .as_str()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| format!("`package.{key}` must be a non-empty string"))
        };
        match key.as_str() {
            "version" => {
                let version = text()?;
                if !oagen_rust::manifest::is_semver(&version) {
                    return Err(format!("`package.version` must be a semver version (`1.2.3`), not `{version}`"));
                }
                info.version = Some(version);
            }
            "license" => info.license = Some(text()?),
            "repository" => info.repository = Some(text()?),
            "homepage" => info.homepage = Some(text()?),
            "documentation" => info.documentation = Some(text()?),
            "authors" => {
                let list = value.as_array().ok_or("`package.authors` must be an array of names")?;
                for name in list {
                    info.authors.push(name.as_str().ok_or("`package.authors` must be an array of names")?.to_owned());
                }
            }
            other => {
                let known = ["authors", "documentation", "homepage", "license", "repository", "version"];
                return Err(unknown(other, "package.", &known));
            }
        }
    }
    Ok(info)
}

/// One entry of `[client.paginate]`: the `--paginate` text after `OPERATION=`, or a table of the same keys.
fn pagination(operation: &str, how: &Value) -> Result<Pagination, String> {
    let text = match how {
        Value::String(s) => s.clone(),
        Value::Table(t) => {
            let style = t.get("style").and_then(Value::as_str);
            let style = style.ok_or_else(|| format!("`client.paginate.{operation}` needs a `style`"))?;
            let mut text = style.to_owned();
            for (key, value) in t.iter().filter(|(k, _)| *k != "style") {
                let value = value
                    .as_str()
                    .ok_or_else(|| format!("`client.paginate.{operation}.{key}` must be a string (a name)"))?;
                text.push_str(&format!(",{key}={value}"));
            }
            text
        }
        _ => return Err(format!("`client.paginate.{operation}` must be a string (`cursor,param=..`) or a table")),
    };
    Pagination::parse(&text).map_err(|e| format!("`client.paginate.{operation}`: {e}"))
}

fn table<'a>(value: &'a Value, key: &str) -> Result<&'a toml::Table, String> {
    value.as_table().ok_or_else(|| format!("`{key}` must be a table"))
}

fn unknown(key: &str, prefix: &str, known: &[&str]) -> String {
    let known: Vec<String> = known.iter().map(|k| format!("`{prefix}{k}`")).collect();
    format!("unknown key `{prefix}{key}` (known: {})", known.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PaginationStyle;

    #[test]
    fn every_client_option_is_read() {
        let config = Config::parse(
            r#"
            [client]
            hoist = ["region", "tenant"]
            idempotency-header = " Idempotency-Key "

            [client.paginate]
            listCustomers = "cursor,param=starting_after,items=data,has_more=has_more"
            listEvents = { style = "page", param = "p", items = "events" }
            search = "none"
            "#,
        )
        .expect("a valid file");
        let client = &config.client;
        assert_eq!(client.hoist, ["region", "tenant"]);
        assert_eq!(client.idempotency_header.as_deref(), Some("Idempotency-Key"));
        let names: Vec<&str> = client.paginate.iter().map(|(op, _)| op.as_str()).collect();
        assert_eq!(names, ["listCustomers", "listEvents", "search"], "in the file's order");
        let customers = &client.paginate[0].1;
        assert_eq!(customers.style, PaginationStyle::Cursor);
        assert_eq!(customers.param.as_deref(), Some("starting_after"));
        assert_eq!(customers.has_more.as_deref(), Some("has_more"));
        let events = &client.paginate[1].1;
        assert_eq!(
            (events.style, events.param.as_deref(), events.items.as_deref()),
            (PaginationStyle::Page, Some("p"), Some("events"))
        );
        assert_eq!(client.paginate[2].1.style, PaginationStyle::Off);
    }

    #[test]
    fn the_runtime_and_the_package_are_read() {
        let config = Config::parse(
            r#"
            runtime = "version"
            [package]
            version = "2.1.0"
            license = "MIT"
            repository = "https://github.com/o/r"
            homepage = "https://example.com"
            documentation = "https://docs.example.com"
            authors = ["A <a@example.com>"]
            "#,
        )
        .expect("a valid file");
        assert_eq!(config.runtime, Some(Runtime::Version));
        let p = &config.package;
        assert_eq!(
            (p.version.as_deref(), p.license.as_deref(), p.repository.as_deref()),
            (Some("2.1.0"), Some("MIT"), Some("https://github.com/o/r"))
        );
        assert_eq!(
            (p.homepage.as_deref(), p.documentation.as_deref()),
            (Some("https://example.com"), Some("https://docs.example.com"))
        );
        assert_eq!(p.authors, ["A <a@example.com>"]);
        for (text, runtime) in [
            ("runtime = \"vendored\"", Runtime::Vendored),
            ("runtime = \"path=../rt\"", Runtime::Path("../rt".into())),
            ("runtime = { path = \"../rt\" }", Runtime::Path("../rt".into())),
        ] {
            assert_eq!(Config::parse(text).expect(text).runtime, Some(runtime), "{text}");
        }
    }

    #[test]
    fn a_runtime_path_in_the_file_is_relative_to_the_file() {
        let dir = std::env::temp_dir().join(format!("oagen-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        let file = dir.join(CONFIG_FILE);
        std::fs::write(&file, "runtime = \"path=../rt\"\n").expect("written");
        let config = Config::read(&file).expect("valid");
        assert_eq!(config.runtime, Some(Runtime::Path(dir.join("../rt").display().to_string())));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn date_times_are_instants_or_text() {
        assert_eq!(Config::parse("").expect("valid").date_times, crate::DateTimes::Instant);
        let text = Config::parse("[models]\ndate-time = \"text\"").expect("valid");
        assert_eq!(text.date_times, crate::DateTimes::Text);
        assert!(Config::parse("[models]\ndate-time = \"local\"").is_err());
        assert!(Config::parse("[models]\ntime = \"text\"").is_err());
    }

    #[test]
    fn example_tests_are_a_boolean() {
        assert!(Config::parse("example-tests = true").expect("valid").example_tests);
        assert!(!Config::parse("example-tests = false").expect("valid").example_tests);
        assert!(Config::parse("example-tests = \"yes\"").is_err());
    }

    #[test]
    fn an_empty_file_changes_nothing() {
        assert_eq!(Config::parse("").expect("valid"), Config::default());
    }

    #[test]
    fn mistakes_are_refused_by_name() {
        for (text, says) in [
            ("[clients]\nhoist = []", "unknown key `clients`"),
            ("[client]\nhoists = []", "unknown key `client.hoists`"),
            ("[client]\nhoist = \"region\"", "`client.hoist` must be an array"),
            ("[client]\nhoist = [1]", "`client.hoist` must be an array"),
            ("[client]\nidempotency-header = \"  \"", "must be a header name"),
            ("client = 1", "`client` must be a table"),
            ("[client.paginate]\nlist = \"sideways\"", "`client.paginate.list`"),
            ("[client.paginate]\nlist = { param = \"p\" }", "needs a `style`"),
            (
                "[client.paginate]\nlist = { style = \"page\", param = 2 }",
                "`client.paginate.list.param` must be a string",
            ),
            ("[client.paginate]\nlist = 3", "must be a string (`cursor,param=..`) or a table"),
            ("[client", "invalid"),
            ("runtime = \"crates.io\"", "expected `vendored`, `version` or `path=PATH`"),
            ("runtime = 1", "`runtime` must be"),
            ("runtime = { version = \"1\" }", "`{ path = \"PATH\" }`"),
            ("[package]\nlicence = \"MIT\"", "unknown key `package.licence`"),
            ("[package]\nversion = \"2024-01-01\"", "must be a semver version"),
            ("[package]\nlicense = \"\"", "`package.license` must be a non-empty string"),
            ("[package]\nauthors = \"me\"", "`package.authors` must be an array"),
        ] {
            let error = Config::parse(text).expect_err(text);
            assert!(error.contains(says), "{text:?}: {error:?} does not say {says:?}");
        }
    }
}
