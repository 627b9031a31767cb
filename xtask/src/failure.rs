//! Why a tool failed, in one line for a table: the benchmark says how a peer fails, not only that it does.
//!
//! The line is picked from what the tool printed, by the shapes the tools we run print: a Rust panic's message,
//! progenitor's `gen fail:` and anyhow's `Error:` lines, a Java exception with openapi-generator's list of spec
//! errors, and rustc's first `error` when a generated crate does not compile.

use std::process::Command;

/// Runs `cmd` once more (unmeasured, with Rust backtraces off) and says why it fails: [`reason`] of its output, or
/// that it succeeded this time.
pub fn diagnose(cmd: &mut Command) -> String {
    match cmd.env("RUST_BACKTRACE", "0").output() {
        Ok(out) if out.status.success() => "succeeded when run again to see why".to_owned(),
        Ok(out) => {
            let text = format!("{}\n{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
            let status = match out.status.code() {
                Some(code) => format!("exit status {code}"),
                None => "killed by a signal".to_owned(),
            };
            match reason(&text) {
                Some(line) => format!("{line} ({status})"),
                None => status,
            }
        }
        Err(e) => format!("cannot be started: {e}"),
    }
}

/// The line of `output` that says why the tool failed, shortened to [`MAX_CHARS`] and made safe for a Markdown
/// table cell; `None` when nothing in it looks like a reason.
pub fn reason(output: &str) -> Option<String> {
    let lines: Vec<&str> = output.lines().map(str::trim).collect();
    let after = |i: usize| lines[i + 1..].iter().find(|l| !l.is_empty()).copied();
    let found = lines
        // A Rust panic: its message is on the line after `panicked at <place>:`.
        .iter()
        .position(|l| l.contains("panicked at"))
        .and_then(|i| after(i).map(|m| format!("panic: {m}")))
        // progenitor's own report of what it could not generate.
        .or_else(|| lines.iter().find_map(|l| l.strip_prefix("gen fail:")).map(|m| m.trim().to_owned()))
        // A Java exception: its class, and the first of openapi-generator's listed spec errors (else its message).
        .or_else(|| java_exception(&lines))
        // rustc's first error, with its code.
        .or_else(|| {
            lines
                .iter()
                .find(|l| l.starts_with("error[") || (l.starts_with("error:") && !l.contains("could not compile")))
                .map(|l| (*l).to_owned())
        })
        // anyhow's top-level error.
        .or_else(|| lines.iter().find_map(|l| l.strip_prefix("Error:")).map(|m| m.trim().to_owned()))
        .or_else(|| lines.iter().rev().find(|l| !l.is_empty()).map(|l| (*l).to_owned()))?;
    Some(cell(&found))
}

/// The longest reason a table cell gets, in characters.
pub const MAX_CHARS: usize = 160;

fn java_exception(lines: &[&str]) -> Option<String> {
    let i = lines.iter().position(|l| l.starts_with("Exception in thread"))?;
    let rest = lines[i].split_once("\" ").map_or(lines[i], |(_, r)| r);
    let (class, message) = rest.split_once(": ").unwrap_or((rest, ""));
    let class = class.rsplit('.').next().unwrap_or(class);
    let listed = lines[i + 1..]
        .iter()
        .take_while(|l| !l.starts_with("at "))
        .filter_map(|l| l.strip_prefix('-'))
        .collect::<Vec<_>>();
    Some(match listed.as_slice() {
        [] => format!("{class}: {message}"),
        [one] => format!("{class}: {one}"),
        [first, more @ ..] => format!("{class}: {first} (and {} more)", more.len()),
    })
}

/// `text` shortened to its first line (a Debug dump in a message has its line breaks escaped, as `\n`) and to
/// [`MAX_CHARS`] characters, `|` escaped and backticks made apostrophes, so that it cannot break a Markdown table.
fn cell(text: &str) -> String {
    let (first, cut) = text.split_once("\\n").map_or((text, false), |(first, _)| (first, true));
    let mut out: String = first.chars().take(MAX_CHARS).collect();
    if cut || first.chars().count() > MAX_CHARS {
        out.push('…');
    }
    out.replace('|', "\\|").replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_gives_its_message_not_its_place() {
        let out = "\nthread 'main' (24422) panicked at /registry/progenitor-impl-0.15.1/src/method.rs:2057:23:\n\
                   not yet implemented: more media types than expected for updatePet: 2\n\
                   note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        assert_eq!(
            reason(out).as_deref(),
            Some("panic: not yet implemented: more media types than expected for updatePet: 2")
        );
    }

    #[test]
    fn progenitor_s_gen_fail_comes_before_the_generic_error() {
        let out = "gen fail: UnexpectedFormat(\"path /conversations/{id} is missing operation ID\")\nError: generation experienced errors\n";
        assert_eq!(
            reason(out).as_deref(),
            Some("UnexpectedFormat(\"path /conversations/{id} is missing operation ID\")")
        );
        assert_eq!(
            reason("Error: paths: missing field `responses` at line 6 column 3\n").as_deref(),
            Some("paths: missing field 'responses' at line 6 column 3")
        );
    }

    #[test]
    fn a_java_exception_gives_its_class_and_the_first_listed_spec_error() {
        let out = "[main] ERROR o.o.codegen.utils.ModelUtils - Undefined array inner type for `null`. Default to String.\n\
                   Exception in thread \"main\" org.openapitools.codegen.SpecValidationException: There were issues with the specification.\n\
                   \x20| Error count: 2, Warning count: 0\nErrors: \n\
                   \t-attribute paths.'/a'(post).requestBody.content.'multipart/form-data'.encoding.primitive is unexpected\n\
                   \t-attribute paths.'/b'(post).requestBody.content.'multipart/form-data'.encoding.primitive is unexpected\n\
                   \tat org.openapitools.codegen.config.CodegenConfigurator.toContext(CodegenConfigurator.java:717)\n";
        assert_eq!(
            reason(out).as_deref(),
            Some("SpecValidationException: attribute paths.'/a'(post).requestBody.content.'multipart/form-data'.encoding.primitive is unexpected (and 1 more)")
        );
        let bare = "Exception in thread \"main\" java.lang.RuntimeException: Could not process model 'Pet'\n\tat Foo.bar(Foo.java:1)\n";
        assert_eq!(reason(bare).as_deref(), Some("RuntimeException: Could not process model 'Pet'"));
    }

    #[test]
    fn rustc_s_first_error_says_why_a_crate_does_not_compile() {
        let out = "error[E0412]: cannot find type `AnyOf<String>` in this scope\n --> src/models/pet.rs:3:5\n\
                   error: could not compile `openapi-generator-corti` (lib) due to 1 previous error\n";
        assert_eq!(reason(out).as_deref(), Some("error[E0412]: cannot find type 'AnyOf<String>' in this scope"));
    }

    #[test]
    fn a_debug_dump_in_a_message_is_cut_at_its_first_escaped_line_break() {
        let out = "gen fail: UnexpectedFormat(\"cookie parameters are not supported Cookie {\\n    parameter_data: ParameterData {\\n\")\n";
        assert_eq!(reason(out).as_deref(), Some("UnexpectedFormat(\"cookie parameters are not supported Cookie {…"));
    }

    #[test]
    fn cells_are_short_and_cannot_break_the_table() {
        let long = format!("Error: {}", "a|b ".repeat(100));
        let r = reason(&long).unwrap_or_default();
        assert!(r.starts_with("a\\|b a\\|b") && r.ends_with('…'), "{r}");
        assert_eq!(r.chars().filter(|c| *c != '\\').count(), MAX_CHARS + 1);
        assert_eq!(reason("\n\n"), None);
        assert_eq!(reason("something went wrong\n\n").as_deref(), Some("something went wrong"));
    }
}
