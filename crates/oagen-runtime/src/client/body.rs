//! Responses whose body is read as it arrives, over the [`ResponseBody`] a transport gives back:
//! [`StreamingResponse`] (a response whose body is not read yet), and the two streams operations return instead of
//! a whole body: [`ByteStream`] (binary downloads) and [`EventStream`] (`text/event-stream`), with the decoders of an
//! event's data.

use super::error::Error;
use super::transport::{too_large, ResponseBody};
use super::Response;
use crate::sse::{Event, EventParser};
use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A response whose status and headers have arrived and whose body has not been read.
#[derive(Debug)]
pub struct StreamingResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// How many requests were sent (more than one after retries).
    pub attempts: u32,
    body: ResponseBody,
    limit: usize,
}

impl StreamingResponse {
    pub(super) fn new(status: StatusCode, headers: HeaderMap, attempts: u32, body: ResponseBody, limit: usize) -> Self {
        StreamingResponse { status, headers, attempts, body, limit }
    }

    /// Reads the whole body (within the client's `with_max_body_size`), for a status that is not streamed.
    pub async fn read<B>(self) -> Result<Response, Error<B>> {
        let StreamingResponse { status, headers, attempts, body, limit } = self;
        match body.collect(limit).await {
            Ok(body) => Ok(Response { status, headers, body: body.to_vec(), attempts }),
            Err(e) => Err(Error::Transport(e.with_attempts(attempts))),
        }
    }
}

/// A binary response body, read as it arrives: a `Stream` of chunks. Memory stays bounded by the chunk size
/// whatever the length; write it to a file chunk by chunk, or [`ByteStream::bytes`] for a small one.
pub struct ByteStream<B> {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: ResponseBody,
    done: bool,
    _error: PhantomData<fn() -> B>,
}

impl<B> ByteStream<B> {
    /// The body of `response`.
    pub fn new(response: StreamingResponse) -> Self {
        let StreamingResponse { status, headers, attempts, body, .. } = response;
        ByteStream { status, headers, attempts, body, done: false, _error: PhantomData }
    }

    /// The length the server announced (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(reqwest::header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
    }

    /// The media type the server announced (`Content-Type`), if it did.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Reads the rest of the body into memory, failing beyond `limit` bytes.
    pub async fn bytes(self, limit: usize) -> Result<Bytes, Error<B>> {
        let attempts = self.attempts;
        self.body.collect(limit).await.map_err(|e| Error::Transport(e.with_attempts(attempts)))
    }
}

impl<B> Stream for ByteStream<B> {
    type Item = Result<Bytes, Error<B>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        match this.body.poll_chunk(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => {
                this.done = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(Ok(data))) => Poll::Ready(Some(Ok(data))),
            Poll::Ready(Some(Err(e))) => {
                this.done = true;
                Poll::Ready(Some(Err(Error::Transport(e.with_attempts(this.attempts)))))
            }
        }
    }
}

impl<B> fmt::Debug for ByteStream<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

/// Decodes an event into the documented type: its data as JSON ([`json_data`]) or text ([`text_data`]), or the
/// whole event as the spec describes it ([`frame_data`]).
pub type DecodeData<T> = fn(&Event<String>) -> Result<T, serde_json::Error>;

/// Decodes event data as JSON.
pub fn json_data<T: serde::de::DeserializeOwned>(event: &Event<String>) -> Result<T, serde_json::Error> {
    serde_json::from_str(&event.data)
}

/// Keeps event data as text.
pub fn text_data(event: &Event<String>) -> Result<String, serde_json::Error> {
    Ok(event.data.clone())
}

