//! `GetMeetingTranscript` and `DeleteMeetingTranscript`: a meeting's
//! transcript, its download state and its `download_url`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::api::error::{ApiError, ApiResult, json};
use crate::api::meeting::meeting_key;
use crate::info_aic::TranscriptState;
use crate::model::{Meeting, iso};
use crate::model_aic::{Transcript, TranscriptKind};
use crate::state::{App, Store};

/// The `download_url` of a transcript.
pub(crate) fn download_url(app: &App, file_id: &str) -> String {
    format!("{}/rec/meeting/transcript/download/{file_id}", app.api_origin)
}

/// What the API says of `t`, the transcript of `m`.
pub(crate) fn state(m: &Meeting, t: &Transcript) -> TranscriptState {
    if m.purged || m.trashed_at.is_some() {
        return TranscriptState::DeletedOrTrashed;
    }
    match t.kind {
        TranscriptKind::Ready => TranscriptState::Ready,
        TranscriptKind::NotReady => TranscriptState::NotReady,
        TranscriptKind::NoData => TranscriptState::NoTranscriptData,
        TranscriptKind::Unsupported => TranscriptState::Unsupported,
    }
}

/// The meeting index a path names, if it has a transcript that is not deleted.
/// Ids and UUIDs work as for `recordingGet` (an id: its latest instance, even
/// when its recordings are in the trash or deleted).
fn locate(store: &Store, raw: &str) -> ApiResult<usize> {
    let key = meeting_key(raw).map_err(|_| ApiError::no_transcript())?;
    store
        .resolve_any(&key)
        .filter(|&i| {
            store
                .transcripts
                .get(&store.meetings[i].uuid)
                .is_some_and(|t| !t.deleted)
        })
        .ok_or_else(ApiError::no_transcript)
}

/// `GET /meetings/{meetingId}/transcript`
pub(crate) async fn get(State(app): State<Arc<App>>, Path(meeting): Path<String>) -> ApiResult<Response> {
    let store = app.store();
    let m = &store.meetings[locate(&store, &meeting)?];
    let Some(t) = store.transcripts.get(&m.uuid) else {
        return Err(ApiError::no_transcript());
    };
    let auto_delete = m
        .settings
        .get("auto_delete")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let mut out = json!({
        "meeting_id": m.uuid,
        "account_id": app.account_id,
        "meeting_topic": m.topic,
        "host_id": app.users[m.host].id,
        "transcript_created_time": iso(t.created),
        "auto_delete": auto_delete,
    });
    if auto_delete && let Some(date) = m.settings.get("auto_delete_date") {
        out["auto_delete_date"] = date.clone();
    }
    match state(m, t).restriction_reason() {
        None => {
            out["can_download"] = true.into();
            out["download_url"] = download_url(&app, &t.file_id).into();
        }
        Some(reason) => {
            out["can_download"] = false.into();
            out["download_restriction_reason"] = reason.into();
        }
    }
    Ok(json(StatusCode::OK, &out))
}

/// `DELETE /meetings/{meetingId}/transcript`
pub(crate) async fn delete(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
) -> ApiResult<StatusCode> {
    let mut store = app.store();
    let index = locate(&store, &meeting)?;
    let uuid = store.meetings[index].uuid.clone();
    if let Some(t) = store.transcripts.get_mut(&uuid) {
        t.deleted = true;
    }
    Ok(StatusCode::NO_CONTENT)
}
