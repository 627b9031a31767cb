//! The error of a generated client's operations: one type for every API, generic over the client's own
//! `ErrorBody` (its documented error bodies, by type), so that each generated crate carries only that enum.

use super::token::TokenError;
use super::transport::TransportError;
use super::{InvalidRequest, Response};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;

/// The body of a documented error status as a client decodes it: the generated `ErrorBody` enum.
pub trait ErrorMessage {
    /// The API's own message in the body, where the body has one.
    fn message(&self) -> Option<&str>;
}

/// The `ErrorBody` of a client whose operations document no error status: it has no value, so
/// [`Error::Api`] cannot occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoErrorBody {}

impl ErrorMessage for NoErrorBody {
    fn message(&self) -> Option<&str> {
        match *self {}
    }
}

/// Everything an operation can fail with. `B` is the client's `ErrorBody`: the decoded body of a status the
/// operation documents as an error.
///
/// Its `Debug` and `Display` are bounded whatever the server sent: at most [`SHOWN`] bytes of a body (as text where
/// it is UTF-8, with the length of the rest), of the API's message and of each other field, so that logging an
/// error (`tracing::error!(?err)`) never writes a hostile response's megabytes.
#[non_exhaustive]
pub enum Error<B> {
    /// The API answered with a status the operation documents as an error; `body` is that status's body, decoded.
    Api {
        /// The status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The documented body of that status.
        body: Box<B>,
        /// How many requests were sent.
        attempts: u32,
    },
    /// The API answered with a status the operation does not document.
    UnexpectedStatus {
        /// The status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The body as received.
        body: Vec<u8>,
        /// How many requests were sent.
        attempts: u32,
    },
    /// The body does not match the type documented for its status.
    Decode {
        /// The status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The body as received.
        body: Vec<u8>,
        /// Why it does not match.
        source: serde_json::Error,
        /// How many requests were sent.
        attempts: u32,
    },
    /// The request could not be sent or the response not read (connection, TLS, timeout, redirects), after as many
    /// attempts as the retry policy allowed.
    Transport(TransportError),
    /// No bearer token could be had from the client's token source (nothing was sent on that attempt).
    Token {
        /// Why.
        source: TokenError,
        /// How many requests were sent before.
        attempts: u32,
    },
    /// A value cannot be put on the wire as the spec says (a header value with a line break, a path segment of
    /// `..`, an invalid base URL). Nothing was sent.
    InvalidRequest(InvalidRequest),
}

impl<B> Error<B> {
    /// The response status, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } | Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => {
                Some(*status)
            }
            Error::Transport(_) | Error::Token { .. } | Error::InvalidRequest(_) => None,
        }
    }

    /// How many requests were sent (0 when none was: an invalid request, no token).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api { attempts, .. }
            | Error::UnexpectedStatus { attempts, .. }
            | Error::Decode { attempts, .. }
            | Error::Token { attempts, .. } => *attempts,
            Error::Transport(e) => e.attempts(),
            Error::InvalidRequest(_) => 0,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }
}

impl<B: ErrorMessage> Error<B> {
    /// The API's own message, for a documented error whose body has one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { body, .. } => body.message(),
            _ => None,
        }
    }
}

/// The most of a body, a message or another field an [`Error`]'s `Debug` and `Display` show: 4 KiB.
pub const SHOWN: usize = 4096;

impl<B: fmt::Debug> fmt::Debug for Error<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, headers, body, attempts } => f
                .debug_struct("Api")
                .field("status", status)
                .field("headers", &Bounded(headers))
                .field("body", &Bounded(body))
                .field("attempts", attempts)
                .finish(),
            Error::UnexpectedStatus { status, headers, body, attempts } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("headers", &Bounded(headers))
                .field("body", &Preview(body))
                .field("attempts", attempts)
                .finish(),
            Error::Decode { status, headers, body, source, attempts } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("headers", &Bounded(headers))
                .field("body", &Preview(body))
                .field("source", source)
                .field("attempts", attempts)
                .finish(),
            Error::Transport(e) => f.debug_tuple("Transport").field(&Bounded(e)).finish(),
            Error::Token { source, attempts } => {
                f.debug_struct("Token").field("source", &Bounded(source)).field("attempts", attempts).finish()
            }
            Error::InvalidRequest(e) => f.debug_tuple("InvalidRequest").field(e).finish(),
        }
    }
}

/// A body's first [`SHOWN`] bytes: as a string where they are UTF-8 (cut at a character), else as hex, then how
/// many bytes are left out.
struct Preview<'a>(&'a [u8]);

