//! Running the archiver against the fake Zoom and an S3 server, for the end-to-end tests and the
//! benchmark: a Zoom client with retries that do not wait, S3 stores with fast retries (and, for
//! tests that cut connections, one connection per request), the scope covering the fake's whole
//! history, an event recorder, and what the fake serves that an archive run must fetch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use fake_zoom::{FakeZoom, FileInfo};
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path;
use object_store::{BackoffConfig, ClientConfigKey, ObjectStoreExt, RetryConfig};
use sha2::{Digest, Sha256};
use zoom_archiver::store::ObjectStoreDest;
use zoom_archiver::{Event, Failure, ManifestEntry, Scope, Store, Users};
use zoom_cloud_recording::{Client, RetryPolicy};

use super::s3::S3Server;

/// The fake's history (in days before its "now") that the tests seed and archive.
pub const HISTORY_DAYS: u32 = 425;

/// A client for `zoom` (Server-to-Server OAuth) whose retries do not wait: 8 attempts, 1 ms
/// doubling to at most 10 ms, no jitter (a `Retry-After: 0` is then honoured as no wait at all).
pub fn zoom_client(zoom: &FakeZoom) -> Client {
    Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(8)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(10))
                .without_jitter(),
        )
        .build()
        .expect("a client for the fake Zoom builds")
}

/// object_store retries that wait milliseconds, not seconds (`max_retries` of them).
pub fn fast_retries(max_retries: usize) -> RetryConfig {
    RetryConfig {
        backoff: BackoffConfig {
            init_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(50),
            base: 2.0,
        },
        max_retries,
        retry_timeout: Duration::from_secs(30),
    }
}

/// `builder` with no idle connections kept: every S3 request opens its own connection, so a
/// [`super::cut_proxy::CutProxy`]'s byte count is the byte count of one request and an arming
/// above the size of every small request can only hit a large one.
pub fn one_connection_per_request(builder: AmazonS3Builder) -> AmazonS3Builder {
    builder.with_config(
        AmazonS3ConfigKey::Client(ClientConfigKey::PoolMaxIdlePerHost),
        "0",
    )
}

/// The archive under `prefix` of the store `builder` makes.
pub fn destination(builder: AmazonS3Builder, prefix: &str) -> Arc<dyn Store> {
    let bucket = builder
        .get_config_value(&AmazonS3ConfigKey::Bucket)
        .unwrap_or_default();
    let store = builder.build().expect("the test's S3 configuration is valid");
    Arc::new(ObjectStoreDest::new(
        Arc::new(store),
        prefix,
        format!("s3://{bucket}/{prefix}"),
    ))
}

/// Every user, over the fake's whole history (seeded with [`HISTORY_DAYS`]) up to its today.
pub fn whole_history(zoom: &FakeZoom) -> Scope {
    let today = zoom.now().date_naive();
    let first = today - chrono::Days::new(u64::from(HISTORY_DAYS) + 1);
    Scope::new(Users::All, first, today)
}

/// A fixed day range, for scopes built by hand.
pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

/// Records the events of a run.
#[derive(Clone, Default)]
pub struct Events(Arc<Mutex<Vec<Event>>>);

impl Events {
    /// A callback for [`zoom_archiver::Archiver::on_event`] that records into this.
    pub fn recorder(&self) -> impl Fn(&Event) + Send + Sync + 'static {
        let events = Arc::clone(&self.0);
        move |event: &Event| {
            // Progress events are many and say nothing the tests check.
            if !matches!(event, Event::Progress { .. }) {
                events
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(event.clone());
            }
        }
    }

    /// Forgets what was recorded (between runs).
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The entries of every `Archived` event so far.
    pub fn archived(&self) -> Vec<ManifestEntry> {
        let events = self.0.lock().unwrap_or_else(|e| e.into_inner());
        events
            .iter()
            .filter_map(|e| match e {
                Event::Archived(entry) => Some(entry.clone()),
                _ => None,
            })
            .collect()
    }

    /// The failures of every `Failed` event so far.
    pub fn failed(&self) -> Vec<Failure> {
        let events = self.0.lock().unwrap_or_else(|e| e.into_inner());
        events
            .iter()
            .filter_map(|e| match e {
                Event::Failed(failure) => Some(failure.clone()),
                _ => None,
            })
            .collect()
    }
}

/// The recording and participant audio files an archive of the whole account must hold: every
/// file of a meeting in the listing (not trashed) that Zoom has finished processing.
pub fn archivable_files(zoom: &FakeZoom) -> Vec<FileInfo> {
    zoom.meetings()
        .into_iter()
        .filter(|m| !m.trashed)
        .flat_map(|m| m.files)
        .filter(|f| !f.trashed && !f.processing && f.download_url.is_some())
        .collect()
}

/// The fake's file that a manifest entry of a recording or participant audio file stands for:
/// by Zoom's file id when the listing shows one, otherwise (old-style entries, keyed by meeting,
/// type and start) the only id-less file of that type in that meeting. `None` for the extras.
pub fn fake_file_of<'a>(files: &'a [FileInfo], entry: &ManifestEntry) -> Option<&'a FileInfo> {
    if let Some(file) = files.iter().find(|f| f.id == entry.file_key) {
        return Some(file);
    }
    let mut id_less = files
        .iter()
        .filter(|f| f.meeting_uuid == entry.meeting_uuid && !f.id_in_listing && f.file_type == entry.kind);
    let file = id_less.next()?;
    assert!(
        id_less.next().is_none(),
        "two id-less {} files in meeting {}: the test cannot tell them apart",
        entry.kind,
        entry.meeting_uuid
    );
    Some(file)
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `(path, size)` of every object under `prefix/` in a `(key, size)` listing, keys made relative.
pub fn under_prefix(objects: &[(String, u64)], prefix: &str) -> HashMap<String, u64> {
    let start = format!("{prefix}/");
    objects
        .iter()
        .filter_map(|(key, size)| Some((key.strip_prefix(&start)?.to_owned(), *size)))
        .collect()
}
