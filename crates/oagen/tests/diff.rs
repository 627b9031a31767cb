//! `oagen::diff::diff` end to end: two specs generated, their crates' public APIs compared, each change classified
//! as a caller of the generated crate sees it. The small variants are made from `tests/fixtures/growth/v1.yaml` by
//! replacing text; the real pair is two releases of Adyen's Transfers API (`tests/fixtures/diff/SOURCES.md`).

use oagen::diff::{diff, Bump, Change, ChangeKind, Class, Report};
use oagen::{Options, Parts, Source};
use std::path::PathBuf;

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(path)
}

fn text(path: &str) -> String {
    std::fs::read_to_string(fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `text` with `from` replaced by `to` (which must be there: a fixture edit that silently does nothing would make the
/// test pass for the wrong reason).
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the fixture no longer contains {from:?}");
    text.replacen(from, to, 1)
}

const CLIENT: Parts = Parts { client: true, server: false };

fn options(parts: Parts) -> Options {
    let mut options = Options::new("growth-api");
    options.plan.parts = parts;
    options
}

fn report(old: &str, new: &str, parts: Parts) -> Report {
    let (old, new) = (Source::new("old.yaml", old), Source::new("new.yaml", new));
    diff(&old, &new, &options(parts)).unwrap_or_else(|f| panic!("{f}"))
}

/// Each change as (item, kind, class), in report order.
fn summary(report: &Report) -> Vec<(&str, ChangeKind, Class)> {
    report.changes.iter().map(|c| (c.item.as_str(), c.kind, c.class)).collect()
}

fn change<'r>(report: &'r Report, item: &str) -> &'r Change {
    report
        .changes
        .iter()
        .find(|c| c.item == item)
        .unwrap_or_else(|| panic!("no change of {item}:\n{}", report.render()))
}

/// The line of the first occurrence of `needle` in `text`, from 1.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text"));
    text[..at].lines().count() + usize::from(text[..at].ends_with('\n'))
}

#[test]
fn v2_of_the_growth_fixture_is_a_minor_release_of_its_client() {
    let r = report(&text("growth/v1.yaml"), &text("growth/v2.yaml"), CLIENT);
    use ChangeKind::*;
    assert_eq!(
        summary(&r),
        [
            ("client::DeletePet", Added, Class::Minor),
            ("client::ListPets::status", Added, Class::Minor),
            ("client::ListPets::x_trace", Added, Class::Minor),
            ("client::Pets::delete", Added, Class::Minor),
            ("types::Kind::Bird", Added, Class::Minor),
            ("types::NewPet::tag", Added, Class::Minor),
            ("types::Pet::age", Added, Class::Minor),
            // `info.description` is the crate's docs; the new `info.version` alone would be no change.
            ("crate", Changed, Class::Patch),
        ],
        "{}",
        r.render()
    );
    assert_eq!((r.bump, r.bump.exit_code()), (Bump::Minor, 1));
    assert!(change(&r, "types::NewPet::tag").what.contains("derives `Default`"));
    assert!(change(&r, "types::Pet::age").what.contains("only read"));
    assert!(change(&r, "types::Kind::Bird").what.contains("non_exhaustive"));
    // Each change is placed in the new spec, at the line of what caused it.
    let v2 = text("growth/v2.yaml");
    let status = &change(&r, "client::ListPets::status").at;
    assert_eq!((status.file.as_str(), status.pointer.as_str()), ("new.yaml", "/paths/~1pets/get/parameters/1"));
    assert_eq!(status.location.map(|l| l.line), Some(line_of(&v2, "- name: status")));
    let age = &change(&r, "types::Pet::age").at;
    assert_eq!(age.pointer.as_str(), "/components/schemas/Pet/properties/age");
    assert_eq!(age.location.map(|l| l.line), Some(line_of(&v2, "age: {type: integer")));
    assert_eq!(change(&r, "client::Pets::delete").at.pointer.as_str(), "/paths/~1pets~1{id}/delete");
    assert_eq!(change(&r, "types::Kind::Bird").at.pointer.as_str(), "/components/schemas/Kind/enum/2");
    let rendered = r.render();
    assert!(
        rendered.starts_with("bump: minor (0 breaking changes, 7 additions, 1 patch-level change)\n"),
        "{rendered}"
    );
    assert!(rendered.contains("\n  types::Pet::age: field added"), "{rendered}");
    assert!(rendered.contains("    at new.yaml:/components/schemas/Pet/properties/age (line "), "{rendered}");
}

