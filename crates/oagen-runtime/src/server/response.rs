//! Writing the responses of generated response enums.

use crate::sse::{data_lines, field_value, Event};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use futures_core::Stream;
use serde::Serialize;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

fn with_type(status: StatusCode, media_type: &str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(media_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// What a response's status can be given as: a [`StatusCode`], a [`StatusClass`], or the code as a number (a number
/// that is not a status code, outside 100 to 999, is answered 500).
pub trait IntoStatus {
    /// The status code.
    fn into_status(self) -> StatusCode;
}

impl IntoStatus for StatusCode {
    fn into_status(self) -> StatusCode {
        self
    }
}

impl IntoStatus for u16 {
    fn into_status(self) -> StatusCode {
        StatusCode::from_u16(self).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl<const CLASS: u16> IntoStatus for StatusClass<CLASS> {
    fn into_status(self) -> StatusCode {
        self.get()
    }
}

/// `body` as JSON with `status` and the media type `media_type` (e.g. `application/json`).
///
/// A value that cannot be written as JSON (a map with non-string keys) is a bug of the handler: it is answered with a
/// bare 500, never a panic.
pub fn json<T: Serialize + ?Sized>(status: impl IntoStatus, media_type: &str, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => with_type(status.into_status(), media_type, Body::from(bytes)),
        Err(_) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

/// `body` as text with `status` and the media type `media_type` (e.g. `text/plain`).
pub fn text(status: impl IntoStatus, media_type: &str, body: String) -> Response {
    with_type(status.into_status(), media_type, Body::from(body))
}

/// Raw bytes (in memory, or a [`ByteStream`] sent as it is produced) with `status` and the media type `media_type`.
pub fn bytes(status: impl IntoStatus, media_type: &str, body: impl Into<ByteStream>) -> Response {
    with_type(status.into_status(), media_type, body.into().body)
}

/// A binary response body (a download): bytes in memory (`vec.into()`, [`ByteStream::from_bytes`]) or any stream
/// of chunks ([`ByteStream::from_stream`]: a file read as it goes out, a proxied upstream), sent as it comes, never
/// gathered whole. The default is no bytes.
#[derive(Default)]
pub struct ByteStream {
    body: Body,
}

impl ByteStream {
    /// Bytes already in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        ByteStream { body: Body::from(bytes.into()) }
    }

    /// The chunks `stream` yields, each sent when it comes; an error from the stream ends the response early (the
    /// client sees a body cut short, never a wrong one).
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        ByteStream { body: Body::from_stream(stream) }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::from_bytes(bytes)
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::from_bytes(bytes)
    }
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByteStream")
    }
}

/// The events a handler answers a `text/event-stream` response with: any `Stream` of [`Event`]s, sent to the client
/// one by one as they come (nothing is buffered), the response ending with the stream.
pub struct EventStream<T> {
    events: Pin<Box<dyn Stream<Item = Event<T>> + Send>>,
}

impl<T> EventStream<T> {
    /// The events `stream` yields.
    pub fn new(stream: impl Stream<Item = Event<T>> + Send + 'static) -> Self {
        EventStream { events: Box::pin(stream) }
    }

    /// The events of a list, all at once.
    pub fn from_events(events: Vec<Event<T>>) -> Self
    where
        T: Send + 'static,
    {
        EventStream::new(Listed(events.into_iter()))
    }
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventStream")
    }
}

/// A list's items as a stream.
struct Listed<T>(std::vec::IntoIter<T>);

impl<T> Unpin for Listed<T> {}

impl<T> Stream for Listed<T> {
    type Item = T;
    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.get_mut().0.next())
    }
}

/// How an event's data is written: JSON for the types the spec describes as objects or unions.
pub fn event_json<T: Serialize>(data: &T) -> Option<String> {
    serde_json::to_string(data).ok()
}

/// How an event's data is written: the text as it is.
#[allow(clippy::ptr_arg)] // the data of a text event is a `String`: this is `fn(&T)` for `T = String`.
pub fn event_text(data: &String) -> Option<String> {
    Some(data.clone())
}

/// `events` as `text/event-stream` (the media type `media_type`) with `status`, each event written when the stream
/// yields it, its data by `data` ([`event_json`] or [`event_text`]). Fields cannot break the framing: line breaks
/// in a type or ID become spaces, every line of the data is a `data:` line. Data that cannot be written as JSON
/// (a handler's bug) is sent as a comment naming the problem, never a panic.
pub fn events<T: 'static>(
    status: impl IntoStatus,
    media_type: &str,
    events: EventStream<T>,
    data: fn(&T) -> Option<String>,
) -> Response {
    stream_events(status, media_type, events, Write::Data(data))
}

/// `events` as [`events`] writes them, for specs whose event schema describes the whole frame: each value is an
/// object whose `event`, `data`, `id` and `retry` members are the event's fields (`data` written as JSON unless it
/// is a string). A field set on the [`Event`] itself wins over the value's.
pub fn frames<T: 'static>(
    status: impl IntoStatus,
    media_type: &str,
    events: EventStream<T>,
    frame: fn(&T) -> Option<serde_json::Value>,
) -> Response {
    stream_events(status, media_type, events, Write::Frame(frame))
}

/// How a frame is written as an object: JSON.
pub fn event_frame<T: Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

