//! A worker: claims one job at a time under a lease, renews the lease while
//! it works, archives the job's file into the destination, records it in the
//! manifest, and only then marks it done. A job whose lease is lost (this
//! process stalled past it and another replica took over) is abandoned at
//! once: the new holder writes the same path.
//!
//! | what went wrong | what happens |
//! |---|---|
//! | the event's download token expired or was refused | the same download again with the account's token |
//! | transient (rate limit, timeout, network, 5xx, the store) | queued again after `retry_base · 2^(attempt-1)`, at most `retry_max`; given up after `max_attempts` |
//! | anything else (404, a refused body, a payload not understood) | failed at once, with its reason kept on the job |

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::watch;
use zoom_cloud_recording::types::RecordingMeeting;
use zoom_cloud_recording::{DownloadRequest, Error, MeetingRef, Operation};

use super::Shared;
use super::jobs::{Job, Work};
use super::queue::{Claimed, Outcome};
use crate::manifest::{Manifest, ManifestEntry};
use crate::metadata::to_json;
use crate::retention::{self, Listed};
use crate::scope::Filters;
use crate::store::{Labels, Stored, TransferError};

/// Why one attempt at a job failed.
#[derive(Debug)]
enum Failure {
    /// Worth another attempt later.
    Transient(String),
    /// Not worth one.
    Permanent(String),
}

/// The worker loop, until `stop` turns true.
pub(crate) async fn run(shared: Arc<Shared>, index: usize, mut stop: watch::Receiver<bool>) {
    let name = format!("{}/{index}", shared.options.worker_id);
    loop {
        if *stop.borrow() {
            return;
        }
        // Registered before asking, so a delivery queued meanwhile still wakes it.
        let wake = shared.wake.notified();
        tokio::pin!(wake);
        wake.as_mut().enable();
        let now = (shared.clock)();
        match shared.queue.claim(&name, 1, now, shared.options.lease).await {
            Ok(jobs) if !jobs.is_empty() => {
                for job in jobs {
                    work(&shared, job).await;
                }
                continue;
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not claim jobs; trying again"),
        }
        tokio::select! {
            _ = wake => {}
            _ = tokio::time::sleep(shared.options.poll) => {}
            _ = stop.changed() => {}
        }
    }
}

/// Does one claimed job, renewing its lease meanwhile, and ends it.
async fn work(shared: &Shared, claimed: Claimed) {
    let lease = shared.options.lease;
    let renew_every = lease / 3;
    let attempt = archive(shared, &claimed);
    tokio::pin!(attempt);
    let result = loop {
        tokio::select! {
            result = &mut attempt => break Some(result),
            _ = tokio::time::sleep(renew_every) => {
                match shared.queue.renew(&claimed, (shared.clock)(), lease).await {
                    Ok(true) => {}
                    Ok(false) => break None,
                    Err(error) => tracing::warn!(%error, key = %claimed.key, "could not renew a lease; going on"),
                }
            }
        }
    };
    let Some(result) = result else {
        shared.metrics.lease_lost();
        tracing::warn!(key = %claimed.key, "lost the lease (another worker took the job over); abandoned");
        return;
    };
    let now = (shared.clock)();
    let outcome = match &result {
        Ok(_) => Outcome::Done,
        Err(Failure::Transient(reason)) if claimed.attempts < shared.options.max_attempts => Outcome::Retry {
            not_before: now + backoff(shared, claimed.attempts),
            reason: reason.clone(),
        },
        Err(Failure::Transient(reason)) => Outcome::Failed {
            reason: format!("gave up after {} attempts: {reason}", claimed.attempts),
        },
        Err(Failure::Permanent(reason)) => Outcome::Failed {
            reason: reason.clone(),
        },
    };
    match shared.queue.finish(&claimed, outcome.clone(), now).await {
        Ok(true) => match (outcome, result) {
            (Outcome::Done, Ok((bytes, already))) => shared.metrics.done(bytes, already),
            (Outcome::Retry { reason, .. }, _) => {
                shared.metrics.retried();
                tracing::info!(key = %claimed.key, attempt = claimed.attempts, %reason, "will try again");
            }
            (Outcome::Failed { reason }, _) => {
                shared.metrics.failed();
                tracing::error!(key = %claimed.key, %reason, "gave up on a job");
            }
            _ => {}
        },
        Ok(false) => shared.metrics.lease_lost(),
        Err(error) => {
            // The lease runs out and the job is done again (idempotently).
            tracing::warn!(%error, key = %claimed.key, "could not end a job in the queue");
        }
    }
}

/// The delay before attempt `attempts + 1`.
fn backoff(shared: &Shared, attempts: u32) -> chrono::Duration {
    let options = &shared.options;
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(20));
    let delay = options.retry_base.saturating_mul(factor).min(options.retry_max);
    chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1))
}

