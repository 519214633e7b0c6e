//! Freeing Zoom's cloud storage: trash (or delete) at Zoom only what is
//! archived and verified. A deletion can destroy the only copy, so every rule
//! must hold for a file, and anything in doubt is kept:
//!
//! | rule | checked how |
//! |---|---|
//! | its copy is verified | the manifest has it; the destination's object has that size and SHA-256 (label, or a full read-back: [`Verify`]); a folder re-reads the file |
//! | its listing completed | only meetings found by listing windows that completed are considered |
//! | Zoom has finished it | `status` is `completed` in a fresh `recordingGet` |
//! | the run selects it | the run's `--types` / `--recording-types` filters |
//! | it is old enough | the meeting started more than `--min-age` days ago |
//! | whole meetings only when whole | `recordingDelete` only when every file of the instance (participant audio included) passes, and its transcript is archived or Zoom has none ready; otherwise `recordingDeleteOne` per passing file |
//!
//! Every removal is written to the audit log ([`audit`]) before the call and
//! after it. `restore` takes back from Zoom's trash what the log says was trashed.

pub mod audit;
mod restore;
mod rules;

use serde::Serialize;
use zoom_cloud_recording::quirks::FileStatus;
use zoom_cloud_recording::types::{
    MeetingRecordings, RecordingDeleteAction, RecordingDeleteOneAction, RecordingMeeting,
};
use zoom_cloud_recording::{Client, MeetingRef, Operation, Transcript};

pub use audit::{AUDIT_FILE, Action, AuditLog, AuditRecord, State, VerifiedCopy};
pub use restore::{RestoreReport, restore};
pub use rules::Verify;

use crate::extras::transcript_key;
use crate::manifest::Manifest;
use crate::metadata::participant_audio_key;
use crate::naming::file_key;
use crate::report::Failure;
use crate::scope::Filters;
use crate::store::{Store, StoreError};
use rules::{AtZoom, judge};

/// How to free storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Trash (recoverable for 30 days) or delete for good.
    pub delete: bool,
    /// How copies are checked.
    pub verify: Verify,
    /// Keep recordings that started less than this many days ago.
    pub min_age_days: Option<u32>,
    /// List what would be removed; change nothing anywhere.
    pub dry_run: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            delete: false,
            verify: Verify::Metadata,
            min_age_days: None,
            dry_run: false,
        }
    }
}

/// One user's meetings as a complete listing window found them.
#[derive(Clone, Debug)]
pub struct Listed {
    /// The user (archive folder).
    pub user: String,
    /// Meetings from listing windows that completed.
    pub meetings: Vec<RecordingMeeting>,
}

/// A removal at Zoom (made, or in a dry run, that would be made).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Removal {
    /// The user.
    pub user: String,
    /// The meeting instance.
    pub meeting_uuid: String,
    /// The file, or `None` for the whole instance.
    pub file_id: Option<String>,
    /// The verified copies it rests on.
    pub copies: Vec<VerifiedCopy>,
    /// Zoom had already removed it.
    pub already_gone: bool,
}

/// A file left at Zoom, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// The user.
    pub user: String,
    /// The meeting instance.
    pub meeting_uuid: String,
    /// The file (its manifest key), or `None` for the whole meeting.
    pub file_key: Option<String>,
    /// Why.
    pub reason: String,
}

/// What a retention pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    /// Nothing was changed.
    pub dry_run: bool,
    /// Deleted for good rather than trashed.
    pub delete: bool,
    /// What was (or would be) removed.
    pub removed: Vec<Removal>,
    /// What stays, and why.
    pub kept: Vec<Kept>,
    /// Calls that failed (nothing known removed).
    pub failures: Vec<Failure>,
    /// Audit log records that could not be read back (`<where>: <why>`).
    /// Nothing is lost (the log is then left unfolded, every piece kept), but
    /// `restore` cannot see those records until the damage is repaired.
    pub audit_damaged: Vec<String>,
}

impl RetentionReport {
    /// Bytes of Zoom storage freed (or that would be).
    pub fn bytes_freed(&self) -> u64 {
        self.removed.iter().flat_map(|r| &r.copies).map(|c| c.size).sum()
    }

    /// Files removed (or that would be).
    pub fn files_removed(&self) -> usize {
        self.removed.iter().map(|r| r.copies.len()).sum()
    }
}