#[test]
fn with_the_server_a_new_operation_and_a_property_of_a_response_break_implementations() {
    let r = report(&text("growth/v1.yaml"), &text("growth/v2.yaml"), Parts::ALL);
    assert_eq!(r.bump, Bump::Major, "{}", r.render());
    let breaking: Vec<&str> = r.of(Class::Major).map(|c| c.item.as_str()).collect();
    // A new operation is a trait method without a default; `Pet` is a response, which implementations build.
    assert_eq!(breaking, ["server::Api::delete_pet", "types::Pet::age"], "{}", r.render());
    assert!(change(&r, "server::Api::delete_pet").what.contains("without a default body"));
    assert!(change(&r, "types::Pet::age").what.contains("server implementations build it"));
    // What the server reads is still only read, and the client's additions stay additions.
    assert_eq!(change(&r, "server::list_pets::Request::status").class, Class::Minor);
    assert_eq!(change(&r, "server::delete_pet").class, Class::Minor);
    assert_eq!(change(&r, "client::ListPets::x_trace").class, Class::Minor);
    assert_eq!(change(&r, "types::NewPet::tag").class, Class::Minor);
}

#[test]
fn a_parameter_made_required_is_major() {
    let r = report(&text("growth/v1.yaml"), &text("growth/breaking.yaml"), CLIENT);
    assert_eq!((r.bump, r.bump.exit_code()), (Bump::Major, 2));
    let breaking: Vec<&str> = r.of(Class::Major).map(|c| c.item.as_str()).collect();
    assert_eq!(breaking, ["client::ListPets::status"], "{}", r.render());
    let status = change(&r, "client::ListPets::status");
    assert!(status.what.contains("required setter") && status.what.contains("Unset"), "{}", status.what);
    assert_eq!(change(&r, "client::ListPets::x_trace").class, Class::Minor);
}

#[test]
fn identical_specs_have_no_change() {
    let v1 = text("growth/v1.yaml");
    for parts in [Parts::MODELS, CLIENT, Parts::ALL] {
        let r = report(&v1, &v1, parts);
        assert!(r.changes.is_empty(), "{}", r.render());
        assert_eq!((r.bump, r.bump.exit_code()), (Bump::None, 0));
        assert_eq!(r.render(), "bump: none (0 breaking changes, 0 additions, 0 patch-level changes)\n");
    }
    // A new `info.version` alone is no change either, though every docs page names it.
    let r = report(&v1, &replaced(&v1, "version: 1.0.0", "version: 1.0.1"), Parts::ALL);
    assert!(r.changes.is_empty(), "{}", r.render());
}

#[test]
fn descriptions_alone_are_a_patch() {
    let v1 = text("growth/v1.yaml");
    let new = replaced(
        &v1,
        "    Pet:\n      type: object\n",
        "    Pet:\n      description: A pet of the store.\n      type: object\n",
    );
    let new = replaced(
        &new,
        "        - name: limit\n          in: query\n",
        "        - name: limit\n          in: query\n          description: At most this many.\n",
    );
    let r = report(&v1, &new, Parts::ALL);
    assert_eq!(r.bump, Bump::Patch, "{}", r.render());
    assert_eq!(r.bump.exit_code(), 0);
    let items: Vec<&str> = r.changes.iter().map(|c| c.item.as_str()).collect();
    for item in ["types::Pet", "client::ListPets::limit", "server::list_pets::Request::limit"] {
        assert!(items.contains(&item), "{item} is not listed:\n{}", r.render());
    }
    assert!(r.changes.iter().all(|c| c.class == Class::Patch && c.kind == ChangeKind::Changed));
    assert!(change(&r, "types::Pet").what.contains("A pet of the store."));
    assert_eq!(change(&r, "types::Pet").at.pointer.as_str(), "/components/schemas/Pet");
}

#[test]
fn a_constraint_only_the_servers_checks_see_is_a_patch_and_an_example_is_nothing() {
    let v1 = text("growth/v1.yaml");
    let name = "      properties:\n        name: {type: string}\n        kind: {$ref: '#/components/schemas/Kind'}\n    Problem:";
    let new = replaced(&v1, name, &name.replace("name: {type: string}", "name: {type: string, maxLength: 10}"));
    let server = Parts { client: false, server: true };
    let r = report(&v1, &new, server);
    assert_eq!(summary(&r), [("src/server.rs", ChangeKind::Changed, Class::Patch)], "{}", r.render());
    assert_eq!(r.bump.exit_code(), 0);
    // The client and the models do not carry the constraint: the same crate.
    assert_eq!(report(&v1, &new, CLIENT).bump, Bump::None);
    // Nor does any part carry a spec `example`.
    let new = replaced(
        &v1,
        "        name: {type: string}\n        kind",
        "        name: {type: string, example: Rex}\n        kind",
    );
    assert_eq!(report(&v1, &new, Parts::ALL).bump, Bump::None);
}

