//! The archive job: every completed recording file of a user over a date
//! range, and each meeting's transcript when Zoom has one, downloaded into a
//! readable tree with a manifest, safely re-runnable. A transcript Zoom has
//! not finished, or one that was deleted or trashed, is reported as such.
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
//! use chrono::NaiveDate;
//!
//! let summary = client
//!     .archive("me", "recordings")
//!     .between(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2025, 12, 31).unwrap())
//!     .run()
//!     .await?;
//! println!("{} new files, {} already archived", summary.downloaded, summary.already_archived);
//! # Ok(())
//! # }
//! ```

mod manifest;
mod naming;
mod plan;
mod transcripts;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use futures::stream::{self, StreamExt, TryStreamExt};

pub use manifest::{ManifestEntry, DOWNLOADED, MANIFEST_FILE};
pub use naming::{
    file_key, file_name, meeting_folder, sanitize_component, MeetingIdentity, MAX_COMPONENT_BYTES,
};

use crate::download::Progress;
use crate::error::Error;
use crate::Client;
use manifest::Manifest;
use plan::{Job, Plan};
pub use transcripts::{transcript_key, TranscriptState, TRANSCRIPT_FILE};

/// What the job is doing, for progress displays.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ArchiveEvent {
    /// The listing is done: what will be downloaded.
    Planned {
        /// Meeting instances listed.
        meetings: usize,
        /// Files to download now.
        to_download: usize,
        /// Their total size, where Zoom listed it.
        bytes: u64,
        /// Files already in the archive.
        already_archived: usize,
        /// Files Zoom has not finished processing.
        not_ready: usize,
    },
    /// A meeting's transcript is not archived by this run, and why.
    TranscriptUnavailable {
        /// The meeting's folder relative to the archive folder.
        folder: String,
        /// Why.
        state: TranscriptState,
    },
    /// Bytes arrived for a file.
    Progress {
        /// The file's path relative to the archive folder.
        path: String,
        /// Bytes so far.
        downloaded: u64,
        /// Its size, when known.
        total: Option<u64>,
    },
    /// A file is complete, verified and recorded in the manifest.
    Archived(ManifestEntry),
    /// A file could not be archived (the run goes on).
    Failed {
        /// The file's path relative to the archive folder.
        path: String,
        /// What went wrong.
        error: String,
    },
}

/// An event callback.
pub type ArchiveEventFn = Arc<dyn Fn(&ArchiveEvent) + Send + Sync>;

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArchiveSummary {
    /// Meeting instances listed.
    pub meetings: usize,
    /// Files downloaded by this run.
    pub downloaded: usize,
    /// Bytes downloaded by this run.
    pub bytes: u64,
    /// Files already archived (and intact) before this run.
    pub already_archived: usize,
    /// Files skipped because Zoom is still processing them.
    pub not_ready: usize,
    /// Meetings whose transcript is not archived: (meeting folder, why).
    /// Not ready yet, or deleted or trashed, or otherwise withheld by Zoom.
    pub transcripts_unavailable: Vec<(String, TranscriptState)>,
    /// Meetings without a transcript (Zoom answers 3322: none was made, or it
    /// was deleted for good).
    pub transcripts_absent: usize,
    /// Files that failed: (path, error). A transcript that could not be asked
    /// for is named by the path it would have had.
    pub failed: Vec<(String, String)>,
}

/// An archive run; made by [`Client::archive`].
#[must_use = "an archive does nothing until `run` is awaited"]
pub struct Archive<'a> {
    client: &'a Client,
    user_id: String,
    root: PathBuf,
    range: Option<(NaiveDate, NaiveDate)>,
    concurrency: usize,
    transcripts: bool,
    on_event: Option<ArchiveEventFn>,
}

impl Client {
    /// Archives the recordings of `user_id` (an id, an email or `me`) into `folder`.
    pub fn archive(&self, user_id: impl Into<String>, folder: impl Into<PathBuf>) -> Archive<'_> {
        Archive {
            client: self,
            user_id: user_id.into(),
            root: folder.into(),
            range: None,
            concurrency: 4,
            transcripts: true,
            on_event: None,
        }
    }
}

