//! Writing the responses of generated response enums.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Serialize;

fn with_type(status: StatusCode, media_type: &str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(media_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// `body` as JSON with `status` and the media type `media_type` (e.g. `application/json`).
///
/// A value that cannot be written as JSON (a map with non-string keys) is a bug of the handler: it is answered with a
/// bare 500, never a panic.
pub fn json<T: Serialize + ?Sized>(status: StatusCode, media_type: &str, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => with_type(status, media_type, Body::from(bytes)),
        Err(_) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

/// `body` as text with `status` and the media type `media_type` (e.g. `text/plain`).
pub fn text(status: StatusCode, media_type: &str, body: String) -> Response {
    with_type(status, media_type, Body::from(body))
}

/// Raw bytes with `status` and the media type `media_type`.
pub fn bytes(status: StatusCode, media_type: &str, body: Vec<u8>) -> Response {
    with_type(status, media_type, Body::from(body))
}

/// No body, only `status`.
pub fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
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
