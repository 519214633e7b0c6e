//! The service's state: the SDK client, the verifier, and a ledger of every
//! file an event named, so that duplicate deliveries download nothing twice.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{Semaphore, watch};
use zoom_cloud_recording::webhook::{RecordingEvent, Verifier};
use zoom_cloud_recording::{Client, DownloadAuth};

use crate::files::{plan, unique};

/// How many downloads run at once.
pub const DOWNLOAD_CONCURRENCY: usize = 4;

/// Where a file stands.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileStatus {
    /// Waiting for a download slot.
    Queued,
    /// Being downloaded.
    Downloading,
    /// Downloaded and verified by the SDK (size and kind).
    Done {
        /// Its size.
        bytes: u64,
        /// SHA-256 of its bytes, lowercase hex.
        sha256: String,
    },
    /// The download failed; a later delivery of the event tries again.
    Failed {
        /// Why, as the SDK reported it.
        error: String,
    },
}

/// One file a `recording.completed` event named.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileRecord {
    /// Its identity: Zoom's file id, or `<meeting uuid>:<file type>:<start>`
    /// for files listed without one.
    pub key: String,
    /// Zoom's file id, when the event shows one.
    pub file_id: Option<String>,
    /// The meeting UUID.
    pub meeting_uuid: String,
    /// The `download_url` it came from.
    pub download_url: String,
    /// Where it is (or will be) written: `<out>/<meeting folder>/<file name>`.
    pub path: PathBuf,
    /// Where it stands.
    pub status: FileStatus,
    /// How many times its download was started.
    pub downloads: u32,
    /// How many later deliveries named it again and were ignored.
    pub duplicates: u32,
}

impl FileRecord {
    fn settled(&self) -> bool {
        matches!(self.status, FileStatus::Done { .. } | FileStatus::Failed { .. })
    }
}

/// What the endpoint has received so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Verified `recording.completed` deliveries.
    pub completed_events: u64,
    /// Verified `endpoint.url_validation` challenges answered.
    pub url_validations: u64,
    /// Other verified events, acknowledged and ignored.
    pub other_events: u64,
    /// Deliveries refused with 401 (signature or timestamp).
    pub rejected: u64,
    /// Verified deliveries refused with 400 (not a Zoom event).
    pub invalid: u64,
    /// Files not downloaded because an earlier delivery already had them.
    pub duplicate_files: u64,
    /// Files skipped because Zoom was still processing them.
    pub not_ready_files: u64,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub completed_events: AtomicU64,
    pub url_validations: AtomicU64,
    pub other_events: AtomicU64,
    pub rejected: AtomicU64,
    pub invalid: AtomicU64,
    duplicate_files: AtomicU64,
    not_ready_files: AtomicU64,
}

pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

#[derive(Default)]
struct Ledger {
    /// Keys in the order events named them.
    order: Vec<String>,
    files: HashMap<String, FileRecord>,
    /// Relative paths given out, so that two files never share one.
    taken: HashSet<PathBuf>,
}

pub(crate) struct Inner {
    client: Client,
    pub(crate) verifier: Verifier,
    out_dir: PathBuf,
    ledger: Mutex<Ledger>,
    slots: Semaphore,
    /// Bumped whenever a file settles; waiters re-check the ledger.
    changed: watch::Sender<u64>,
    pub(crate) counters: Counters,
}

