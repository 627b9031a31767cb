//! HTTP authentication schemes other than basic and bearer (`tests/fixtures/client/http_schemes.yaml`, generated as
//! one module with client and server into `tests/generated/http_schemes.rs`, kept fresh by `lib.rs`): the generated
//! client sends the whole `Authorization` value its setter was given, and the generated server hands that value,
//! as it was sent, to the operation; beside a bearer alternative, a bearer token is read as the bearer token.

#[path = "server_support.rs"]
mod server_support;

#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "generated/http_schemes.rs"]
mod api;

use api::client::{Client, Error};
use api::server::{self as srv, with_dsn, with_either};
use api::types::Seen;
use server_support::Call;

fn seen(value: String) -> Seen {
    Seen { value, unknown_fields: Default::default() }
}

/// Answers with the credential it was given, named by its alternative.
struct Echo;

impl srv::Api for Echo {
    async fn with_dsn(&self, request: with_dsn::Request) -> with_dsn::Response {
        with_dsn::Response::Ok(seen(format!("dsn {}", request.credentials.0)))
    }

    async fn with_either(&self, request: with_either::Request) -> with_either::Response {
        let value = match request.credentials {
            with_either::Credentials::Digest(key) => format!("digest {}", key.0),
            with_either::Credentials::Bearer(token) => format!("bearer {}", token.0),
        };
        with_either::Response::Ok(seen(value))
    }
}

/// The `dsn` value set on the generated client reaches the generated server's operation whole, over a socket.
#[tokio::test]
async fn a_dsn_value_reaches_the_server_as_it_was_set() {
    let base = server_support::serve(srv::router(Echo)).await;
    let client = Client::new(&base).expect("client").with_dsn_authorization("DSN realm=\"x\", key=k1");
    let seen = client.with_dsn().await.expect("answered");
    assert_eq!(seen.value, "dsn DSN realm=\"x\", key=k1");
    let debug = format!("{client:?}");
    assert!(!debug.contains("k1"), "the credential is redacted in the client's Debug: {debug}");
    let digest = Client::new(&base).expect("client").with_digest_authorization("Digest username=\"u\"");
    let seen = digest.with_either().await.expect("answered");
    assert_eq!(seen.value, "digest Digest username=\"u\"");
}

/// A bearer token sent where the alternatives are `digest` (first) or `bearer` is the bearer alternative: the whole
/// `Authorization` value of `digest` is only what no more specific scheme reads.
#[tokio::test]
async fn a_bearer_token_beside_a_raw_scheme_is_read_as_the_bearer_token() {
    let client = Client::with_router(srv::router(Echo)).with_bearer_token("t1");
    let seen = client.with_either().await.expect("answered");
    assert_eq!(seen.value, "bearer t1");
}

/// Without the header the server answers 401, naming the `Authorization` value it needs, not an API key.
#[tokio::test]
async fn a_missing_raw_value_is_a_401_that_names_the_header() {
    let base = server_support::serve(srv::router(Echo)).await;
    let answer = Call::new("GET", "/dsn").send(&base).await;
    assert_eq!(answer.status, 401, "{answer:?}");
    let detail = answer.body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("`Authorization` header value (`dsn`)"), "{answer:?}");
    let client = Client::new(&base).expect("client");
    match client.with_dsn().await {
        Err(Error::UnexpectedStatus { status, .. }) => assert_eq!(status.as_u16(), 401),
        other => panic!("{other:?}"),
    }
}

/// The server's request, and its credentials, keep the value out of `Debug`.
#[test]
fn the_server_side_value_is_redacted() {
    let credentials = with_either::Credentials::Digest(oagen_runtime::server::ApiKey("Digest secret-1".into()));
    let debug = format!("{credentials:?}");
    assert!(!debug.contains("secret-1"), "{debug}");
}

/// The generated README names each raw setter and what it takes (not "an API key").
#[test]
fn the_readme_says_what_the_raw_setters_take() {
    let (files, _) = oagen_e2e::generate(&oagen_e2e::repo_root().join("tests/fixtures/client/http_schemes.yaml"));
    let readme = oagen_e2e::file(&files, "README.md");
    for scheme in ["dsn", "digest"] {
        let line =
            format!("- `{scheme}`: `Client::with_{scheme}_authorization`, the whole `Authorization` header value");
        assert!(readme.contains(&line), "{line}\n{readme}");
    }
}
