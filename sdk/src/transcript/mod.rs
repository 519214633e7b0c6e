//! Meeting transcripts (`GET /meetings/{meetingId}/transcript`) as typed
//! outcomes: ready to download, not ready yet, restricted, or absent.
//!
//! [`Client::transcript`] asks Zoom for a meeting's (or webinar's) transcript
//! and turns the answer into a [`Transcript`]. Only
//! [`Transcript::Ready`] carries a [`DownloadRequest`]; it goes through the
//! same [`Client::download`] machinery as recording files: `.part` file and
//! rename, SHA-256 on the way, size checked against what the server
//! announces (Zoom lists none for transcripts), an HTML page or a JSON error
//! refused because WebVTT text is expected, and the account token sent only
//! to Zoom's hosts and the configured base URLs.
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
//! use zoom_cloud_recording::{MeetingRef, Transcript};
//!
//! let meeting = MeetingRef::uuid("/ajXp112QmuoKj4854875=="); // double-encoded for you
//! match client.transcript(&meeting).await? {
//!     Transcript::Ready { request, .. } => {
//!         let done = client.download(request).to_path("transcripts/meeting.vtt").await?;
//!         println!("{} bytes, sha256 {}", done.bytes, done.sha256);
//!     }
//!     Transcript::NotReady { .. } => println!("Zoom is still processing it; ask again later"),
//!     Transcript::Restricted { reason, .. } => println!("it cannot be downloaded: {reason}"),
//!     Transcript::Absent => println!("the meeting has no transcript"),
//!     _ => println!("an outcome this program does not know yet"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Which transcript this is
//!
//! This endpoint is not the same thing as the `TRANSCRIPT` entry
//! ([`FileType::Transcript`](crate::quirks::FileType::Transcript), recording
//! type `audio_transcript`) in a cloud recording's `recording_files`. That file
//! belongs to the recording, is listed by `recordingGet` and the recording
//! listings, and is announced by the `recording.transcript_completed` webhook;
//! download it with [`DownloadRequest::for_file`] like any recording file.
//! A meeting can have either, both or neither.
//!
//! Zoom's 2025-09 API reference documents this endpoint without naming the
//! webhook that announces it. Third-party notes pair it with the AI Companion
//! event `meeting.aic_transcript_completed`; that pairing is **not confirmed**
//! by Zoom, so treat the event as a hint to call [`Client::transcript`] and
//! be ready for [`Transcript::NotReady`] or [`Transcript::Absent`].
//!
//! # How Zoom's answer is read
//!
//! | Zoom answers | outcome |
//! |---|---|
//! | `can_download: true` and a `download_url` | [`Transcript::Ready`] |
//! | `download_restriction_reason: "NOT_READY"` | [`Transcript::NotReady`] |
//! | any other reason (`DELETED_OR_TRASHED`, `UNSUPPORTED`, `NO_TRANSCRIPT_DATA`, or a value this SDK does not know, kept verbatim) | [`Transcript::Restricted`] |
//! | 404 with code 3322 | [`Transcript::Absent`] |
//! | `can_download: true` without a usable `download_url`, `true` together with a reason, `false` without a reason, or neither field | [`Error::Decode`] naming the field |
//!
//! Every other failure stays an [`Error`]: 404 with code 3301, 401, a 429
//! that outlasted the retries, and so on. Delete a transcript with
//! `client.delete_meeting_transcript()`.

mod rules;

use std::borrow::Borrow;
use std::fmt;

pub(crate) use rules::ready_url;

use crate::download::DownloadRequest;
use crate::error::{excerpt, Error, ZoomCode};
use crate::operation::Operation;
use crate::quirks::TranscriptRestriction;
use crate::{types, Client, MeetingRef};

