//! Paginated list operations of a generated client (`tests/fixtures/client/pagination.yaml`, generated as one
//! module into `tests/generated/pagination.rs` and compiled here) against the capture server on 127.0.0.1: the
//! items of three pages in order with three requests, by cursor (Stripe's `starting_after` = the last item's
//! `id`, while `has_more`), by `next_cursor`, by `Link` header, by offset and by page number; an error on page 2
//! yielded once, ending the stream; a `Link` to another origin refused.
//!
//! The generated module is checked in, kept fresh by `the_checked_in_fixture_modules_are_fresh` in `lib.rs`
//! (`OAGEN_BLESS=1 cargo test -p oagen-e2e --lib` rewrites it; then read the diff).

#[path = "capture.rs"]
mod capture;

#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "generated/pagination.rs"]
mod api;

use api::client::{Client, Error};
use capture::{serve, serve_script, Reply};
use oagen_runtime::client::{Problem, Stream};
use std::pin::pin;
use std::sync::{Arc, OnceLock};

/// Every item of `stream`, in order (errors included, where they come).
async fn collect<S: Stream>(stream: S) -> Vec<S::Item> {
    let mut stream = pin!(stream);
    let mut out = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        out.push(item);
    }
    out
}

fn client_for(server: &capture::Server) -> Client {
    Client::new(&server.url("/v1")).expect("client")
}

fn targets(server: &capture::Server) -> Vec<String> {
    server.requests().iter().map(|r| r.target().to_owned()).collect()
}

