//! `recordingSettingUpdate` (GET) and `recordingSettingsUpdate` (PATCH).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Duration;
use serde_json::Value;

use crate::api::error::{ApiError, ApiResult, json, json_object};
use crate::api::meeting::meeting_key;
use crate::state::App;

const BOOLEANS: &[&str] = &[
    "recording_authentication",
    "viewer_download",
    "on_demand",
    "send_email_to_host",
    "show_social_share_buttons",
    "auto_delete",
];
const STRINGS: &[&str] = &[
    "authentication_option",
    "authentication_domains",
    "password",
    "topic",
];

/// `GET /meetings/{meetingId}/recordings/settings`
pub(crate) async fn get(State(app): State<Arc<App>>, Path(meeting): Path<String>) -> ApiResult<Response> {
    let key = meeting_key(&meeting)?;
    let store = app.store();
    let index = store.resolve(&key, false).ok_or_else(ApiError::no_recording)?;
    Ok(json(StatusCode::OK, &store.meetings[index].settings))
}

/// Checks one settable field.
fn check(name: &str, value: &Value) -> ApiResult<()> {
    let ok = match name {
        "share_recording" => matches!(value.as_str(), Some("publicly" | "internally" | "none")),
        "approval_type" => matches!(value.as_u64(), Some(0..=2)),
        "password" => value.as_str().is_some_and(|p| p.len() <= 10),
        n if BOOLEANS.contains(&n) => value.is_boolean(),
        n if STRINGS.contains(&n) => value.is_string(),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::validation(name, format!("Invalid value for {name}.")))
    }
}

/// `PATCH /meetings/{meetingId}/recordings/settings`
pub(crate) async fn update(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let key = meeting_key(&meeting)?;
    let changes = json_object(&body)?;
    for (name, value) in &changes {
        check(name, value)?;
    }
    let today = app.clock.now().date_naive();
    let mut store = app.store();
    let index = store.resolve(&key, false).ok_or_else(ApiError::no_recording)?;
    let settings = &mut store.meetings[index].settings;
    for (name, value) in changes {
        let settable = name == "share_recording" || name == "approval_type";
        if settable || BOOLEANS.contains(&name.as_str()) || STRINGS.contains(&name.as_str()) {
            settings.insert(name, value);
        }
    }
    if settings.get("auto_delete") == Some(&Value::Bool(true)) {
        let date = (today + Duration::days(30)).format("%Y-%m-%d").to_string();
        settings.entry("auto_delete_date").or_insert(Value::from(date));
    } else {
        settings.remove("auto_delete_date");
    }
    Ok(StatusCode::NO_CONTENT)
}