/// Archives the job's file and records it: `(bytes, found already archived)`.
async fn archive(shared: &Shared, claimed: &Claimed) -> Result<(u64, bool), Failure> {
    let job: Job = serde_json::from_value(claimed.payload.clone())
        .map_err(|e| Failure::Permanent(format!("the queued job is not understood: {e}")))?;
    if let Work::Retain { keys } = &job.work {
        return retain(shared, &job, keys).await.map(|()| (0, false));
    }
    let path = chosen_path(shared, &claimed.key, &job).await;
    if let Some(size) = already_archived(shared, &claimed.key, &path).await? {
        return Ok((size, true));
    }
    let labels = Labels {
        file_key: claimed.key.clone(),
        meeting_uuid: job.meeting_uuid.clone(),
    };
    let meeting = MeetingRef::uuid(&job.meeting_uuid);
    let stored = match &job.work {
        Work::Download { .. } => download(shared, claimed, &job, &path, &labels).await?,
        Work::Metadata => {
            let details = shared.client.recording_get().meeting_id(&meeting).call().await;
            put_json(shared, &path, &labels, &details.map_err(zoom_failure)?).await?
        }
        Work::Summary => {
            let summary = shared
                .client
                .getameetingsummary()
                .meeting_id(&meeting)
                .call()
                .await;
            put_json(shared, &path, &labels, &summary.map_err(zoom_failure)?).await?
        }
        Work::Retain { .. } => return Err(Failure::Permanent("not a file".to_owned())),
    };
    record(shared, claimed, &job, &path, &stored).await?;
    Ok((stored.size, false))
}

/// The path an earlier run chose for the key, or the job's own, made unique
/// against every other file the manifest places there (so nothing archived
/// is ever overwritten by a different file).
async fn chosen_path(shared: &Shared, key: &str, job: &Job) -> String {
    let manifest = shared.manifest.lock().await;
    if let Some(path) = manifest.path_of(key) {
        return path.to_owned();
    }
    let taken: HashSet<&str> = manifest
        .entries()
        .into_iter()
        .filter(|e| e.file_key != key)
        .map(|e| e.path.as_str())
        .collect();
    let (stem, extension) = match job.path.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !ext.contains('/') => (stem, ext),
        _ => (job.path.as_str(), ""),
    };
    (1..)
        .map(|n| match (n, extension) {
            (1, _) => job.path.clone(),
            (n, "") => format!("{stem}-{n}"),
            (n, ext) => format!("{stem}-{n}.{ext}"),
        })
        .find(|candidate| !taken.contains(candidate.as_str()))
        .unwrap_or_else(|| job.path.clone())
}

/// `Some(size)` when the manifest records the key at `path` and the
/// destination still holds it whole (the batch archiver got it first, or
/// this job was done before a crash cut it short of `finish`).
async fn already_archived(shared: &Shared, key: &str, path: &str) -> Result<Option<u64>, Failure> {
    let size = {
        let manifest = shared.manifest.lock().await;
        match manifest.get(key) {
            Some(entry) if entry.path == path => entry.size,
            _ => return Ok(None),
        }
    };
    let head = shared
        .store
        .head(path)
        .await
        .map_err(|e| Failure::Transient(e.to_string()))?;
    Ok(head.filter(|h| h.size == size).map(|h| h.size))
}

