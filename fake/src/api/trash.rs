//! Deleting and recovering recordings: live → trash → recovered, or → gone for good.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use crate::api::error::{ApiError, ApiResult, json_object};
use crate::api::meeting::meeting_key;
use crate::api::paging::Params;
use crate::state::App;

/// `action=trash` (default) or `action=delete`; true for a permanent delete.
fn permanent(params: &Params) -> ApiResult<bool> {
    match params.get("action").map(String::as_str) {
        None | Some("") | Some("trash") => Ok(false),
        Some("delete") => Ok(true),
        Some(_) => Err(ApiError::validation("action", "must be trash or delete")),
    }
}

/// Checks a `{"action": "recover"}` body (an empty body counts as recover).
fn recover_body(body: &[u8]) -> ApiResult<()> {
    let map = json_object(body)?;
    match map.get("action") {
        None => Ok(()),
        Some(v) if v == "recover" => Ok(()),
        Some(_) => Err(ApiError::validation("action", "must be recover")),
    }
}

/// `DELETE /meetings/{meetingId}/recordings`
pub(crate) async fn delete_meeting(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<StatusCode> {
    let key = meeting_key(&meeting)?;
    let permanent = permanent(&params)?;
    let now = app.clock.now();
    let mut store = app.store();
    // A permanent delete also empties the trash; trashing needs a live meeting.
    let index = store
        .resolve(&key, permanent)
        .ok_or_else(ApiError::no_recording)?;
    let m = &mut store.meetings[index];
    if permanent {
        m.purged = true;
        m.files
            .iter_mut()
            .chain(m.participant_audio.iter_mut())
            .for_each(|f| f.purged = true);
    } else {
        m.trashed_at = Some(now);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /meetings/{meetingId}/recordings/{recordingId}`
pub(crate) async fn delete_file(
    State(app): State<Arc<App>>,
    Path((meeting, recording_id)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> ApiResult<StatusCode> {
    let key = meeting_key(&meeting)?;
    let permanent = permanent(&params)?;
    let now = app.clock.now();
    let mut store = app.store();
    let index = store.resolve(&key, false).ok_or_else(ApiError::no_recording)?;
    let m = &mut store.meetings[index];
    let file = m
        .files
        .iter_mut()
        .find(|f| f.id == recording_id && !f.purged && (permanent || f.trashed_at.is_none()))
        .ok_or_else(ApiError::no_recording)?;
    if file.processing {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            3303,
            "You can not delete an uncompleted meeting.",
        ));
    }
    if permanent {
        file.purged = true;
    } else {
        file.trashed_at = Some(now);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /meetings/{meetingUUID}/recordings/status` with `{"action":"recover"}`
pub(crate) async fn recover_meeting(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let key = meeting_key(&meeting)?;
    recover_body(&body)?;
    let mut store = app.store();
    let index = store.resolve(&key, true).ok_or_else(ApiError::no_recording)?;
    let m = &mut store.meetings[index];
    let mut recovered = m.trashed_at.take().is_some();
    for f in m.files.iter_mut().filter(|f| !f.purged) {
        recovered |= f.trashed_at.take().is_some();
    }
    if recovered {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::no_recording())
    }
}

/// `PUT /meetings/{meetingId}/recordings/{recordingId}/status` with `{"action":"recover"}`
pub(crate) async fn recover_file(
    State(app): State<Arc<App>>,
    Path((meeting, recording_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let key = meeting_key(&meeting)?;
    recover_body(&body)?;
    let mut store = app.store();
    let index = store.resolve(&key, false).ok_or_else(ApiError::no_recording)?;
    let file = store.meetings[index]
        .files
        .iter_mut()
        .find(|f| f.id == recording_id && !f.purged && f.trashed_at.is_some())
        .ok_or_else(ApiError::no_recording)?;
    file.trashed_at = None;
    Ok(StatusCode::NO_CONTENT)
}
