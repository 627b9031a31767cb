//! Why a request was refused before its handler ran, and the RFC 9457 problem document it becomes by default.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where the offending input is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "in", rename_all = "snake_case")]
pub enum Location {
    /// A path parameter.
    Path {
        /// The parameter name.
        name: String,
    },
    /// A query parameter.
    Query {
        /// The parameter name.
        name: String,
    },
    /// A header.
    Header {
        /// The header name.
        name: String,
    },
    /// A cookie.
    Cookie {
        /// The cookie name.
        name: String,
    },
    /// The request body, at a JSON pointer (empty: the body as a whole).
    Body {
        /// RFC 6901 pointer into the body.
        pointer: String,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Path { name } => write!(f, "path parameter `{name}`"),
            Location::Query { name } => write!(f, "query parameter `{name}`"),
            Location::Header { name } => write!(f, "header `{name}`"),
            Location::Cookie { name } => write!(f, "cookie `{name}`"),
            Location::Body { pointer } if pointer.is_empty() => f.write_str("request body"),
            Location::Body { pointer } => write!(f, "request body at `{pointer}`"),
        }
    }
}

/// What kind of check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectionKind {
    /// A credential the operation requires is missing or malformed (401).
    MissingCredentials,
    /// A required parameter is missing (400).
    MissingParameter,
    /// A parameter does not match its schema (400).
    InvalidParameter,
    /// The body's `Content-Type` is not one the operation accepts (415).
    UnsupportedMediaType,
    /// The body is larger than the limit (413).
    BodyTooLarge,
    /// The body did not arrive within the body-read timeout of [`crate::server::serve`] (408).
    BodyTimeout,
    /// A required body is missing (400).
    MissingBody,
    /// The body is not well-formed (not JSON, not UTF-8 text, ...) (400).
    MalformedBody,
    /// The body is well-formed but does not match its schema (422).
    InvalidBody,
}

impl RejectionKind {
    /// The HTTP status this kind is answered with.
    pub fn status(self) -> StatusCode {
        match self {
            RejectionKind::MissingCredentials => StatusCode::UNAUTHORIZED,
            RejectionKind::MissingParameter | RejectionKind::InvalidParameter => StatusCode::BAD_REQUEST,
            RejectionKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            RejectionKind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            RejectionKind::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            RejectionKind::MissingBody | RejectionKind::MalformedBody => StatusCode::BAD_REQUEST,
            RejectionKind::InvalidBody => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// A short, stable summary (the problem `title`).
    pub fn title(self) -> &'static str {
        match self {
            RejectionKind::MissingCredentials => "Missing credentials",
            RejectionKind::MissingParameter => "Missing parameter",
            RejectionKind::InvalidParameter => "Invalid parameter",
            RejectionKind::UnsupportedMediaType => "Unsupported media type",
            RejectionKind::BodyTooLarge => "Request body too large",
            RejectionKind::BodyTimeout => "Request body too slow",
            RejectionKind::MissingBody => "Missing request body",
            RejectionKind::MalformedBody => "Malformed request body",
            RejectionKind::InvalidBody => "Invalid request body",
        }
    }

    /// A URI reference naming the problem type (the problem `type`).
    pub fn type_uri(self) -> &'static str {
        match self {
            RejectionKind::MissingCredentials => "urn:oagen:problem:missing-credentials",
            RejectionKind::MissingParameter => "urn:oagen:problem:missing-parameter",
            RejectionKind::InvalidParameter => "urn:oagen:problem:invalid-parameter",
            RejectionKind::UnsupportedMediaType => "urn:oagen:problem:unsupported-media-type",
            RejectionKind::BodyTooLarge => "urn:oagen:problem:body-too-large",
            RejectionKind::BodyTimeout => "urn:oagen:problem:body-timeout",
            RejectionKind::MissingBody => "urn:oagen:problem:missing-body",
            RejectionKind::MalformedBody => "urn:oagen:problem:malformed-body",
            RejectionKind::InvalidBody => "urn:oagen:problem:invalid-body",
        }
    }
}

/// A request refused before its handler ran: which input, and why.
///
/// The generated router turns it into a response with the API trait's `reject` method, which by default answers
/// with [`Rejection::into_problem`] as `application/problem+json`; override `reject` to use the API's own error shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    kind: RejectionKind,
    location: Option<Location>,
    detail: String,
    /// The `WWW-Authenticate` challenge for missing credentials.
    challenge: Option<String>,
}

impl Rejection {
    /// A rejection of `kind` about `location`, with `detail` saying why.
    pub fn new(kind: RejectionKind, location: Option<Location>, detail: impl Into<String>) -> Self {
        Rejection { kind, location, detail: detail.into(), challenge: None }
    }

    /// Missing or malformed credentials, with the `WWW-Authenticate` challenge to send (e.g. `Bearer`).
    pub fn unauthorized(challenge: &str, location: Option<Location>, detail: impl Into<String>) -> Self {
        Rejection {
            kind: RejectionKind::MissingCredentials,
            location,
            detail: detail.into(),
            challenge: Some(challenge.to_owned()),
        }
    }

    /// What kind of check failed.
    pub fn kind(&self) -> RejectionKind {
        self.kind
    }

    /// The HTTP status to answer with.
    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }

    /// Which input was wrong, when one input is to blame.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// Why, in one sentence (without the location).
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The `WWW-Authenticate` challenge, for [`RejectionKind::MissingCredentials`].
    pub fn challenge(&self) -> Option<&str> {
        self.challenge.as_deref()
    }

    /// The RFC 9457 problem document.
    pub fn into_problem(self) -> Problem {
        Problem {
            r#type: self.kind.type_uri().to_owned(),
            title: self.kind.title().to_owned(),
            status: self.kind.status().as_u16(),
            detail: self.to_string(),
            input: self.location,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(l) => write!(f, "{l}: {}", self.detail),
            None => f.write_str(&self.detail),
        }
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let challenge = self.challenge.clone();
        let mut response = self.into_problem().into_response();
        if let Some(value) = challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}

/// An RFC 9457 problem document (`application/problem+json`), with the offending input as an extension member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI reference naming the problem type.
    #[serde(rename = "type")]
    pub r#type: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// Which input was wrong (extension member).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub input: Option<Location>,
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        crate::server::response::json(status, "application/problem+json", &self)
    }
}
