//! Hostile input across HTTP: a server that answers the generated client with garbage, and a client that sends the
//! generated server garbage. Raw TCP on both sides, so that nothing cleans the bytes up on the way. Everything runs
//! on a 2 MiB thread with a single-threaded runtime (a stack overflow would abort the test binary; a panic in a
//! server task would drop the connection without an answer, which the tests read as a failure).

use healvi_api::server::{self, update_conversation};
use healvi_api::types::{self, UpdateConversationBody};
use std::future::IntoFuture;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn on_small_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(2 << 20).spawn(test).expect("a thread").join().expect("no panic");
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(f)
}

const DEPTH: usize = 10_000;

fn deep_json() -> Vec<u8> {
    format!("{{\"latest_message\":{}{{}}{}}}", "{\"reference\":".repeat(DEPTH), "}".repeat(DEPTH)).into_bytes()
}

/// Bodies no `Conversation` can be decoded from.
fn hostile_bodies() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("10k-deep nesting", deep_json()),
        (
            "10k-deep arrays in an untyped field",
            format!(
                "{{\"latest_message\":{{\"contents\":[{{\"type\":\"audio\",\"name\":{}{}}}]}}}}",
                "[".repeat(DEPTH),
                "]".repeat(DEPTH)
            )
            .into_bytes(),
        ),
        ("a number beyond f64", b"{\"id\": 1e400}".to_vec()),
        ("an integer beyond i64", b"{\"id\": 99999999999999999999}".to_vec()),
        ("a wrong type", b"{\"id\": \"7\"}".to_vec()),
        ("a duplicate key", b"{\"id\": 1, \"id\": 2}".to_vec()),
        (
            "a duplicate tag in a union",
            b"{\"latest_message\": {\"contents\": [{\"type\": \"text\", \"type\": \"image\"}]}}".to_vec(),
        ),
        ("invalid UTF-8", b"{\"channel\": \"\xff\xfe\"}".to_vec()),
        ("a lone surrogate", b"{\"channel\": \"\\ud800\"}".to_vec()),
        ("truncated", b"{\"id\": 1, \"status\":".to_vec()),
        ("not JSON", b"\x00\x01\x02".to_vec()),
    ]
}

