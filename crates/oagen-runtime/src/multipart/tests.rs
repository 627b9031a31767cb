//! The encoder against the parser, and the server's reading of malformed and invalid bodies.

use super::*;
use crate::server::schema::{Property, Schema, I64, STRING};
use crate::server::{Input, Rejection, RejectionKind};
use http_body_util::BodyExt;

/// Every part of `body` as (name, file name, content type, text).
fn parts_of(body: &Bytes, boundary: &str) -> Vec<(String, Option<String>, Option<String>, String)> {
    parse(body, boundary)
        .expect("well-formed")
        .into_iter()
        .map(|p| (p.name, p.file_name, p.content_type, String::from_utf8_lossy(&p.data).into_owned()))
        .collect()
}

fn owned(
    name: &str,
    file: Option<&str>,
    ct: Option<&str>,
    text: &str,
) -> (String, Option<String>, Option<String>, String) {
    (name.to_owned(), file.map(str::to_owned), ct.map(str::to_owned), text.to_owned())
}

#[test]
fn in_memory_parts_round_trip_through_the_parser() {
    let mut form = Form::new();
    let odd_name = "my \"report\" \\ naïve\r\n.csv";
    form.file("file", FilePart::from_bytes("a,b\r\n--x\r\n").file_name(odd_name), "text/csv").expect("sent");
    form.text("purpose", "fine-tune", None).expect("sent");
    form.text("count", &3, None).expect("sent");
    form.text("skipped", &Option::<i64>::None, None).expect("nothing sent");
    form.texts("tags", &["a", "b"], Some("text/x-tag")).expect("sent");
    form.json("meta", &serde_json::json!({"k": [1, 2]}), "application/json").expect("sent");
    form.files("more", vec![FilePart::from_bytes(vec![0u8, 255]).content_type("image/png")], OCTET).expect("sent");
    let boundary = form.boundary().to_owned();
    assert!(form.content_type().ends_with(&boundary));
    let body = form.into_bytes().expect("all in memory");
    assert_eq!(
        parts_of(&body, &boundary),
        [
            // Line breaks cannot be in a header: they are percent-encoded.
            owned("file", Some("my \"report\" \\ naïve%0D%0A.csv"), Some("text/csv"), "a,b\r\n--x\r\n"),
            owned("purpose", None, None, "fine-tune"),
            owned("count", None, None, "3"),
            owned("tags", None, Some("text/x-tag"), "a"),
            owned("tags", None, Some("text/x-tag"), "b"),
            owned("meta", None, Some("application/json"), "{\"k\":[1,2]}"),
            owned("more", Some("more"), Some("image/png"), "\u{0}\u{fffd}"),
        ]
    );
}

const OCTET: &str = "application/octet-stream";

#[tokio::test]
async fn files_and_streams_are_streamed() {
    let path = std::env::temp_dir().join(format!("oagen-multipart-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &content).expect("a temporary file");
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        vec![Ok(Bytes::from_static(b"one ")), Ok(Bytes::from_static(b"two"))];
    let stream = Iter(chunks.into_iter());
    let mut form = Form::new();
    let from_path = FilePart::from_path(&path);
    assert_eq!(from_path.get_file_name(), path.file_name().and_then(|n| n.to_str()));
    form.file("big", from_path, OCTET).expect("sent");
    form.file("piped", FilePart::from_stream(stream).file_name("piped.txt"), "text/plain").expect("sent");
    let boundary = form.boundary().to_owned();
    let form = form.into_bytes().expect_err("a file is not in memory");
    let body = form.into_body().await.expect("the file opens");
    let collected = body.collect().await.expect("read").to_bytes();
    let _ = std::fs::remove_file(&path);
    let parts = parse(&collected, &boundary).expect("well-formed");
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].data, content);
    assert_eq!(parts[0].content_type.as_deref(), Some(OCTET));
    assert_eq!((parts[1].file_name.as_deref(), &parts[1].data[..]), (Some("piped.txt"), &b"one two"[..]));
}

