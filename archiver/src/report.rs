//! What a run tells: events as it goes, and a report at the end with a count
//! per user, every failure named with its reason, and the exit code.

use std::sync::Arc;

use serde::Serialize;

use crate::manifest::{Damaged, ManifestEntry};

/// Something that did not work; the run went on without it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The user (their archive folder).
    pub user: String,
    /// What failed: a path in the destination, or `listing 2026-01-01..2026-01-31`.
    pub item: String,
    /// Why.
    pub reason: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.user, self.item, self.reason)
    }
}

/// Something Zoom has not got (yet) for a meeting, and why; not a failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    /// The path it would have in the destination.
    pub path: String,
    /// Why it is not archived by this run.
    pub reason: String,
}

/// Counts for one user (or for the whole run).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Meeting instances listed.
    pub meetings: usize,
    /// Files to fetch (in a plan) or fetched (after an archive run) — see `archived`.
    pub to_fetch: usize,
    /// Their size, where Zoom lists one (transcripts and summaries have none).
    pub bytes_to_fetch: u64,
    /// Files already in the destination before this run.
    pub already_archived: usize,
    /// Bytes already in the destination.
    pub bytes_already_archived: u64,
    /// Files Zoom has not finished processing (a later run fetches them).
    pub not_ready: usize,
    /// Files this run archived (always 0 in a plan).
    pub archived: usize,
    /// Their bytes.
    pub bytes_archived: u64,
    /// Items that failed.
    pub failed: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.meetings += other.meetings;
        self.to_fetch += other.to_fetch;
        self.bytes_to_fetch += other.bytes_to_fetch;
        self.already_archived += other.already_archived;
        self.bytes_already_archived += other.bytes_already_archived;
        self.not_ready += other.not_ready;
        self.archived += other.archived;
        self.bytes_archived += other.bytes_archived;
        self.failed += other.failed;
    }
}

/// One user's part of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UserReport {
    /// Their folder in the archive (email, or the id given).
    pub user: String,
    /// Whether Zoom lists them as deactivated.
    pub inactive: bool,
    /// Whether every window of their listing completed.
    pub listing_complete: bool,
    /// Their counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// What a run did (or, for a plan, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Where.
    pub destination: String,
    /// Whether this was a plan (nothing written).
    pub dry_run: bool,
    /// Per user, in the order listed.
    pub users: Vec<UserReport>,
    /// Everything that failed.
    pub failures: Vec<Failure>,
    /// Transcripts and summaries Zoom does not have ready, and why.
    pub unavailable: Vec<Unavailable>,
    /// Meetings without a transcript at Zoom.
    pub transcripts_absent: usize,
    /// Meetings without an AI Companion summary at Zoom.
    pub summaries_absent: usize,
    /// Parts of the manifest that could not be read (their files were checked again).
    pub manifest_damaged: Vec<String>,
}

impl Report {
    /// The sum over users.
    pub fn totals(&self) -> Counts {
        let mut totals = Counts::default();
        for user in &self.users {
            totals.add(&user.counts);
        }
        totals
    }

    /// `0` when everything was archived, `2` when something failed (each in
    /// [`Report::failures`]). (`1`, could not run, is an `Err` of the run.)
    pub fn exit_code(&self) -> u8 {
        if self.failures.is_empty() { 0 } else { 2 }
    }

    pub(crate) fn note_damaged(&mut self, damaged: &[Damaged]) {
        self.manifest_damaged = damaged
            .iter()
            .map(|d| format!("{}: {}", d.at, d.reason))
            .collect();
    }
}

/// What the job is doing, as it does it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Event {
    /// A user's listing ended: meetings found, and whether it completed.
    Listed {
        /// The user.
        user: String,
        /// Meetings found.
        meetings: usize,
        /// Whether every window completed.
        complete: bool,
    },
    /// The plan is made: the totals of what will be fetched.
    Planned(Counts),
    /// Bytes arrived for a file.
    Progress {
        /// Its path.
        path: String,
        /// Bytes so far.
        done: u64,
        /// Its size, when known.
        total: Option<u64>,
    },
    /// A file is in the destination, verified and in the manifest.
    Archived(ManifestEntry),
    /// Zoom has not got something ready.
    Unavailable(Unavailable),
    /// Something failed; the run goes on.
    Failed(Failure),
}

/// An event callback.
pub type EventFn = Arc<dyn Fn(&Event) + Send + Sync>;
