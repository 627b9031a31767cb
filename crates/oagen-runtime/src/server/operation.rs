//! What a generated server needs of each operation, so that one generic handler serves them all.

use super::input::Input;
use super::rejection::Rejection;
use axum::response::IntoResponse;
use std::future::Future;

/// One operation of a generated server, implemented by its `Request`: where it is served ([`Operation::PATH`]), how
/// its inputs are read and checked ([`Operation::read`]) and which method of the API trait `A` answers them
/// ([`Operation::call`]). The generated router serves every operation with one generic handler over this trait.
pub trait Operation<A: ?Sized>: Sized + Send {
    /// The operation's path template ([`template_pieces`](super::template_pieces)).
    const PATH: &'static str;

    /// What the method answers with.
    type Response: IntoResponse;

    /// Reads and checks the inputs from a request whose path matched [`Operation::PATH`]: credentials, then
    /// parameters, then the body; the first input that fails its check is the rejection.
    fn read(input: Input) -> impl Future<Output = Result<Self, Rejection>> + Send;

    /// Calls the operation's method of `api`.
    fn call(self, api: &A) -> impl Future<Output = Self::Response> + Send;
}

/// Reads and checks a request for the operation `O`, a body up to `limit` bytes; `Ok(None)` when the request path is
/// not the operation's (another operation of the same route may take it).
pub async fn read<A: ?Sized, O: Operation<A>>(
    request: axum::extract::Request,
    limit: usize,
) -> Result<Option<O>, Rejection> {
    match Input::new(request, O::PATH, limit)? {
        Some(input) => O::read(input).await.map(Some),
        None => Ok(None),
    }
}
