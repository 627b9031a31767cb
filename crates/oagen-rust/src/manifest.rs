//! The generated crate's `Cargo.toml`, assembled from what each emitted module needs.

/// One dependency line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The crate name.
    pub name: String,
    /// The TOML value, e.g. `"1"` or `{ version = "1", features = ["derive"] }` (without `optional`).
    pub spec: String,
    /// Whether a feature enables it.
    pub optional: bool,
}

impl Dependency {
    /// A dependency that is always built.
    pub fn new(name: &str, spec: &str) -> Self {
        Dependency { name: name.to_owned(), spec: spec.to_owned(), optional: false }
    }

    /// A dependency that only a feature enables.
    pub fn optional(name: &str, spec: &str) -> Self {
        Dependency { name: name.to_owned(), spec: spec.to_owned(), optional: true }
    }

    fn line(&self) -> String {
        if !self.optional {
            return format!("{} = {}", self.name, self.spec);
        }
        match self.spec.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(inner) => format!("{} = {{ {}, optional = true }}", self.name, inner.trim()),
            None => format!("{} = {{ version = {}, optional = true }}", self.name, self.spec),
        }
    }
}

/// Everything the manifest says beyond the package itself.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// `[dependencies]`, in the order added (duplicates by name are dropped).
    pub dependencies: Vec<Dependency>,
    /// `[features]`, in the order added.
    pub features: Vec<(String, Vec<String>)>,
    /// `[dev-dependencies]`.
    pub dev_dependencies: Vec<Dependency>,
    /// Extra sections written verbatim at the end (e.g. `[[example]]` entries).
    pub extra: Vec<String>,
}

impl Manifest {
    /// Adds a dependency unless one of that name is already there.
    pub fn dependency(&mut self, dep: Dependency) {
        if !self.dependencies.iter().any(|d| d.name == dep.name) {
            self.dependencies.push(dep);
        }
    }

    /// Adds a feature.
    pub fn feature(&mut self, name: &str, enables: &[&str]) {
        self.features.push((name.to_owned(), enables.iter().map(|s| (*s).to_owned()).collect()));
    }

    /// The sections after `[package]`.
    pub fn render(&self) -> String {
        let mut out = String::from("[dependencies]\n");
        for d in &self.dependencies {
            out.push_str(&d.line());
            out.push('\n');
        }
        if !self.features.is_empty() {
            out.push_str("\n[features]\n");
            for (name, enables) in &self.features {
                let list: Vec<String> = enables.iter().map(|e| toml_string(e)).collect();
                out.push_str(&format!("{name} = [{}]\n", list.join(", ")));
            }
        }
        if !self.dev_dependencies.is_empty() {
            out.push_str("\n[dev-dependencies]\n");
            for d in &self.dev_dependencies {
                out.push_str(&d.line());
                out.push('\n');
            }
        }
        for section in &self.extra {
            out.push('\n');
            out.push_str(section.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Whether `v` is a semver version Cargo accepts (`MAJOR.MINOR.PATCH`, optional pre-release and build).
pub fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0')))
        && v[core.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b"-+.".contains(&b))
}

/// A TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver() {
        assert!(is_semver("2.0.0"));
        assert!(is_semver("0.0.1"));
        assert!(is_semver("1.2.3-beta.1+build"));
        assert!(!is_semver("2022-08-01"));
        assert!(!is_semver("1.0"));
        assert!(!is_semver("01.0.0"));
        assert!(!is_semver("v1.0.0"));
    }

    #[test]
    fn manifest_sections() {
        let mut m = Manifest::default();
        m.dependency(Dependency::new("serde", "{ version = \"1\", features = [\"derive\"] }"));
        m.dependency(Dependency::optional("reqwest", "{ version = \"0.12\", default-features = false }"));
        m.dependency(Dependency::optional("tokio", "\"1\""));
        m.dependency(Dependency::new("serde", "\"2\""));
        m.feature("default", &["client"]);
        m.feature("client", &["dep:reqwest"]);
        assert_eq!(
            m.render(),
            "[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\n\
             reqwest = { version = \"0.12\", default-features = false, optional = true }\n\
             tokio = { version = \"1\", optional = true }\n\n\
             [features]\ndefault = [\"client\"]\nclient = [\"dep:reqwest\"]\n"
        );
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("a \"b\"\n"), r#""a \"b\"\n""#);
    }
}
