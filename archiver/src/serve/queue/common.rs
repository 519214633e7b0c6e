//! What the SQLite and PostgreSQL queues share: the states as stored, time
//! as stored (microseconds since the Unix epoch, so both databases compare
//! plain integers), the checks on what callers pass in, and errors that say
//! what went wrong without ever holding a token or a password.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{NewJob, QueueError};

/// The schema version both queues write (SQLite's `user_version`, a row in
/// PostgreSQL). A database written by a newer version is refused rather than
/// misread.
pub(super) const SCHEMA_VERSION: i64 = 1;

/// A job's state as stored in the `state` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    /// Waiting to be claimed (at or after `claimable_at`).
    Queued,
    /// Held under a lease until `claimable_at`.
    Running,
    /// Archived; final.
    Done,
    /// Given up until a new delivery names the key.
    Failed,
}

impl State {
    /// The stored spelling (also [`super::JobRow::state`]'s).
    pub(super) fn as_str(self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Running => "running",
            State::Done => "done",
            State::Failed => "failed",
        }
    }

    /// Reads a stored state; anything else means the table was changed by
    /// something other than this code.
    pub(super) fn parse(stored: &str) -> Result<State, Invalid> {
        match stored {
            "queued" => Ok(State::Queued),
            "running" => Ok(State::Running),
            "done" => Ok(State::Done),
            "failed" => Ok(State::Failed),
            other => Err(Invalid(format!("a job has the unknown state {other:?}"))),
        }
    }
}

/// `at` as stored: microseconds since the Unix epoch.
pub(super) fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// `now + lease` as stored, or an error naming the lease when it does not fit.
pub(super) fn lease_end(now: DateTime<Utc>, lease: Duration) -> Result<i64, Invalid> {
    i64::try_from(lease.as_micros())
        .ok()
        .and_then(|lease| micros(now).checked_add(lease))
        .ok_or_else(|| Invalid(format!("a lease of {lease:?} is too long")))
}

/// How many rows a claim of `max` may take, as SQL's `LIMIT` wants it.
pub(super) fn limit(max: usize) -> i64 {
    i64::try_from(max).unwrap_or(i64::MAX)
}

/// A stored `attempts` count as [`super::Claimed::attempts`] holds it.
pub(super) fn attempts(stored: i64) -> Result<u32, Invalid> {
    u32::try_from(stored).map_err(|_| Invalid(format!("a job has the impossible attempt count {stored}")))
}

/// Refuses a batch with a job the queue could not store faithfully: an empty
/// key, or a NUL character in a key or a token (PostgreSQL's text cannot hold
/// one). The message names the job by its position and key, never the token.
pub(super) fn check_jobs(jobs: &[NewJob]) -> Result<(), Invalid> {
    for (index, job) in jobs.iter().enumerate() {
        if job.key.is_empty() {
            return Err(Invalid(format!("job {index} of the batch has an empty key")));
        }
        if job.key.contains('\0') {
            return Err(Invalid(format!(
                "job {index} of the batch has a NUL character in its key {:?}",
                job.key
            )));
        }
        if job
            .download_token
            .as_ref()
            .is_some_and(|token| token.expose().contains('\0'))
        {
            return Err(Invalid(format!(
                "job {index} of the batch ({:?}) has a NUL character in its download token",
                job.key
            )));
        }
    }
    Ok(())
}

/// The payload as stored (JSON text).
pub(super) fn payload_text(job: &NewJob) -> String {
    job.payload.to_string()
}

/// Reads a stored payload back.
pub(super) fn parse_payload(key: &str, stored: &str) -> Result<serde_json::Value, Invalid> {
    serde_json::from_str(stored)
        .map_err(|e| Invalid(format!("the stored payload of job {key:?} is not JSON: {e}")))
}

/// Something the caller passed in, or found in the database, that the queue
/// cannot work with; the message says what.
#[derive(Debug)]
pub(super) struct Invalid(pub(super) String);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Invalid {}

impl Invalid {
    /// As the error of `operation`.
    pub(super) fn during(self, operation: &'static str) -> QueueError {
        QueueError::new(operation, self)
    }
}

/// A database error with its whole chain of causes in one message
/// (`tokio_postgres` says only "db error" and keeps the server's message in
/// its source; a queue error is usually printed with `Display` alone).
#[derive(Debug)]
pub(super) struct Flattened(String);

impl Flattened {
    /// `error`'s message followed by each cause not already part of it.
    pub(super) fn new(error: &(dyn Error + 'static)) -> Flattened {
        let mut text = error.to_string();
        let mut cause = error.source();
        while let Some(inner) = cause {
            let message = inner.to_string();
            if !message.is_empty() && !text.contains(&message) {
                text.push_str(": ");
                text.push_str(&message);
            }
            cause = inner.source();
        }
        Flattened(text)
    }

    /// With `context` (a path, say) in front.
    pub(super) fn at(context: impl fmt::Display, error: &(dyn Error + 'static)) -> Flattened {
        Flattened(format!("{context}: {}", Flattened::new(error).0))
    }
}

impl fmt::Display for Flattened {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Flattened {}
