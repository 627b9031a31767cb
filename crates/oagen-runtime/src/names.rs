//! The names the runtime's macros define inside generated code, for the generator to keep its own names clear of
//! (a setter, an operation's method). They are here, in one list beside the macros they describe, so that the
//! generator never keeps a copy: a test of this crate fails when a macro and its list disagree.

/// The methods `client_calls!` (feature `client`) gives the request builder `Call` of every generated client (its
/// private helpers too: a setter of that name would clash with them).
pub const CALL_METHODS: &[&str] = &[
    "from_params",
    "map_params",
    "with_timeout",
    "with_max_retries",
    "with_retry_policy",
    "with_idempotency_key",
    "with_header",
    "with_query",
    "with_response",
    "send",
];

/// The methods `client_settings!` (feature `client`) gives a generated `Client`.
pub const CLIENT_METHODS: &[&str] = &[
    "with_transport",
    "base_url",
    "transport",
    "with_timeout",
    "with_retry_policy",
    "with_retry_budget",
    "with_idempotency_header",
    "with_header",
    "with_query",
    "with_max_body_size",
];

#[cfg(test)]
mod tests {
    /// The names of the inherent methods (`fn`, `pub fn`, `pub async fn`) defined in the body of the macro `name`
    /// in `source`, before its first trait `impl` (whose methods are the traits').
    fn methods_of(source: &str, name: &str) -> Vec<String> {
        let start = source.find(&format!("macro_rules! {name} {{")).unwrap_or_else(|| panic!("macro {name}"));
        let body = &source[start..];
        let end = body.find("\n}\n").unwrap_or(body.len());
        body[..end]
            .lines()
            .take_while(|line| !(line.trim_start().starts_with("impl") && line.contains(" for ")))
            .filter_map(|line| {
                let line = line.trim_start();
                let line = line.strip_prefix("pub ").unwrap_or(line);
                let rest = line.strip_prefix("async fn ").or_else(|| line.strip_prefix("fn "))?;
                Some(rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next()?.to_owned())
            })
            .collect()
    }

    #[test]
    fn the_lists_name_exactly_what_the_macros_define() {
        let source = include_str!("client/builder.rs");
        assert_eq!(methods_of(source, "client_calls"), super::CALL_METHODS);
        assert_eq!(methods_of(source, "client_settings"), super::CLIENT_METHODS);
    }
}