/// Applies the rules to every listed meeting and removes what passes.
/// Fails only when the audit log cannot be written (then nothing more is removed).
pub async fn apply(
    client: &Client,
    store: &dyn Store,
    manifest: &Manifest,
    listed: &[Listed],
    filters: &Filters,
    options: &Options,
) -> Result<RetentionReport, StoreError> {
    let (report, mut audit) = apply_unfolded(client, store, manifest, listed, filters, options).await?;
    if !options.dry_run {
        audit.fold(store).await?;
    }
    Ok(report)
}

/// [`apply`] without folding the audit log at the end, for `zoom-archive
/// serve`, whose replicas may apply at the same time: a fold rewrites the
/// log, so only a single writer may fold (the next `prune` or `archive
/// --then` does); pieces from many writers are safe.
pub(crate) async fn apply_unfolded(
    client: &Client,
    store: &dyn Store,
    manifest: &Manifest,
    listed: &[Listed],
    filters: &Filters,
    options: &Options,
) -> Result<(RetentionReport, AuditLog), StoreError> {
    let mut audit = AuditLog::load(store).await?;
    let mut report = RetentionReport {
        dry_run: options.dry_run,
        delete: options.delete,
        audit_damaged: audit.damaged_places(),
        ..RetentionReport::default()
    };
    let now = client.now();
    for user in listed {
        for meeting in &user.meetings {
            let Some(uuid) = meeting.uuid.as_deref().filter(|u| !u.is_empty()) else {
                continue;
            };
            let keep = |reason: String| Kept {
                user: user.user.clone(),
                meeting_uuid: uuid.to_owned(),
                file_key: None,
                reason,
            };
            let reference = MeetingRef::uuid(uuid);
            let details = match client.recording_get().meeting_id(&reference).call().await {
                Ok(details) => details,
                Err(e) if e.status() == Some(404) => continue,
                Err(e) => {
                    report.kept.push(keep(format!(
                        "its details could not be read, so nothing is removed: {e}"
                    )));
                    continue;
                }
            };
            let old_enough = match (
                options.min_age_days,
                details.start_time.as_ref().and_then(|t| t.get()),
            ) {
                (None, _) => true,
                (Some(days), Some(start)) => start + chrono::Duration::days(i64::from(days)) <= now,
                (Some(_), None) => false,
            };
            let plan = judge_meeting(
                store,
                manifest,
                &details,
                uuid,
                filters,
                old_enough,
                options.verify,
            )
            .await;
            for (key, reason) in &plan.kept {
                report.kept.push(Kept {
                    file_key: Some(key.clone()),
                    ..keep(reason.clone())
                });
            }
            let mut whole = plan.kept.is_empty() && !plan.files.is_empty();
            if whole && !transcript_safe(client, store, manifest, uuid, &reference, options.verify).await {
                whole = false;
                report.kept.push(keep(
                    "not trashed whole, only file by file: its transcript is not archived yet".into(),
                ));
            }
            let removals: Vec<(Option<String>, Vec<VerifiedCopy>)> = if whole {
                vec![(None, plan.files.iter().map(|(_, copy)| copy.clone()).collect())]
            } else {
                plan.files
                    .iter()
                    .filter_map(|(id, copy)| match id {
                        Some(id) => Some((Some(id.clone()), vec![copy.clone()])),
                        None => {
                            report.kept.push(Kept {
                                file_key: Some(copy.file_key.clone()),
                                ..keep("only removable with its whole meeting (participant audio, or no file id)".into())
                            });
                            None
                        }
                    })
                    .collect()
            };
            for (file_id, copies) in removals {
                let removal = Removal {
                    user: user.user.clone(),
                    meeting_uuid: uuid.to_owned(),
                    file_id,
                    copies,
                    already_gone: false,
                };
                if options.dry_run {
                    report.removed.push(removal);
                    continue;
                }
                match remove(client, store, &mut audit, removal, options.delete).await? {
                    Ok(done) => report.removed.push(done),
                    Err(failure) => report.failures.push(failure),
                }
            }
        }
    }
    Ok((report, audit))
}

/// A meeting's files: those that pass (their id, for per-file removal, and
/// copy) and those kept (key, reason).
struct MeetingPlan {
    files: Vec<(Option<String>, VerifiedCopy)>,
    kept: Vec<(String, String)>,
}

