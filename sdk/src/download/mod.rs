//! Recording downloads that never leave a corrupt file.
//!
//! A download streams into `<path>.part` in constant memory and is renamed to
//! `<path>` only when the byte count matches what Zoom listed (or the server
//! announced). An HTML page or a JSON error where the recording was expected
//! is an error, never a file. An interrupted transfer resumes with `Range`
//! (and starts over when the server ignores it); 429s, 5xx and broken
//! connections are retried under the client's [`RetryPolicy`](crate::RetryPolicy);
//! an expired account token is renewed once. Redirects are followed by hand
//! so the bearer token goes only to Zoom's hosts.
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client, file: zoom_cloud_recording::types::RecordingFile)
//! # -> Result<(), zoom_cloud_recording::Error> {
//! use zoom_cloud_recording::DownloadRequest;
//!
//! let request = DownloadRequest::for_file(&file)?; // NotReady while Zoom is still processing it
//! let done = client.download(request).to_path("recordings/meeting.mp4").await?;
//! println!("{} bytes, sha256 {}", done.bytes, done.sha256);
//! # Ok(())
//! # }
//! ```

mod error;
mod sink;
mod transfer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::stream::{self, BoxStream, StreamExt};
use tokio::io::AsyncWrite;

pub use error::DownloadError;
pub use sink::{part_path, PART_SUFFIX};
pub(crate) use transfer::{content_range, unsatisfied_total};

use crate::error::Error;
use crate::quirks::{FileExtension, FileStatus, FileType};
use crate::secret::Secret;
use crate::{types, Client};
use sink::Sink;
use transfer::Transfer;

/// Which credential a download sends.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum DownloadAuth {
    /// The client's own access token (renewed when it expires mid-run).
    #[default]
    Account,
    /// A `download_access_token` from `recordingGet` with `include_fields`.
    AccessToken(Secret),
    /// The `download_token` of a recording webhook event (valid 24 hours).
    DownloadToken(Secret),
}

/// What kind of body the file should be, to refuse error pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExpectedContent {
    /// Audio or video: HTML, JSON or plain text is refused.
    Media,
    /// A text file (transcript, captions, chat, CSV): HTML or JSON is refused.
    Text,
    /// A JSON file (timeline, summary): HTML is refused.
    Json,
    /// Anything but HTML.
    #[default]
    Any,
}

/// One file to download.
#[derive(Clone, Debug)]
pub struct DownloadRequest {
    url: String,
    auth: DownloadAuth,
    expected_size: Option<u64>,
    expected: ExpectedContent,
}

impl DownloadRequest {
    /// A download of `url` with the account token.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            auth: DownloadAuth::Account,
            expected_size: None,
            expected: ExpectedContent::Any,
        }
    }

    /// A download of a listed recording file, checked against its listed size
    /// and kind. Fails with [`DownloadError::NotReady`] while Zoom is still
    /// processing the file or has not given it a download URL.
    pub fn for_file(file: &types::RecordingFile) -> Result<Self, Error> {
        Self::listed(
            file.id.as_ref(),
            file.status.as_ref(),
            file.download_url.as_deref(),
            file.file_size.as_deref().copied(),
            expected_content(file.file_type.as_ref(), file.file_extension.as_ref()),
        )
    }

    /// A download of a participant's own audio track, which only
    /// [`recording_get`](Client::recording_get) lists
    /// (`participant_audio_files`), checked like [`DownloadRequest::for_file`].
    pub fn for_participant_audio(file: &types::ParticipantAudioFile) -> Result<Self, Error> {
        Self::listed(
            file.id.as_ref(),
            file.status.as_ref(),
            file.download_url.as_deref(),
            file.file_size.as_deref().copied(),
            expected_content(file.file_type.as_ref(), None),
        )
    }

    /// A listed file's download, refused while Zoom has not finished it.
    fn listed(
        id: Option<&String>,
        status: Option<&FileStatus>,
        download_url: Option<&str>,
        file_size: Option<i64>,
        expected: ExpectedContent,
    ) -> Result<Self, Error> {
        let not_ready = |reason| {
            Error::Download(Box::new(DownloadError::NotReady {
                file_id: id.cloned(),
                reason,
            }))
        };
        if matches!(status, Some(FileStatus::Processing)) {
            return Err(not_ready("Zoom is still processing it"));
        }
        if matches!(status, Some(FileStatus::Failed)) {
            return Err(not_ready("Zoom reports that processing failed"));
        }
        let url = download_url
            .filter(|u| !u.is_empty())
            .ok_or_else(|| not_ready("it has no download URL yet"))?;
        let expected_size = file_size
            .and_then(|size| u64::try_from(size).ok())
            .filter(|size| *size > 0);
        Ok(Self {
            url: url.to_owned(),
            auth: DownloadAuth::Account,
            expected_size,
            expected,
        })
    }

    /// A download of a meeting transcript (WebVTT) that
    /// [`get_meeting_transcript`](Client::get_meeting_transcript) reports as
    /// downloadable, with the account token. Text is expected, so an HTML page
    /// or a JSON error is refused; Zoom lists no size for transcripts, so the
    /// length the server announces is checked. [`Client::transcript`] makes
    /// this request for you.
    ///
    /// Fails with [`Error::InvalidRequest`] when `can_download` is not `true`,
    /// and with [`Error::Decode`] naming `download_url` when it is but the URL
    /// is missing or not an absolute http(s) URL.
    pub fn for_transcript(transcript: &types::MeetingTranscript) -> Result<Self, Error> {
        let url = crate::transcript::ready_url(transcript)?;
        Ok(Self::new(url).expect(ExpectedContent::Text))
    }

    /// Sends another credential than the account token.
    #[must_use]
    pub fn auth(mut self, auth: DownloadAuth) -> Self {
        self.auth = auth;
        self
    }

    /// The exact size the file must have.
    #[must_use]
    pub fn expected_size(mut self, bytes: u64) -> Self {
        self.expected_size = Some(bytes);
        self
    }

    /// The kind of body to accept.
    #[must_use]
    pub fn expect(mut self, content: ExpectedContent) -> Self {
        self.expected = content;
        self
    }

    /// The URL to download.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The size the file must have, when known.
    pub fn size(&self) -> Option<u64> {
        self.expected_size
    }

    /// The kind of body it accepts.
    pub fn expected_content(&self) -> ExpectedContent {
        self.expected
    }
}

