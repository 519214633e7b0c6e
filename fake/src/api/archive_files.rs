//! Archiving beyond the listing: `getArchivedFileStatistics`,
//! `updateArchivedFile` (auto-delete tag), and `getArchivedFiles` /
//! `deleteArchivedFiles` of one meeting instance.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api::archive::{render, window};
use crate::api::error::{ApiError, ApiResult, json, json_object};
use crate::api::meeting::meeting_key;
use crate::api::paging::Params;
use crate::model::iso;
use crate::state::{App, MeetingKey, Store};

/// The index in `store.archive` of the instance a `meetingUUID` names (404 / 3001).
fn locate(store: &Store, raw: &str) -> ApiResult<usize> {
    let not_found = || ApiError::no_meeting(raw);
    match meeting_key(raw).map_err(|_| not_found())? {
        MeetingKey::Uuid(uuid) => store
            .archive
            .iter()
            .position(|m| m.uuid == uuid)
            .ok_or_else(not_found),
        MeetingKey::Id(_) => Err(not_found()),
    }
}

/// `GET /archive_files/statistics`: counts of the archived files of the
/// meetings that started in the window (the listing's default date type).
pub(crate) async fn statistics(
    State(app): State<Arc<App>>,
    Query(params): Query<Params>,
) -> ApiResult<Response> {
    let (from, to) = window(&app, &params)?;
    let store = app.store();
    let meetings: Vec<_> = store
        .archive
        .iter()
        .filter(|m| from <= m.start && m.start <= to)
        .collect();
    let files = || meetings.iter().flat_map(|m| &m.files);
    let by_extension = |ext: &str| {
        files()
            .filter(|f| f.file_extension.eq_ignore_ascii_case(ext))
            .count()
    };
    let by_status = |status: &str| files().filter(|f| f.status == status).count();
    let out = json!({
        "from": iso(from),
        "to": iso(to),
        "total_records": meetings.len(),
        "statistic_by_file_extension": {
            "mp4_file_count": by_extension("mp4"),
            "m4a_file_count": by_extension("m4a"),
            "txt_file_count": by_extension("txt"),
            "json_file_count": by_extension("json"),
            "vtt_file_count": by_extension("vtt"),
        },
        "statistic_by_file_status": {
            "processing_file_count": by_status("processing"),
            "completed_file_count": by_status("completed"),
            "failed_file_count": by_status("failed"),
        },
    });
    Ok(json(StatusCode::OK, &out))
}

/// `PATCH /archive_files/{fileId}` with `{"auto_delete": bool}` (required).
pub(crate) async fn update(
    State(app): State<Arc<App>>,
    Path(file_id): Path<String>,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let body = json_object(&body)?;
    let auto_delete = match body.get("auto_delete") {
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(ApiError::validation("auto_delete", "must be true or false")),
        None => return Err(ApiError::validation("auto_delete", "is required")),
    };
    let mut store = app.store();
    let file = store
        .archive
        .iter_mut()
        .flat_map(|m| m.files.iter_mut())
        .find(|f| f.id == file_id)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                404,
                format!("Archived file does not exist: {file_id}."),
            )
        })?;
    file.auto_delete = auto_delete;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /past_meetings/{meetingUUID}/archive_files`
pub(crate) async fn get(State(app): State<Arc<App>>, Path(meeting): Path<String>) -> ApiResult<Response> {
    let store = app.store();
    let index = locate(&store, &meeting)?;
    Ok(json(StatusCode::OK, &render(&app, &store.archive[index])))
}

/// `DELETE /past_meetings/{meetingUUID}/archive_files`: the instance and its
/// files are gone from every archive call (its breakout rooms stay).
pub(crate) async fn delete(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
) -> ApiResult<StatusCode> {
    let mut store = app.store();
    let index = locate(&store, &meeting)?;
    store.archive.remove(index);
    Ok(StatusCode::NO_CONTENT)
}
