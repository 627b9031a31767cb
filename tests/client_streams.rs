//! Streaming responses of a generated client and server (`tests/fixtures/client/streams.yaml`, generated as one
//! module into `tests/generated/streams.rs` and compiled here): server-sent events yielded as they arrive (the first
//! before the server has sent the second), a named terminator ending the stream, a malformed event yielding one
//! error while the stream goes on, events of a union tagged by `type`, the generated server's event handlers read by
//! the generated client in process and over a socket, binary downloads as byte streams, and typed errors before
//! any stream starts.
//!
//! The generated module is checked in, kept fresh by `the_checked_in_fixture_modules_are_fresh` in `lib.rs`
//! (`OAGEN_BLESS=1 cargo test -p oagen-e2e --lib` rewrites it; then read the diff).

#[path = "capture.rs"]
mod capture;
#[path = "server_support.rs"]
mod server_support;

#[rustfmt::skip]
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "generated/streams.rs"]
mod api;

use api::client::Upload;
use api::client::{Client, Error, ErrorBody, Event};
use api::server::{
    self as srv, create_completion, create_run, download_file, stream_conversation_events, tail_logs, upload_file,
};
use api::types;
use capture::{serve_fixed, serve_script, Gate, Reply};
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

type Stream<T> = Pin<Box<dyn oagen_runtime::client::Stream<Item = T> + Send>>;

/// The next item of `stream`, failing the test when none comes within 5 s (a stream that waits for the
/// connection's end instead of yielding what arrived hangs here).
async fn next<T>(stream: &mut Stream<T>) -> Option<T> {
    tokio::time::timeout(Duration::from_secs(5), poll_fn(|cx| stream.as_mut().poll_next(cx)))
        .await
        .expect("the next item within 5 s")
}

fn boxed<S: oagen_runtime::client::Stream + Send + 'static>(s: S) -> Stream<S::Item> {
    Box::pin(s)
}

fn prompt() -> types::CreateCompletionBody {
    types::CreateCompletionBody { prompt: "Hi".to_owned(), stream: Some(true) }
}

/// The title of the typed 404 `result` must be.
fn problem_title<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Api { body, .. }) => match *body {
            ErrorBody::Problem(p) => p.title,
        },
        other => panic!("expected the typed 404, got {other:?}"),
    }
}

