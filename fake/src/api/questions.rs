//! Registration questions of a recording: get and replace.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api::error::{ApiError, ApiResult, json, json_object};
use crate::api::meeting::meeting_key;
use crate::state::App;

use crate::api::registrants::FIELDS as FIELD_NAMES;

fn default_questions() -> Value {
    json!({
        "questions": [
            { "field_name": "last_name", "required": true },
            { "field_name": "org", "required": false },
        ],
        "custom_questions": [
            { "title": "How did you hear about us?", "type": "short", "required": false },
        ],
    })
}

/// `GET /meetings/{meetingId}/recordings/registrants/questions`
pub(crate) async fn get(State(app): State<Arc<App>>, Path(meeting): Path<String>) -> ApiResult<Response> {
    let key = meeting_key(&meeting)?;
    let store = app.store();
    let index = store.resolve(&key, false).ok_or_else(ApiError::no_recording)?;
    let id = store.meetings[index].id;
    let questions = store
        .questions
        .get(&id)
        .cloned()
        .unwrap_or_else(default_questions);
    Ok(json(StatusCode::OK, &questions))
}

fn check(body: &serde_json::Map<String, Value>) -> ApiResult<()> {
    let list = |name: &str| -> ApiResult<Vec<Value>> {
        match body.get(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items.clone()),
            Some(_) => Err(ApiError::validation(name, "must be an array")),
        }
    };
    for q in list("questions")? {
        let name_ok = q
            .get("field_name")
            .and_then(Value::as_str)
            .is_some_and(|n| FIELD_NAMES.contains(&n));
        if !name_ok {
            return Err(ApiError::validation(
                "questions.field_name",
                "Invalid field_name.",
            ));
        }
    }
    for q in list("custom_questions")? {
        match (q.get("type").and_then(Value::as_str), q.get("answers")) {
            (Some("short"), None) | (Some("single" | "multiple"), _) => {}
            (Some("short"), Some(_)) => {
                return Err(ApiError::validation(
                    "custom_questions.answers",
                    "not allowed with type short",
                ));
            }
            _ => {
                return Err(ApiError::validation(
                    "custom_questions.type",
                    "must be short, single or multiple",
                ));
            }
        }
    }
    Ok(())
}

/// `PATCH /meetings/{meetingId}/recordings/registrants/questions`
pub(crate) async fn update(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let key = meeting_key(&meeting)?;
    let body = json_object(&body)?;
    check(&body)?;
    let mut store = app.store();
    let index = store.resolve(&key, false).ok_or_else(ApiError::no_recording)?;
    let id = store.meetings[index].id;
    let current = store.questions.entry(id).or_insert_with(default_questions);
    for name in ["questions", "custom_questions"] {
        if let Some(v) = body.get(name) {
            current[name] = v.clone();
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
