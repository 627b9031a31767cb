//! Typed multipart bodies from the generated client to the generated server (`tests/fixtures/client/multipart.yaml`,
//! generated as one module with both parts into `tests/generated/multipart.rs`): files from memory, from a file on
//! disk and from a stream arrive with their names, media types and bytes, in process (the client's transport is the
//! server's router) and over a loopback socket; the server refuses bodies that break the schema (422) or are not
//! multipart at all (400) before its method runs.
//!
//! The generated module is checked in, kept fresh by `the_checked_in_fixture_modules_are_fresh` in `lib.rs`
//! (`OAGEN_BLESS=1 cargo test -p oagen-e2e --lib` rewrites it; then read the diff).

#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "generated/multipart.rs"]
mod api;

use api::client::{Client, Error};
use api::multipart::{FilePart, Replacement, UploadFileBody};
use api::server::{self, replace_file, upload_file, upload_raw};
use api::types;
use axum::body::Bytes;
use std::future::IntoFuture;
use std::sync::{Arc, Mutex};

/// A file as the server received it: name, media type, bytes.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Seen {
    fn new(file_name: &str, content_type: &str, bytes: &[u8]) -> Self {
        Seen {
            file_name: Some(file_name.to_owned()),
            content_type: Some(content_type.to_owned()),
            bytes: bytes.to_vec(),
        }
    }
}

fn seen(part: &FilePart) -> Seen {
    Seen {
        file_name: part.get_file_name().map(str::to_owned),
        content_type: part.get_content_type().map(str::to_owned),
        bytes: part.as_bytes().map(<[u8]>::to_vec).unwrap_or_default(),
    }
}

/// What the server's methods received.
#[derive(Debug, Default)]
struct Received {
    files: Vec<(String, Seen)>,
    purpose: Option<String>,
    metadata: Option<types::FileMetadata>,
    tags: Option<Vec<String>>,
    priority: Option<i64>,
    reason: Option<types::ReplacementReason>,
}

#[derive(Clone, Default)]
struct Store(Arc<Mutex<Received>>);

impl Store {
    fn take(&self) -> Received {
        std::mem::take(&mut self.0.lock().expect("not poisoned"))
    }
}

impl server::Api for Store {
    async fn upload_file(&self, request: upload_file::Request) -> upload_file::Response {
        let body = request.body;
        let stored = types::StoredFile {
            id: "f1".to_owned(),
            name: body.file.get_file_name().unwrap_or_default().to_owned(),
            size: body.file.as_bytes().map_or(0, |b| b.len() as i64),
            content_type: body.file.get_content_type().map(str::to_owned),
            unknown_fields: serde_json::Map::new(),
        };
        let mut r = self.0.lock().expect("not poisoned");
        r.files.push(("file".to_owned(), seen(&body.file)));
        r.files.extend(body.attachments.iter().map(|a| ("attachments".to_owned(), seen(a))));
        r.files.extend(body.thumbnail.iter().map(|t| ("thumbnail".to_owned(), seen(t))));
        (r.purpose, r.metadata, r.tags, r.priority) = (body.purpose, body.metadata, body.tags, body.priority);
        upload_file::Response::Created(stored)
    }

    async fn replace_file(&self, request: replace_file::Request) -> replace_file::Response {
        let mut r = self.0.lock().expect("not poisoned");
        if let Some(body) = request.body {
            r.files.push(("content".to_owned(), seen(&body.content)));
            r.reason = body.reason;
        }
        replace_file::Response::NoContent
    }

    async fn upload_raw(&self, _request: upload_raw::Request) -> upload_raw::Response {
        upload_raw::Response::NoContent
    }
}

/// A stream of the chunks of an iterator.
struct Chunks<I>(I);

impl<I: Iterator<Item = Result<Bytes, std::io::Error>> + Unpin> futures_core::Stream for Chunks<I> {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.get_mut().0.next())
    }
}

