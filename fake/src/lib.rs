//! A stateful, in-memory fake of Zoom's Cloud Recording API for tests and
//! benchmarks, served over loopback HTTP.
//!
//! One call starts it: an API server (`/v2`, `/oauth/token`, `/rec/download/…`)
//! and a separate file host that downloads redirect to. The data is seeded
//! deterministically (same [`Config`] → same JSON and bytes) and carries the
//! quirks of real Zoom responses. Requests change it (trash, recover, delete,
//! settings, registrants, transcripts, summaries, archive auto-delete), and
//! [`Faults`] inject rate limits, 5xx answers, resets, cut-off bodies, delays,
//! HTML pages and expired tokens on every route.
//!
//! It serves Zoom's API as it is today: the 15 classic Cloud Recording
//! operations, recording analytics, meeting transcripts (WebVTT downloads),
//! the Archiving operations (statistics, auto-delete, one instance's files),
//! AI Companion meeting summaries, and the Users API's `GET /users` over an
//! account with active, deactivated (recordings kept) and pending users. The
//! route list is in the `api` module; the handle's accessors
//! ([`FakeZoom::users`], [`FakeZoom::transcripts`],
//! [`FakeZoom::recording_analytics`], [`FakeZoom::summaries`],
//! [`FakeZoom::archive_meetings`], [`FakeZoom::expected_file`]) tell tests what
//! the answers must hold.
//!
//! It also sends signed webhooks: [`FakeZoom::deliver_recording_completed`]
//! POSTs a `recording.completed` event whose `download_token` downloads the
//! files, [`FakeZoom::deliver_summary_event`] the `meeting.summary_*` events and
//! [`FakeZoom::deliver_aic_transcript_completed`] `meeting.aic_transcript_completed`.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use fake_zoom::{Config, FakeZoom};
//! let zoom = FakeZoom::start(Config::default().seed(42)).await?;
//! println!("{} {} {}", zoom.api_base_url(), zoom.client_id(), zoom.client_secret());
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

mod accessors;
mod api;
mod config;
mod content;
mod content_vtt;
mod counters;
mod download;
mod faults;
mod files;
mod handle;
mod info;
mod info_aic;
mod middleware;
mod model;
mod model_aic;
mod model_users;
mod oauth;
mod rng;
mod seed;
mod seed_analytics;
mod seed_archive;
mod seed_extras;
mod seed_files;
mod seed_summaries;
mod seed_transcripts;
mod seed_users;
mod server;
mod state;
mod tokens;
mod webhooks;
mod webhooks_aic;

pub use config::Config;
pub use counters::Operation;
pub use faults::{Fault, Faults, Matcher, RetryAfter, Rule, RuleId, Times};
pub use handle::FakeZoom;
pub use info::{
    ArchiveFileInfo, ArchiveMeetingInfo, ExpectedFile, FileInfo, MeetingInfo, UserInfo, UserStatus,
};
pub use info_aic::{AnalyticsEvent, AnalyticsKind, SummaryInfo, TranscriptInfo, TranscriptState};
pub use webhooks::{DELIVERY_TIMEOUT, DeliveryError, UrlValidationAnswer};
pub use webhooks_aic::SummaryEvent;