#[test]
fn a_removed_property_is_major_and_placed_in_the_old_spec() {
    let v1 = text("growth/v1.yaml");
    let new = replaced(&v1, "        kind: {$ref: '#/components/schemas/Kind'}\n    NewPet:", "    NewPet:");
    let r = report(&v1, &new, CLIENT);
    assert_eq!(summary(&r), [("types::Pet::kind", ChangeKind::Removed, Class::Major)], "{}", r.render());
    let at = &change(&r, "types::Pet::kind").at;
    assert_eq!((at.file.as_str(), at.pointer.as_str()), ("old.yaml", "/components/schemas/Pet/properties/kind"));
    let pet = v1.find("    Pet:").expect("Pet");
    assert_eq!(at.location.map(|l| l.line), Some(line_of(&v1, "    Pet:") + line_of(&v1[pet..], "kind:") - 1));
}

#[test]
fn a_new_required_query_parameter_is_major() {
    let v1 = text("growth/v1.yaml");
    let limit = "          schema: {type: integer, minimum: 1, maximum: 100, default: 20}\n";
    let new = replaced(
        &v1,
        limit,
        &format!("{limit}        - {{name: owner, in: query, required: true, schema: {{type: string}}}}\n"),
    );
    let r = report(&v1, &new, CLIENT);
    assert_eq!(summary(&r), [("client::ListPets::owner", ChangeKind::Added, Class::Major)], "{}", r.render());
    assert_eq!(change(&r, "client::ListPets::owner").at.pointer.as_str(), "/paths/~1pets/get/parameters/1");
    // Optional, the same parameter is an addition.
    let new = new.replace("required: true, schema: {type: string}}", "schema: {type: string}}");
    assert_eq!(summary(&report(&v1, &new, CLIENT)), [("client::ListPets::owner", ChangeKind::Added, Class::Minor)]);
}

#[test]
fn a_new_path_parameter_changes_the_methods_arguments() {
    let v1 = text("growth/v1.yaml");
    let new = replaced(
        &v1,
        "  /pets/{id}:\n    get:\n      operationId: getPet\n      tags: [pets]\n      parameters:\n",
        "  /owners/{owner}/pets/{id}:\n    get:\n      operationId: getPet\n      tags: [pets]\n      parameters:\n        - {name: owner, in: path, required: true, schema: {type: string}}\n",
    );
    let r = report(&v1, &new, CLIENT);
    assert_eq!(r.bump, Bump::Major, "{}", r.render());
    let get = change(&r, "client::Pets::get");
    assert_eq!((get.kind, get.class), (ChangeKind::Changed, Class::Major));
    assert!(get.what.contains("1 new positional argument (`owner: &'a str`)"), "{}", get.what);
    assert_eq!(get.at.pointer.as_str(), "/paths/~1owners~1{owner}~1pets~1{id}/get");
    let breaking: Vec<&str> = r.of(Class::Major).map(|c| c.item.as_str()).collect();
    assert_eq!(breaking, ["client::Pets::get"], "{}", r.render());
}

#[test]
fn a_body_made_required_becomes_an_argument() {
    let v1 = text("growth/v1.yaml");
    let old = replaced(&v1, "        required: true\n        content:", "        required: false\n        content:");
    let r = report(&old, &v1, CLIENT);
    let create = change(&r, "client::Pets::create");
    assert_eq!((create.class, create.kind), (Class::Major, ChangeKind::Changed), "{}", r.render());
    assert!(create.what.contains("`body: &'a types::NewPet`"), "{}", create.what);
    assert_eq!(change(&r, "client::CreatePet::body").kind, ChangeKind::Removed);
    assert_eq!(r.bump, Bump::Major);
}