/// What Zoom says about a meeting's transcript; made by [`Client::transcript`].
///
/// `Debug` shows the metadata with any secret-looking URL parameter
/// (`access_token=`, `pwd=`, …) redacted. New outcomes may be added, so keep
/// a `_` arm.
#[derive(Clone)]
#[non_exhaustive]
pub enum Transcript {
    /// The transcript can be downloaded now: hand `request` to
    /// [`Client::download`].
    Ready {
        /// Zoom's answer, unknown fields included.
        transcript: Box<types::MeetingTranscript>,
        /// The download of the WebVTT file, with the account token.
        request: DownloadRequest,
    },
    /// Zoom is still processing the transcript (`NOT_READY`): ask again later.
    NotReady {
        /// Zoom's answer, unknown fields included.
        transcript: Box<types::MeetingTranscript>,
    },
    /// The transcript cannot be downloaded for a lasting reason: deleted or in
    /// the trash, a format Zoom does not offer for download, no transcript data,
    /// or a reason this SDK does not know (kept verbatim in
    /// [`TranscriptRestriction::Unknown`]). Never `NOT_READY`: that is
    /// [`Transcript::NotReady`].
    Restricted {
        /// Why, as Zoom gave it (`download_restriction_reason`).
        reason: TranscriptRestriction,
        /// Zoom's answer, unknown fields included.
        transcript: Box<types::MeetingTranscript>,
    },
    /// The meeting has no transcript (Zoom answered 404 with code 3322): none
    /// was made, or it was deleted for good.
    Absent,
}

impl Transcript {
    /// Zoom's answer, for every outcome but [`Transcript::Absent`].
    pub fn metadata(&self) -> Option<&types::MeetingTranscript> {
        match self {
            Self::Ready { transcript, .. }
            | Self::NotReady { transcript }
            | Self::Restricted { transcript, .. } => Some(transcript),
            Self::Absent => None,
        }
    }

    /// The download, when the transcript is [ready](Transcript::Ready).
    pub fn download_request(&self) -> Option<&DownloadRequest> {
        match self {
            Self::Ready { request, .. } => Some(request),
            _ => None,
        }
    }

    /// The outcome's name, for logs: `ready`, `not_ready`, `restricted` or `absent`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Ready { .. } => "ready",
            Self::NotReady { .. } => "not_ready",
            Self::Restricted { .. } => "restricted",
            Self::Absent => "absent",
        }
    }
}

/// Formats like a derived `Debug`, then redacts what looks like a secret.
struct Redacted<'a, T>(&'a T);

impl<T: fmt::Debug> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = if f.alternate() {
            format!("{:#?}", self.0)
        } else {
            format!("{:?}", self.0)
        };
        f.write_str(&excerpt(raw.as_bytes(), usize::MAX))
    }
}

impl fmt::Debug for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ready { transcript, request } => f
                .debug_struct("Ready")
                .field("transcript", &Redacted(transcript))
                .field("request", &Redacted(request))
                .finish(),
            Self::NotReady { transcript } => f
                .debug_struct("NotReady")
                .field("transcript", &Redacted(transcript))
                .finish(),
            Self::Restricted { reason, transcript } => f
                .debug_struct("Restricted")
                .field("reason", reason)
                .field("transcript", &Redacted(transcript))
                .finish(),
            Self::Absent => f.write_str("Absent"),
        }
    }
}

impl Client {
    /// Asks Zoom for the transcript of a meeting or webinar: an id (its latest
    /// instance) or an instance UUID, double-encoded when Zoom wants it.
    ///
    /// Zoom's "no transcript" answer (404, code 3322) is
    /// [`Transcript::Absent`], not an error. A body that contradicts itself
    /// (`can_download: true` without a usable `download_url`, `false` without
    /// a reason, …) is [`Error::Decode`] naming the field, never `Ready`. Every
    /// other failure (404 with code 3301, 401, a 429 after the retries, …) is
    /// the usual [`Error`].
    pub async fn transcript(&self, meeting: impl Borrow<MeetingRef>) -> Result<Transcript, Error> {
        let segment = meeting.borrow().path_param();
        let answer = self.get_meeting_transcript().meeting_id(segment).call().await;
        let outcome = match answer {
            Ok(transcript) => rules::classify(transcript),
            Err(Error::Api(e)) if e.status == 404 && e.code == Some(ZoomCode::TranscriptNotFound) => {
                Ok(Transcript::Absent)
            }
            Err(e) => Err(e),
        };
        if let Ok(transcript) = &outcome {
            tracing::debug!(outcome = transcript.kind(), "meeting transcript");
        }
        outcome
    }
}
