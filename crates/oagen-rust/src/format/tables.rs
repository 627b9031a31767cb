//! Tables held by statics (the server's request schemas): laid out as rustfmt lays out a call whose one argument is
//! a slice, which prettyplease does not.

/// Lays out a printed `static` holding a schema table as rustfmt would: prettyplease gives the one argument of
/// `Schema::object(..)` lines of its own (`(` / `&[` / ... / `],` / `);`), rustfmt keeps `(&[` together (and a
/// one-line argument on the line of the call when it fits). Only those exact shapes are changed (the items move out
/// one level); anything else is left as printed.
pub(super) fn hug(printed: &str) -> String {
    let mut out = String::with_capacity(printed.len());
    let lines: Vec<&str> = printed.split_inclusive('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((opening, indent)) = table_opening(line) {
            let inner = format!("{indent}    ");
            match (
                lines.get(i + 1).map(|l| l.trim_end_matches('\n')),
                lines.get(i + 2).map(|l| l.trim_end_matches('\n')),
            ) {
                // `(` / `&[a, b],` / `);`, when it then fits in a line (rustfmt's 100 columns)
                (Some(argument), Some(close))
                    if close == format!("{indent});")
                        && argument.starts_with(&format!("{inner}&["))
                        && argument.ends_with("],")
                        && opening.len() + argument.trim_start().len() + 2 <= 100 =>
                {
                    out.push_str(&format!("{opening}({});\n", argument.trim_start().trim_end_matches(',')));
                    i += 3;
                    continue;
                }
                // `(` / `&[` / items / `],` / `);`
                (Some(argument), _) if argument == format!("{inner}&[") => {
                    let end = (i + 2..lines.len()).find(|j| lines[*j].trim_end_matches('\n') == format!("{inner}],"));
                    if let Some(end) = end
                        .filter(|e| lines.get(e + 1).map(|l| l.trim_end_matches('\n')) == Some(&format!("{indent});")))
                    {
                        out.push_str(&format!("{opening}(&[\n"));
                        for item in &lines[i + 2..end] {
                            out.push_str(item.strip_prefix("    ").unwrap_or(item));
                        }
                        out.push_str(&format!("{indent}]);\n"));
                        i = end + 2;
                        continue;
                    }
                }
                _ => {}
            }
        }
        out.push_str(line);
        i += 1;
    }
    out
}

/// `    pub(super) static NAME: Schema = Schema::object(` without its `(`, and its indentation.
fn table_opening(line: &str) -> Option<(&str, &str)> {
    let text = line.trim_end_matches('\n');
    let body = text.trim_start();
    let indent = &text[..text.len() - body.len()];
    let opening = text.strip_suffix('(')?;
    (body.starts_with("pub(super) static ") && opening.contains(": Schema = Schema::")).then_some((opening, indent))
}

#[cfg(test)]
mod tests {
    use super::hug;

    #[test]
    fn tables_are_laid_out_as_rustfmt_would() {
        let printed = "pub fn router() {}\n\nmod schemas {\n    use x::*;\n\n    pub(super) static A: Schema = Schema::object(\n        &[\n            Property::required(\"a\", &STRING),\n            Property::optional(\n                \"b\",\n                &B,\n            ),\n        ],\n    );\n\n    pub(super) static B: Schema = Schema::Enum(\n        &[\"x\", \"y\"],\n    );\n\n    pub(super) static C: Schema = Schema::Union {\n        tag: None,\n    };\n}\n";
        let expected = "pub fn router() {}\n\nmod schemas {\n    use x::*;\n\n    pub(super) static A: Schema = Schema::object(&[\n        Property::required(\"a\", &STRING),\n        Property::optional(\n            \"b\",\n            &B,\n        ),\n    ]);\n\n    pub(super) static B: Schema = Schema::Enum(&[\"x\", \"y\"]);\n\n    pub(super) static C: Schema = Schema::Union {\n        tag: None,\n    };\n}\n";
        assert_eq!(hug(printed), expected);
        // Other calls are left as printed.
        let elsewhere = "fn f() {\n    let x = g(\n        &[\n            1,\n        ],\n    );\n}\n";
        assert_eq!(hug(elsewhere), elsewhere);
    }
}
