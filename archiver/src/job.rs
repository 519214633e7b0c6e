//! The archive job: scope → listing → plan → transfer → manifest. The same
//! run makes a plan (`Archiver::plan`, which writes nothing anywhere) or
//! archives (`Archiver::archive`).
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use chrono::NaiveDate;
//! use zoom_archiver::{destination, Archiver, Scope, Users};
//!
//! let store = destination::open("s3://recordings/zoom")?;
//! let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
//! let scope = Scope::new(Users::All, day(1, 1), day(6, 30));
//! let report = Archiver::new(client, store, scope).archive().await?;
//! println!("{} files archived, {} failed", report.totals().archived, report.failures.len());
//! # Ok(())
//! # }
//! ```

use std::sync::Arc;

use futures::stream::{self, StreamExt};
use zoom_cloud_recording::download::DownloadRequest;
use zoom_cloud_recording::types::RecordingMeeting;
use zoom_cloud_recording::{Client, Transcript};

use crate::extras::{self, Extras, Wanted};
use crate::listing::{list_user, month_windows};
use crate::manifest::{Manifest, ManifestEntry};
use crate::metadata::{participant_audio_key, to_json};
use crate::naming::{file_key, file_name, participant_audio_name};
use crate::plan::{Item, PARTICIPANT_AUDIO, Planner, Source, meeting_path};
use crate::report::{Counts, Event, EventFn, Failure, Report, Unavailable, UserReport};
use crate::retention::{self, Listed, RetentionReport};
use crate::scope::Scope;
use crate::store::{Labels, Store, StoreError, Stored};
use crate::users::{self, Target};

