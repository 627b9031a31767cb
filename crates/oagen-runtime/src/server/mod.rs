//! What generated servers share (Cargo feature `server`): reading and checking requests before a handler runs,
//! RFC 9457 problem documents for the requests refused, and writing responses.
//!
//! - [`schema`]: request schemas as static tables, and [`schema::check`].
//! - [`template_pieces`] / [`path_matches`]: an operation's path template, matched against a request path.
//! - [`Operation`] / [`read`]: what the generated handler needs of each operation.
//! - [`Input`]: one request taken apart; parameters, credentials and bodies read, checked and decoded.
//! - [`Rejection`] / [`Problem`]: which input was wrong and why; `application/problem+json` by default.
//! - [`response`]: writing the generated response enums.
//! - [`merge_patch`]: JSON Merge Patch, for in-memory implementations.
//! - [`serve`] / [`Limits`]: serving a router with header- and body-read timeouts and a connection limit.

mod input;
mod merge;
mod operation;
mod path;
mod rejection;
pub mod response;
pub mod schema;
mod serving;

pub use crate::sse::Event;
pub use input::{
    cookie, header, media_type_matches, missing_body, path, query, ApiKey, BasicCredentials, BearerToken, Context,
    Input, Param, ParamIn,
};
pub use merge::merge_patch;
pub use operation::{read, Operation};
pub use path::{match_path, path_matches, template_pieces, PathPiece};
pub use rejection::{Location, Problem, Rejection, RejectionKind};
pub use response::{
    bytes, empty, event_frame, event_json, event_text, events, frames, json, text, ByteStream, EventStream, IntoStatus,
    StatusClass,
};
pub use schema::{ANY, BOOLEAN, DATE, DATE_TIME, I32, I64, NUMBER, STRING, U32, U64, UUID};
pub use serving::{
    is_body_timeout, serve, BodyTimeout, Limits, Serve, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
};

/// `application/json`, the media type most bodies have.
pub const JSON: &str = "application/json";

/// `application/x-www-form-urlencoded`, the media type of form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// The default limit on request bodies: 2 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;