impl fmt::Debug for Preview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = &self.0[..self.0.len().min(SHOWN)];
        let text = match std::str::from_utf8(head) {
            Ok(text) => Some(text),
            // Cut inside a character: the whole characters before it.
            Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok(),
            Err(_) => None,
        };
        let shown = match text {
            Some(text) => {
                write!(f, "{text:?}")?;
                text.len()
            }
            None => {
                let hex = &head[..head.len().min(SHOWN / 4)];
                f.write_str("<not UTF-8: ")?;
                for b in hex {
                    write!(f, "{b:02x}")?;
                }
                f.write_str(">")?;
                hex.len()
            }
        };
        match self.0.len() - shown {
            0 => Ok(()),
            rest => write!(f, " ... ({rest} more bytes of {})", self.0.len()),
        }
    }
}

/// A value's `Debug` (or `Display`, for [`Bounded::text`]), cut after [`SHOWN`] bytes: formatting stops there,
/// so a huge value is never written out in full, even to be thrown away.
struct Bounded<'a, T: ?Sized>(&'a T);

impl<T: fmt::Debug + ?Sized> fmt::Debug for Bounded<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Capped { text: String::new(), cut: false };
        let _ = fmt::write(&mut out, format_args!("{:?}", self.0));
        out.finish(f)
    }
}

impl<T: fmt::Display + ?Sized> Bounded<'_, T> {
    /// The value's `Display`, cut after [`SHOWN`] bytes.
    fn text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Capped { text: String::new(), cut: false };
        let _ = fmt::write(&mut out, format_args!("{}", self.0));
        out.finish(f)
    }
}

/// Text up to [`SHOWN`] bytes; writing past that fails, which ends the formatting.
struct Capped {
    text: String,
    cut: bool,
}

impl fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = SHOWN - self.text.len();
        if s.len() <= room {
            self.text.push_str(s);
            return Ok(());
        }
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.text.push_str(&s[..end]);
        self.cut = true;
        Err(fmt::Error)
    }
}

impl Capped {
    fn finish(self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        if self.cut {
            f.write_str(" ... (cut)")?;
        }
        Ok(())
    }
}

impl<B: ErrorMessage> fmt::Display for Error<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => match body.message() {
                Some(message) => {
                    write!(f, "{status}: ")?;
                    Bounded(message).text(f)?
                }
                None => write!(f, "{status}")?,
            },
            Error::UnexpectedStatus { status, body, .. } => {
                write!(f, "unexpected status {status} ({} bytes of body)", body.len())?
            }
            Error::Decode { status, source, .. } => {
                write!(f, "the body of a {status} response does not match its documented type: {source}")?
            }
            Error::Transport(e) => Bounded(e).text(f)?,
            Error::Token { source, .. } => {
                f.write_str("no bearer token: ")?;
                Bounded(source).text(f)?
            }
            Error::InvalidRequest(e) => write!(f, "invalid request: {e}")?,
        }
        match self.attempts() {
            0 | 1 => Ok(()),
            n => write!(f, " (after {n} attempts)"),
        }
    }
}

impl<B: ErrorMessage + fmt::Debug> std::error::Error for Error<B> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Transport(e) => Some(e),
            Error::Token { source, .. } => Some(source),
            Error::InvalidRequest(e) => Some(e),
            _ => None,
        }
    }
}

impl<B> From<TransportError> for Error<B> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl<B> From<InvalidRequest> for Error<B> {
    fn from(e: InvalidRequest) -> Self {
        Error::InvalidRequest(e)
    }
}

/// A decoded success body, or why the body does not match.
pub fn success<T, B>(value: Result<T, serde_json::Error>, response: Response) -> Result<T, Error<B>> {
    value.map_err(|source| Error::Decode {
        status: response.status,
        headers: Box::new(response.headers),
        body: response.body,
        source,
        attempts: response.attempts,
    })
}

/// The error for a documented error status, with its body decoded and wrapped into the client's `ErrorBody`
/// (or why the body does not match).
pub fn failure<T, B>(value: Result<T, serde_json::Error>, response: Response, wrap: fn(T) -> B) -> Error<B> {
    match value {
        Ok(body) => failure_without_body(response, wrap(body)),
        Err(source) => Error::Decode {
            status: response.status,
            headers: Box::new(response.headers),
            body: response.body,
            source,
            attempts: response.attempts,
        },
    }
}

/// The error for a documented error status whose body is JSON: [`failure`] with the body decoded.
pub fn json_failure<T: serde::de::DeserializeOwned, B>(response: Response, wrap: fn(T) -> B) -> Error<B> {
    failure(response.json(), response, wrap)
}