/// A server that reads one request and writes `reply` as given, bytes and all.
async fn raw_server(reply: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let reply = reply.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                // The update's body is small and sent with the head or right after it.
                tokio::time::sleep(Duration::from_millis(20)).await;
                let _ = stream.write_all(&reply).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn response(status: &[u8], headers: &[&[u8]], body: &[u8]) -> Vec<u8> {
    let mut out = b"HTTP/1.1 ".to_vec();
    out.extend_from_slice(status);
    out.extend_from_slice(format!("\r\nconnection: close\r\ncontent-length: {}\r\n", body.len()).as_bytes());
    for h in headers {
        out.extend_from_slice(h);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

async fn update(base: &str) -> Result<types::Conversation, healvi_api::client::Error> {
    let client = healvi_api::client::Client::new(base).expect("client").with_bearer_token("t");
    client.conversations().update(1, &UpdateConversationBody::default()).await
}

#[test]
fn the_client_turns_hostile_response_bodies_into_errors() {
    on_small_stack(|| {
        block_on(async {
            for (name, body) in hostile_bodies() {
                let base = raw_server(response(b"200 OK", &[b"content-type: application/json"], &body)).await;
                let err = update(&base).await.expect_err(name);
                assert!(matches!(err, healvi_api::client::Error::Decode { .. }), "{name}: {err:?}");
            }
        })
    });
}

#[test]
fn the_client_survives_hostile_response_heads() {
    on_small_stack(|| {
        block_on(async {
            let ok = br#"{"id": 1}"#;
            let heads: Vec<(&str, Vec<u8>)> = vec![
                (
                    "invalid UTF-8 in a header value",
                    response(b"200 OK", &[b"content-type: application/json", b"x-note: \xff\xfe\xc3\x28"], ok),
                ),
                (
                    "invalid UTF-8 in the content type",
                    response(b"200 OK", &[b"content-type: application/json\xff"], ok),
                ),
                (
                    "invalid UTF-8 in the reason phrase",
                    response(b"200 \xff\xfe", &[b"content-type: application/json"], ok),
                ),
                ("a header without a colon", response(b"200 OK", &[b"content-type application/json"], ok)),
                ("a status beyond 999", response(b"1000 OK", &[], ok)),
                ("a status of letters", response(b"OK OK", &[], ok)),
                ("a body shorter than its content-length", {
                    let mut r = response(b"200 OK", &[b"content-type: application/json"], ok);
                    r.truncate(r.len() - 3);
                    r
                }),
                ("two content-lengths that disagree", response(b"200 OK", &[b"content-length: 3"], ok)),
                ("nothing", Vec::new()),
                ("not HTTP", b"\x00\x01\x02\x03\r\n\r\n".to_vec()),
            ];
            for (name, bytes) in heads {
                let base = raw_server(bytes).await;
                // Any outcome but a panic: a value (hyper may accept some of these) or an error.
                match update(&base).await {
                    Ok(c) => assert_eq!(c.id, Some(1), "{name}"),
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
            }
        })
    });
}

/// healvi's server with a handler that only counts.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicUsize>);

impl server::Api for Counter {
    async fn update_conversation(&self, request: update_conversation::Request) -> update_conversation::Response {
        self.0.fetch_add(1, Ordering::SeqCst);
        update_conversation::Response::Ok(types::Conversation { id: Some(request.id), ..Default::default() })
    }
}

/// Sends raw bytes; returns the status of the answer, or `None` when the connection closed without one.
async fn send_raw(port: u16, request: &[u8]) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
    stream.write_all(request).await.ok()?;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await.ok()?.ok()?;
    let head = String::from_utf8_lossy(&answer);
    head.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

fn request(target: &[u8], headers: &[&[u8]], body: &[u8]) -> Vec<u8> {
    let mut out = b"PATCH ".to_vec();
    out.extend_from_slice(target);
    out.extend_from_slice(b" HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n");
    out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    for h in headers {
        out.extend_from_slice(h);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

const AUTH: &[u8] = b"authorization: Bearer t";
const JSON: &[u8] = b"content-type: application/json";

#[test]
fn the_server_refuses_hostile_requests_before_the_handler() {
    on_small_stack(|| {
        block_on(async {
            let counter = Counter::default();
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let port = listener.local_addr().expect("address").port();
            let app = server::router(counter.clone());
            tokio::spawn(oagen_runtime::server::serve(listener, app).into_future());
            let mut cases: Vec<(String, Vec<u8>)> = vec![
                (
                    "invalid UTF-8 in the bearer token".into(),
                    request(b"/conversations/7", &[b"authorization: Bearer \xff\xfe", JSON], b"{}"),
                ),
                (
                    "invalid UTF-8 in the authorization scheme".into(),
                    request(b"/conversations/7", &[b"authorization: \xc3\x28 t", JSON], b"{}"),
                ),
                (
                    "invalid UTF-8 in the content type".into(),
                    request(b"/conversations/7", &[AUTH, b"content-type: application/json\xff"], b"{}"),
                ),
                (
                    "invalid UTF-8 in the path (percent-encoded)".into(),
                    request(b"/conversations/%FF%FE", &[AUTH, JSON], b"{}"),
                ),
                ("invalid UTF-8 in the path (raw)".into(), request(b"/conversations/\xff", &[AUTH, JSON], b"{}")),
                ("a path id beyond i64".into(), request(b"/conversations/99999999999999999999", &[AUTH, JSON], b"{}")),
            ];
            let bodies: Vec<(&str, Vec<u8>)> = vec![
                ("10k-deep nesting", format!("{}1{}", "[".repeat(DEPTH), "]".repeat(DEPTH)).into_bytes()),
                ("10k-deep objects", format!("{}{{}}{}", "{\"status\":".repeat(DEPTH), "}".repeat(DEPTH)).into_bytes()),
                ("a number beyond f64", b"{\"user_id\": 1e400}".to_vec()),
                ("an integer beyond i64", b"{\"user_id\": 99999999999999999999}".to_vec()),
                ("a wrong type", b"{\"user_id\": \"7\"}".to_vec()),
                ("a duplicate key", b"{\"user_id\": 1, \"user_id\": null}".to_vec()),
                ("invalid UTF-8", b"{\"status\": \"\xff\"}".to_vec()),
                ("a lone surrogate", b"{\"status\": \"\\udc00\"}".to_vec()),
                ("truncated", b"{\"status\":".to_vec()),
            ];
            for (name, body) in bodies {
                cases.push((format!("body: {name}"), request(b"/conversations/7", &[AUTH, JSON], &body)));
            }
            for (name, bytes) in &cases {
                let status = send_raw(port, bytes).await;
                assert!(status.is_some_and(|s| (400..500).contains(&s)), "{name}: answered {status:?}, expected a 4xx");
            }
            assert_eq!(counter.0.load(Ordering::SeqCst), 0, "a hostile request reached the handler");
            // And the server still serves.
            let status = send_raw(port, &request(b"/conversations/7", &[AUTH, JSON], b"{\"user_id\": null}")).await;
            assert_eq!(status, Some(200));
            assert_eq!(counter.0.load(Ordering::SeqCst), 1);
        })
    });
}