#[tokio::test]
async fn three_pages_by_the_last_items_id_while_has_more() {
    let server = serve_script(vec![
        Reply::json(200, r#"{"object":"list","data":[{"id":"cus_1"},{"id":"cus_2","name":"B"}],"has_more":true}"#),
        Reply::json(200, r#"{"object":"list","data":[{"id":"cus_3"},{"id":"cus_4"}],"has_more":true}"#),
        Reply::json(200, r#"{"object":"list","data":[{"id":"cus_5"}],"has_more":false}"#),
        Reply::json(500, "never asked"),
    ])
    .await;
    let client = client_for(&server);
    let items = collect(client.customers().list().limit(2).email("a@b.c").items()).await;
    let ids: Vec<String> = items.into_iter().map(|c| c.expect("no error").id).collect();
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3", "cus_4", "cus_5"]);
    assert_eq!(
        targets(&server),
        [
            "/v1/customers?limit=2&email=a%40b.c",
            "/v1/customers?limit=2&email=a%40b.c&starting_after=cus_2",
            "/v1/customers?limit=2&email=a%40b.c&starting_after=cus_4",
        ]
    );
}

/// A stream outlives the handle it came from (`client.customers()`, a temporary) and the values its setters were
/// given: here a `String` of an inner block, shorter-lived than the client.
#[tokio::test]
async fn a_stream_outlives_its_handle_and_values_shorter_lived_than_the_client() {
    let server =
        serve_script(vec![Reply::json(200, r#"{"object":"list","data":[{"id":"cus_1"}],"has_more":false}"#)]).await;
    let client = client_for(&server);
    let items = {
        let email = String::from("a@b.c");
        let stream = client.customers().list().email(email.as_str()).items();
        collect(stream).await
    };
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(targets(&server), ["/v1/customers?email=a%40b.c"]);
}

#[tokio::test]
async fn the_callers_cursor_starts_the_first_page_and_is_replaced_after() {
    let server = serve_script(vec![
        Reply::json(200, r#"{"object":"list","data":[{"id":"cus_8"}],"has_more":true}"#),
        Reply::json(200, r#"{"object":"list","data":[],"has_more":true}"#),
    ])
    .await;
    let client = client_for(&server);
    let items = collect(client.customers().list().starting_after("cus_7").items()).await;
    assert_eq!(items.len(), 1, "an empty page ends the stream, whatever has_more says");
    assert_eq!(targets(&server), ["/v1/customers?starting_after=cus_7", "/v1/customers?starting_after=cus_8"]);
}

#[tokio::test]
async fn an_error_on_page_two_is_yielded_once_and_ends_the_stream() {
    let server = serve_script(vec![
        Reply::json(200, r#"{"object":"list","data":[{"id":"cus_1"},{"id":"cus_2"}],"has_more":true}"#),
        Reply::json(500, r#"{"error":"boom"}"#),
        Reply::json(200, r#"{"object":"list","data":[{"id":"cus_3"}],"has_more":false}"#),
    ])
    .await;
    let client = client_for(&server);
    let items = collect(client.customers().list().with_max_retries(0).items()).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().map(|c| c.id.as_str()).ok(), Some("cus_1"));
    assert_eq!(items[1].as_ref().map(|c| c.id.as_str()).ok(), Some("cus_2"));
    match &items[2] {
        Err(Error::UnexpectedStatus { status, .. }) => assert_eq!(status.as_u16(), 500),
        other => panic!("expected the error of page 2, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 2, "nothing is asked after the error");
}

#[tokio::test]
async fn three_pages_by_next_cursor_until_it_is_null() {
    let server = serve_script(vec![
        Reply::json(200, r#"{"items":[{"id":"e1"}],"next_cursor":"c 2"}"#),
        Reply::json(200, r#"{"items":[{"id":"e2"}],"next_cursor":"c3"}"#),
        Reply::json(200, r#"{"items":[{"id":"e3"}],"next_cursor":null}"#),
    ])
    .await;
    let client = client_for(&server);
    let pages = collect(client.events().list().types(["a", "b"]).pages()).await;
    let ids: Vec<Vec<Option<String>>> =
        pages.into_iter().map(|p| p.expect("no error").into_items().into_iter().map(|e| e.id).collect()).collect();
    assert_eq!(ids, [[Some("e1".to_owned())], [Some("e2".to_owned())], [Some("e3".to_owned())]]);
    assert_eq!(
        targets(&server),
        [
            "/v1/events?types=a&types=b",
            "/v1/events?types=a&types=b&cursor=c%202",
            "/v1/events?types=a&types=b&cursor=c3"
        ]
    );
}

/// A server whose `/v1/repos` answers page `n` (of three) with two repositories and a `Link` to page `n + 1`
/// (absolute, as GitHub writes it) and to the last page.
async fn github_like(next_origin: Option<&'static str>) -> capture::Server {
    let port: Arc<OnceLock<u16>> = Arc::new(OnceLock::new());
    let known = port.clone();
    let server = serve(move |request| {
        let page: u32 = request
            .target()
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("page="))
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let origin = match next_origin {
            Some(o) => o.to_owned(),
            None => format!("http://127.0.0.1:{}", known.get().copied().unwrap_or_default()),
        };
        let body = format!(
            r#"[{{"id":{},"full_name":"o/r{}"}},{{"id":{},"full_name":"o/r{}"}}]"#,
            2 * page - 1,
            2 * page - 1,
            2 * page,
            2 * page
        );
        let mut reply = Reply::json(200, &body);
        if page < 3 {
            let link = format!(
                r#"<{origin}/v1/repositories/9/repos?per_page=2&page={}>; rel="next", <{origin}/v1/repos?per_page=2&page=3>; rel="last""#,
                page + 1
            );
            reply = reply.header("link", &link);
        }
        reply
    })
    .await;
    port.set(server.port).expect("set once");
    server
}

#[tokio::test]
async fn three_pages_by_link_header() {
    let server = github_like(None).await;
    let client = client_for(&server);
    let pages = collect(client.repos().list().per_page(2).pages()).await;
    assert_eq!(pages.len(), 3);
    let first = pages[0].as_ref().expect("page 1");
    assert!(first.headers().get("link").is_some(), "each page has its response's headers");
    assert_eq!(first.status().as_u16(), 200);
    let names: Vec<String> =
        pages.into_iter().flat_map(|p| p.expect("no error").into_items()).map(|r| r.full_name).collect();
    assert_eq!(names, ["o/r1", "o/r2", "o/r3", "o/r4", "o/r5", "o/r6"]);
    // The next page is the link's URL, as given (GitHub's links may name another path for the same list).
    assert_eq!(
        targets(&server),
        [
            "/v1/repos?per_page=2",
            "/v1/repositories/9/repos?per_page=2&page=2",
            "/v1/repositories/9/repos?per_page=2&page=3"
        ]
    );
}

#[tokio::test]
async fn a_link_to_another_origin_is_an_error_and_nothing_is_sent_there() {
    let server = github_like(Some("http://evil.invalid")).await;
    let client = client_for(&server);
    let items = collect(client.repos().list().items()).await;
    assert_eq!(items.len(), 3, "two items, then the error: {items:?}");
    match &items[2] {
        Err(Error::InvalidRequest(e)) => assert_eq!(e.problem(), &Problem::OtherOrigin),
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn offsets_count_on_from_the_callers_and_page_numbers_from_one() {
    let server = serve_script(vec![
        Reply::json(200, r#"{"results":["a","b"],"total":5}"#),
        Reply::json(200, r#"{"results":["c","d"],"total":5}"#),
        Reply::json(200, r#"{"results":["e"],"total":5}"#),
        Reply::json(200, r#"{"results":[],"total":5}"#),
    ])
    .await;
    let client = client_for(&server);
    #[allow(deprecated)]
    let lines = collect(client.logs().list().offset(10).limit(2).items()).await;
    let lines: Vec<String> = lines.into_iter().map(|l| l.expect("no error")).collect();
    assert_eq!(lines, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        targets(&server),
        [
            "/v1/logs?offset=10&limit=2",
            "/v1/logs?limit=2&offset=12",
            "/v1/logs?limit=2&offset=14",
            "/v1/logs?limit=2&offset=15",
        ]
    );

    // Untagged: `Client` has the streams too. `more` false ends it.
    let server = serve_script(vec![
        Reply::json(200, r#"{"entries":[{"name":"r1"}],"more":true}"#),
        Reply::json(200, r#"{"entries":[{"name":"r2"}],"more":true}"#),
        Reply::json(200, r#"{"entries":[{"name":"r3"}],"more":false}"#),
    ])
    .await;
    let untagged = client_for(&server);
    let reports = collect(untagged.list_reports().items()).await;
    assert_eq!(reports.len(), 3);
    assert!(reports.iter().all(Result::is_ok));
    assert_eq!(targets(&server), ["/v1/reports", "/v1/reports?page=2", "/v1/reports?page=3"]);
}
