//! `restore`: takes back from Zoom's trash what this tool trashed (by its
//! audit log), within Zoom's 30 days.

use serde::Serialize;
use zoom_cloud_recording::types::{RecordingRecover, RecordingRecoverAction};
use zoom_cloud_recording::{Client, MeetingRef, Operation};

use super::audit::{self, Action, AuditLog, AuditRecord, State};
use crate::report::Failure;
use crate::store::{Store, StoreError};

/// What `restore` did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RestoreReport {
    /// Nothing was changed.
    pub dry_run: bool,
    /// (meeting UUID, file id or `None` for the meeting) recovered, or that would be.
    pub recovered: Vec<(String, Option<String>)>,
    /// Trashed items Zoom no longer had in its trash (deleted for good, past 30 days, or recovered already).
    pub gone: Vec<(String, Option<String>)>,
    /// Calls that failed.
    pub failures: Vec<Failure>,
    /// Audit log records that could not be read back (`<where>: <why>`):
    /// what they recorded is not in [`recovered`](Self::recovered), so the
    /// run fails until the damage is repaired or the items are recovered in
    /// Zoom's trash by hand.
    pub audit_damaged: Vec<String>,
}

/// Recovers everything the audit log says this tool trashed (done, or an
/// intent without outcome) at or after `since` (RFC 3339 prefix compare),
/// and not recovered since.
pub async fn restore(
    client: &Client,
    store: &dyn Store,
    since: Option<&str>,
    dry_run: bool,
) -> Result<RestoreReport, StoreError> {
    let mut audit = AuditLog::load(store).await?;
    let mut pending: Vec<(String, Option<String>)> = Vec::new();
    for record in audit.records() {
        let item = (record.meeting_uuid.clone(), record.file_id.clone());
        match (record.action, &record.state) {
            (Action::Trash, State::Done | State::Intent)
                if since.is_none_or(|s| record.time.as_str() >= s) && !pending.contains(&item) =>
            {
                pending.push(item);
            }
            (Action::Recover, State::Done | State::AlreadyGone) => pending.retain(|p| p != &item),
            _ => {}
        }
    }
    let mut report = RestoreReport {
        dry_run,
        audit_damaged: audit.damaged_places(),
        ..RestoreReport::default()
    };
    for (meeting_uuid, file_id) in pending {
        if dry_run {
            report.recovered.push((meeting_uuid, file_id));
            continue;
        }
        let record = |state: State, error: Option<String>| AuditRecord {
            time: audit::now(),
            action: Action::Recover,
            state,
            meeting_uuid: meeting_uuid.clone(),
            file_id: file_id.clone(),
            copies: Vec::new(),
            error,
        };
        audit.append(store, record(State::Intent, None)).await?;
        let body = RecordingRecover {
            action: Some(RecordingRecoverAction::Recover),
        };
        let reference = MeetingRef::uuid(&meeting_uuid);
        let answer = match &file_id {
            None => {
                client
                    .recording_status_update()
                    .meeting_uuid(&reference)
                    .body(body)
                    .call()
                    .await
            }
            Some(id) => {
                client
                    .recording_status_update_one()
                    .meeting_id(&reference)
                    .recording_id(id.clone())
                    .body(body)
                    .call()
                    .await
            }
        };
        match answer {
            Ok(()) => {
                audit.append(store, record(State::Done, None)).await?;
                report.recovered.push((meeting_uuid, file_id));
            }
            Err(e) if e.status() == Some(404) => {
                audit.append(store, record(State::AlreadyGone, None)).await?;
                report.gone.push((meeting_uuid, file_id));
            }
            Err(e) => {
                audit
                    .append(store, record(State::Failed, Some(e.to_string())))
                    .await?;
                report.failures.push(Failure {
                    user: String::new(),
                    item: match &file_id {
                        Some(id) => format!("recovering file {id} of meeting {meeting_uuid}"),
                        None => format!("recovering meeting {meeting_uuid}"),
                    },
                    reason: e.to_string(),
                });
            }
        }
    }
    if !dry_run {
        audit.fold(store).await?;
    }
    Ok(report)
}