#[test]
fn an_optional_property_of_a_request_body_without_default_is_major() {
    // `name` required: `NewPet` has no `Default`, and callers build it (the body of `create`) with a literal.
    let v1 = replaced(
        &text("growth/v1.yaml"),
        "    NewPet:\n      type: object\n",
        "    NewPet:\n      type: object\n      required: [name]\n",
    );
    let new = replaced(
        &v1,
        "        kind: {$ref: '#/components/schemas/Kind'}\n    Problem:",
        "        kind: {$ref: '#/components/schemas/Kind'}\n        tag: {type: string}\n    Problem:",
    );
    let r = report(&v1, &new, CLIENT);
    assert_eq!(summary(&r), [("types::NewPet::tag", ChangeKind::Added, Class::Major)], "{}", r.render());
    let what = &r.changes[0].what;
    assert!(what.contains("a request input of the client") && what.contains("does not derive `Default`"), "{what}");
    // A crate of models alone leaves the requests to its callers: the spec's request body is built, its response
    // only read.
    let r = report(&v1, &new, Parts::MODELS);
    assert_eq!(summary(&r), [("types::NewPet::tag", ChangeKind::Added, Class::Major)], "{}", r.render());
    assert!(r.changes[0].what.contains("a request input: a parameter or request body"), "{}", r.changes[0].what);
    let r = report(&text("growth/v1.yaml"), &text("growth/v2.yaml"), Parts::MODELS);
    assert_eq!(change(&r, "types::Pet::age").class, Class::Minor, "{}", r.render());
    assert!(change(&r, "types::Pet::age").what.contains("no parameter or request body"), "{}", r.render());
    assert_eq!(change(&r, "types::NewPet::tag").class, Class::Minor);
    assert_eq!(r.bump, Bump::Minor);
}

#[test]
fn a_new_tag_is_a_new_cargo_feature_with_per_tag_features() {
    let v1 = text("growth/v1.yaml");
    let new = replaced(
        &text("growth/v2.yaml"),
        "      operationId: deletePet\n      tags: [pets]",
        "      operationId: deletePet\n      tags: [admin]",
    );
    let mut options = options(CLIENT);
    options.plan.features_per_tag = true;
    let r =
        diff(&Source::new("old.yaml", v1), &Source::new("new.yaml", new), &options).unwrap_or_else(|f| panic!("{f}"));
    let feature = change(&r, "features::tag-admin");
    assert_eq!((feature.kind, feature.class), (ChangeKind::Added, Class::Minor), "{}", r.render());
    assert_eq!(change(&r, "client::Client::admin").class, Class::Minor);
    assert_eq!(r.bump, Bump::Minor, "{}", r.render());
}

#[test]
fn a_new_error_response_is_an_addition_for_the_client_and_a_variant_of_the_servers_exhaustive_response() {
    let v1 = text("growth/v1.yaml");
    let pet = "              schema: {$ref: '#/components/schemas/Pet'}\ncomponents:";
    let new = replaced(&v1, pet, &pet.replace("components:", "        '404':\n          description: Not found.\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Gone'}\ncomponents:"));
    let new = replaced(
        &new,
        "    Problem:\n",
        "    Gone:\n      type: object\n      properties:\n        reason: {type: string}\n    Problem:\n",
    );
    let r = report(&v1, &new, Parts::ALL);
    use ChangeKind::*;
    assert_eq!(
        summary(&r),
        [
            // Implementations build `Response`, but a `match` on it (a test of theirs) has no wildcard arm.
            ("server::get_pet::Response::NotFound", Added, Class::Major),
            ("client::ErrorBody::Gone", Added, Class::Minor),
            ("types::Gone", Added, Class::Minor),
            // The method's docs list its responses.
            ("client::Pets::get", Changed, Class::Patch),
        ],
        "{}",
        r.render()
    );
    for item in ["server::get_pet::Response::NotFound", "client::ErrorBody::Gone"] {
        assert_eq!(change(&r, item).at.pointer.as_str(), "/paths/~1pets~1{id}/get/responses/404", "{item}");
    }
    assert_eq!(report(&v1, &new, CLIENT).bump, Bump::Minor);
}

#[test]
fn the_report_is_json_too() {
    let r = report(&text("growth/v1.yaml"), &text("growth/breaking.yaml"), CLIENT);
    let json = r.to_json();
    assert_eq!(json["bump"], "major");
    assert_eq!(json["breaking"], 1);
    let first = &json["changes"][0];
    assert_eq!(first["item"], "client::ListPets::status");
    assert_eq!((first["class"].as_str(), first["kind"].as_str()), (Some("major"), Some("added")));
    assert_eq!(first["pointer"], "/paths/~1pets/get/parameters/1");
    assert!(first["line"].as_u64().is_some_and(|l| l > 1));
    // The same report every run.
    assert_eq!(report(&text("growth/v1.yaml"), &text("growth/breaking.yaml"), CLIENT).render(), r.render());
}

