//! Deterministic, collision-free, idiomatic names: `UpperCamelCase` for types and variants, `snake_case` for fields
//! and operations. Casing is by `heck`; collisions get a numeric suffix in first-come order (document order).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Names that generated type items must not take, because generated code uses them unqualified.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Fn",
    "FnMut",
    "FnOnce",
    "Drop",
    "Iterator",
    "From",
    "Into",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Self",
    "Serialize",
    "Deserialize",
    "Tristate",
    "BTreeMap",
];

/// `UpperCamelCase` for a type or variant name; never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let cleaned = clean(raw);
    let mut s = cleaned.to_upper_camel_case();
    if s.is_empty() {
        s = "Value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    s
}

/// The type name a definition gets from where it is: the last token of its pointer (`NotFound` for
/// `/components/responses/NotFound`), or the stem of the file it is (`PetSummary` for a document mounted from
/// `schemas/pet_summary.yaml`).
pub fn definition_name(pointer: &oagen_spec::Pointer) -> String {
    match pointer.last() {
        Some(last) => {
            let stem = [".yaml", ".yml", ".json"].iter().find_map(|ext| last.strip_suffix(ext)).unwrap_or(&last);
            type_name(stem.rsplit('/').next().unwrap_or(stem))
        }
        None => "Value".to_owned(),
    }
}

/// `snake_case` for a field, parameter or operation name; never empty, never starting with a digit.
pub fn snake_name(raw: &str) -> String {
    let cleaned = clean(raw);
    let mut s = cleaned.to_snake_case();
    if s.is_empty() {
        s = "value".to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    s
}

/// Keeps ASCII letters and digits, turns everything else into word breaks; spells out a leading sign.
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.trim().chars().peekable();
    match chars.peek() {
        Some('-') if raw.len() > 1 => {
            out.push_str("minus ");
            chars.next();
        }
        Some('+') if raw.len() > 1 => {
            out.push_str("plus ");
            chars.next();
        }
        _ => {}
    }
    for c in chars {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out
}

/// A crude English singular for naming the items of an array property (`addresses` -> `address`).
pub fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with("ies") && word.len() > 4 {
        return Some(format!("{}y", &word[..word.len() - 3]));
    }
    for suffix in ["sses", "shes", "ches", "xes", "zes"] {
        if lower.ends_with(suffix) {
            return Some(word[..word.len() - 2].to_owned());
        }
    }
    if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && word.len() > 3
    {
        return Some(word[..word.len() - 1].to_owned());
    }
    None
}

/// Hands out names that are unique within one namespace.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// Takes `base`, or `base2`, `base3`... when it is taken (`base_2` when `base` ends in a digit).
    pub fn claim(&mut self, base: &str) -> String {
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        self.claim_with(base, sep)
    }

    fn claim_with(&mut self, base: &str, sep: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_else(|| base.to_owned())
    }

    /// Takes a type or variant name for `base` (`Pet`, `Pet2`...; never with an underscore, which is not
    /// `UpperCamelCase`), appending `Type` when it would shadow a name the generated code uses.
    pub fn claim_type(&mut self, base: &str) -> String {
        if RESERVED_TYPE_NAMES.contains(&base) {
            return self.claim_with(&format!("{base}Type"), "");
        }
        self.claim_with(base, "")
    }

    /// Takes a variant name (`UpperCamelCase`, no underscore); variants may shadow prelude names, but `Self` is a
    /// keyword and becomes `SelfValue`.
    pub fn claim_type_free(&mut self, base: &str) -> String {
        if base == "Self" {
            return self.claim_with("SelfValue", "");
        }
        self.claim_with(base, "")
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_values_become_idiomatic_names() {
        assert_eq!(type_name("in-progress"), "InProgress");
        assert_eq!(type_name("to-do"), "ToDo");
        assert_eq!(type_name("whatsapp-campaign"), "WhatsappCampaign");
        assert_eq!(type_name("first_consultation"), "FirstConsultation");
        assert_eq!(type_name("UUID"), "Uuid");
        assert_eq!(type_name("1.5"), "V15");
        assert_eq!(type_name("-1"), "Minus1");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(type_name(""), "Value");
        assert_eq!(type_name("ümlaut"), "Mlaut");
        assert_eq!(snake_name("assignedUserId"), "assigned_user_id");
        assert_eq!(snake_name("Tenant-Name"), "tenant_name");
        assert_eq!(snake_name("$ref"), "ref");
        assert_eq!(snake_name("200"), "n200");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("contents").as_deref(), Some("content"));
        assert_eq!(singular("addresses").as_deref(), Some("address"));
        assert_eq!(singular("mistunderstoodQueries").as_deref(), Some("mistunderstoodQuery"));
        assert_eq!(singular("status"), None);
        assert_eq!(singular("data"), None);
    }

    #[test]
    fn collisions_get_suffixes_in_order() {
        let mut ns = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(ns.claim_type("Pet"), "Pet");
        assert_eq!(ns.claim_type("Pet"), "Pet2");
        assert_eq!(ns.claim_type("Pet"), "Pet3");
        assert_eq!(ns.claim_type("V1"), "V1");
        assert_eq!(ns.claim_type("V1"), "V12");
        assert_eq!(ns.claim("field1"), "field1");
        assert_eq!(ns.claim("field1"), "field1_2");
        assert_eq!(ns.claim_type("Result"), "ResultType");
        assert_eq!(ns.claim_type("Self"), "SelfType");
    }

    #[test]
    fn a_variant_is_never_the_keyword_self() {
        // Found by the fuzzer's seeds of odd names: an enum value `self` made `enum E { Self }`, which does not parse.
        let mut variants = Namespace::new();
        assert_eq!(variants.claim_type_free(&type_name("self")), "SelfValue");
        assert_eq!(variants.claim_type_free(&type_name("Self")), "SelfValue2");
        assert_eq!(variants.claim_type_free("Option"), "Option");
    }
}