fn stream_events<T: 'static>(
    status: impl IntoStatus,
    media_type: &str,
    events: EventStream<T>,
    how: Write<T>,
) -> Response {
    let body = Body::from_stream(Encoded { events: events.events, how });
    let mut response = with_type(status.into_status(), media_type, body);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Proxies such as nginx otherwise hold events back.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// How each event's value becomes its wire fields.
enum Write<T> {
    /// The value is the data.
    Data(fn(&T) -> Option<String>),
    /// The value is the whole frame.
    Frame(fn(&T) -> Option<serde_json::Value>),
}

/// Events written as the wire format, one chunk per event.
struct Encoded<T> {
    events: Pin<Box<dyn Stream<Item = Event<T>> + Send>>,
    how: Write<T>,
}

impl<T> Stream for Encoded<T> {
    type Item = Result<Bytes, std::convert::Infallible>;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.events.as_mut().poll_next(cx) {
            Poll::Ready(Some(event)) => Poll::Ready(Some(Ok(Bytes::from(encode(event, &this.how))))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// One event's wire fields, then the event in the wire format.
fn encode<T>(event: Event<T>, how: &Write<T>) -> String {
    let data = match how {
        Write::Data(data) => data(&event.data).map(|text| event.map(|_| text)),
        Write::Frame(frame) => frame(&event.data).map(|value| from_frame(event.map(|_| value))),
    };
    match data {
        Some(event) => encode_event(&event),
        None => ": this event could not be written as JSON\n\n".to_owned(),
    }
}

/// The fields of a frame object, those set on the event winning.
fn from_frame(event: Event<serde_json::Value>) -> Event<String> {
    let text = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    };
    let frame = event.data.as_object();
    let field = |name: &str| frame.and_then(|f| f.get(name));
    Event {
        event: event.event.or_else(|| text(field("event"))),
        id: event.id.or_else(|| text(field("id"))),
        retry: event.retry.or_else(|| field("retry").and_then(serde_json::Value::as_u64).map(Duration::from_millis)),
        data: text(field("data")).unwrap_or_default(),
    }
}

/// One event in the wire format, ending with its blank line.
fn encode_event(event: &Event<String>) -> String {
    let mut out = String::new();
    if let Some(name) = &event.event {
        out.push_str(&format!("event: {}\n", field_value(name)));
    }
    if let Some(id) = &event.id {
        out.push_str(&format!("id: {}\n", field_value(id)));
    }
    if let Some(retry) = event.retry {
        out.push_str(&format!("retry: {}\n", retry.as_millis()));
    }
    for line in data_lines(&event.data) {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// No body, only `status`.
pub fn empty(status: impl IntoStatus) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status.into_status();
    response
}

/// A status code of one class (`4` for `4XX`), for responses a spec lists by range: the type makes a status outside
/// the range unrepresentable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusClass<const CLASS: u16>(StatusCode);

impl<const CLASS: u16> StatusClass<CLASS> {
    /// `status` if it is in the class (`CLASS * 100` to `CLASS * 100 + 99`).
    pub fn new(status: StatusCode) -> Option<Self> {
        (status.as_u16() / 100 == CLASS).then_some(StatusClass(status))
    }

    /// The first code of the class (`200` for `2XX`).
    pub fn lowest() -> Self {
        StatusClass(StatusCode::from_u16(CLASS * 100).unwrap_or(StatusCode::OK))
    }

    /// The status code.
    pub fn get(self) -> StatusCode {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(empty(204).status(), StatusCode::NO_CONTENT);
        assert_eq!(empty(StatusCode::IM_A_TEAPOT).status(), StatusCode::IM_A_TEAPOT);
        assert_eq!(empty(StatusClass::<4>::lowest()).status(), StatusCode::BAD_REQUEST);
        // Not a status code: a bare 500, as the emitter's own fallback did.
        assert_eq!(empty(42).status(), StatusCode::INTERNAL_SERVER_ERROR);
        let r = json(599, "application/problem+json", &serde_json::json!({"a": 1}));
        assert_eq!(r.status().as_u16(), 599);
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(text(200, "text/plain", "x".to_owned()).headers()[header::CONTENT_TYPE], "text/plain");
        assert_eq!(bytes(201, "image/png", vec![1]).status(), StatusCode::CREATED);
    }

    #[test]
    fn events_are_written_so_that_a_client_reads_them_back() {
        let event = Event::new("a\r\nb".to_owned())
            .with_event("up\ndate")
            .with_id("1\u{0}2")
            .with_retry(std::time::Duration::from_secs(2));
        let text = Write::Data(event_text);
        assert_eq!(encode(event.clone(), &text), "event: up date\nid: 12\nretry: 2000\ndata: a\ndata: b\n\n");
        let json = Event::new(serde_json::json!({"t": "x\ny"}));
        assert_eq!(encode(json, &Write::Data(event_json)), "data: {\"t\":\"x\\ny\"}\n\n");
        let mut parser = crate::sse::EventParser::new();
        parser.push(encode(event.clone(), &text).as_bytes());
        assert_eq!(parser.next_event().map(|e| e.data), Some("a\nb".to_owned()));
        let response = events(200, "text/event-stream", EventStream::from_events(vec![event]), event_text);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/event-stream");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    }

    #[test]
    fn a_frame_value_gives_the_events_fields_and_the_events_own_fields_win() {
        let frame = Write::Frame(event_frame::<serde_json::Value>);
        let run = serde_json::json!({"event": "thread.run.created", "data": {"id": "run_1"}, "id": "7", "retry": 1500});
        assert_eq!(
            encode(Event::new(run.clone()), &frame),
            "event: thread.run.created\nid: 7\nretry: 1500\ndata: {\"id\":\"run_1\"}\n\n"
        );
        assert_eq!(encode(Event::new(run).with_event("other"), &frame).lines().next(), Some("event: other"));
        let text = serde_json::json!({"event": "done", "data": "[DONE]"});
        assert_eq!(encode(Event::new(text), &frame), "event: done\ndata: [DONE]\n\n", "string data as it is");
        assert_eq!(encode(Event::new(serde_json::json!(3)), &frame), "data: \n\n", "not an object: no fields");
    }
}
