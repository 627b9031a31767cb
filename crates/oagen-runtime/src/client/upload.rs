//! Binary request bodies (`application/octet-stream`, `format: binary`, images, ..): bytes in memory, a file read
//! while it is sent, or any stream of bytes, never all of it in memory unless the caller had it there.

use super::transport::BoxError;
use super::{InvalidRequest, Problem};
use crate::multipart::FilePart;
use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// The body of an operation that sends bytes: `Upload::from_bytes(vec)` (or `vec.into()`),
/// `Upload::from_path("video.mp4")`, or `Upload::from_stream(stream)`.
///
/// Bytes and files can be sent again, so their requests are retried as any other; a stream is sent once, so a
/// request with one is not retried. The content is held as a multipart [`FilePart`]'s is (without its name).
#[derive(Clone)]
pub struct Upload {
    content: Arc<FilePart>,
    length: Option<u64>,
}

impl Upload {
    /// Bytes already in memory (`Vec<u8>`, `Bytes`, `&'static [u8]`, `String`).
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Upload { length: Some(bytes.len() as u64), content: Arc::new(FilePart::from_bytes(bytes)) }
    }

    /// The file at `path`, opened when the request is sent (again for each attempt) and read as it goes out, with
    /// its size as the `Content-Length`. A file that cannot be opened fails the call with
    /// [`Error::InvalidRequest`](super::Error::InvalidRequest) before anything is sent.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        Upload { content: Arc::new(FilePart::from_path(path)), length: None }
    }

    /// The chunks `stream` yields, sent as they come (`Transfer-Encoding: chunked` unless
    /// [`with_length`](Self::with_length) gives the size). An error from the stream aborts the request.
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Upload { content: Arc::new(FilePart::from_stream(stream)), length: None }
    }

    /// The same upload, sent with `Content-Length: length` (for a stream whose size is known; servers such as
    /// object stores refuse uploads without it). The stream must then yield exactly that many bytes.
    pub fn with_length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// The size sent as `Content-Length`, when it is known before the file is opened.
    pub fn length(&self) -> Option<u64> {
        self.length
    }

    /// Whether another attempt can send it again (bytes and files can; a stream cannot).
    pub(crate) fn replayable(&self) -> bool {
        !self.content.is_stream()
    }

    /// The body for one attempt, and its length when known.
    pub(crate) fn open(&self) -> Result<(reqwest::Body, Option<u64>), InvalidRequest> {
        if let Some(bytes) = self.content.shared_bytes() {
            return Ok((reqwest::Body::from(bytes.clone()), self.length));
        }
        if let Some(path) = self.content.path() {
            let unreadable = |e: std::io::Error| {
                InvalidRequest::new("request body", Problem::Unreadable(format!("{}: {e}", path.display())))
            };
            let file = std::fs::File::open(path).map_err(unreadable)?;
            let length = match self.length {
                Some(length) => length,
                None => file.metadata().map_err(unreadable)?.len(),
            };
            return Ok((reqwest::Body::from(tokio::fs::File::from_std(file)), Some(length)));
        }
        match self.content.take_stream() {
            Some(chunks) => Ok((reqwest::Body::wrap_stream(chunks), self.length)),
            None => {
                Err(InvalidRequest::new("request body", Problem::Unreadable("the stream was already sent".to_owned())))
            }
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::from_bytes(bytes)
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload::from_bytes(bytes)
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Self {
        Upload::from_bytes(Bytes::copy_from_slice(bytes))
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::from_bytes(text)
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(bytes) = self.content.shared_bytes() {
            write!(f, "Upload::from_bytes({} bytes)", bytes.len())
        } else if let Some(path) = self.content.path() {
            write!(f, "Upload::from_path({})", path.display())
        } else {
            write!(f, "Upload::from_stream(length: {:?})", self.length)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_and_files_can_be_sent_again_and_a_stream_once() {
        let bytes = Upload::from(vec![1u8, 2, 3]);
        assert_eq!(bytes.length(), Some(3));
        assert!(bytes.replayable());
        assert!(bytes.open().is_ok() && bytes.open().is_ok());

        let chunks = Upload::from_stream(Iter(vec![Ok::<_, std::io::Error>(Bytes::from_static(b"ab"))].into_iter()));
        assert!(!chunks.replayable());
        assert_eq!(chunks.open().map(|(_, length)| length).ok(), Some(None), "chunked: no length");
        let again = chunks.open().expect_err("taken");
        assert!(again.to_string().contains("already sent"), "{again}");
        let sized = Upload::from_stream(Iter(Vec::<Result<Bytes, std::io::Error>>::new().into_iter())).with_length(0);
        assert_eq!(sized.open().map(|(_, length)| length).ok(), Some(Some(0)));
    }

    #[test]
    fn a_file_is_opened_for_each_attempt_with_its_size_and_a_missing_one_is_an_invalid_request() {
        let dir = std::env::temp_dir().join(format!("oagen-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("clip.bin");
        std::fs::write(&path, [7u8; 1000]).expect("write");
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        // A tokio file needs a runtime to be read (not to be opened).
        let _guard = rt.enter();
        let upload = Upload::from_path(&path);
        assert!(upload.replayable());
        for _ in 0..2 {
            let (_, length) = upload.open().expect("opened");
            assert_eq!(length, Some(1000));
        }
        let missing = Upload::from_path(dir.join("missing.bin")).open().expect_err("no such file");
        assert!(matches!(missing.problem(), Problem::Unreadable(why) if why.contains("missing.bin")), "{missing}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn debug_output_never_prints_the_bytes() {
        assert_eq!(format!("{:?}", Upload::from_bytes(&b"secret"[..])), "Upload::from_bytes(6 bytes)");
    }

    struct Iter<I>(I);

    impl<I: Iterator + Unpin> Stream for Iter<I> {
        type Item = I::Item;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<I::Item>> {
            std::task::Poll::Ready(self.get_mut().0.next())
        }
    }
}
