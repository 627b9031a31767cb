//! What generated servers share (Cargo feature `server`): reading and checking requests before a handler runs,
//! RFC 9457 problem documents for the requests refused, and writing responses.
//!
//! - [`schema`]: request schemas as static tables, and [`schema::check`].
//! - [`PathPiece`] / [`path_matches`]: an operation's path template, matched against a request path.
//! - [`Input`]: one request taken apart; parameters, credentials and bodies read, checked and decoded.
//! - [`Rejection`] / [`Problem`]: which input was wrong and why; `application/problem+json` by default.
//! - [`response`]: writing the generated response enums.
//! - [`merge_patch`]: JSON Merge Patch, for in-memory implementations.

mod input;
mod merge;
mod path;
mod rejection;
pub mod response;
pub mod schema;

pub use input::{media_type_matches, missing_body, ApiKey, BasicCredentials, BearerToken, Context, Input, Param, ParamIn};
pub use merge::merge_patch;
pub use path::{match_path, path_matches, PathPiece};
pub use rejection::{Location, Problem, Rejection, RejectionKind};
pub use response::StatusClass;

/// The default limit on request bodies: 2 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;
