//! The durable job queue behind `zoom-archive serve`: one row per file to
//! archive, keyed by the file's key (Zoom's file id, or the archive's key for
//! files without one), so a duplicate or redelivered webhook adds nothing.
//!
//! Two implementations share this contract and its tests:
//! [`SqliteQueue`] (an embedded database under `--state DIR`; one process)
//! and [`PostgresQueue`] (`--queue postgres://…`; several replicas claim with
//! `FOR UPDATE SKIP LOCKED` and hold each job under a lease that expires when
//! a replica dies).
//!
//! Every method that changes the queue has committed durably when it returns
//! `Ok`: the webhook is acknowledged only after [`Queue::enqueue`] returned.
//! Time is passed in (`now`) rather than read, so tests control it.
//!
//! A job's life:
//!
//! | state | how it gets there | next |
//! |---|---|---|
//! | `queued` | enqueued, or retried (`Outcome::Retry`, ready again at `not_before`), or its lease expired | `running` when claimed at or after `not_before` |
//! | `running` | claimed: `lease_until = now + lease`, `attempts += 1`, a new `lease` fencing number | `done`, `queued` (retry), `failed`; or claimable again once `lease_until` has passed |
//! | `done` | `Outcome::Done` by the holder of the current lease | never changes |
//! | `failed` | `Outcome::Failed` | `queued` again when a new delivery names the same key (a fresh download token may succeed) |

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use zoom_cloud_recording::Secret;

mod common;
pub mod postgres;
pub mod sqlite;

pub use postgres::PostgresQueue;
pub use sqlite::SqliteQueue;

/// A job to add.
#[derive(Clone, PartialEq)]
pub struct NewJob {
    /// Unique across the queue: the file's key in the manifest.
    pub key: String,
    /// What the worker needs to do it (opaque to the queue; never holds a secret).
    pub payload: Value,
    /// The delivery's `download_token`, kept apart from the payload so it is
    /// never logged with it.
    pub download_token: Option<Secret>,
}

impl fmt::Debug for NewJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewJob")
            .field("key", &self.key)
            .field("payload", &self.payload)
            .field(
                "download_token",
                &self.download_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// What [`Queue::enqueue`] did with a batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Enqueued {
    /// Keys the queue had not seen: now `queued`.
    pub added: usize,
    /// Keys whose job had `failed`: `queued` again, with the new payload and token.
    pub requeued: usize,
    /// Keys already queued, running or done: nothing changed.
    pub duplicates: usize,
}

/// A job a worker holds under a lease.
#[derive(Clone, PartialEq)]
pub struct Claimed {
    /// The row's id.
    pub id: i64,
    /// The job's key.
    pub key: String,
    /// As enqueued.
    pub payload: Value,
    /// As enqueued (the newest delivery's, when it was requeued).
    pub download_token: Option<Secret>,
    /// How many times it has been claimed, this claim included (1 the first time).
    pub attempts: u32,
    /// The fencing number of this claim: renew and finish succeed only while
    /// the row still carries it (a replica whose lease expired and was taken
    /// over cannot finish the job behind the new holder's back).
    pub lease: i64,
}

impl fmt::Debug for Claimed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claimed")
            .field("id", &self.id)
            .field("key", &self.key)
            .field("payload", &self.payload)
            .field(
                "download_token",
                &self.download_token.as_ref().map(|_| "<redacted>"),
            )
            .field("attempts", &self.attempts)
            .field("lease", &self.lease)
            .finish()
    }
}

/// How a claimed job ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Archived and recorded in the manifest.
    Done,
    /// Try again, not before `not_before`.
    Retry {
        /// When it may be claimed again.
        not_before: DateTime<Utc>,
        /// Why this attempt failed (kept as the job's last error).
        reason: String,
    },
    /// Give up (until a new delivery names the key again).
    Failed {
        /// Why (kept as the job's last error).
        reason: String,
    },
}

/// How many jobs are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueStats {
    /// Waiting (retries waiting for `not_before` included).
    pub queued: u64,
    /// Held under a lease (expired leases included until claimed again).
    pub running: u64,
    /// Archived.
    pub done: u64,
    /// Given up.
    pub failed: u64,
}

/// A job as the queue holds it, for tests and `zoom-archive serve` status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRow {
    /// The job's key.
    pub key: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    /// Claims so far.
    pub attempts: u32,
    /// The last failure's reason, if any.
    pub last_error: Option<String>,
}

/// Why the queue could not do what was asked.
#[derive(Debug)]
pub struct QueueError {
    /// What was being done: `open`, `enqueue`, `claim`, …
    pub operation: &'static str,
    /// Why (the database's error; never holds a token or a password).
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl QueueError {
    /// An error while doing `operation`.
    pub fn new(operation: &'static str, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            operation,
            source: source.into(),
        }
    }
}

impl fmt::Display for QueueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "queue: could not {}: {}", self.operation, self.source)
    }
}

impl std::error::Error for QueueError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The durable queue (see the module docs for the states).
#[async_trait]
pub trait Queue: Send + Sync + fmt::Debug {
    /// Adds `jobs` in one transaction, committed durably before it returns.
    /// A key seen before adds nothing, except that a `failed` job is queued
    /// again with the new payload and token.
    async fn enqueue(&self, jobs: Vec<NewJob>, now: DateTime<Utc>) -> Result<Enqueued, QueueError>;

    /// Claims up to `max` jobs for `worker`: `queued` ones whose `not_before`
    /// has come, and `running` ones whose lease ended before `now`, oldest
    /// first. Two callers never get the same job under the same lease.
    async fn claim(
        &self,
        worker: &str,
        max: usize,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<Vec<Claimed>, QueueError>;

    /// Extends `job`'s lease to `now + lease`. `Ok(false)`: the lease is no
    /// longer this claim's (it expired and another worker took the job).
    async fn renew(&self, job: &Claimed, now: DateTime<Utc>, lease: Duration) -> Result<bool, QueueError>;

    /// Ends `job` as `outcome`. `Ok(false)`: the lease is no longer this
    /// claim's, and nothing changed.
    async fn finish(&self, job: &Claimed, outcome: Outcome, now: DateTime<Utc>) -> Result<bool, QueueError>;

    /// How many jobs are in each state.
    async fn stats(&self) -> Result<QueueStats, QueueError>;

    /// Every job, ordered by key (for tests and status; not for large queues).
    async fn jobs(&self) -> Result<Vec<JobRow>, QueueError>;

    /// Where this is, for people (a file path, or `postgres://host:port/db`
    /// without the password).
    fn describe(&self) -> String;
}