/// Files transferred at once by default.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// Why a run could not run at all (exit code 1).
#[derive(Debug)]
#[non_exhaustive]
pub enum RunError {
    /// The destination could not be read (its manifest or its listing).
    Store(StoreError),
    /// The account's users could not be listed (needed for `all`, `active`, `inactive`).
    Users(zoom_cloud_recording::Error),
    /// The scope makes no sense.
    InvalidScope(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Store(e) => write!(f, "destination: {e}"),
            Self::Users(e) => write!(
                f,
                "could not list the account's users: {e} (listing users needs the app's user read scope; \
                 or name them: --users me, or ids and emails)"
            ),
            Self::InvalidScope(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for RunError {}

/// What [`Archiver::prepare`] is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prepare {
    /// A plan to show: list and plan, write nothing.
    Plan,
    /// A plan to carry out.
    Archive,
    /// Only the listing (retention over what is archived): no per-meeting
    /// questions to Zoom, nothing planned.
    ListOnly,
}

/// An archive run over a scope into a destination.
#[must_use = "an archiver does nothing until `plan` or `archive` is awaited"]
pub struct Archiver {
    client: Client,
    store: Arc<dyn Store>,
    scope: Scope,
    concurrency: usize,
    on_event: Option<EventFn>,
}

impl Archiver {
    /// Archives what `scope` selects from Zoom (through `client`) into `store`.
    pub fn new(client: Client, store: Arc<dyn Store>, scope: Scope) -> Self {
        Self {
            client,
            store,
            scope,
            concurrency: DEFAULT_CONCURRENCY,
            on_event: None,
        }
    }

    /// Transfers (and listing windows, and per-meeting questions) at once (default 4).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Receives every [`Event`].
    pub fn on_event(mut self, callback: impl Fn(&Event) + Send + Sync + 'static) -> Self {
        self.on_event = Some(Arc::new(callback));
        self
    }

    /// What `archive` would fetch, per user and in total, and what is already
    /// there. Asks Zoom (read-only) and reads the destination; writes nothing.
    pub async fn plan(&self) -> Result<Report, RunError> {
        let (report, _, _, _) = self.prepare(Prepare::Plan).await?;
        Ok(report)
    }

    /// Archives, then frees Zoom's storage of what this run's listing found
    /// and the destination holds verified ([`crate::retention`]).
    pub async fn archive_then(
        &self,
        options: &retention::Options,
    ) -> Result<(Report, RetentionReport), RunError> {
        let (report, manifest, listed) = self.archive_listed().await?;
        self.free(report, &manifest, &listed, options).await
    }

    /// Applies the retention rules to what is already archived, without
    /// archiving anything (the listing and the destination are read; only
    /// the audit log is written, and with `dry_run` nothing at all).
    pub async fn prune(&self, options: &retention::Options) -> Result<(Report, RetentionReport), RunError> {
        let (report, _, manifest, listed) = self.prepare(Prepare::ListOnly).await?;
        self.free(report, &manifest, &listed, options).await
    }

    /// Lists, fetches what is missing into the destination, records it.
    /// Fails only when it cannot run; whatever fails on the way is in the
    /// report's `failures` and the run goes on.
    pub async fn archive(&self) -> Result<Report, RunError> {
        self.archive_listed().await.map(|(report, _, _)| report)
    }

    async fn archive_listed(&self) -> Result<(Report, Manifest, Vec<Listed>), RunError> {
        let (mut report, items, mut manifest, listed) = self.prepare(Prepare::Archive).await?;
        let store = &*self.store;
        manifest.fold(store).await.map_err(RunError::Store)?;
        let user_names: Vec<String> = report.users.iter().map(|u| u.user.clone()).collect();
        let mut outcomes = stream::iter(items)
            .map(|item| async move {
                let outcome = self.put(&item).await;
                (item, outcome)
            })
            .buffer_unordered(self.concurrency);
        while let Some((item, outcome)) = outcomes.next().await {
            let user = &user_names[item.user];
            let recorded = match outcome {
                Ok(stored) => {
                    let mut entry = ManifestEntry::new(
                        &item.meeting_uuid,
                        &item.key,
                        &item.path,
                        stored.size,
                        &stored.sha256,
                    );
                    entry.user = user.clone();
                    entry.kind = item.kind.clone();
                    entry.archived_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    match manifest.record(store, entry.clone()).await {
                        Ok(()) => Ok(entry),
                        Err(e) => Err(format!(
                            "stored, but not recorded in the manifest ({e}); the next run fetches it again"
                        )),
                    }
                }
                Err(reason) => Err(reason),
            };
            let counts = &mut report.users[item.user].counts;
            match recorded {
                Ok(entry) => {
                    counts.archived += 1;
                    counts.bytes_archived += entry.size;
                    self.emit(&Event::Archived(entry));
                }
                Err(reason) => {
                    counts.failed += 1;
                    let failure = Failure {
                        user: user.clone(),
                        item: item.path.clone(),
                        reason,
                    };
                    self.failed(&mut report.failures, failure);
                }
            }
        }
        report
            .failures
            .sort_by(|a, b| (&a.user, &a.item).cmp(&(&b.user, &b.item)));
        // Leave one manifest.jsonl behind; a failure here loses nothing (the
        // pieces stay and the next run folds them).
        if let Err(error) = manifest.fold(store).await {
            tracing::warn!(%error, "could not fold the manifest's pieces; the next run will");
        }
        Ok((report, manifest, listed))
    }

    /// Applies retention to what `listed` found.
    async fn free(
        &self,
        report: Report,
        manifest: &Manifest,
        listed: &[Listed],
        options: &retention::Options,
    ) -> Result<(Report, RetentionReport), RunError> {
        let freed = retention::apply(
            &self.client,
            &*self.store,
            manifest,
            listed,
            &self.scope.filters,
            options,
        )
        .await
        .map_err(RunError::Store)?;
        Ok((report, freed))
    }

    /// Lists every user and makes the plan.
    async fn prepare(
        &self,
        purpose: Prepare,
    ) -> Result<(Report, Vec<Item>, Manifest, Vec<Listed>), RunError> {
        let scope = &self.scope;
        if scope.from > scope.to {
            return Err(RunError::InvalidScope(format!(
                "the range starts ({}) after it ends ({})",
                scope.from, scope.to
            )));
        }
        let store = &*self.store;
        let manifest = Manifest::load(store).await.map_err(RunError::Store)?;
        let present = match purpose {
            // Retention checks each copy itself.
            Prepare::ListOnly => Default::default(),
            Prepare::Plan | Prepare::Archive => store.sizes("").await.map_err(RunError::Store)?,
        };
        let mut report = Report {
            destination: store.describe(),
            dry_run: purpose != Prepare::Archive,
            ..Report::default()
        };
        report.note_damaged(manifest.damaged());
        let (mut targets, directory) = users::resolve(&self.client, &scope.users)
            .await
            .map_err(RunError::Users)?;
        let windows = month_windows(scope.from, scope.to);
        let mut planner = Planner::new(&manifest, &present);
        let mut listed = Vec::new();
        for (index, target) in targets.iter_mut().enumerate() {
            let listing = list_user(&self.client, target, &windows, self.concurrency).await;
            if target.selector == "me" {
                // Name `me` after the account's user whose meetings these are.
                let host = listing.meetings.iter().find_map(|m| m.host_id.as_deref());
                if let Some(folder) = host.and_then(|h| directory.folder_of_host(h)) {
                    target.folder = folder;
                }
            }
            let target = &*target;
            let mut user = UserReport {
                user: target.folder.clone(),
                inactive: target.inactive,
                listing_complete: listing.failed.is_empty(),
                counts: Counts {
                    meetings: listing.meetings.len(),
                    ..Counts::default()
                },
            };
            for (window, error) in &listing.failed {
                user.counts.failed += 1;
                let failure = Failure {
                    user: target.folder.clone(),
                    item: format!("listing {window}"),
                    reason: format!("{error} (the meetings of this window are not archived by this run)"),
                };
                self.failed(&mut report.failures, failure);
            }
            self.emit(&Event::Listed {
                user: target.folder.clone(),
                meetings: listing.meetings.len(),
                complete: listing.failed.is_empty(),
            });
            if purpose != Prepare::ListOnly {
                self.plan_user(
                    index,
                    target,
                    &listing.meetings,
                    &mut planner,
                    &mut user,
                    &mut report,
                )
                .await;
            }
            report.users.push(user);
            listed.push(Listed {
                user: target.folder.clone(),
                meetings: listing.meetings,
            });
        }
        self.emit(&Event::Planned(report.totals()));
        let items = std::mem::take(&mut planner.items);
        drop(planner);
        Ok((report, items, manifest, listed))
    }

    /// Plans one user's meetings: the listed files, then what the extras give.
    async fn plan_user(
        &self,
        index: usize,
        target: &Target,
        meetings: &[RecordingMeeting],
        planner: &mut Planner<'_>,
        user: &mut UserReport,
        report: &mut Report,
    ) {
        let scope = &self.scope;
        let include = scope.include;
        let wanted: Vec<Wanted> = meetings
            .iter()
            .map(|meeting| {
                let uuid = meeting.uuid.as_deref().unwrap_or_default();
                if uuid.is_empty() {
                    return Wanted::default();
                }
                let new_file = meeting
                    .recording_files
                    .iter()
                    .filter(|f| scope.filters.keeps(f))
                    .any(|f| !planner.is_archived(&file_key(uuid, f)));
                let metadata_missing = include.metadata && !planner.is_archived(&extras::metadata_key(uuid));
                Wanted {
                    details: include.needs_details()
                        && (new_file
                            || metadata_missing
                            || (include.participant_audio
                                && (!include.metadata || planner.participant_audio_missing(uuid)))),
                    transcript: include.transcripts && !planner.is_archived(&extras::transcript_key(uuid)),
                    summary: include.summaries && !planner.is_archived(&extras::summary_key(uuid)),
                }
            })
            .collect();
        let client = &self.client;
        let answers: Vec<Extras> = stream::iter(meetings.iter().zip(wanted))
            .map(|(meeting, wanted)| async move {
                match meeting.uuid.as_deref() {
                    Some(uuid) if wanted.any() => extras::fetch(client, uuid, wanted).await,
                    _ => Extras::default(),
                }
            })
            .buffered(self.concurrency)
            .collect()
            .await;
        for (meeting, answer) in meetings.iter().zip(answers) {
            let uuid = meeting.uuid.clone().unwrap_or_default();
            let folder = meeting_path(&target.folder, meeting);
            let counts = &mut user.counts;
            for file in meeting.recording_files.iter().filter(|f| scope.filters.keeps(f)) {
                let key = file_key(&uuid, file);
                if planner.count_archived(&key, counts) {
                    continue;
                }
                match DownloadRequest::for_file(file) {
                    Ok(request) => {
                        let kind = file.file_type.as_ref().map_or("", |t| t.as_str()).to_owned();
                        planner.add(
                            index,
                            counts,
                            &uuid,
                            key,
                            &kind,
                            &folder,
                            &file_name(file),
                            Source::Download(request),
                        );
                    }
                    Err(_) => counts.not_ready += 1,
                }
            }
            if uuid.is_empty() {
                continue;
            }
            let mut fail = |item: String, reason: String| {
                let failure = Failure {
                    user: target.folder.clone(),
                    item,
                    reason,
                };
                self.failed(&mut report.failures, failure);
            };
            self.plan_details(index, &uuid, &folder, answer.details, planner, counts, &mut fail);
            let key = extras::transcript_key(&uuid);
            match answer.transcript {
                None => {
                    if include.transcripts {
                        planner.count_archived(&key, counts);
                    }
                }
                Some(Ok(Transcript::Ready { request, .. })) => planner.add(
                    index,
                    counts,
                    &uuid,
                    key,
                    "transcript",
                    &folder,
                    extras::TRANSCRIPT_FILE,
                    Source::Download(request),
                ),
                Some(Ok(Transcript::Absent)) => report.transcripts_absent += 1,
                Some(Ok(other)) => {
                    let unavailable = Unavailable {
                        path: format!("{folder}/{}", extras::TRANSCRIPT_FILE),
                        reason: extras::transcript_reason(&other).unwrap_or_default(),
                    };
                    self.emit(&Event::Unavailable(unavailable.clone()));
                    report.unavailable.push(unavailable);
                }
                Some(Err(error)) => {
                    counts.failed += 1;
                    fail(format!("{folder}/{}", extras::TRANSCRIPT_FILE), error.to_string());
                }
            }
            let key = extras::summary_key(&uuid);
            match answer.summary {
                None => {
                    if include.summaries {
                        planner.count_archived(&key, counts);
                    }
                }
                Some(Ok(Some(summary))) => match to_json(&summary) {
                    Ok(bytes) => planner.add(
                        index,
                        counts,
                        &uuid,
                        key,
                        "summary",
                        &folder,
                        extras::SUMMARY_FILE,
                        Source::Bytes(bytes),
                    ),
                    Err(reason) => {
                        counts.failed += 1;
                        fail(format!("{folder}/{}", extras::SUMMARY_FILE), reason);
                    }
                },
                Some(Ok(None)) => report.summaries_absent += 1,
                Some(Err(error)) => {
                    counts.failed += 1;
                    fail(format!("{folder}/{}", extras::SUMMARY_FILE), error.to_string());
                }
            }
        }
    }

    /// `meeting.json` and the participant audio files, from `recordingGet`.
    #[allow(clippy::too_many_arguments)]
    fn plan_details(
        &self,
        index: usize,
        uuid: &str,
        folder: &str,
        details: Option<Result<zoom_cloud_recording::types::MeetingRecordings, zoom_cloud_recording::Error>>,
        planner: &mut Planner<'_>,
        counts: &mut Counts,
        fail: &mut impl FnMut(String, String),
    ) {
        let include = self.scope.include;
        let metadata_key = extras::metadata_key(uuid);
        let details = match details {
            None => {
                if include.metadata {
                    planner.count_archived(&metadata_key, counts);
                }
                planner.count_archived_participant_audio(uuid, counts);
                return;
            }
            Some(Err(error)) => {
                counts.failed += 1;
                let lost = match (include.metadata, include.participant_audio) {
                    (true, true) => "its metadata and participant audio are",
                    (true, false) => "its metadata is",
                    _ => "its participant audio is",
                };
                fail(
                    format!("{folder}/{}", extras::METADATA_FILE),
                    format!(
                        "the meeting's details (recordingGet) failed, so {lost} not archived by this run: {error}"
                    ),
                );
                return;
            }
            Some(Ok(details)) => details,
        };
        if include.metadata && !planner.count_archived(&metadata_key, counts) {
            match to_json(&details) {
                Ok(bytes) => planner.add(
                    index,
                    counts,
                    uuid,
                    metadata_key,
                    "metadata",
                    folder,
                    extras::METADATA_FILE,
                    Source::Bytes(bytes),
                ),
                Err(reason) => {
                    counts.failed += 1;
                    fail(format!("{folder}/{}", extras::METADATA_FILE), reason);
                }
            }
        }
        if !include.participant_audio {
            return;
        }
        for file in &details.participant_audio_files {
            let file_type = file.file_type.as_ref().map(|t| t.as_str().to_owned());
            if !self.scope.filters.keeps_participant_audio(file_type.as_deref()) {
                continue;
            }
            let key = participant_audio_key(uuid, file);
            if planner.count_archived(&key, counts) {
                continue;
            }
            match DownloadRequest::for_participant_audio(file) {
                Ok(request) => planner.add(
                    index,
                    counts,
                    uuid,
                    key,
                    PARTICIPANT_AUDIO,
                    folder,
                    &participant_audio_name(file),
                    Source::Download(request),
                ),
                Err(_) => counts.not_ready += 1,
            }
        }
    }

    /// Puts one item into the destination.
    async fn put(&self, item: &Item) -> Result<Stored, String> {
        let labels = Labels {
            file_key: item.key.clone(),
            meeting_uuid: item.meeting_uuid.clone(),
        };
        match &item.source {
            Source::Bytes(bytes) => self
                .store
                .put(&item.path, bytes.clone(), &labels)
                .await
                .map_err(|e| e.to_string()),
            Source::Download(request) => {
                let mut download = self.client.download(request.clone());
                if let Some(callback) = self.on_event.clone() {
                    let path = item.path.clone();
                    download = download.on_progress(move |progress| {
                        callback(&Event::Progress {
                            path: path.clone(),
                            done: progress.downloaded,
                            total: progress.total,
                        });
                    });
                }
                self.store
                    .transfer(download, &item.path, &labels)
                    .await
                    .map_err(|e| e.to_string())
            }
        }
    }

    /// Reports `failure` as it happens and keeps it for the report.
    fn failed(&self, failures: &mut Vec<Failure>, failure: Failure) {
        self.emit(&Event::Failed(failure.clone()));
        failures.push(failure);
    }

    fn emit(&self, event: &Event) {
        if let Some(callback) = &self.on_event {
            callback(event);
        }
    }
}
