//! What a call gives back once its response has arrived: the body alone or with the status and headers, as
//! [`Respond`] picks ([`BodyOnly`], [`FullResponse`]); the [`ApiResponse`] that holds both; and the [`Head`] kept
//! while the body is decoded.

use super::body::StreamingResponse;
use super::error::Error;
use super::Response;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::ops::Deref;

/// What a call returns: the body alone ([`BodyOnly`], what awaiting a builder gives) or the body with the status and
/// headers ([`FullResponse`], what a builder's `with_response()` gives).
pub trait Respond: Send + 'static {
    /// The return type for a body of type `T`.
    type Output<T>;
    /// Whether the headers are returned (else they are not copied).
    const HEADERS: bool;
    /// Picks what is returned.
    fn respond<T>(response: ApiResponse<T>) -> Self::Output<T>;
}

/// Calls return their body.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyOnly;

impl Respond for BodyOnly {
    type Output<T> = T;
    const HEADERS: bool = false;
    fn respond<T>(response: ApiResponse<T>) -> T {
        response.body
    }
}

/// Calls return an [`ApiResponse`]: status, headers and body.
#[derive(Debug, Clone, Copy, Default)]
pub struct FullResponse;

impl Respond for FullResponse {
    type Output<T> = ApiResponse<T>;
    const HEADERS: bool = true;
    fn respond<T>(response: ApiResponse<T>) -> ApiResponse<T> {
        response
    }
}

/// A decoded response with its status and headers. Derefs to the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: T,
}

impl<T> ApiResponse<T> {
    /// `body` with the status and headers of `head`.
    pub fn new(head: &Head, body: T) -> Self {
        ApiResponse { status: head.status, headers: head.headers.clone(), attempts: head.attempts, body }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// How many requests were sent (more than one after retries).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The body, and the rest without it (what a page of a list operation keeps beside its items).
    pub fn split(self) -> (ApiResponse<()>, T) {
        let ApiResponse { status, headers, attempts, body } = self;
        (ApiResponse { status, headers, attempts, body: () }, body)
    }

    /// A response of `status` and `headers` that took `attempts` requests, with `body`.
    pub fn from_parts(status: StatusCode, headers: HeaderMap, attempts: u32, body: T) -> Self {
        ApiResponse { status, headers, attempts, body }
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

/// A response's status and headers, kept while its body is decoded.
#[derive(Debug, Clone)]
pub struct Head {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
}

impl Head {
    /// The head of `response` (its headers copied only when `R` returns them).
    pub fn of<R: Respond>(response: &Response) -> Self {
        let headers = if R::HEADERS { response.headers.clone() } else { HeaderMap::new() };
        Head { status: response.status, headers, attempts: response.attempts }
    }

    /// The head of a response whose body is not read yet.
    pub fn of_streaming<R: Respond>(response: &StreamingResponse) -> Self {
        let headers = if R::HEADERS { response.headers.clone() } else { HeaderMap::new() };
        Head { status: response.status, headers, attempts: response.attempts }
    }

    /// `body` returned as `R` says.
    pub fn respond<R: Respond, T>(&self, body: T) -> R::Output<T> {
        R::respond(ApiResponse::new(self, body))
    }

    /// A call's result, its body returned as `R` says.
    pub fn finish<R: Respond, T, B>(self, result: Result<T, Error<B>>) -> Result<R::Output<T>, Error<B>> {
        result.map(|body| self.respond::<R, T>(body))
    }
}