#[tokio::test]
async fn a_file_that_cannot_be_opened_is_refused_before_sending() {
    let mut form = Form::new();
    form.file("f", FilePart::from_path("/no/such/oagen/file"), OCTET).expect("not opened yet");
    let e = form.into_body().await.expect_err("no such file");
    assert!(matches!(e.problem(), crate::client::Problem::Unreadable(_)), "{e}");
    let mut form = Form::new();
    let e =
        form.file("f", FilePart::from_bytes("x").content_type("text/plain\r\nX-Evil: 1"), OCTET).expect_err("a header");
    assert_eq!(e.problem(), &crate::client::Problem::LineBreak);
}

#[tokio::test]
async fn parts_are_collected_whole() {
    let part = FilePart::from_stream(Iter(
        vec![Ok::<_, std::io::Error>(Bytes::from_static(b"ab")), Ok(Bytes::from_static(b"c"))].into_iter(),
    ));
    assert_eq!(part.into_bytes().await.expect("collected"), Bytes::from_static(b"abc"));
}

/// A stream of the items of an iterator.
struct Iter<I>(I);

impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
    type Item = I::Item;
    fn poll_next(self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.get_mut().0.next())
    }
}

#[test]
fn boundaries() {
    assert_eq!(boundary("multipart/form-data; boundary=abc").as_deref(), Some("abc"));
    assert_eq!(boundary("multipart/form-data;charset=utf-8; BOUNDARY=\"a b;c\"").as_deref(), Some("a b;c"));
    assert_eq!(boundary("multipart/form-data"), None);
    assert_eq!(boundary("multipart/form-data; boundary="), None);
    assert_eq!(boundary(&format!("multipart/form-data; boundary={}", "x".repeat(71))), None);
}

#[test]
fn malformed_bodies_are_errors_never_panics() {
    let good = b"preamble\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\none\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename*=utf-8''na%C3%AFve.txt; filename=\"x\"\r\nContent-Type: text/plain\r\n\r\ntwo\r\n--b--\r\nepilogue";
    let parts = parse(&Bytes::from_static(good), "b").expect("well-formed");
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].file_name.as_deref(), Some("naïve.txt"));
    // Every truncation is an error (or, cut inside the epilogue, the same parts): never a panic.
    for end in 0..good.len() {
        let cut = Bytes::copy_from_slice(&good[..end]);
        if let Ok(parts) = parse(&cut, "b") {
            assert!(end >= good.len() - "\r\nepilogue".len() - 2, "{end}: {parts:?}");
        }
    }
    let cases: &[(&[u8], &str)] = &[
        (b"", "opening"),
        (b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "closing"),
        (b"--b\r\nContent-Disposition: form-data; name=\"a\"", "headers"),
        (b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "without a `name`"),
        (b"--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--", "not `form-data`"),
        (b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "without `Content-Disposition`"),
        (b"--b\r\nno colon\r\n\r\nx\r\n--b--", "colon"),
        (b"--bX\r\n", "line break"),
    ];
    for (body, expected) in cases {
        let e = parse(&Bytes::copy_from_slice(body), "b").expect_err("malformed");
        assert!(e.contains(expected), "{e:?} should say {expected:?}");
    }
    assert_eq!(parse(&Bytes::from_static(b"--b--\r\n"), "b"), Ok(Vec::new()));
}

/// A generated body struct, as the server module writes its `FromForm`.
#[derive(Debug)]
struct Upload {
    file: FilePart,
    count: Option<i64>,
    more: Vec<FilePart>,
    tags: Option<Vec<String>>,
}

static TAGS: Schema = Schema::list(&STRING);
static UPLOAD: Schema = Schema::object(&[
    Property::required("file", &STRING),
    Property::optional("count", &I64),
    Property::optional("more", &TAGS),
    Property::optional("tags", &TAGS),
]);

impl FromForm for Upload {
    const FILES: &'static [&'static str] = &["file", "more"];
    fn from_form(form: &mut Received) -> Result<Self, Rejection> {
        Ok(Upload {
            file: form.file("file")?,
            count: form.optional("count")?,
            more: form.files("more"),
            tags: form.optional("tags")?,
        })
    }
}

