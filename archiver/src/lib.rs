//! # zoom-archiver
//!
//! Moves a whole Zoom account's cloud recordings out of Zoom into storage you
//! own, verified and incrementally: every completed recording file of every
//! user (deactivated users included), each meeting's transcript, AI Companion
//! summary, metadata and participant audio, into a local folder or any object
//! store (S3 and compatible servers, Google Cloud Storage, Azure Blob Storage),
//! with a manifest in the destination that makes a second run transfer
//! nothing. The `zoom-archive` command is a thin layer over this library; a
//! service can use the same [`Archiver`].
//!
//! How the data flows (one way through, shared by `plan`, `archive` and `verify`):
//!
//! | step | module |
//! |---|---|
//! | which users, days, kinds | [`scope`], [`users`] |
//! | listing, a month window at a time | [`listing`] |
//! | what is new, by file id, and where it goes | `plan`, [`naming`] |
//! | transfer into a store (hash and size as it streams) | [`store`] |
//! | the record of what is archived | [`manifest`] |
//! | re-reading the destination | [`mod@verify`] |
//!
//! Layout in the destination:
//! `<user>/<YYYY-MM-DD>/<HHMM topic [tag]>/<recording type>.<ext>`, with
//! `transcript.vtt`, `meeting_summary.json`, `meeting.json` and
//! `participant_audio/…` beside the files, `manifest.jsonl` (and
//! `manifest.d/`) at the top.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod destination;
pub mod extras;
mod job;
pub mod journal;
pub mod listing;
pub mod manifest;
pub mod metadata;
pub mod naming;
mod plan;
pub mod report;
pub mod retention;
pub mod scope;
pub mod serve;
pub mod store;
pub mod users;
pub mod verify;

pub use job::{Archiver, DEFAULT_CONCURRENCY, RunError};
pub use manifest::{MANIFEST_FILE, Manifest, ManifestEntry};
pub use report::{Counts, Event, Failure, Report, Unavailable, UserReport};
pub use scope::{Filters, Include, Scope, Users};
pub use store::Store;
pub use verify::{Problem, VerifyReport, verify};
