//! Unit tests of the client plan's naming and response helpers.

use super::groups::method_names_in;
use super::responses::{runs, sentence};
use super::*;
use oagen_ir::Method;

#[test]
fn tags_are_stripped_from_method_names() {
    assert_eq!(strip_tag("interactions_update", "Interactions").as_deref(), Some("update"));
    assert_eq!(strip_tag("update_conversation", "conversations").as_deref(), Some("update"));
    assert_eq!(strip_tag("update_conversation", "Conversations").as_deref(), Some("update"));
    assert_eq!(strip_tag("list_pet_owners", "pet owners").as_deref(), Some("list"));
    assert_eq!(strip_tag("interactions", "Interactions"), None);
    assert_eq!(strip_tag("get_user", "Interactions"), None);
    assert_eq!(strip_tag("users_2", "users"), None);
}

#[test]
fn colliding_stripped_names_keep_their_full_names() {
    let op = |name: &str| oagen_ir::Operation {
        tags: vec!["pets".to_owned()],
        ..oagen_ir::Operation::new(name, Method::Get, "/")
    };
    let (a, b, c, d) = (op("pets_list"), op("list_pets"), op("pets_get"), op("get"));
    let names = method_names_in(&[&a, &b, &c, &d], Some("pets"), &mut Namespace::with_reserved(&["timeout"]));
    assert_eq!(names, ["pets_list", "list_pets", "pets_get", "get"]);
}

#[test]
fn runs_of_three_or_more_statuses_become_ranges() {
    let codes = |c: &[u16]| c.iter().map(|c| Pattern::Code(*c)).collect::<Vec<_>>();
    assert_eq!(
        runs(&codes(&[504, 482, 403, 480, 481])),
        [Pattern::Code(403), Pattern::Codes(480, 482), Pattern::Code(504)]
    );
    assert_eq!(runs(&codes(&[404, 405])), codes(&[404, 405]), "two stay a pair");
    assert_eq!(runs(&[Pattern::Class(4), Pattern::Class(5)]), [Pattern::Class(4), Pattern::Class(5)]);
}

#[test]
fn descriptions_read_as_sentences() {
    assert_eq!(sentence("not found"), "Not found.");
    assert_eq!(sentence("Created."), "Created.");
    assert_eq!(sentence("  The pet,\n  updated  "), "The pet, updated.");
    assert_eq!(sentence("éclair"), "éclair.");
    assert_eq!(sentence(""), "");
}
