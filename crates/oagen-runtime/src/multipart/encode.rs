//! Sending a multipart body: the parts of a generated body struct ([`IntoForm`]) in a [`Form`], written as a
//! `multipart/form-data` body whose file parts are read as they go out ([`FormBody`]).

use super::{BoxError, ChunkStream, FilePart, Source};
use crate::client::{InvalidRequest, Problem};
use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

/// A generated multipart body struct: its fields as the parts of a [`Form`].
pub trait IntoForm {
    /// The parts, in the order of the struct's fields; a value that cannot be sent is refused.
    fn into_form(self) -> Result<Form, InvalidRequest>;
}

/// The parts of a `multipart/form-data` body, in order, with a random boundary.
pub struct Form {
    boundary: String,
    parts: Vec<Part>,
}

/// One part: its headers (after the boundary line) and its content.
struct Part {
    head: String,
    content: Content,
}

enum Content {
    Bytes(Bytes),
    Path(PathBuf),
    Stream(ChunkStream),
}

impl Default for Form {
    fn default() -> Self {
        Form::new()
    }
}

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Form").field("boundary", &self.boundary).field("parts", &self.parts.len()).finish()
    }
}

impl Form {
    /// An empty form with a new random boundary.
    pub fn new() -> Self {
        let (a, b) = (crate::client::random_u64(), crate::client::random_u64());
        Form { boundary: format!("oagen-{a:016x}{b:016x}"), parts: Vec::new() }
    }

    /// The boundary between parts.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// The body's `Content-Type`: `multipart/form-data; boundary=...`.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    fn push(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>, content: Content) {
        let mut head = format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        self.parts.push(Part { head, content });
    }

    /// A file part named `name`: the part's own media type, else `default_content_type` (the spec's).
    pub fn file(&mut self, name: &str, part: FilePart, default_content_type: &str) -> Result<(), InvalidRequest> {
        let content_type = part.content_type.as_deref().unwrap_or(default_content_type);
        checked_media_type(name, content_type)?;
        let content = match part.source {
            Source::Bytes(b) => Content::Bytes(b),
            Source::Path(p) => Content::Path(p),
            Source::Stream(s) => match s.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()) {
                Some(stream) => Content::Stream(stream),
                None => Content::Bytes(Bytes::new()),
            },
        };
        self.push(name, Some(part.file_name.as_deref().unwrap_or(name)), Some(content_type), content);
        Ok(())
    }

    /// One file part named `name` for each of `parts`.
    pub fn files(
        &mut self,
        name: &str,
        parts: Vec<FilePart>,
        default_content_type: &str,
    ) -> Result<(), InvalidRequest> {
        for part in parts {
            self.file(name, part, default_content_type)?;
        }
        Ok(())
    }

    /// A text part named `name`: a string as it is, a number or boolean as its JSON text (`null` sends no part).
    /// `content_type` is written when it is not `text/plain`, the default.
    pub fn text<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), InvalidRequest> {
        let value = serde_json::to_value(value).map_err(|e| not_serializable(name, &e))?;
        let text = match value {
            Value::Null => return Ok(()),
            Value::String(s) => s,
            other => other.to_string(),
        };
        if let Some(ct) = content_type {
            checked_media_type(name, ct)?;
        }
        self.push(name, None, content_type, Content::Bytes(Bytes::from(text)));
        Ok(())
    }

    /// One text part named `name` for each of `values`.
    pub fn texts<T: Serialize>(
        &mut self,
        name: &str,
        values: &[T],
        content_type: Option<&str>,
    ) -> Result<(), InvalidRequest> {
        values.iter().try_for_each(|v| self.text(name, v, content_type))
    }

    /// A part named `name` holding `value` as JSON text, with the media type `content_type`.
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: &str,
    ) -> Result<(), InvalidRequest> {
        checked_media_type(name, content_type)?;
        let json = serde_json::to_vec(value).map_err(|e| not_serializable(name, &e))?;
        self.push(name, None, Some(content_type), Content::Bytes(Bytes::from(json)));
        Ok(())
    }

    /// One JSON part named `name` for each of `values`.
    pub fn jsons<T: Serialize>(&mut self, name: &str, values: &[T], content_type: &str) -> Result<(), InvalidRequest> {
        values.iter().try_for_each(|v| self.json(name, v, content_type))
    }

    /// The whole body when every part is in memory (such a body can be sent again, so the request can be retried);
    /// else the form back.
    pub fn into_bytes(self) -> Result<Bytes, Form> {
        if !self.parts.iter().all(|p| matches!(p.content, Content::Bytes(_))) {
            return Err(self);
        }
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{}\r\n{}\r\n", self.boundary, part.head).as_bytes());
            if let Content::Bytes(b) = &part.content {
                out.extend_from_slice(b);
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        Ok(Bytes::from(out))
    }

    /// The body, its files opened (not read): a file that cannot be opened is refused here, before anything is sent.
    pub async fn into_body(self) -> Result<FormBody, InvalidRequest> {
        let mut queue = VecDeque::with_capacity(self.parts.len() * 3 + 1);
        for part in self.parts {
            queue.push_back(Chunk::Bytes(Bytes::from(format!("--{}\r\n{}\r\n", self.boundary, part.head))));
            match part.content {
                Content::Bytes(b) => queue.push_back(Chunk::Bytes(b)),
                Content::Path(p) => {
                    let file = tokio::fs::File::open(&p).await.map_err(|e| {
                        InvalidRequest::new(format!("file {}", p.display()), Problem::Unreadable(e.to_string()))
                    })?;
                    queue.push_back(Chunk::File(file));
                }
                Content::Stream(s) => queue.push_back(Chunk::Stream(Mutex::new(s))),
            }
            queue.push_back(Chunk::Bytes(Bytes::from_static(b"\r\n")));
        }
        queue.push_back(Chunk::Bytes(Bytes::from(format!("--{}--\r\n", self.boundary))));
        Ok(FormBody { queue })
    }
}

