//! How a crate is written: the plan's options and what only the files say (where the runtime comes from, the
//! command and spec named in headers).

use crate::manifest::toml_string;
use crate::plan::options::PlanOptions;

/// How the crate is written: how it is planned, and what only the files say.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// How the crate is planned (its name, parts, client options, per-tag features).
    pub plan: PlanOptions,
    /// Where its `oagen-runtime` comes from.
    pub runtime: Runtime,
    /// What its `[package]` says that the spec does not.
    pub package: PackageInfo,
    /// The command named in the `@generated` header, e.g. `cargo xtask codegen`.
    pub command: String,
    /// The spec the crate is made from, as shown in headers and docs, e.g. `specs/healvi.yaml`.
    pub source: String,
}

/// What a generated crate's `[package]` says that the spec does not (`oagen.toml`'s `[package]` table): each value
/// set here wins over what the spec's `info` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageInfo {
    /// `version` (default: `info.version` when it is semver, else `0.1.0`).
    pub version: Option<String>,
    /// `license`, an SPDX expression (default: `info.license`'s `identifier`, or its `name` when that is one).
    pub license: Option<String>,
    /// `repository` (default: `externalDocs.url` or `info.contact.url` when it is a code host's).
    pub repository: Option<String>,
    /// `homepage` (default: `info.contact.url`, else `externalDocs.url`, when not the repository).
    pub homepage: Option<String>,
    /// `documentation` (default: the crate's docs.rs page, when it can be published).
    pub documentation: Option<String>,
    /// `authors` (default: none).
    pub authors: Vec<String>,
}

/// The directory, relative to a generated crate's root, that a vendored runtime is written to.
pub const VENDOR_DIR: &str = "oagen-runtime";

/// Where a generated crate's `oagen-runtime` dependency comes from (`oagen generate --runtime`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// A copy of the runtime written beside the crate, in [`VENDOR_DIR`] (`--runtime vendored`, the default): the
    /// crate builds wherever it is written, but cannot be published, and two such crates in one workspace each have
    /// their own copy.
    Vendored,
    /// An existing runtime crate at this path (`--runtime path=PATH`), written into the manifest as given: a relative
    /// path is relative to the generated crate. Several generated crates of one workspace can share it.
    Path(String),
    /// The runtime from crates.io (`--runtime version`), at the version this generator writes code for
    /// ([`oagen_runtime::VERSION`]) as a caret requirement, so that `cargo update` brings its patch releases. The only
    /// kind of crate that can be published.
    Version,
}

impl Runtime {
    /// The `oagen-runtime` dependency as a TOML value: `{ path = "oagen-runtime" }`, `{ path = ".." }` or `"0.1.0"`.
    pub fn dependency(&self) -> String {
        match self {
            Runtime::Vendored => format!("{{ path = {} }}", toml_string(VENDOR_DIR)),
            Runtime::Path(path) => format!("{{ path = {} }}", toml_string(path)),
            Runtime::Version => toml_string(oagen_runtime::VERSION),
        }
    }

    /// Whether a crate depending on the runtime this way can be published (a path dependency cannot).
    pub fn publishable(&self) -> bool {
        matches!(self, Runtime::Version)
    }
}

impl std::str::FromStr for Runtime {
    type Err = String;

    /// `vendored`, `version` or `path=PATH` (what `--runtime` and `oagen.toml`'s `runtime` take).
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim() {
            "vendored" => Ok(Runtime::Vendored),
            "version" => Ok(Runtime::Version),
            other => match other.strip_prefix("path=").map(str::trim) {
                Some(path) if !path.is_empty() => Ok(Runtime::Path(path.to_owned())),
                _ => Err(format!("`{other}`: expected `vendored`, `version` or `path=PATH`")),
            },
        }
    }
}

/// This generator's runtime version as the three numbers `generated_for!` takes (`0, 1, 0`).
pub(crate) fn runtime_version() -> [u64; 3] {
    let mut parts = oagen_runtime::VERSION.split(['.', '-', '+']).map(|p| p.parse::<u64>().unwrap_or(0));
    [parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_runtime_is_its_dependency() {
        assert_eq!(Runtime::Vendored.dependency(), "{ path = \"oagen-runtime\" }");
        assert_eq!(Runtime::Path("../rt".into()).dependency(), "{ path = \"../rt\" }");
        assert_eq!(Runtime::Version.dependency(), format!("\"{}\"", oagen_runtime::VERSION));
        assert!(Runtime::Version.publishable() && !Runtime::Vendored.publishable());
        for (text, runtime) in [
            ("vendored", Runtime::Vendored),
            (" version ", Runtime::Version),
            ("path=../rt", Runtime::Path("../rt".into())),
        ] {
            assert_eq!(text.parse::<Runtime>(), Ok(runtime), "{text}");
        }
        for text in ["", "path=", "crates.io", "Vendored"] {
            assert!(text.parse::<Runtime>().is_err(), "{text}");
        }
        assert_eq!(runtime_version().map(|n| n.to_string()).join("."), oagen_runtime::VERSION);
    }
}