/// Decodes a whole event, for specs whose event schema describes the frame rather than its data: an object with
/// `event` (the event type, which tells the members of a union apart: OpenAI's `thread.run.created`), `data` (the
/// data as JSON, or as a string when it is not JSON) and, when the event has them, `id` and `retry` (milliseconds).
/// An event without a type has the default type, `message`.
pub fn frame_data<T: serde::de::DeserializeOwned>(event: &Event<String>) -> Result<T, serde_json::Error> {
    let mut frame = serde_json::Map::new();
    frame.insert("event".to_owned(), event.event.as_deref().unwrap_or("message").into());
    let data = serde_json::from_str(&event.data).unwrap_or_else(|_| event.data.clone().into());
    frame.insert("data".to_owned(), data);
    if let Some(id) = &event.id {
        frame.insert("id".to_owned(), id.clone().into());
    }
    if let Some(retry) = event.retry {
        frame.insert("retry".to_owned(), u64::try_from(retry.as_millis()).unwrap_or(u64::MAX).into());
    }
    serde_json::from_value(serde_json::Value::Object(frame))
}

/// A `text/event-stream` response: a `Stream` of events, each yielded as soon as it has arrived (nothing waits for
/// the end of the body).
///
/// An event whose data does not decode is yielded as [`Error::Decode`] and the stream goes on; a broken connection
/// is yielded as [`Error::Transport`] and ends it; so does an event longer than the client's `with_max_body_size`.
/// The stream ends with the connection, or at the event whose data is the terminator given to
/// [`EventStream::stop_at`] (such as OpenAI's `[DONE]`). Each event's `Event::data` is decoded on its own.
pub struct EventStream<T, B> {
    response: StreamingResponse,
    parser: EventParser,
    decode: DecodeData<T>,
    stop: Option<String>,
    done: bool,
    _error: PhantomData<fn() -> B>,
}

impl<T, B> EventStream<T, B> {
    /// The events of `response`, decoded by `decode` ([`json_data`], [`text_data`] or [`frame_data`]).
    pub fn new(response: StreamingResponse, decode: DecodeData<T>) -> Self {
        EventStream { response, parser: EventParser::new(), decode, stop: None, done: false, _error: PhantomData }
    }

    /// Ends the stream at the first event whose data is exactly `terminator` (not yielded), as OpenAI-style APIs
    /// end theirs with `data: [DONE]`.
    pub fn stop_at(mut self, terminator: impl Into<String>) -> Self {
        self.stop = Some(terminator.into());
        self
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.response.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.response.headers
    }

    fn decoded(&self, raw: Event<String>) -> Result<Event<T>, Error<B>> {
        match (self.decode)(&raw) {
            Ok(data) => Ok(Event { event: raw.event, id: raw.id, retry: raw.retry, data }),
            Err(source) => Err(Error::Decode {
                status: self.response.status,
                headers: Box::new(self.response.headers.clone()),
                body: raw.data.into_bytes(),
                source,
                attempts: self.response.attempts,
            }),
        }
    }
}

impl<T, B> Stream for EventStream<T, B> {
    type Item = Result<Event<T>, Error<B>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if let Some(raw) = this.parser.next_event() {
                if this.stop.as_deref().is_some_and(|stop| stop == raw.data) {
                    this.done = true;
                    return Poll::Ready(None);
                }
                return Poll::Ready(Some(this.decoded(raw)));
            }
            let attempts = this.response.attempts;
            match this.response.body.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                // An event not ended by a blank line is dropped, as the specification says.
                Poll::Ready(None) => this.done = true,
                Poll::Ready(Some(Ok(chunk))) => {
                    this.parser.push(&chunk);
                    if this.parser.buffered() > this.response.limit {
                        this.done = true;
                        let e = too_large(this.response.limit).with_attempts(attempts);
                        return Poll::Ready(Some(Err(Error::Transport(e))));
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(Error::Transport(e.with_attempts(attempts)))));
                }
            }
        }
    }
}