/// A `multipart/form-data` body as it is sent: headers and in-memory parts as they are, files read 64 KiB at a time,
/// streams chunk by chunk.
pub struct FormBody {
    queue: VecDeque<Chunk>,
}

enum Chunk {
    Bytes(Bytes),
    File(tokio::fs::File),
    /// Behind a lock only so that the body is `Sync` (reqwest asks it); reached through `get_mut`, never locked.
    Stream(Mutex<ChunkStream>),
}

impl std::fmt::Debug for FormBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormBody").field("chunks", &self.queue.len()).finish()
    }
}

/// How much of a file one read takes.
const READ_SIZE: usize = 64 * 1024;

impl http_body::Body for FormBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        loop {
            let Some(front) = this.queue.front_mut() else { return Poll::Ready(None) };
            let chunk = match front {
                Chunk::Bytes(b) => Some(std::mem::take(b)),
                Chunk::File(file) => {
                    let mut buf = vec![0u8; READ_SIZE];
                    let mut read = tokio::io::ReadBuf::new(&mut buf);
                    match tokio::io::AsyncRead::poll_read(Pin::new(file), cx, &mut read) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e.into()))),
                        Poll::Ready(Ok(())) => {
                            let n = read.filled().len();
                            buf.truncate(n);
                            (n > 0).then(|| Bytes::from(buf))
                        }
                    }
                }
                Chunk::Stream(stream) => {
                    let stream = stream.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
                    match stream.as_mut().poll_next(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                        Poll::Ready(Some(Ok(chunk))) => {
                            if chunk.is_empty() {
                                continue;
                            }
                            return Poll::Ready(Some(Ok(http_body::Frame::data(chunk))));
                        }
                        Poll::Ready(None) => None,
                    }
                }
            };
            match chunk {
                // A file or stream goes on until it ends; bytes are one chunk.
                Some(chunk) if !chunk.is_empty() => {
                    if matches!(front, Chunk::Bytes(_)) {
                        this.queue.pop_front();
                    }
                    return Poll::Ready(Some(Ok(http_body::Frame::data(chunk))));
                }
                _ => {
                    this.queue.pop_front();
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.queue.is_empty()
    }
}

/// Text for a quoted-string of `Content-Disposition` (RFC 7578 4.2): `"` and `\` escaped, line breaks (which a
/// header cannot hold) percent-encoded as HTML forms do.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A media type that can be written as a part's header: visible ASCII and spaces only.
fn checked_media_type(name: &str, media_type: &str) -> Result<(), InvalidRequest> {
    let place = || format!("multipart part `{name}` (its `Content-Type`)");
    if media_type.bytes().any(|b| b == b'\r' || b == b'\n') {
        return Err(InvalidRequest::new(place(), Problem::LineBreak));
    }
    if media_type.bytes().any(|b| b != b' ' && !(0x21..0x7f).contains(&b)) {
        return Err(InvalidRequest::new(place(), Problem::ControlCharacter));
    }
    Ok(())
}

fn not_serializable(name: &str, e: &serde_json::Error) -> InvalidRequest {
    InvalidRequest::new(format!("multipart part `{name}`"), Problem::NotSerializable(e.to_string()))
}
