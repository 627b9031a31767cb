//! Typed `multipart/form-data` bodies (Cargo features `client` and `server`): [`FilePart`], the content of a file
//! part with its file name and media type; with `client`, [`Form`], the parts a generated body struct is sent as
//! (file parts streamed, not read into memory); with `server`, [`Received`], the parts of a request decoded and
//! checked for a generated body struct ([`FromForm`]).

#[cfg(feature = "server")]
mod decode;
#[cfg(feature = "client")]
mod encode;

#[cfg(feature = "server")]
pub use decode::{boundary, parse, FromForm, Received, ReceivedPart};
#[cfg(feature = "client")]
pub use encode::{Form, FormBody, IntoForm};

use bytes::Bytes;
use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Mutex;

/// Any error, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A stream of chunks, as [`FilePart::from_stream`] takes it.
pub(crate) type ChunkStream = Pin<Box<dyn futures_core::Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// The content of one file part: bytes in memory, a file read when the request is sent, or a stream; with the file
/// name and media type the part is sent with.
///
/// ```
/// use oagen_runtime::multipart::FilePart;
/// let report = FilePart::from_bytes("a,b\n1,2\n").file_name("report.csv").content_type("text/csv");
/// assert_eq!(report.get_file_name(), Some("report.csv"));
/// ```
pub struct FilePart {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Behind a lock so that a part (and a request holding one) is `Sync`; it is only taken, never shared.
    Stream(Mutex<Option<ChunkStream>>),
}

impl FilePart {
    /// A part with these bytes (a `Vec<u8>`, a `String`, `&'static [u8]`, `Bytes`). No file name unless
    /// [`FilePart::file_name`] gives one.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        FilePart { source: Source::Bytes(bytes.into()), file_name: None, content_type: None }
    }

    /// A part with the contents of the file at `path`, opened when the request is sent and read as it goes out (a
    /// large file is never held in memory whole). Its file name is the path's last component unless
    /// [`FilePart::file_name`] says otherwise.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        FilePart { source: Source::Path(path), file_name, content_type: None }
    }

    /// A part whose content is `stream`'s chunks, sent as they come. A request with such a part is sent once (it is
    /// not retried: the stream cannot be read again).
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let stream: ChunkStream = Box::pin(MapErr(Box::pin(stream)));
        FilePart { source: Source::Stream(Mutex::new(Some(stream))), file_name: None, content_type: None }
    }

    /// The same part with the file name `name` (`filename` of its `Content-Disposition`).
    pub fn file_name(self, name: impl Into<String>) -> Self {
        FilePart { file_name: Some(name.into()), ..self }
    }

    /// The same part with the media type `media_type` (its `Content-Type`; else the spec's, else
    /// `application/octet-stream`).
    pub fn content_type(self, media_type: impl Into<String>) -> Self {
        FilePart { content_type: Some(media_type.into()), ..self }
    }

    /// The file name it is sent with (or was received with).
    pub fn get_file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type it is sent with when one was given (or the one it was received with).
    pub fn get_content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The content, when it is in memory (made by [`FilePart::from_bytes`], or received by a server).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Bytes(b) => Some(b),
            Source::Path(_) | Source::Stream(_) => None,
        }
    }

    /// The path it is read from, for a part made by [`FilePart::from_path`].
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(p) => Some(p),
            Source::Bytes(_) | Source::Stream(_) => None,
        }
    }

    /// The whole content: the bytes, the file read, or the stream collected.
    pub async fn into_bytes(self) -> Result<Bytes, BoxError> {
        match self.source {
            Source::Bytes(b) => Ok(b),
            Source::Path(p) => Ok(Bytes::from(tokio::fs::read(&p).await?)),
            Source::Stream(s) => {
                let mut stream = s.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()).ok_or("taken")?;
                let mut out = Vec::new();
                while let Some(chunk) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
                    out.extend_from_slice(&chunk?);
                }
                Ok(Bytes::from(out))
            }
        }
    }

    /// The content when it is in memory, shared rather than copied (a client's [`Upload`](crate::client::Upload)).
    #[cfg(feature = "client")]
    pub(crate) fn shared_bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(b) => Some(b),
            Source::Path(_) | Source::Stream(_) => None,
        }
    }

    /// Whether the content is a stream, which can be sent once only.
    #[cfg(feature = "client")]
    pub(crate) fn is_stream(&self) -> bool {
        matches!(self.source, Source::Stream(_))
    }

    /// The stream, the first time it is asked for (`None` for other content, and after).
    #[cfg(feature = "client")]
    pub(crate) fn take_stream(&self) -> Option<ChunkStream> {
        match &self.source {
            Source::Stream(s) => s.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take(),
            Source::Bytes(_) | Source::Path(_) => None,
        }
    }

    /// A part received by a server.
    #[cfg(feature = "server")]
    pub(crate) fn received(bytes: Bytes, file_name: Option<String>, content_type: Option<String>) -> Self {
        FilePart { source: Source::Bytes(bytes), file_name, content_type }
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("FilePart");
        match &self.source {
            Source::Bytes(b) => d.field("len", &b.len()),
            Source::Path(p) => d.field("path", p),
            Source::Stream(_) => d.field("stream", &".."),
        };
        d.field("file_name", &self.file_name).field("content_type", &self.content_type).finish()
    }
}

/// A stream with its errors boxed.
struct MapErr<S>(Pin<Box<S>>);

impl<S, E> futures_core::Stream for MapErr<S>
where
    S: futures_core::Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().0.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(Into::into)))
    }
}

#[cfg(all(test, feature = "client", feature = "server"))]
mod tests;