/// The error for a documented error status whose body is `body` (decoded, or none).
pub fn failure_without_body<B>(response: Response, body: B) -> Error<B> {
    Error::Api {
        status: response.status,
        headers: Box::new(response.headers),
        body: Box::new(body),
        attempts: response.attempts,
    }
}

/// The error for a status the operation does not document.
pub fn unexpected<B>(response: Response) -> Error<B> {
    Error::UnexpectedStatus {
        status: response.status,
        headers: Box::new(response.headers),
        body: response.body,
        attempts: response.attempts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    enum Body {
        Problem(String),
        Empty,
    }

    impl ErrorMessage for Body {
        fn message(&self) -> Option<&str> {
            match self {
                Body::Problem(m) => Some(m),
                Body::Empty => None,
            }
        }
    }

    fn response(status: u16, body: &str) -> Response {
        Response {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT),
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
            attempts: 1,
        }
    }

    #[test]
    fn a_documented_error_keeps_its_status_and_message() {
        let r = response(403, "\"forbidden\"");
        let e: Error<Body> = failure(r.json::<String>(), r, Body::Problem);
        assert_eq!(e.status(), Some(StatusCode::FORBIDDEN));
        assert_eq!(e.message(), Some("forbidden"));
        assert_eq!(e.to_string(), "403 Forbidden: forbidden");
        let r = response(404, "");
        let e: Error<Body> = failure(Ok(()), r, |()| Body::Empty);
        assert_eq!((e.message(), e.to_string()), (None, "404 Not Found".to_owned()));
    }

    #[test]
    fn a_body_that_does_not_match_is_a_decode_error_with_the_bytes() {
        let r = response(500, "not json");
        let e: Error<Body> = failure(r.json::<String>(), r, Body::Problem);
        assert!(matches!(&e, Error::Decode { body, .. } if body == b"not json"), "{e:?}");
        assert!(std::error::Error::source(&e).is_some());
        let r = response(200, "[1]");
        let ok: Result<String, Error<Body>> = success(r.json(), r);
        assert!(ok.unwrap_err().to_string().starts_with("the body of a 200 OK response does not match"));
    }

    #[test]
    fn an_undocumented_status_keeps_the_body() {
        let e: Error<NoErrorBody> = unexpected(response(418, "tea"));
        assert_eq!(e.to_string(), "unexpected status 418 I'm a teapot (3 bytes of body)");
        assert_eq!((e.status(), e.message(), e.is_timeout()), (Some(StatusCode::IM_A_TEAPOT), None, false));
    }

    #[test]
    fn a_huge_body_or_message_is_shown_in_a_few_kilobytes() {
        let big = "x".repeat(15 << 20);
        let decode: Error<Body> = {
            let r = response(200, &big);
            failure(r.json::<String>(), r, Body::Problem)
        };
        let unexpected: Error<NoErrorBody> = unexpected(response(500, &big));
        let api: Error<Body> = {
            let r = response(400, "\"m\"");
            failure(Ok(big.clone()), r, Body::Problem)
        };
        for (what, debug, display) in [
            ("decode", format!("{decode:?}"), decode.to_string()),
            ("unexpected", format!("{unexpected:?}"), unexpected.to_string()),
            ("api", format!("{api:?}"), api.to_string()),
        ] {
            assert!(debug.len() < 3 * SHOWN, "{what}: Debug is {} bytes", debug.len());
            assert!(display.len() < 2 * SHOWN, "{what}: Display is {} bytes", display.len());
        }
        let debug = format!("{unexpected:?}");
        assert!(
            debug.contains(&format!(
                "\"{}\" ... ({} more bytes of {})",
                "x".repeat(SHOWN),
                (15 << 20) - SHOWN,
                15 << 20
            )),
            "{:.200}",
            &debug[debug.len() - 200..]
        );
        assert!(format!("{api:?}").contains(" ... (cut)"));
        // Not text: hex, as short.
        let binary: Error<NoErrorBody> = {
            let mut r = response(500, "");
            r.body = vec![0xff; 1 << 20];
            super::unexpected(r)
        };
        let debug = format!("{binary:?}");
        assert!(debug.contains("body: <not UTF-8: ffff") && debug.len() < 3 * SHOWN, "{:.300}", debug);
        // A body cut inside a character shows the characters before it.
        let accents = "é".repeat(SHOWN);
        let e: Error<NoErrorBody> = super::unexpected(response(500, &accents));
        assert!(format!("{e:?}").contains(&format!("\"{}\" ... ", "é".repeat(SHOWN / 2))), "cut at a character");
    }
}
