//! AI Companion meeting summaries: `Listmeetingsummaries`,
//! `Getameetingsummary` and `Deletemeetingorwebinarsummary`.
//!
//! The reference documents no range limit and no defaults for the listing's
//! `from`/`to` (instants, on `summary_created_time`): without them every
//! summary is listed; `from` after `to` is a 300 validation error.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::api::dates::instant;
use crate::api::error::{ApiError, ApiResult, json};
use crate::api::meeting::meeting_key;
use crate::api::paging::{self, Oversize, PageQuery, Params};
use crate::model::{Meeting, iso};
use crate::model_aic::Summary;
use crate::state::{App, Store};

/// A normalised summaries listing.
#[derive(Clone, Debug)]
pub(crate) struct SummaryQuery {
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

/// The `summary_doc_url` of a summary.
pub(crate) fn doc_url(app: &App, s: &Summary) -> String {
    format!("{}/doc/{}", app.api_origin, s.doc_id)
}

/// The fields a listing item, the full summary and the webhooks share.
pub(crate) fn object(app: &App, m: &Meeting, s: &Summary) -> Value {
    let host = &app.users[m.host];
    json!({
        "meeting_host_id": host.id,
        "meeting_host_email": host.email,
        "meeting_uuid": m.uuid,
        "meeting_id": m.id,
        "meeting_topic": m.topic,
        "meeting_start_time": iso(m.start),
        "meeting_end_time": iso(m.start + Duration::minutes(m.duration as i64)),
        "summary_start_time": iso(s.start),
        "summary_end_time": iso(s.end),
        "summary_created_time": iso(s.created),
        "summary_last_modified_time": iso(s.modified),
    })
}

/// `403 / 2305` for a summary in the trash.
fn trashed() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        2305,
        "The meeting summary has been moved to Trash and cannot be accessed.",
    )
}

/// The index in `summaries` of the summary a path names, and its meeting's.
/// An id names its latest instance.
fn locate(store: &Store, raw: &str) -> ApiResult<(usize, usize)> {
    let not_found = || ApiError::no_meeting(raw);
    let key = meeting_key(raw).map_err(|_| not_found())?;
    let meeting = store.resolve_any(&key).ok_or_else(not_found)?;
    let uuid = &store.meetings[meeting].uuid;
    let summary = store
        .summaries
        .iter()
        .position(|s| &s.meeting_uuid == uuid && !s.deleted)
        .ok_or_else(not_found)?;
    if store.summaries[summary].trashed {
        return Err(trashed());
    }
    Ok((summary, meeting))
}

/// `GET /meetings/meeting_summaries`
pub(crate) async fn list(State(app): State<Arc<App>>, Query(params): Query<Params>) -> ApiResult<Response> {
    let cursor = paging::start_with(&app, &params, Oversize::Reject, || {
        let get = |name: &str| {
            params
                .get(name)
                .filter(|s| !s.is_empty())
                .map(|s| instant(name, s))
                .transpose()
        };
        let (from, to) = (get("from")?, get("to")?);
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(ApiError::validation(
                "from",
                "The from date must not be after the to date.",
            ));
        }
        Ok(PageQuery::Summaries(SummaryQuery { from, to }))
    })?;
    let PageQuery::Summaries(q) = &cursor.query else {
        return Err(paging::wrong_token());
    };
    let store = app.store();
    let selected: Vec<(&Summary, &Meeting)> = store
        .summaries
        .iter()
        .filter(|s| s.live())
        .filter(|s| q.from.is_none_or(|t| s.created >= t) && q.to.is_none_or(|t| s.created <= t))
        .filter_map(|s| Some((s, &store.meetings[store.by_uuid(&s.meeting_uuid)?])))
        .collect();
    let (range, next_page_token) = paging::finish(&app, &cursor, selected.len());
    let summaries: Vec<Value> = selected[range].iter().map(|(s, m)| object(&app, m, s)).collect();
    let mut out = json!({
        "page_size": cursor.page_size,
        "next_page_token": next_page_token,
        "summaries": summaries,
    });
    if let Some(from) = q.from {
        out["from"] = iso(from).into();
    }
    if let Some(to) = q.to {
        out["to"] = iso(to).into();
    }
    Ok(json(StatusCode::OK, &out))
}

/// `GET /meetings/{meetingId}/meeting_summary`
pub(crate) async fn get(State(app): State<Arc<App>>, Path(meeting): Path<String>) -> ApiResult<Response> {
    let store = app.store();
    let (si, mi) = locate(&store, &meeting)?;
    let (s, m) = (&store.summaries[si], &store.meetings[mi]);
    let editor = &app.users[s.modified_by];
    let mut out = object(&app, m, s);
    let details: Vec<Value> = s
        .details
        .iter()
        .map(|d| json!({ "label": d.label, "summary": d.summary }))
        .collect();
    out["summary_last_modified_user_id"] = editor.id.as_str().into();
    out["summary_last_modified_user_email"] = editor.email.as_str().into();
    out["summary_title"] = s.title.as_str().into();
    out["summary_overview"] = s.overview.as_str().into();
    out["summary_details"] = details.into();
    out["next_steps"] = s.next_steps.clone().into();
    if let Some(edited) = &s.edited {
        out["edited_summary"] = json!({
            "summary_overview": edited.overview,
            "summary_details": edited.details,
            "next_steps": edited.next_steps,
        });
    }
    out["summary_content"] = s.content.as_str().into();
    out["summary_doc_url"] = doc_url(&app, s).into();
    Ok(json(StatusCode::OK, &out))
}

/// `DELETE /meetings/{meetingId}/meeting_summary`
pub(crate) async fn delete(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
) -> ApiResult<StatusCode> {
    let mut store = app.store();
    let (si, _) = locate(&store, &meeting)?;
    store.summaries[si].deleted = true;
    Ok(StatusCode::NO_CONTENT)
}