impl Archive<'_> {
    /// Meetings that started from `from` to `to` (UTC days, inclusive). Without
    /// it, the last 12 months up to today.
    pub fn between(mut self, from: NaiveDate, to: NaiveDate) -> Self {
        self.range = Some((from, to));
        self
    }

    /// Files downloaded at once (default 4).
    pub fn concurrency(mut self, downloads: usize) -> Self {
        self.concurrency = downloads.max(1);
        self
    }

    /// Whether to archive each meeting's transcript (`GetMeetingTranscript`)
    /// as `transcript.vtt` in its folder (default: yes). It costs one API call
    /// per meeting whose transcript is not archived yet.
    pub fn transcripts(mut self, transcripts: bool) -> Self {
        self.transcripts = transcripts;
        self
    }

    /// Receives every [`ArchiveEvent`].
    pub fn on_event(mut self, callback: impl Fn(&ArchiveEvent) + Send + Sync + 'static) -> Self {
        self.on_event = Some(Arc::new(callback));
        self
    }

    /// Lists, downloads what is missing, and records it. Fails only when the
    /// listing or the manifest fails; a file that fails is reported in the
    /// summary and the run goes on.
    pub async fn run(self) -> Result<ArchiveSummary, Error> {
        let io = |e| Error::Download(Box::new(crate::download::DownloadError::Io(e)));
        tokio::fs::create_dir_all(&self.root).await.map_err(io)?;
        let mut manifest = Manifest::open(&self.root).await.map_err(io)?;
        let (from, to) = self.range.unwrap_or_else(|| last_twelve_months(self.client));
        let meetings: Vec<_> = self
            .client
            .recordings(self.user_id.clone())
            .between(from, to)
            .meetings()
            .try_collect()
            .await?;
        let mut plan = Plan::new(&meetings, &self.root, &manifest).await;
        let mut summary = ArchiveSummary {
            meetings: meetings.len(),
            ..ArchiveSummary::default()
        };
        if self.transcripts {
            let found = transcripts::plan_transcripts(
                self.client,
                &meetings,
                &self.root,
                &manifest,
                &mut plan,
                self.concurrency,
            )
            .await;
            for (folder, state) in &found.unavailable {
                self.emit(&ArchiveEvent::TranscriptUnavailable {
                    folder: folder.clone(),
                    state: state.clone(),
                });
            }
            for (path, error) in &found.failed {
                self.emit(&ArchiveEvent::Failed {
                    path: path.clone(),
                    error: error.clone(),
                });
            }
            summary.transcripts_unavailable = found.unavailable;
            summary.transcripts_absent = found.absent;
            summary.failed = found.failed;
        }
        summary.already_archived = plan.already_archived;
        summary.not_ready = plan.not_ready;
        self.emit(&ArchiveEvent::Planned {
            meetings: meetings.len(),
            to_download: plan.jobs.len(),
            bytes: plan.jobs.iter().filter_map(|job| job.request.size()).sum(),
            already_archived: plan.already_archived,
            not_ready: plan.not_ready,
        });
        let mut outcomes = stream::iter(plan.jobs)
            .map(|job| self.fetch(job))
            .buffer_unordered(self.concurrency);
        while let Some((job, outcome)) = outcomes.next().await {
            match outcome {
                Ok(done) => {
                    let entry = job.entry(done.bytes, done.sha256);
                    manifest.record(entry.clone()).await.map_err(io)?;
                    summary.downloaded += 1;
                    summary.bytes += entry.size;
                    self.emit(&ArchiveEvent::Archived(entry));
                }
                Err(error) => {
                    let error = error.to_string();
                    self.emit(&ArchiveEvent::Failed {
                        path: job.relative.clone(),
                        error: error.clone(),
                    });
                    summary.failed.push((job.relative, error));
                }
            }
        }
        Ok(summary)
    }

    async fn fetch(&self, job: Job) -> (Job, Result<crate::Downloaded, Error>) {
        let mut download = self.client.download(job.request.clone());
        if let Some(callback) = self.on_event.clone() {
            let path = job.relative.clone();
            download = download.on_progress(move |Progress { downloaded, total }| {
                callback(&ArchiveEvent::Progress {
                    path: path.clone(),
                    downloaded,
                    total,
                });
            });
        }
        let outcome = download.to_path(self.root.join(&job.relative)).await;
        (job, outcome)
    }

    fn emit(&self, event: &ArchiveEvent) {
        if let Some(callback) = &self.on_event {
            callback(event);
        }
    }
}

/// From the same day a year ago to today (UTC, by the client's clock).
fn last_twelve_months(client: &Client) -> (NaiveDate, NaiveDate) {
    let today = crate::ClientInfo::inner(client).runtime.clock.now().date_naive();
    let from = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
    (from, today)
}