async fn receive(content_type: Option<&str>, body: Vec<u8>) -> Result<Option<Upload>, Rejection> {
    let mut request = axum::http::Request::builder().uri("/u");
    if let Some(ct) = content_type {
        request = request.header("content-type", ct);
    }
    let request = request.body(axum::body::Body::from(body)).expect("a request");
    let mut input = Input::new(request, "/u", 1 << 20).expect("no rejection").expect("matches");
    input.multipart_body::<Upload>(&UPLOAD, "multipart/form-data").await
}

#[tokio::test]
async fn the_server_decodes_what_the_client_encodes() {
    let mut form = Form::new();
    form.file("file", FilePart::from_bytes("hello").file_name("a.txt").content_type("text/plain"), OCTET)
        .expect("sent");
    form.text("count", &7, None).expect("sent");
    form.files("more", vec![FilePart::from_bytes("1"), FilePart::from_bytes("2").file_name("two")], OCTET)
        .expect("sent");
    form.texts("tags", &["x", "y"], None).expect("sent");
    let content_type = form.content_type();
    let upload = receive(Some(&content_type), form.into_bytes().expect("in memory").to_vec())
        .await
        .expect("valid")
        .expect("a body");
    assert_eq!(upload.file.as_bytes(), Some(&b"hello"[..]));
    assert_eq!((upload.file.get_file_name(), upload.file.get_content_type()), (Some("a.txt"), Some("text/plain")));
    assert_eq!(upload.count, Some(7));
    assert_eq!(upload.more.iter().map(|f| f.get_file_name()).collect::<Vec<_>>(), [Some("more"), Some("two")]);
    assert_eq!(upload.tags, Some(vec!["x".to_owned(), "y".to_owned()]));
}

#[tokio::test]
async fn malformed_or_invalid_bodies_are_refused() {
    let part = |name: &str, text: &str| {
        format!("--b\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"f\"\r\n\r\n{text}\r\n")
    };
    let ok = format!("{}--b--\r\n", part("file", "x"));
    let refused = |r: Result<Option<Upload>, Rejection>| r.expect_err("refused");
    // No boundary, no closing delimiter: malformed (400).
    let e = refused(receive(Some("multipart/form-data"), ok.clone().into_bytes()).await);
    assert_eq!((e.kind(), e.status().as_u16()), (RejectionKind::MalformedBody, 400));
    let e = refused(receive(Some("multipart/form-data; boundary=b"), part("file", "x").into_bytes()).await);
    assert_eq!(e.kind(), RejectionKind::MalformedBody);
    assert!(e.to_string().contains("closing"), "{e}");
    // A required file missing, an integer that is not one, a file sent twice: invalid (422).
    let e = refused(
        receive(Some("multipart/form-data; boundary=b"), format!("{}--b--", part("count", "1")).into_bytes()).await,
    );
    assert_eq!((e.kind(), e.status().as_u16()), (RejectionKind::InvalidBody, 422));
    assert!(e.to_string().contains("required property `file` is missing"), "{e}");
    let body = format!("{}{}--b--", part("file", "x"), part("count", "one"));
    let e = refused(receive(Some("multipart/form-data; boundary=b"), body.into_bytes()).await);
    assert!(e.to_string().contains("expected an integer"), "{e}");
    let body = format!("{}{}--b--", part("file", "x"), part("file", "y"));
    let e = refused(receive(Some("multipart/form-data; boundary=b"), body.into_bytes()).await);
    assert_eq!(e.kind(), RejectionKind::InvalidBody);
    // Another media type: 415. No body at all: none.
    let e = refused(receive(Some("application/json"), ok.clone().into_bytes()).await);
    assert_eq!(e.kind(), RejectionKind::UnsupportedMediaType);
    assert!(receive(None, Vec::new()).await.expect("no body").is_none());
    assert!(receive(Some("multipart/form-data; boundary=b"), ok.into_bytes()).await.expect("valid").is_some());
}
