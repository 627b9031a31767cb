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

/// Raw bytes with `status` and the media type `media_type`.
pub fn bytes(status: impl IntoStatus, media_type: &str, body: Vec<u8>) -> Response {
    with_type(status.into_status(), media_type, Body::from(body))
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
}