/// A body with two files (one from disk, one from a stream) besides the required one, and every other kind of part.
fn upload(dir: &std::path::Path) -> UploadFileBody {
    let report = dir.join("report.pdf");
    std::fs::write(&report, b"%PDF-1.7 not really").expect("a file on disk");
    let chunks = vec![Ok(Bytes::from_static(b"chunk one, ")), Ok(Bytes::from_static(b"chunk two"))];
    UploadFileBody {
        file: FilePart::from_bytes("hello, multipart").file_name("hello.txt").content_type("text/plain"),
        purpose: Some("fine-tune".to_owned()),
        attachments: vec![
            FilePart::from_path(&report),
            FilePart::from_stream(Chunks(chunks.into_iter())).file_name("naïve \"quoted\".bin"),
        ],
        metadata: Some(types::FileMetadata { label: "quarterly".to_owned(), owner: None }),
        tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        priority: Some(3),
        thumbnail: None,
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("oagen-multipart-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

fn expected_files() -> Vec<(String, Seen)> {
    vec![
        ("file".to_owned(), Seen::new("hello.txt", "text/plain", b"hello, multipart")),
        // The spec's first listed type for `attachments` (its list also has a wildcard, which cannot be sent).
        ("attachments".to_owned(), Seen::new("report.pdf", "application/pdf", b"%PDF-1.7 not really")),
        ("attachments".to_owned(), Seen::new("naïve \"quoted\".bin", "application/pdf", b"chunk one, chunk two")),
    ]
}

fn check_received(r: &Received) {
    assert_eq!(r.files, expected_files());
    assert_eq!(r.purpose.as_deref(), Some("fine-tune"));
    assert_eq!(r.metadata.as_ref().map(|m| m.label.as_str()), Some("quarterly"));
    assert_eq!(r.tags.as_deref(), Some(&["a".to_owned(), "b c".to_owned()][..]));
    assert_eq!(r.priority, Some(3));
}

#[tokio::test]
async fn two_files_round_trip_in_process() {
    let store = Store::default();
    let client = Client::with_router(server::router(store.clone()));
    let dir = temp_dir("in-process");
    let stored = client.upload_file(upload(&dir)).await.expect("stored");
    assert_eq!(
        (stored.name.as_str(), stored.size, stored.content_type.as_deref()),
        ("hello.txt", 16, Some("text/plain"))
    );
    check_received(&store.take());
    // An optional body, from a component schema, with an enum text part; and no body at all.
    let replacement = Replacement {
        content: FilePart::from_bytes(vec![0u8, 1, 2, 255]),
        reason: Some(types::ReplacementReason::Corrupt),
    };
    client.replace_file("f1").body(replacement).await.expect("replaced");
    let r = store.take();
    assert_eq!(r.files, [("content".to_owned(), Seen::new("content", "application/octet-stream", &[0, 1, 2, 255]))]);
    assert_eq!(r.reason, Some(types::ReplacementReason::Corrupt));
    client.replace_file("f1").await.expect("replaced with nothing");
    assert!(store.take().files.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn two_files_round_trip_over_a_socket() {
    let store = Store::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let app = server::router(store.clone());
    let serving = tokio::spawn(server::serve(listener, app).into_future());
    let client = Client::new(&format!("http://{address}")).expect("a client");
    let dir = temp_dir("socket");
    let stored = client.upload_file(upload(&dir)).await.expect("stored");
    assert_eq!(stored.name, "hello.txt");
    check_received(&store.take());

    // The server checks the parts against the schema before its method runs: `priority` is at most 9 (422, the
    // documented problem), a missing required file is refused, a body that is not multipart is malformed (400).
    let mut body = upload(&dir);
    body.priority = Some(42);
    match client.upload_file(body).await {
        Err(Error::Api { status, .. }) => assert_eq!(status.as_u16(), 422),
        other => panic!("expected the 422 problem, got {other:?}"),
    }
    let http = reqwest::Client::new();
    let url = format!("http://{address}/files");
    let no_file = "--b\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nx\r\n--b--\r\n";
    let response = http
        .post(&url)
        .header("content-type", "multipart/form-data; boundary=b")
        .body(no_file)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 422);
    assert!(response.text().await.expect("a problem").contains("required property `file` is missing"));
    for (content_type, body) in [
        ("multipart/form-data", no_file.to_owned()),
        ("multipart/form-data; boundary=b", no_file.replace("--b--", "--b")),
        ("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n".to_owned()),
    ] {
        let response = http.post(&url).header("content-type", content_type).body(body).send().await.expect("an answer");
        assert_eq!(response.status().as_u16(), 400, "{content_type}");
    }
    assert!(store.take().files.is_empty(), "no method ran");
    serving.abort();
    let _ = std::fs::remove_dir_all(&dir);
}