fn expected_content(file_type: Option<&FileType>, extension: Option<&FileExtension>) -> ExpectedContent {
    match (file_type, extension) {
        (Some(FileType::Mp4 | FileType::M4a), _) | (_, Some(FileExtension::Mp4 | FileExtension::M4a)) => {
            ExpectedContent::Media
        }
        (Some(FileType::Timeline | FileType::Summary), _) | (_, Some(FileExtension::Json)) => {
            ExpectedContent::Json
        }
        (Some(FileType::Transcript | FileType::Cc | FileType::Chat | FileType::Csv), _)
        | (_, Some(FileExtension::Vtt | FileExtension::Txt | FileExtension::Csv)) => ExpectedContent::Text,
        _ => ExpectedContent::Any,
    }
}

/// How far a download is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes in the destination so far (a resumed part included).
    pub downloaded: u64,
    /// The file's size, when known.
    pub total: Option<u64>,
}

/// A progress callback.
pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// A finished download.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Downloaded {
    /// Where the file is (`None` for a writer).
    pub path: Option<PathBuf>,
    /// Its size.
    pub bytes: u64,
    /// The SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// How many bytes an earlier, interrupted download had left in `.part`.
    pub resumed_from: u64,
}

/// A download ready to run; made by [`Client::download`].
#[must_use = "a download does nothing until `to_path` or `to_writer` is awaited"]
pub struct Download<'a> {
    client: &'a Client,
    request: DownloadRequest,
    progress: Option<ProgressFn>,
}

impl Client {
    /// Prepares the download of one file.
    pub fn download(&self, request: DownloadRequest) -> Download<'_> {
        Download {
            client: self,
            request,
            progress: None,
        }
    }

    /// Downloads many files, at most `concurrency` at a time, yielding each
    /// job's destination with its outcome as it finishes.
    pub fn download_all<'a, I>(
        &'a self,
        jobs: I,
        concurrency: usize,
    ) -> BoxStream<'a, (PathBuf, Result<Downloaded, Error>)>
    where
        I: IntoIterator<Item = (DownloadRequest, PathBuf)>,
        I::IntoIter: Send + 'a,
    {
        stream::iter(jobs)
            .map(move |(request, path)| async move {
                let outcome = self.download(request).to_path(&path).await;
                (path, outcome)
            })
            .buffer_unordered(concurrency.max(1))
            .boxed()
    }
}

impl Download<'_> {
    /// Calls `progress` after every chunk written.
    pub fn on_progress(mut self, progress: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// Downloads into `path` through `<path>.part`, resuming a `.part` an
    /// earlier run left. `path` appears only when complete and verified.
    pub async fn to_path(self, path: impl AsRef<Path>) -> Result<Downloaded, Error> {
        let io = |e| Error::Download(Box::new(DownloadError::Io(e)));
        let mut sink = Sink::part_file(path.as_ref()).await.map_err(io)?;
        if let Err(e) = self.transfer().run(&mut sink).await {
            sink.discard_if_empty().await;
            return Err(e);
        }
        let (bytes, sha256, resumed_from) = (sink.written(), sink.sha256_hex(), sink.resumed_from());
        let path = sink.finish().await.map_err(io)?;
        Ok(Downloaded {
            path,
            bytes,
            sha256,
            resumed_from,
        })
    }

    /// Streams into `writer`. A server that ignores `Range` on a retry is
    /// handled by skipping what the writer already has.
    pub async fn to_writer<W>(self, writer: &mut W) -> Result<Downloaded, Error>
    where
        W: AsyncWrite + Unpin + Send,
    {
        let mut sink = Sink::writer(writer);
        self.transfer().run(&mut sink).await?;
        let (bytes, sha256) = (sink.written(), sink.sha256_hex());
        sink.finish()
            .await
            .map_err(|e| Error::Download(Box::new(DownloadError::Io(e))))?;
        Ok(Downloaded {
            path: None,
            bytes,
            sha256,
            resumed_from: 0,
        })
    }

    fn transfer(&self) -> Transfer<'_> {
        Transfer {
            state: crate::ClientInfo::inner(self.client),
            request: &self.request,
            progress: self.progress.as_ref(),
        }
    }
}
