//! Recording registrants: list (paginated, by status), create, approve/deny.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::api::error::{ApiError, ApiResult, json, json_object};
use crate::api::meeting::numeric_id;
use crate::api::paging::{self, PageQuery, Params};
use crate::seed_extras::{Registrant, registrant};
use crate::state::{App, MeetingKey};

/// A normalised registrants listing.
#[derive(Clone, Debug)]
pub(crate) struct RegistrantQuery {
    meeting_id: u64,
    status: String,
}

#[derive(Serialize)]
struct ListOut<'a> {
    page_count: usize,
    page_number: usize,
    page_size: usize,
    total_records: usize,
    next_page_token: String,
    registrants: Vec<&'a Registrant>,
}

/// The optional registrant fields (also the question field names).
pub(crate) const FIELDS: &[&str] = &[
    "last_name",
    "address",
    "city",
    "country",
    "zip",
    "state",
    "phone",
    "industry",
    "org",
    "job_title",
    "purchasing_time_frame",
    "role_in_purchase_process",
    "no_of_employees",
    "comments",
];

/// `GET /meetings/{meetingId}/recordings/registrants`
pub(crate) async fn list(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Response> {
    let meeting_id = numeric_id(&meeting)?;
    let status = params
        .get("status")
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| "approved".into());
    if !matches!(status.as_str(), "pending" | "approved" | "denied") {
        return Err(ApiError::validation(
            "status",
            "must be pending, approved or denied",
        ));
    }
    let mut cursor = paging::start(&app, &params, || {
        Ok(PageQuery::Registrants(RegistrantQuery { meeting_id, status }))
    })?;
    if !params.contains_key("next_page_token")
        && let Some(n) = params.get("page_number").and_then(|n| n.parse::<usize>().ok())
    {
        cursor.offset = n.saturating_sub(1) * cursor.page_size;
    }
    let PageQuery::Registrants(q) = &cursor.query else {
        return Err(ApiError::bad_request(
            "The next page token is invalid or expired.",
        ));
    };
    let store = app.store();
    store
        .resolve(&MeetingKey::Id(q.meeting_id), false)
        .ok_or_else(ApiError::no_recording)?;
    let all: Vec<&Registrant> = store
        .registrants
        .get(&q.meeting_id)
        .map(|list| {
            list.iter()
                .filter(|r| r.get("status") == Some(&Value::from(q.status.as_str())))
                .collect()
        })
        .unwrap_or_default();
    let (range, next_page_token) = paging::finish(&app, &cursor, all.len());
    let out = ListOut {
        page_count: paging::page_count(all.len(), cursor.page_size),
        page_number: cursor.offset / cursor.page_size.max(1) + 1,
        page_size: cursor.page_size,
        total_records: all.len(),
        next_page_token,
        registrants: all[range].to_vec(),
    };
    Ok(json(StatusCode::OK, &out))
}

fn required_string(body: &Map<String, Value>, field: &str, max: usize) -> ApiResult<String> {
    match body.get(field).and_then(Value::as_str) {
        Some(s) if !s.is_empty() && s.len() <= max => Ok(s.to_owned()),
        _ => Err(ApiError::validation(
            field,
            format!("{field} is required (at most {max} characters)."),
        )),
    }
}

/// `POST /meetings/{meetingId}/recordings/registrants`
pub(crate) async fn create(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let meeting_id = numeric_id(&meeting)?;
    let body = json_object(&body)?;
    let email = required_string(&body, "email", 128)?;
    if !email.contains('@') {
        return Err(ApiError::validation("email", "Invalid email."));
    }
    let first_name = required_string(&body, "first_name", 64)?;
    let now = app.clock.now();
    let mut store = app.store();
    let index = store
        .resolve(&MeetingKey::Id(meeting_id), false)
        .ok_or_else(ApiError::no_recording)?;
    let m = &store.meetings[index];
    let topic = m.topic.clone();
    let share_url = format!("{}/rec/share/{}", app.api_origin, m.share_token);
    let status = match (
        body.get("status").and_then(Value::as_str),
        m.settings.get("approval_type"),
    ) {
        (Some(s @ ("approved" | "pending" | "denied")), _) => s.to_owned(),
        (_, Some(v)) if v == 1 => "pending".into(),
        _ => "approved".into(),
    };
    let mut r = registrant(&mut store.rng, "new", &first_name, &status, now);
    r.insert("email".into(), email.into());
    for field in FIELDS.iter().chain(&["custom_questions"]) {
        if let Some(v) = body.get(*field) {
            r.insert((*field).to_owned(), v.clone());
        }
    }
    let tk = r["share_url"]
        .as_str()
        .and_then(|u| u.split("tk=").nth(1))
        .unwrap_or_default()
        .to_owned();
    let registrant_id = r["id"].clone();
    store.registrants.entry(meeting_id).or_default().push(r);
    let out = json!({
        "registrant_id": registrant_id,
        "id": meeting_id,
        "topic": topic,
        "share_url": format!("{share_url}?tk={tk}"),
    });
    Ok(json(StatusCode::CREATED, &out))
}

/// `PUT /meetings/{meetingId}/recordings/registrants/status`
pub(crate) async fn update_status(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let meeting_id = numeric_id(&meeting)?;
    let body = json_object(&body)?;
    let status = match body.get("action").and_then(Value::as_str) {
        Some("approve") => "approved",
        Some("deny") => "denied",
        _ => return Err(ApiError::validation("action", "must be approve or deny")),
    };
    let ids: Option<Vec<String>> = match body.get("registrants") {
        None => None,
        Some(Value::Array(items)) if items.len() <= 30 => Some(
            items
                .iter()
                .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_owned))
                .collect(),
        ),
        Some(_) => {
            return Err(ApiError::validation(
                "registrants",
                "at most 30 registrants, each {\"id\": …}",
            ));
        }
    };
    let mut store = app.store();
    store
        .resolve(&MeetingKey::Id(meeting_id), false)
        .ok_or_else(ApiError::no_recording)?;
    for r in store.registrants.entry(meeting_id).or_default() {
        let picked = match &ids {
            Some(ids) => r
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| ids.iter().any(|i| i == id)),
            None => true,
        };
        if picked {
            r.insert("status".into(), status.into());
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
