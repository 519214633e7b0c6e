//! Typed client for Zoom's Cloud Recording API.
//!
//! The operations are generated from an OpenAPI document (`openapi/` in the
//! repository) after a declared table of patches corrected what Zoom's
//! documentation gets wrong. The hand-written modules around the generated
//! code keep a Server-to-Server OAuth token fresh, retry what Zoom allows to be
//! retried, turn every failure into one [`Error`], and walk listings as
//! streams over any date range.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use chrono::NaiveDate;
//! use futures::TryStreamExt;
//! use zoom_cloud_recording::{Client, MeetingRef, Operation};
//!
//! // ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET of a Server-to-Server OAuth app.
//! let client = Client::from_env()?;
//!
//! // Every recording of 2025, walked month by month, each meeting instance once.
//! let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
//! let to = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
//! let mut meetings = client.recordings("me").between(from, to).meetings();
//! while let Some(meeting) = meetings.try_next().await? {
//!     println!("{:?} {:?}", meeting.uuid, meeting.topic);
//! }
//!
//! // One operation: `call()` gives the value or a `zoom_cloud_recording::Error`.
//! let meeting = MeetingRef::uuid("/ajXp112QmuoKj4854875=="); // double-encoded for you
//! let recordings = client.recording_get().meeting_id(&meeting).call().await?;
//! println!("{} files", recordings.recording_files.len());
//! # Ok(())
//! # }
//! ```
//!
//! Every operation is a builder named after Zoom's operationId in snake_case;
//! `send()` returns progenitor's `ResponseValue` (status and headers) and an
//! [`OperationError`] that `?` converts into [`Error`].

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod client;
mod clock;
mod decode;
pub mod download;
pub mod env;
mod error;
#[doc(hidden)]
pub mod fuzzing;
mod hex;
mod hooks;
mod meeting;
pub mod operation;
mod paginate;
mod path;
pub mod quirks;
pub mod redact;
mod runtime;
mod secret;
mod tls;
pub mod transcript;
pub mod webhook;
mod wire_times;

#[rustfmt::skip]
#[allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]
mod generated;

pub use client::{BuildError, ClientBuilder, ClientState, DEFAULT_BASE_URL};
pub use clock::{Clock, Sleep, SystemClock};
#[doc(hidden)]
pub use decode::decode_generated;
pub use decode::{decode, DecodeError};
pub use download::{
    Download, DownloadAuth, DownloadError, DownloadRequest, Downloaded, ExpectedContent, Progress, ProgressFn,
};
pub use error::{
    ApiError, AuthError, DecodeFailure, Error, RateLimitKind, RateLimited, TimeoutError, TimeoutScope,
    ZoomCode,
};
pub use generated::{builder, types, ByteStream, Client, ClientInfo, ResponseValue};
pub use meeting::{InvalidMeetingRef, MeetingRef};
pub use operation::Operation;
pub use paginate::{
    calendar_months, AccountRecordings, AccountUsers, ArchivedFiles, MeetingSummaries, Page, Paginate,
    Paginator, RecordingAnalytics, RecordingsOfUsers, TrashKind, UserMeeting, UserRecordings,
    DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MAX_PAGE_SIZE,
};
pub use runtime::auth::{AccessToken, Credentials, TokenFuture, TokenProvider, DEFAULT_OAUTH_BASE_URL};
pub use runtime::policy::{RetryPolicy, Timeouts};
pub use secret::Secret;
pub use transcript::Transcript;

/// The error a generated operation's `send()` returns. Convert it into the
/// SDK's [`Error`] (`?` does) to get the classification: rate limits, auth,
/// timeouts and failures the client itself decided arrive through it.
pub type OperationError = generated::Error<types::ErrorResponse>;