#[tokio::test]
async fn each_event_arrives_before_the_server_sends_the_next_and_the_terminator_ends_the_stream() {
    let (second, never) = (Gate::new(), Gate::new());
    let server = serve_fixed(
        Reply::chunked(200, "text/event-stream")
            .chunk(None, ": a comment\nretry: 1500\nid: 7\ndata: {\"id\":\"c1\",\"delta\":\"Hel\"}\n\n")
            .chunk(Some(&second), "data: {\"id\":\"c1\",\n")
            .chunk(None, "data: \"delta\":\"lo\"}\n\ndata: [DONE]\n\n")
            // Never sent: the stream must end at `[DONE]`, not wait for the connection's end.
            .chunk(Some(&never), "data: {\"id\":\"c1\",\"delta\":\"!\"}\n\n"),
    )
    .await;
    let client = Client::new(&server.url("/v1")).expect("client");
    let stream = client.chat().create_completion_stream(&prompt()).await.expect("the stream starts");
    assert_eq!(stream.status().as_u16(), 200);
    let mut stream = boxed(stream.stop_at("[DONE]"));

    let first = next(&mut stream).await.expect("an event").expect("a good event");
    assert_eq!(
        first.data,
        types::CompletionChunk { id: "c1".into(), delta: "Hel".into(), unknown_fields: Default::default() }
    );
    assert_eq!(
        (first.id.as_deref(), first.retry, first.event.as_deref()),
        (Some("7"), Some(Duration::from_millis(1500)), None)
    );

    second.open();
    let event = next(&mut stream).await.expect("an event").expect("a good event");
    assert_eq!(event.data.delta, "lo", "data lines of one event are joined with a newline");
    assert_eq!(event.id.as_deref(), Some("7"), "the last event id persists");
    assert!(next(&mut stream).await.is_none(), "`[DONE]` ends the stream");

    let request = server.only_request();
    assert_eq!(request.header("accept"), Some("text/event-stream"));
    assert_eq!(request.request_line(), "POST /v1/chat/completions HTTP/1.1");
    assert_eq!(request.body_text(), r#"{"prompt":"Hi","stream":true}"#);
}

#[tokio::test]
async fn a_malformed_event_yields_one_error_and_the_stream_goes_on_to_the_connections_end() {
    let server = serve_fixed(
        Reply::chunked(200, "text/event-stream")
            .chunk(None, "data: {\"type\":\"message_added\",\"text\":\"one\"}\n\n")
            .chunk(None, "data: {\"type\":\"message_added\",\"text\":\n\n")
            .chunk(None, "event: closed\r\ndata: {\"type\":\"conversation_closed\",\"reason\":\"done\"}\r\n\r\n")
            .chunk(None, "data: {\"type\":\"typing\",\"who\":\"ana\"}\n\n"),
    )
    .await;
    let client = Client::new(&server.url("")).expect("client");
    let mut stream = boxed(client.conversations().stream_conversation_events("c 1").await.expect("the stream starts"));

    let one = next(&mut stream).await.expect("an event").expect("a good event");
    assert!(matches!(&one.data, types::ConversationEvent::MessageAdded(m) if m.text == "one"), "{:?}", one.data);
    let bad = next(&mut stream).await.expect("an item").expect_err("the malformed event is an error");
    assert!(matches!(bad, Error::Decode { .. }), "{bad:?}");
    let closed = next(&mut stream).await.expect("an event").expect("the stream goes on");
    assert_eq!(closed.event.as_deref(), Some("closed"));
    assert!(
        matches!(&closed.data, types::ConversationEvent::ConversationClosed(c) if c.reason.as_deref() == Some("done"))
    );
    let unknown = next(&mut stream).await.expect("an event").expect("an unknown member is kept, not an error");
    assert_eq!(
        serde_json::to_value(&unknown.data).expect("serialize"),
        serde_json::json!({"type": "typing", "who": "ana"}),
        "a member a newer server added is written back unchanged"
    );
    assert!(next(&mut stream).await.is_none(), "the connection's end ends the stream");
    assert_eq!(server.only_request().target(), "/conversations/c%201/events");
}

#[tokio::test]
async fn events_whose_schema_describes_the_whole_frame_are_told_apart_by_their_event_type() {
    let server = serve_fixed(
        Reply::chunked(200, "text/event-stream")
            .chunk(None, "event: thread.run.created\ndata: {\"id\":\"run_1\",\"status\":\"queued\"}\n\n")
            .chunk(None, "event: thread.run.completed\nid: 9\ndata: {\"id\":\"run_1\",\"status\":\"done\"}\n\n")
            .chunk(None, "event: thread.run.step\ndata: {\"step\":1}\n\n")
            .chunk(None, "event: done\ndata: [DONE]\n\n"),
    )
    .await;
    let client = Client::new(&server.url("")).expect("client");
    let mut stream = boxed(client.runs().create("t1").await.expect("the stream starts"));
    let created = next(&mut stream).await.expect("an event").expect("a good event");
    assert!(
        matches!(&created.data, types::RunStreamEvent::ThreadRunCreated(c) if c.data.status == "queued"),
        "{:?}",
        created.data
    );
    let completed = next(&mut stream).await.expect("an event").expect("a good event");
    assert!(matches!(&completed.data, types::RunStreamEvent::ThreadRunCompleted(c) if c.data.status == "done"));
    assert_eq!(completed.id.as_deref(), Some("9"));
    let step = next(&mut stream).await.expect("an event").expect("an unknown event type is kept");
    assert!(matches!(&step.data, types::RunStreamEvent::Unrecognized(v) if v["data"]["step"] == 1), "{:?}", step.data);
    let done = next(&mut stream).await.expect("an event").expect("a good event");
    assert!(matches!(&done.data, types::RunStreamEvent::Done(_)), "{:?}", done.data);
    assert!(next(&mut stream).await.is_none());
}

#[tokio::test]
async fn an_error_status_is_a_typed_error_before_any_stream() {
    let server = serve_fixed(Reply::json(404, r#"{"title":"no such conversation"}"#)).await;
    let client = Client::new(&server.url("")).expect("client");
    assert_eq!(problem_title(client.conversations().stream_conversation_events("x").await), "no such conversation");
    assert_eq!(problem_title(client.files().download("x").await), "no such conversation");
}

#[tokio::test]
async fn text_events_keep_their_lines() {
    let server = serve_fixed(
        Reply::chunked(200, "text/event-stream; charset=utf-8").chunk(None, "data: first\ndata:  second\n\ndata\n\n"),
    )
    .await;
    let client = Client::new(&server.url("")).expect("client");
    let mut stream = boxed(client.logs().tail().await.expect("the stream starts"));
    let lines = next(&mut stream).await.expect("an event").expect("a good event");
    assert_eq!(lines.data, "first\n second", "one leading space is the separator; the rest is data");
    let empty = next(&mut stream).await.expect("an event").expect("a good event");
    assert_eq!(empty.data, "");
    assert!(next(&mut stream).await.is_none());
}

#[tokio::test]
async fn a_download_is_a_byte_stream_with_its_length() {
    let server = serve_fixed(Reply::generated(200, "application/octet-stream", 300_000)).await;
    let client = Client::new(&server.url("")).expect("client");
    let download = client.files().download("f1").await.expect("the download starts");
    assert_eq!(download.content_length(), Some(300_000));
    assert_eq!(download.content_type(), Some("application/octet-stream"));
    let mut stream = boxed(download);
    let mut offset = 0u64;
    while let Some(chunk) = next(&mut stream).await {
        let chunk = chunk.expect("a chunk");
        assert!(chunk.iter().enumerate().all(|(i, b)| *b == capture::pattern_byte(offset + i as u64)));
        offset += chunk.len() as u64;
    }
    assert_eq!(offset, 300_000);
}

#[tokio::test]
async fn collecting_a_download_over_a_limit_is_an_error() {
    let server = serve_fixed(Reply::generated(200, "application/octet-stream", 300_000)).await;
    let client = Client::new(&server.url("")).expect("client");
    let download = client.files().download("f1").await.expect("the download starts");
    let error = download.bytes(100_000).await.expect_err("over the limit");
    assert!(error.to_string().contains("100000"), "{error}");
    let download = client.files().download("f1").await.expect("the download starts");
    assert_eq!(download.bytes(300_000).await.expect("within the limit").len(), 300_000);
}

/// `parts` as a stream of byte chunks, for `Upload::from_stream`.
fn chunks(parts: &[&'static str]) -> StaticChunks {
    StaticChunks(parts.iter().map(|p| p.as_bytes()).collect::<Vec<_>>().into_iter())
}

/// Slices of one buffer as byte chunks.
struct StaticChunks(std::vec::IntoIter<&'static [u8]>);

impl oagen_runtime::client::Stream for StaticChunks {
    type Item = Result<bytes::Bytes, std::io::Error>;
    fn poll_next(self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.get_mut().0.next().map(|p| Ok(bytes::Bytes::from_static(p))))
    }
}

fn stored(id: &str, size: i64) -> String {
    format!(r#"{{"id":"{id}","size":{size}}}"#)
}

#[tokio::test]
async fn uploads_send_bytes_a_file_or_a_stream_with_their_length() {
    let server = serve_fixed(Reply::json(201, &stored("f", 0))).await;
    let client = Client::new(&server.url("")).expect("client");
    client.files().upload("f", vec![0u8, 1, 2, 255].into()).await.expect("bytes");

    let path = std::env::temp_dir().join(format!("oagen-upload-test-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..300_000u64).map(capture::pattern_byte).collect();
    std::fs::write(&path, &content).expect("write the file");
    client.files().upload("f", Upload::from_path(&path)).await.expect("a file");
    client.files().upload("f", Upload::from_stream(chunks(&["ab", "cd", "e"])).with_length(5)).await.expect("a stream");
    let missing = client.files().upload("f", Upload::from_path(path.with_extension("missing"))).await;
    assert!(
        matches!(&missing, Err(Error::InvalidRequest(e)) if e.to_string().contains("cannot be read")),
        "{missing:?}"
    );
    let _ = std::fs::remove_file(&path);

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "nothing is sent for a file that cannot be opened");
    assert_eq!(requests[0].body, [0u8, 1, 2, 255]);
    assert_eq!(requests[0].header("content-type"), Some("application/octet-stream"));
    assert_eq!(requests[0].request_line(), "PUT /files/f/content HTTP/1.1");
    assert_eq!(requests[1].header("content-length"), Some("300000"), "a file's size is its length");
    assert!(requests[1].body == content, "the file's bytes, in order");
    assert_eq!((requests[2].header("content-length"), requests[2].body_text().as_str()), (Some("5"), "abcde"));
}

#[tokio::test]
async fn bytes_and_files_are_sent_again_on_a_retry_and_a_stream_is_not() {
    let replies = || vec![Reply::json(503, "{}"), Reply::json(201, &stored("f", 3))];
    let server = serve_script(replies()).await;
    let client = Client::new(&server.url("")).expect("client").with_retry_policy(
        oagen_runtime::client::RetryPolicy::default()
            .with_min_delay(Duration::ZERO)
            .with_initial_delay(Duration::from_millis(1)),
    );
    client.files().upload("f", b"abc"[..].into()).await.expect("retried once");
    let bodies: Vec<String> = server.requests().iter().map(|r| r.body_text()).collect();
    assert_eq!(bodies, ["abc", "abc"], "PUT is idempotent: the same bytes again");

    let server = serve_script(replies()).await;
    let client = Client::new(&server.url("")).expect("client").with_retry_policy(
        oagen_runtime::client::RetryPolicy::default()
            .with_min_delay(Duration::ZERO)
            .with_initial_delay(Duration::from_millis(1)),
    );
    let once = client.files().upload("f", Upload::from_stream(chunks(&["abc"])).with_length(3)).await;
    assert!(matches!(once, Err(Error::UnexpectedStatus { .. })), "{once:?}");
    assert_eq!(server.requests().len(), 1, "a stream cannot be sent again");
}

/// A server implementing the fixture with the generated `Api` trait; the gate holds back the second chunk of a
/// chunked download.
struct Streams(Arc<tokio::sync::Semaphore>);

impl Default for Streams {
    fn default() -> Self {
        Streams(Arc::new(tokio::sync::Semaphore::new(0)))
    }
}

/// `first`, then `rest` once `gate` lets it go.
fn async_stream(
    first: bytes::Bytes,
    rest: bytes::Bytes,
    gate: Arc<tokio::sync::Semaphore>,
) -> impl oagen_runtime::client::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + 'static {
    struct Chunks {
        first: Option<bytes::Bytes>,
        rest: Option<bytes::Bytes>,
        wait: Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
    }
    impl oagen_runtime::client::Stream for Chunks {
        type Item = Result<bytes::Bytes, std::io::Error>;
        fn poll_next(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
            let this = self.get_mut();
            if let Some(first) = this.first.take() {
                return std::task::Poll::Ready(Some(Ok(first)));
            }
            if this.rest.is_none() {
                return std::task::Poll::Ready(None);
            }
            match std::future::Future::poll(this.wait.as_mut(), cx) {
                std::task::Poll::Ready(()) => std::task::Poll::Ready(this.rest.take().map(Ok)),
                std::task::Poll::Pending => std::task::Poll::Pending,
            }
        }
    }
    let wait = Box::pin(async move {
        if let Ok(permit) = gate.acquire().await {
            permit.forget();
        }
    });
    Chunks { first: Some(first), rest: Some(rest), wait }
}

impl srv::Api for Streams {
    async fn create_completion(&self, request: create_completion::Request) -> create_completion::Response {
        if request.body.stream != Some(true) {
            return create_completion::Response::Ok(types::Completion {
                id: "c1".into(),
                text: request.body.prompt,
                unknown_fields: Default::default(),
            });
        }
        let words: Vec<_> = request.body.prompt.split(' ').map(str::to_owned).collect();
        let chunks = words.into_iter().enumerate().map(|(i, w)| {
            Event::new(types::CompletionChunk { id: "c1".into(), delta: w, unknown_fields: Default::default() })
                .with_id(i.to_string())
        });
        create_completion::Response::OkEvents(oagen_runtime::server::EventStream::from_events(chunks.collect()))
    }

    async fn stream_conversation_events(
        &self,
        request: stream_conversation_events::Request,
    ) -> stream_conversation_events::Response {
        if request.id != "c1" {
            return stream_conversation_events::Response::NotFound(types::Problem {
                title: "gone".into(),
                unknown_fields: Default::default(),
            });
        }
        let added = types::ConversationEvent::MessageAdded(types::MessageAdded {
            text: "line one\nline two\r\nline three".into(),
            unknown_fields: Default::default(),
        });
        let closed = types::ConversationEvent::ConversationClosed(types::ConversationClosed {
            reason: None,
            unknown_fields: Default::default(),
        });
        stream_conversation_events::Response::Ok(oagen_runtime::server::EventStream::from_events(vec![
            Event::new(added).with_event("added"),
            Event::new(closed).with_event("closed").with_retry(Duration::from_secs(3)),
        ]))
    }

    async fn create_run(&self, request: create_run::Request) -> create_run::Response {
        let run = |status: &str| types::Run {
            id: request.id.clone(),
            status: status.into(),
            unknown_fields: Default::default(),
        };
        let created = types::RunStreamEvent::ThreadRunCreated(types::RunStreamEventThreadRunCreated {
            data: run("queued"),
            unknown_fields: Default::default(),
        });
        let completed = types::RunStreamEvent::ThreadRunCompleted(types::RunStreamEventThreadRunCompleted {
            data: run("done"),
            unknown_fields: Default::default(),
        });
        let done: types::RunStreamEvent =
            serde_json::from_value(serde_json::json!({"event": "done", "data": "[DONE]"})).expect("the done event");
        create_run::Response::Ok(oagen_runtime::server::EventStream::from_events(vec![
            Event::new(created),
            Event::new(completed).with_id("2"),
            Event::new(done),
        ]))
    }

    async fn tail_logs(&self, _: tail_logs::Request) -> tail_logs::Response {
        tail_logs::Response::Ok(oagen_runtime::server::EventStream::from_events(vec![
            Event::new("a\nb\r\nc\rd".to_owned()),
            Event::new(String::new()),
            Event::new(" leading space".to_owned()),
        ]))
    }

    async fn download_file(&self, request: download_file::Request) -> download_file::Response {
        let whole: Vec<u8> = (0..70_000u64).map(capture::pattern_byte).collect();
        if request.id != "chunked" {
            return download_file::Response::Ok(whole.into());
        }
        // Sent as it is produced: the first chunk, then the rest once the client has read the first.
        let (first, rest) = whole.split_at(10_000);
        let (first, rest) = (bytes::Bytes::copy_from_slice(first), bytes::Bytes::copy_from_slice(rest));
        let gate = self.0.clone();
        let chunks = async_stream(first, rest, gate);
        download_file::Response::Ok(oagen_runtime::server::ByteStream::from_stream(chunks))
    }

    async fn upload_file(&self, request: upload_file::Request) -> upload_file::Response {
        let size = request.body.len() as i64;
        let intact = request.body.iter().enumerate().all(|(i, b)| *b == capture::pattern_byte(i as u64));
        let id = if intact { request.id } else { "corrupt".to_owned() };
        upload_file::Response::Created(types::FileInfo { id, size, unknown_fields: Default::default() })
    }
}

/// Everything the generated server's handlers answer, read by the generated client.
async fn round_trip(client: &Client, gate: &tokio::sync::Semaphore) {
    let mut words = boxed(
        client
            .chat()
            .create_completion_stream(&types::CreateCompletionBody {
                prompt: "one two three".into(),
                stream: Some(true),
            })
            .await
            .expect("the stream starts"),
    );
    let mut got = Vec::new();
    while let Some(event) = next(&mut words).await {
        let event = event.expect("a good event");
        got.push((event.id.expect("an id"), event.data.delta));
    }
    assert_eq!(got, [("0".into(), "one".into()), ("1".into(), "two".into()), ("2".into(), "three".into())]);

    let whole = client
        .chat()
        .create_completion(&types::CreateCompletionBody { prompt: "hi".into(), stream: None })
        .await
        .expect("the JSON answer");
    assert_eq!(whole.text, "hi");

    let mut events = boxed(client.conversations().stream_conversation_events("c1").await.expect("the stream starts"));
    let added = next(&mut events).await.expect("an event").expect("a good event");
    assert_eq!(added.event.as_deref(), Some("added"));
    match added.data {
        types::ConversationEvent::MessageAdded(m) => assert_eq!(m.text, "line one\nline two\r\nline three"),
        other => panic!("expected message_added, got {other:?}"),
    }
    let closed = next(&mut events).await.expect("an event").expect("a good event");
    assert_eq!((closed.event.as_deref(), closed.retry), (Some("closed"), Some(Duration::from_secs(3))));
    assert!(next(&mut events).await.is_none());

    let mut runs = boxed(client.runs().create("t9").await.expect("the stream starts"));
    let mut got = Vec::new();
    while let Some(event) = next(&mut runs).await {
        let event = event.expect("a good event");
        let wire = serde_json::to_value(&event.data).expect("serialize");
        got.push((event.event.clone(), event.id.clone(), wire["data"].clone()));
    }
    assert_eq!(
        got,
        [
            (Some("thread.run.created".into()), None, serde_json::json!({"id": "t9", "status": "queued"})),
            (Some("thread.run.completed".into()), Some("2".into()), serde_json::json!({"id": "t9", "status": "done"})),
            (Some("done".into()), Some("2".into()), serde_json::json!("[DONE]")),
        ],
        "each frame's event type on the wire, its data as JSON, a string as it is; the last id persists"
    );

    let mut lines = boxed(client.logs().tail().await.expect("the stream starts"));
    let mut got = Vec::new();
    while let Some(event) = next(&mut lines).await {
        got.push(event.expect("a good event").data);
    }
    assert_eq!(got, ["a\nb\nc\nd", "", " leading space"], "line breaks in data arrive as LF");

    let download = client.files().download("f").await.expect("the download starts");
    assert_eq!(download.content_length(), Some(70_000));
    let bytes = download.bytes(1 << 20).await.expect("the bytes");
    assert!(bytes.iter().enumerate().all(|(i, b)| *b == capture::pattern_byte(i as u64)));

    // The server's download as it is produced: its first chunk arrives before the server has the second.
    let mut chunked = boxed(client.files().download("chunked").await.expect("the download starts"));
    let first = next(&mut chunked).await.expect("a chunk").expect("bytes");
    assert!(!first.is_empty() && first.len() <= 10_000, "{} bytes", first.len());
    gate.add_permits(1);
    let mut read = first.len();
    while let Some(chunk) = next(&mut chunked).await {
        read += chunk.expect("bytes").len();
    }
    assert_eq!(read, 70_000);

    let pattern = |n: u64| -> Vec<u8> { (0..n).map(capture::pattern_byte).collect() };
    let whole: &'static [u8] = Box::leak(pattern(100_000).into_boxed_slice());
    let stream = Upload::from_stream(StaticChunks(vec![&whole[..60_000], &whole[60_000..]].into_iter()));
    let info = client.files().upload("f1", stream).await.expect("a chunked upload");
    assert_eq!((info.id.as_str(), info.size), ("f1", 100_000));
    let info = client.files().upload("f2", pattern(1_000).into()).await.expect("bytes");
    assert_eq!((info.id.as_str(), info.size), ("f2", 1_000));

    assert_eq!(problem_title(client.conversations().stream_conversation_events("c2").await), "gone");
}

#[tokio::test]
async fn the_generated_servers_events_are_read_by_the_generated_client_in_process() {
    let api = Streams::default();
    let gate = api.0.clone();
    round_trip(&Client::with_router(srv::router(api)), &gate).await;
}

#[tokio::test]
async fn the_generated_servers_events_are_read_by_the_generated_client_over_a_socket() {
    let api = Streams::default();
    let gate = api.0.clone();
    let base = server_support::serve(srv::router(api)).await;
    round_trip(&Client::new(&base).expect("client"), &gate).await;
}
