//! Why a download failed.

use std::fmt;

/// A download that did not produce a complete, verified file.
#[derive(Debug)]
#[non_exhaustive]
pub enum DownloadError {
    /// The file is not ready: Zoom is still processing it, or it has no
    /// download URL yet. Nothing was written.
    NotReady {
        /// The file's id, when it has one.
        file_id: Option<String>,
        /// Why it is not ready.
        reason: &'static str,
    },
    /// The server answered with something other than the file: an HTML page
    /// or a JSON body where a recording was expected. Nothing was kept.
    UnexpectedContent {
        /// The `Content-Type` of the answer.
        content_type: String,
        /// The start of the body, secrets redacted.
        excerpt: String,
    },
    /// The transfer ended with a different number of bytes than expected.
    SizeMismatch {
        /// The size Zoom listed, or the server announced.
        expected: u64,
        /// The bytes received.
        received: u64,
    },
    /// The server answered a range request with a range that does not start
    /// where the partial file ends, more than once.
    BadContentRange {
        /// The `Content-Range` header, or `None` when missing.
        content_range: Option<String>,
    },
    /// More than 10 redirects, or a redirect without a usable `Location`.
    Redirects(String),
    /// The file could not be written (disk full, permissions, …).
    Io(std::io::Error),
}

impl fmt::Display for DownloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotReady { file_id, reason } => {
                write!(f, "recording file {} is not ready to download: {reason}; list it again later",
                    file_id.as_deref().unwrap_or("(without id)"))
            }
            Self::UnexpectedContent { content_type, excerpt } => write!(
                f,
                "the download answered `{content_type}` instead of the recording (an error page or an expired \
                 token); nothing was saved. Body starts: {excerpt}"
            ),
            Self::SizeMismatch { expected, received } => write!(
                f,
                "the download ended after {received} bytes but {expected} were expected; the partial file was kept \
                 as `.part` for a resume"
            ),
            Self::BadContentRange { content_range } => write!(
                f,
                "the file host answered a resume with an unusable Content-Range ({})",
                content_range.as_deref().unwrap_or("missing")
            ),
            Self::Redirects(why) => write!(f, "the download did not reach the file: {why}"),
            Self::Io(e) => write!(f, "could not write the downloaded file: {e}"),
        }
    }
}
