//! What both sides of the wire read the same way: which operations are served, parameter locations in words,
//! statuses, and the Rust type a body is held as.

use super::rust_type::{RustType, Types};
use oagen_ir::{Api, Content, Encoding, Operation, ParamLocation, SecurityKind, StatusCode};

/// The operations the API serves, in document order: webhooks are requests the API sends, so neither the client
/// nor the server has code for them.
pub fn served(api: &Api) -> impl Iterator<Item = &Operation> {
    api.operations.iter().filter(|op| !op.webhook)
}

/// Whether a scheme's credential is the whole `Authorization` header value, sent and read as it is: an HTTP scheme
/// other than basic and bearer (`digest`, `dsn`: the spec normalises it to a header key named so), or an API key
/// in that header.
pub fn is_raw_authorization(kind: &SecurityKind) -> bool {
    matches!(kind, SecurityKind::ApiKey { location: ParamLocation::Header, name } if name.eq_ignore_ascii_case("authorization"))
}

/// A parameter's location in words (`path`, `query`, `header`, `cookie`).
pub fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// Whether a status is a success (2xx, or the 2XX class).
pub fn is_success(status: StatusCode) -> bool {
    matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
}

/// A status as the spec writes it (`200`, `4XX`, `default`).
pub fn status_text(status: StatusCode) -> String {
    match status {
        StatusCode::Code(c) => c.to_string(),
        StatusCode::Range(c) => format!("{c}XX"),
        StatusCode::Default => "default".to_owned(),
    }
}

/// How a body is held in Rust.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Held {
    /// Decoded from JSON (or a form) into this type.
    Decoded(RustType),
    /// UTF-8 text: `String`.
    Text,
    /// Raw bytes: `Vec<u8>`.
    Bytes,
    /// Server-sent events whose data is `data`, read and written as `form` says.
    Events {
        /// The type of each event's value.
        data: RustType,
        /// What the spec's schema describes.
        form: EventForm,
    },
    /// A binary response body, streamed: the client's `ByteStream`, the server's `rt::ByteStream`.
    ByteStream,
}

/// What the schema of a `text/event-stream` body describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventForm {
    /// Each event's data, as text (a string schema, or none).
    Text,
    /// Each event's data, as JSON (an object, a union, a list or a map).
    Json,
    /// The whole event: an object (or a union of objects) with `data` and `event` members, the event type
    /// telling union members apart (OpenAI's assistant stream events).
    Frame,
}

impl Held {
    /// The Rust type of the value, as the client holds it (streams as the client module's aliases).
    pub fn ty(&self) -> RustType {
        match self {
            Held::Decoded(t) => t.clone(),
            Held::Text => RustType::STRING,
            Held::Bytes => RustType::BYTES,
            Held::Events { data, .. } => RustType::Generic { path: "EventStream", arg: Box::new(data.clone()) },
            Held::ByteStream => RustType::Local("ByteStream".to_owned()),
        }
    }

    /// The Rust type of the value as a server's handler gives it.
    pub fn server_ty(&self) -> RustType {
        match self {
            Held::Events { data, .. } => RustType::Generic { path: "rt::EventStream", arg: Box::new(data.clone()) },
            Held::ByteStream => RustType::Path("rt::ByteStream"),
            other => other.ty(),
        }
    }

    /// Whether the client reads it as a stream rather than whole.
    pub fn streams(&self) -> bool {
        matches!(self, Held::Events { .. } | Held::ByteStream)
    }

    /// How the body is held when it is read whole (an error status's body): streams as text or bytes.
    pub fn whole(&self) -> Held {
        match self {
            Held::Events { .. } => Held::Text,
            Held::ByteStream => Held::Bytes,
            other => other.clone(),
        }
    }
}

/// How a response body is held: JSON decoded, text as text, event streams as events, binary bodies streamed, forms
/// as bytes.
pub fn response_body(types: &Types<'_>, content: &Content) -> Held {
    match content.encoding {
        Encoding::Json => Held::Decoded(types.nullable(content.ty)),
        Encoding::Text => Held::Text,
        Encoding::EventStream => {
            let form = if types.is_event_frame(content.ty) {
                EventForm::Frame
            } else if types.is_structured(content.ty) {
                EventForm::Json
            } else {
                EventForm::Text
            };
            let data = if form == EventForm::Text { RustType::STRING } else { types.nullable(content.ty) };
            Held::Events { data, form }
        }
        Encoding::Binary => Held::ByteStream,
        Encoding::Form | Encoding::Multipart => Held::Bytes,
    }
}

/// How a request body is held where it is received: JSON and forms decoded, text as text, anything else as bytes.
pub fn request_body(types: &Types<'_>, content: &Content) -> Held {
    match content.encoding {
        Encoding::Json | Encoding::Form => Held::Decoded(types.nullable(content.ty)),
        Encoding::Text | Encoding::EventStream => Held::Text,
        Encoding::Binary | Encoding::Multipart => Held::Bytes,
    }
}

/// The `Content-Type` sent for a body: the media type as written, unless it is a wildcard or not a valid header.
pub fn content_type(c: &Content) -> String {
    let written = c.media_type.trim();
    let valid = !written.is_empty() && written.bytes().all(|b| (0x20..0x7f).contains(&b)) && !written.contains('*');
    if valid {
        return written.to_owned();
    }
    match c.encoding {
        Encoding::Json => "application/json".to_owned(),
        Encoding::Form => "application/x-www-form-urlencoded".to_owned(),
        Encoding::Text => "text/plain; charset=utf-8".to_owned(),
        Encoding::EventStream => "text/event-stream".to_owned(),
        Encoding::Multipart | Encoding::Binary => "application/octet-stream".to_owned(),
    }
}