impl<T, B> fmt::Debug for EventStream<T, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.response.status)
            .field("stop", &self.stop)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::transport::{BoxError, TransportKind};
    use super::*;

    fn response(chunks: Vec<&'static str>) -> StreamingResponse {
        let frames =
            chunks.into_iter().map(|c| Ok::<_, BoxError>(http_body::Frame::data(Bytes::from_static(c.as_bytes()))));
        let body = http_body_util::StreamBody::new(futures_util_free::iter(frames));
        StreamingResponse::new(StatusCode::OK, HeaderMap::new(), 1, ResponseBody::new(body), 1024)
    }

    /// A stream of the given items, without futures-util.
    mod futures_util_free {
        use super::*;
        pub struct Iter<I>(pub I);
        pub fn iter<I: IntoIterator>(i: I) -> Iter<I::IntoIter> {
            Iter(i.into_iter())
        }
        impl<I: Iterator + Unpin> Stream for Iter<I> {
            type Item = I::Item;
            fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<I::Item>> {
                Poll::Ready(self.get_mut().0.next())
            }
        }
    }

    async fn next<S: Stream + Unpin>(s: &mut S) -> Option<S::Item> {
        std::future::poll_fn(|cx| Pin::new(&mut *s).poll_next(cx)).await
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Delta {
        text: String,
    }

    #[tokio::test]
    async fn a_malformed_event_is_one_error_and_the_terminator_ends_the_stream() {
        let mut events = EventStream::<Delta, ()>::new(
            response(vec![
                "data: {\"text\":\"a\"}\n",
                "\ndata: nope\n\nevent: x\ndata: {\"text\"",
                ":\"b\"}\n\n",
                "data: [DONE]\n\ndata: {\"text\":\"c\"}\n\n",
            ]),
            json_data,
        )
        .stop_at("[DONE]");
        assert_eq!(next(&mut events).await.and_then(Result::ok).map(|e| e.data.text), Some("a".to_owned()));
        assert!(matches!(next(&mut events).await, Some(Err(Error::Decode { .. }))));
        let b = next(&mut events).await.and_then(Result::ok);
        assert_eq!(b.as_ref().map(|e| (e.event.as_deref(), e.data.text.as_str())), Some((Some("x"), "b")));
        assert!(next(&mut events).await.is_none());
        assert!(next(&mut events).await.is_none());
    }

    #[tokio::test]
    async fn an_event_over_the_limit_ends_the_stream_with_an_error() {
        let long: &'static str = Box::leak("x".repeat(2000).into_boxed_str());
        let mut events = EventStream::<String, ()>::new(response(vec!["data: ", long, "\n\n"]), text_data);
        let err = next(&mut events).await;
        assert!(matches!(&err, Some(Err(Error::Transport(e))) if e.kind() == TransportKind::TooLarge), "{err:?}");
        assert!(next(&mut events).await.is_none());
    }

    #[tokio::test]
    async fn bytes_stream_and_collect_within_the_limit() {
        let mut stream = ByteStream::<()>::new(response(vec!["ab", "", "cd"]));
        assert_eq!(next(&mut stream).await.and_then(Result::ok), Some(Bytes::from_static(b"ab")));
        assert_eq!(next(&mut stream).await.and_then(Result::ok), Some(Bytes::from_static(b"cd")));
        assert!(next(&mut stream).await.is_none());
        let read = response(vec!["ab", "cd"]).read::<()>().await.map(|r| r.body);
        assert_eq!(read.ok(), Some(b"abcd".to_vec()));
        let big = ResponseBody::from(vec![0u8; 2000]).collect(1024).await;
        assert!(big.is_err_and(|e| e.kind() == TransportKind::TooLarge));
    }

    #[test]
    fn a_frame_is_the_whole_event_with_its_data_as_json_or_text() {
        let event = Event::new(r#"{"id":"run_1"}"#.to_owned()).with_event("thread.run.created").with_id("7");
        let frame: serde_json::Value = frame_data(&event).expect("a frame");
        assert_eq!(frame, serde_json::json!({"event": "thread.run.created", "data": {"id": "run_1"}, "id": "7"}));
        let done = Event::new("[DONE]".to_owned()).with_retry(std::time::Duration::from_millis(20));
        let frame: serde_json::Value = frame_data(&done).expect("a frame");
        assert_eq!(frame, serde_json::json!({"event": "message", "data": "[DONE]", "retry": 20}));
    }
}