async fn download(
    shared: &Shared,
    claimed: &Claimed,
    job: &Job,
    path: &str,
    labels: &Labels,
) -> Result<Stored, Failure> {
    let token = claimed.download_token.as_ref();
    let request = job
        .download_request(token)
        .ok_or_else(|| Failure::Permanent("not a download".to_owned()))?;
    match transfer(shared, request, path, labels).await {
        Err(TransferError::Zoom(error)) if token.is_some() && token_refused(&error) => {
            shared.metrics.token_fallback();
            tracing::info!(key = %claimed.key, "the event's download token was refused; using the account's token");
            let request = job
                .download_request(None)
                .ok_or_else(|| Failure::Permanent("not a download".to_owned()))?;
            transfer(shared, request, path, labels)
                .await
                .map_err(transfer_failure)
        }
        other => other.map_err(transfer_failure),
    }
}

async fn transfer(
    shared: &Shared,
    request: DownloadRequest,
    path: &str,
    labels: &Labels,
) -> Result<Stored, TransferError> {
    shared
        .store
        .transfer(shared.client.download(request), path, labels)
        .await
}

/// Whether the file host refused the event's token (expired after 24 hours,
/// or never valid), rather than the file.
fn token_refused(error: &Error) -> bool {
    matches!(error.status(), Some(401 | 403)) || matches!(error, Error::Auth(_))
}

fn zoom_failure(error: Error) -> Failure {
    if error.is_transient() {
        Failure::Transient(error.to_string())
    } else {
        Failure::Permanent(error.to_string())
    }
}

fn transfer_failure(error: TransferError) -> Failure {
    match error {
        TransferError::Zoom(error) => zoom_failure(error),
        TransferError::Store(error) => Failure::Transient(error.to_string()),
    }
}

async fn put_json(
    shared: &Shared,
    path: &str,
    labels: &Labels,
    value: &impl serde::Serialize,
) -> Result<Stored, Failure> {
    let bytes = to_json(value).map_err(Failure::Permanent)?;
    shared
        .store
        .put(path, bytes, labels)
        .await
        .map_err(|e| Failure::Transient(e.to_string()))
}

async fn record(
    shared: &Shared,
    claimed: &Claimed,
    job: &Job,
    path: &str,
    stored: &Stored,
) -> Result<(), Failure> {
    let mut entry = ManifestEntry::new(&job.meeting_uuid, &claimed.key, path, stored.size, &stored.sha256);
    entry.user = job.user.clone();
    entry.kind = job.kind.clone();
    entry.archived_at = (shared.clock)().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut manifest = shared.manifest.lock().await;
    manifest
        .record(&*shared.store, entry)
        .await
        .map_err(|e| Failure::Transient(format!("stored, but not recorded in the manifest: {e}")))
}

/// Frees Zoom's storage of the job's meeting once every one of `keys` is in
/// the destination's manifest (re-read, so other replicas' files count), by
/// the retention rules, which verify each copy themselves.
async fn retain(shared: &Shared, job: &Job, keys: &[String]) -> Result<(), Failure> {
    let Some(options) = shared.options.then.as_ref() else {
        return Ok(());
    };
    let store = &*shared.store;
    let manifest = Manifest::load(store)
        .await
        .map_err(|e| Failure::Transient(e.to_string()))?;
    let missing = keys.iter().filter(|k| manifest.get(k).is_none()).count();
    if missing > 0 {
        return Err(Failure::Transient(format!(
            "waiting: {missing} of the meeting's {} files are not archived yet; nothing is removed",
            keys.len()
        )));
    }
    let meeting: RecordingMeeting = serde_json::from_value(serde_json::json!({ "uuid": job.meeting_uuid }))
        .map_err(|e| Failure::Permanent(e.to_string()))?;
    let listed = [Listed {
        user: job.user.clone(),
        meetings: vec![meeting],
    }];
    let (report, _audit) = retention::apply_unfolded(
        &shared.client,
        store,
        &manifest,
        &listed,
        &Filters::default(),
        options,
    )
    .await
    .map_err(|e| Failure::Transient(e.to_string()))?;
    for kept in &report.kept {
        tracing::info!(meeting = %job.meeting_uuid, reason = %kept.reason, "kept at Zoom");
    }
    match report.failures.first() {
        Some(failure) => Err(Failure::Transient(format!(
            "{} removal(s) failed at Zoom, the first: {}",
            report.failures.len(),
            failure.reason
        ))),
        None => Ok(()),
    }
}
