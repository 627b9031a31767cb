//! The plan is the one seam between the IR and the emitters: every generation plans the crate exactly once, and
//! the diagnostics planning finds (paginated operations, untyped multipart bodies) come from that one plan, with or
//! without files written.

use oagen::{generate, Options, Parts, Severity, Source};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  next_cursor: {type: string}
  /upload:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {type: string}
      responses:
        '204': {description: Done.}
"#;

fn run(options: &Options) -> oagen::Output {
    generate(&Source::new("spec.yaml", SPEC.to_owned()), options).unwrap_or_else(|f| panic!("{f}"))
}

#[test]
fn every_generation_plans_once_and_reports_what_planning_found() {
    let mut options = Options::new("t");
    for (parts, emit) in [(Parts::ALL, true), (Parts::ALL, false), (Parts::MODELS, true)] {
        options.plan.parts = parts;
        options.emit = emit;
        let before = oagen_rust::plan::plans_made();
        let out = run(&options);
        assert_eq!(oagen_rust::plan::plans_made() - before, 1, "{parts:?}, emit {emit}");
        let paginates = out.diagnostics.iter().any(|d| d.severity == Severity::Note && d.message.contains("paginates"));
        let untyped = out.diagnostics.iter().any(|d| d.message.contains("`multipart/form-data` body whose schema"));
        assert_eq!(
            (paginates, untyped),
            (parts.client, parts.client),
            "{parts:?}, emit {emit}: {:#?}",
            out.diagnostics
        );
        assert_eq!(out.files.is_empty(), !emit);
    }
}