/// Everything the handlers share; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("verifier", &self.inner.verifier)
            .field("out_dir", &self.inner.out_dir)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// A state that verifies deliveries with `verifier` and downloads with
    /// `client` into `out_dir`. Downloads send each event's `download_token`,
    /// so the client's own credentials are used only for events without one.
    pub fn new(client: Client, verifier: Verifier, out_dir: impl Into<PathBuf>) -> Self {
        Self {
            inner: Arc::new(Inner {
                client,
                verifier,
                out_dir: out_dir.into(),
                ledger: Mutex::new(Ledger::default()),
                slots: Semaphore::new(DOWNLOAD_CONCURRENCY),
                changed: watch::channel(0).0,
                counters: Counters::default(),
            }),
        }
    }

    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.inner.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every file events named, in that order.
    pub fn files(&self) -> Vec<FileRecord> {
        let ledger = self.ledger();
        ledger
            .order
            .iter()
            .filter_map(|k| ledger.files.get(k).cloned())
            .collect()
    }

    /// The counters of the endpoint.
    pub fn stats(&self) -> Stats {
        let c = &self.inner.counters;
        let get = |n: &AtomicU64| n.load(Ordering::Relaxed);
        Stats {
            completed_events: get(&c.completed_events),
            url_validations: get(&c.url_validations),
            other_events: get(&c.other_events),
            rejected: get(&c.rejected),
            invalid: get(&c.invalid),
            duplicate_files: get(&c.duplicate_files),
            not_ready_files: get(&c.not_ready_files),
        }
    }

    /// Waits until at least `n` files are downloaded or failed.
    pub async fn settled(&self, n: usize) {
        self.wait(|files| files.values().filter(|f| f.settled()).count() >= n)
            .await;
    }

    /// Waits until no file is queued or downloading.
    pub async fn idle(&self) {
        self.wait(|files| files.values().all(FileRecord::settled)).await;
    }

    async fn wait(&self, done: impl Fn(&HashMap<String, FileRecord>) -> bool) {
        let mut changes = self.inner.changed.subscribe();
        while !done(&self.ledger().files) {
            if changes.changed().await.is_err() {
                return;
            }
        }
    }

    /// Records the files of a verified `recording.completed` event and starts
    /// their downloads in the background; returns at once. Files an earlier
    /// delivery named are skipped unless their download failed.
    pub(crate) fn accept_completed(&self, event: RecordingEvent) {
        let plan = plan(&event.object);
        let c = &self.inner.counters;
        c.not_ready_files
            .fetch_add(plan.not_ready as u64, Ordering::Relaxed);
        let auth = event
            .download_token
            .clone()
            .map_or(DownloadAuth::Account, DownloadAuth::DownloadToken);
        let mut jobs = Vec::new();
        {
            let mut ledger = self.ledger();
            for file in plan.files {
                if let Some(known) = ledger.files.get_mut(&file.key) {
                    if !matches!(known.status, FileStatus::Failed { .. }) {
                        known.duplicates += 1;
                        bump(&c.duplicate_files);
                        continue;
                    }
                    known.status = FileStatus::Queued;
                } else {
                    let relative = unique(&mut ledger.taken, &plan.folder, &file.name);
                    let record = FileRecord {
                        key: file.key.clone(),
                        file_id: file.file_id.clone(),
                        meeting_uuid: plan.meeting_uuid.clone(),
                        download_url: file.request.url().to_owned(),
                        path: self.inner.out_dir.join(relative),
                        status: FileStatus::Queued,
                        downloads: 0,
                        duplicates: 0,
                    };
                    ledger.order.push(file.key.clone());
                    ledger.files.insert(file.key.clone(), record);
                }
                jobs.push((file.key, file.request.auth(auth.clone())));
            }
        }
        tracing::info!(
            meeting = %plan.meeting_uuid,
            queued = jobs.len(),
            not_ready = plan.not_ready,
            "recording.completed accepted"
        );
        for (key, request) in jobs {
            tokio::spawn(self.clone().download(key, request));
        }
    }

    async fn download(self, key: String, request: zoom_cloud_recording::DownloadRequest) {
        let Ok(_slot) = self.inner.slots.acquire().await else {
            return;
        };
        let path = {
            let mut ledger = self.ledger();
            let Some(record) = ledger.files.get_mut(&key) else {
                return;
            };
            record.status = FileStatus::Downloading;
            record.downloads += 1;
            record.path.clone()
        };
        let outcome = self.inner.client.download(request).to_path(&path).await;
        let status = match outcome {
            Ok(done) => {
                tracing::info!(file = %key, path = %path.display(), bytes = done.bytes, "downloaded");
                FileStatus::Done {
                    bytes: done.bytes,
                    sha256: done.sha256,
                }
            }
            Err(e) => {
                tracing::warn!(file = %key, error = %e, "download failed");
                FileStatus::Failed { error: e.to_string() }
            }
        };
        if let Some(record) = self.ledger().files.get_mut(&key) {
            record.status = status;
        }
        self.inner.changed.send_modify(|n| *n += 1);
    }
}