#[test]
fn a_document_that_is_not_openapi_fails() {
    let v1 = Source::new("v1.yaml", text("growth/v1.yaml"));
    let swagger = Source::new("swagger.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert!(diff(&v1, &swagger, &options(CLIENT)).is_err());
}

/// Two releases of Adyen's Transfers API (v3 and v4): the operations are the same; `Transaction` lost thirteen
/// properties (`accountHolderId`, `balanceAccountId`, ...) for three new ones (`accountHolder`, `balanceAccount`,
/// `transfer`), `Transfer` lost `balanceAccountId`, `paymentInstrumentId` and `priority` and gained
/// `categoryData`, seven schemas are new, and the servers' URLs say `v4`.
#[test]
fn two_releases_of_a_real_api() {
    let old = Source::read(&fixture("diff/adyen-transfers-v3.json")).unwrap_or_else(|d| panic!("{d}"));
    let new = Source::read(&fixture("diff/adyen-transfers-v4.json")).unwrap_or_else(|d| panic!("{d}"));
    let started = std::time::Instant::now();
    let r = diff(&old, &new, &options(CLIENT)).unwrap_or_else(|f| panic!("{f}"));
    let elapsed = started.elapsed();
    assert_eq!(r.bump, Bump::Major, "{}", r.render());
    let removed: Vec<&str> = r
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Removed && c.item.starts_with("types::Transaction::"))
        .map(|c| &c.item["types::Transaction::".len()..])
        .collect();
    assert_eq!(
        removed,
        [
            "account_holder_id",
            "balance_account_id",
            "category",
            "counterparty",
            "created_at",
            "description",
            "event_id",
            "instructed_amount",
            "payment_instrument_id",
            "reference",
            "reference_for_beneficiary",
            "transfer_id",
            "type"
        ],
        "{}",
        r.render()
    );
    let gone = change(&r, "types::Transaction::account_holder_id");
    assert_eq!(gone.class, Class::Major);
    assert!(gone.at.file.ends_with("adyen-transfers-v3.json"), "a removal is placed in the old spec");
    assert_eq!(gone.at.pointer.as_str(), "/components/schemas/Transaction/properties/accountHolderId");
    // `Transaction` and `Transfer` are responses: with the client alone, their new properties are additions (even
    // the required `accountHolder`), their removed ones breaking.
    for item in ["types::Transaction::account_holder", "types::Transaction::transfer", "types::Transfer::category_data"]
    {
        assert_eq!((change(&r, item).kind, change(&r, item).class), (ChangeKind::Added, Class::Minor), "{item}");
    }
    for item in ["types::Transfer::priority", "types::Transfer::balance_account_id", "types::TransferPriority"] {
        assert_eq!((change(&r, item).kind, change(&r, item).class), (ChangeKind::Removed, Class::Major), "{item}");
    }
    for item in ["types::BankCategoryData", "types::IssuedCard", "types::TransferData", "types::PlatformPayment"] {
        assert_eq!((change(&r, item).kind, change(&r, item).class), (ChangeKind::Added, Class::Minor), "{item}");
    }
    assert_eq!(change(&r, "client::servers::DEFAULT").class, Class::Patch);
    // The operations did not change: nothing of the client but the server URL's docs.
    let client: Vec<&str> =
        r.changes.iter().filter(|c| c.item.starts_with("client::")).map(|c| c.item.as_str()).collect();
    assert_eq!(client, ["client::servers::DEFAULT"], "{}", r.render());
    // With the server, implementations build the responses: the required new property breaks them.
    let r = diff(&old, &new, &options(Parts::ALL)).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(change(&r, "types::Transaction::account_holder").class, Class::Major, "{}", r.render());
    if !cfg!(debug_assertions) {
        assert!(elapsed < std::time::Duration::from_secs(1), "{elapsed:?} for two 75 KB specs");
    }
}

/// docs/diff.md shows the real pair's report as `oagen diff` prints it today.
#[test]
fn the_report_in_the_docs_is_current() {
    let read = |name: &str| {
        let path = format!("tests/fixtures/diff/{name}");
        Source::new(&path, text(&format!("diff/{name}")))
    };
    let (old, new) = (read("adyen-transfers-v3.json"), read("adyen-transfers-v4.json"));
    let r = diff(&old, &new, &options(CLIENT)).unwrap_or_else(|f| panic!("{f}"));
    let docs = std::fs::read_to_string(fixture("../../docs/diff.md")).expect("docs/diff.md");
    let rendered = r.render();
    assert!(docs.contains(rendered.trim_end()), "docs/diff.md is stale; the report is now:\n{rendered}");
    let all = diff(&old, &new, &options(Parts::ALL)).unwrap_or_else(|f| panic!("{f}"));
    assert!(docs.contains(&all.summary()), "docs/diff.md is stale; with every part: {}", all.summary());
}
