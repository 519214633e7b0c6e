#![doc = include_str!("../README.md")]
//!
//! ## Where things are
//!
//! - [`FakeZoom`] is the running fake: [`FakeZoom::start`] with a [`Config`], its URLs
//!   ([`FakeZoom::api_base_url`], [`FakeZoom::oauth_base_url`], [`FakeZoom::file_host_url`]) and
//!   credentials ([`FakeZoom::account_id`], [`FakeZoom::client_id`],
//!   [`FakeZoom::client_secret`]), and [`FakeZoom::shutdown`].
//! - What the answers must hold: [`FakeZoom::users`], [`FakeZoom::meetings`],
//!   [`FakeZoom::files`], [`FakeZoom::expected_file`] (size and SHA-256 of the bytes),
//!   [`FakeZoom::transcripts`], [`FakeZoom::recording_analytics`], [`FakeZoom::summaries`],
//!   [`FakeZoom::archive_meetings`]; the views are [`MeetingInfo`], [`FileInfo`], [`UserInfo`]
//!   and their neighbours.
//! - What was asked: [`FakeZoom::requests`] per [`Operation`], [`FakeZoom::requests_total`],
//!   [`FakeZoom::token_requests`], [`FakeZoom::bytes_served`].
//! - Faults: [`FakeZoom::faults`] gives the [`Faults`] to add a [`Rule`] to (a [`Matcher`],
//!   [`Times`] and a [`Fault`]); [`Config::random_faults`] sets a seeded random rate;
//!   [`FakeZoom::expire_all_tokens`] and [`FakeZoom::expire_page_tokens`] age tokens at once.
//! - Webhooks: [`FakeZoom::deliver_recording_completed`], [`FakeZoom::deliver_summary_event`]
//!   ([`SummaryEvent`]), [`FakeZoom::deliver_aic_transcript_completed`],
//!   [`FakeZoom::validate_endpoint`] ([`UrlValidationAnswer`]), and the raw
//!   [`FakeZoom::deliver_raw`], [`FakeZoom::deliver_raw_at`] and
//!   [`FakeZoom::deliver_with_headers`]; failures are [`DeliveryError`].
//!
//! The routes it serves are the 15 classic Cloud Recording operations, recording analytics,
//! meeting transcripts (WebVTT downloads), the Archiving operations (statistics, auto-delete,
//! one instance's files), AI Companion meeting summaries, and the Users API's `GET /users` over
//! an account with active, deactivated (recordings kept) and pending users.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

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
