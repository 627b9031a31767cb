//! `oagen.toml`: the generator's choices that the spec does not make, kept beside the spec rather than repeated
//! on every command line.
//!
//! ```toml
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
//! (`--hoist`, `--paginate`: a later entry for one operation wins) or replace it (`--idempotency-header`).

use crate::{ClientOptions, Pagination};
use std::path::Path;
use toml::Value;

/// The configuration file's name, looked for beside the spec.
pub const CONFIG_FILE: &str = "oagen.toml";

/// What an `oagen.toml` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The `[client]` table.
    pub client: ClientOptions,
}

impl Config {
    /// Reads and checks the file at `path`; the error names the file, the key and what is wrong.
    pub fn read(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Config::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the text of an `oagen.toml`.
    pub fn parse(text: &str) -> Result<Config, String> {
        let root: toml::Table = text.parse().map_err(|e: toml::de::Error| e.message().to_owned())?;
        let mut config = Config::default();
        for (key, value) in &root {
            match key.as_str() {
                "client" => config.client = client(table(value, "client")?)?,
                other => return Err(unknown(other, "", &["client"])),
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
        ] {
            let error = Config::parse(text).expect_err(text);
            assert!(error.contains(says), "{text:?}: {error:?} does not say {says:?}");
        }
    }
}
