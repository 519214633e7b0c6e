//! `listArchivedFiles`: archived (compliance) meetings, at most 7 days per
//! call, optionally of some groups; and the JSON of an archived meeting.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde_json::{Value, json};

use crate::api::dates::instant;
use crate::api::error::{ApiError, ApiResult, json};
use crate::api::paging::{self, PageQuery, Params};
use crate::model::{ArchiveMeeting, iso};
use crate::state::App;

/// A normalised archive listing.
#[derive(Clone, Debug)]
pub(crate) struct ArchiveQuery {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    by_complete_time: bool,
    /// Meetings of participants in any of these groups (empty: all).
    groups: Vec<String>,
}

/// `from`/`to` of the archive calls: at most 7 days apart; `to` defaults to
/// now, `from` to the start of the day before `to`.
pub(crate) fn window(app: &App, params: &Params) -> ApiResult<(DateTime<Utc>, DateTime<Utc>)> {
    let get = |name: &str| params.get(name).filter(|s| !s.is_empty());
    let to = match get("to") {
        // A bare date means the end of that day.
        Some(s) if s.trim().len() == 10 => instant("to", s)? + Duration::days(1) - Duration::seconds(1),
        Some(s) => instant("to", s)?,
        None => app.clock.now(),
    };
    let from = match get("from") {
        Some(s) => instant("from", s)?,
        None => (to - Duration::days(1))
            .date_naive()
            .and_time(NaiveTime::MIN)
            .and_utc(),
    };
    if from > to {
        return Err(ApiError::validation(
            "from",
            "The from date must not be after the to date.",
        ));
    }
    if to - from > Duration::days(7) {
        return Err(ApiError::bad_request("The date range can not exceed 7 days."));
    }
    Ok((from, to))
}

/// `group_ids` (comma-separated, at most 7), or the deprecated `group_id`.
fn groups(params: &Params) -> ApiResult<Vec<String>> {
    let raw = params
        .get("group_ids")
        .filter(|s| !s.is_empty())
        .or_else(|| params.get("group_id"));
    let groups: Vec<String> = raw
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if groups.len() > 7 {
        return Err(ApiError::validation("group_ids", "at most 7 groups"));
    }
    Ok(groups)
}

fn query(app: &App, params: &Params) -> ApiResult<PageQuery> {
    let get = |name: &str| params.get(name).filter(|s| !s.is_empty());
    let (from, to) = window(app, params)?;
    let by_complete_time = match get("query_date_type").map(String::as_str) {
        None | Some("meeting_start_time") => false,
        Some("archive_complete_time") => true,
        Some(_) => {
            return Err(ApiError::validation(
                "query_date_type",
                "must be meeting_start_time or archive_complete_time",
            ));
        }
    };
    Ok(PageQuery::Archive(ArchiveQuery {
        from,
        to,
        by_complete_time,
        groups: groups(params)?,
    }))
}

/// The `download_url` of an archived file.
pub(crate) fn download_url(app: &App, file_id: &str) -> String {
    format!("{}/rec/archive/download/{file_id}", app.api_origin)
}

/// The `download_url` of an attachment (`physical_files`).
pub(crate) fn attachment_url(app: &App, file_id: &str) -> String {
    format!("{}/rec/archive/attached/download/{file_id}", app.api_origin)
}

/// An archived meeting as the listing and `getArchivedFiles` show it.
pub(crate) fn render(app: &App, m: &ArchiveMeeting) -> Value {
    let files: Vec<Value> = m
        .files
        .iter()
        .map(|f| {
            let fingerprint = app
                .blobs
                .get(&f.id)
                .map(|b| app.sha256_hex(b))
                .unwrap_or_default();
            let mut v = json!({
                "id": f.id,
                "file_type": f.file_type,
                "file_extension": f.file_extension,
                "file_size": f.size,
                "download_url": download_url(app, &f.id),
                "status": f.status,
                "recording_type": f.recording_type,
                "individual": f.individual,
                "participant_join_time": iso(f.join),
                "participant_leave_time": iso(f.leave),
                "encryption_fingerprint": fingerprint,
                "storage_location": f.storage_location,
                "auto_delete": f.auto_delete,
            });
            if let Some(email) = &f.participant_email {
                v["participant_email"] = email.as_str().into();
            }
            if let Some(n) = f.number_of_messages {
                v["number_of_messages"] = n.into();
            }
            v
        })
        .collect();
    let mut v = json!({
        "uuid": m.uuid,
        "host_id": m.host_id,
        "topic": m.topic,
        "type": m.kind,
        "start_time": iso(m.start),
        "timezone": m.timezone,
        "duration": m.duration_secs / 60,
        "duration_in_second": m.duration_secs,
        "total_size": m.files.iter().map(|f| f.size).sum::<u64>(),
        "recording_count": m.files.len(),
        "meeting_type": if m.external { "external" } else { "internal" },
        "account_name": "Example Holdings Ltd",
        "complete_time": iso(m.complete),
        "is_breakout_room": m.parent_uuid.is_some(),
        "archive_files": files,
        "status": m.status(),
    });
    if !m.external {
        v["id"] = m.id.into();
    }
    if let Some(parent) = &m.parent_uuid {
        v["parent_meeting_id"] = parent.as_str().into();
    }
    if !m.group_ids.is_empty() {
        v["group_id"] = m.group_ids.join(",").into();
    }
    if !m.physical_files.is_empty() {
        let physical: Vec<Value> = m
            .physical_files
            .iter()
            .map(|f| {
                json!({
                    "file_id": f.id,
                    "file_name": f.name,
                    "file_size": f.size,
                    "download_url": attachment_url(app, &f.id),
                })
            })
            .collect();
        v["physical_files"] = physical.into();
    }
    v
}

/// `GET /archive_files`
pub(crate) async fn list(State(app): State<Arc<App>>, Query(params): Query<Params>) -> ApiResult<Response> {
    let cursor = paging::start(&app, &params, || query(&app, &params))?;
    let PageQuery::Archive(q) = &cursor.query else {
        return Err(paging::wrong_token());
    };
    let store = app.store();
    let selected: Vec<&ArchiveMeeting> = store
        .archive
        .iter()
        .filter(|m| {
            let t = if q.by_complete_time { m.complete } else { m.start };
            q.from <= t && t <= q.to
        })
        .filter(|m| q.groups.is_empty() || m.group_ids.iter().any(|g| q.groups.contains(g)))
        .collect();
    let (range, next_page_token) = paging::finish(&app, &cursor, selected.len());
    let meetings: Vec<Value> = selected[range].iter().map(|m| render(&app, m)).collect();
    let out = json!({
        "from": iso(q.from),
        "to": iso(q.to),
        "page_size": cursor.page_size,
        "total_records": selected.len(),
        "next_page_token": next_page_token,
        "meetings": meetings,
    });
    Ok(json(StatusCode::OK, &out))
}