async fn judge_meeting(
    store: &dyn Store,
    manifest: &Manifest,
    details: &MeetingRecordings,
    uuid: &str,
    filters: &Filters,
    old_enough: bool,
    verify: Verify,
) -> MeetingPlan {
    let mut plan = MeetingPlan {
        files: Vec::new(),
        kept: Vec::new(),
    };
    // Zoom lists old-style entries (TIMELINE, CC) without a status: in
    // doubt, they are kept (and with them, their meeting as a whole).
    let completed = |status: Option<&FileStatus>| matches!(status, Some(FileStatus::Completed));
    for file in &details.recording_files {
        let key = file_key(uuid, file);
        let zoom = AtZoom {
            completed: completed(file.status.as_ref()),
            selected: filters.keeps(file),
            old_enough,
        };
        match judge(store, manifest, &key, zoom, verify).await {
            Ok(copy) => plan
                .files
                .push((file.id.clone().filter(|id| !id.is_empty()), copy)),
            Err(reason) => plan.kept.push((key, reason)),
        }
    }
    for file in &details.participant_audio_files {
        let key = participant_audio_key(uuid, file);
        let file_type = file.file_type.as_ref().map(|t| t.as_str().to_owned());
        let zoom = AtZoom {
            completed: completed(file.status.as_ref()),
            selected: filters.keeps_participant_audio(file_type.as_deref()),
            old_enough,
        };
        match judge(store, manifest, &key, zoom, verify).await {
            // Zoom removes participant audio only with its meeting.
            Ok(copy) => plan.files.push((None, copy)),
            Err(reason) => plan.kept.push((key, reason)),
        }
    }
    plan
}

/// Whether trashing the whole meeting keeps its transcript safe: Zoom has
/// none ready, or it is archived and verified.
async fn transcript_safe(
    client: &Client,
    store: &dyn Store,
    manifest: &Manifest,
    uuid: &str,
    reference: &MeetingRef,
    verify: Verify,
) -> bool {
    match client.transcript(reference.clone()).await {
        Ok(Transcript::Absent | Transcript::Restricted { .. }) => true,
        Ok(Transcript::Ready { .. }) => {
            let zoom = AtZoom {
                completed: true,
                selected: true,
                old_enough: true,
            };
            judge(store, manifest, &transcript_key(uuid), zoom, verify)
                .await
                .is_ok()
        }
        _ => false,
    }
}

/// Records the intent, calls Zoom, records the outcome.
async fn remove(
    client: &Client,
    store: &dyn Store,
    audit: &mut AuditLog,
    mut removal: Removal,
    delete: bool,
) -> Result<Result<Removal, Failure>, StoreError> {
    let action = if delete { Action::Delete } else { Action::Trash };
    let record = |state: State, error: Option<String>| AuditRecord {
        time: audit::now(),
        action,
        state,
        meeting_uuid: removal.meeting_uuid.clone(),
        file_id: removal.file_id.clone(),
        copies: removal.copies.clone(),
        error,
    };
    audit.append(store, record(State::Intent, None)).await?;
    let reference = MeetingRef::uuid(&removal.meeting_uuid);
    let answer = match &removal.file_id {
        None => {
            let action = if delete {
                RecordingDeleteAction::Delete
            } else {
                RecordingDeleteAction::Trash
            };
            client
                .recording_delete()
                .meeting_id(&reference)
                .action(action)
                .call()
                .await
        }
        Some(id) => {
            let action = if delete {
                RecordingDeleteOneAction::Delete
            } else {
                RecordingDeleteOneAction::Trash
            };
            client
                .recording_delete_one()
                .meeting_id(&reference)
                .recording_id(id.clone())
                .action(action)
                .call()
                .await
        }
    };
    let (state, error) = match answer {
        Ok(()) => (State::Done, None),
        // Nothing left to remove: already trashed or deleted.
        Err(e) if e.status() == Some(404) => (State::AlreadyGone, None),
        Err(e) => (State::Failed, Some(e.to_string())),
    };
    removal.already_gone = state == State::AlreadyGone;
    audit.append(store, record(state.clone(), error.clone())).await?;
    Ok(match error {
        None => Ok(removal),
        Some(reason) => Err(Failure {
            user: removal.user.clone(),
            item: match &removal.file_id {
                Some(id) => format!("removing file {id} of meeting {}", removal.meeting_uuid),
                None => format!("removing meeting {}", removal.meeting_uuid),
            },
            reason,
        }),
    })
}
