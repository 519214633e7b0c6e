//! Zoom's error bodies: `{"code": …, "message": …}` (plus `errors` for validation).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer of the API.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: u32,
    message: String,
    errors: Vec<(String, String)>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            errors: Vec::new(),
        }
    }

    /// 404 / 3301, Zoom's answer for an unknown (or unreachable) meeting.
    pub(crate) fn no_recording() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            3301,
            "There is no recording for this meeting.",
        )
    }

    /// 404 / 3322, the answer for a meeting without a transcript.
    pub(crate) fn no_transcript() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            3322,
            "This meeting transcript does not exist.",
        )
    }

    /// 404 / 3001 "Meeting does not exist" (archived files, summaries).
    pub(crate) fn no_meeting(meeting: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            3001,
            format!("Meeting does not exist: {meeting}."),
        )
    }

    /// 400 / 300 "Validation Failed." naming one field.
    pub(crate) fn validation(field: &str, message: impl Into<String>) -> Self {
        let mut e = Self::new(StatusCode::BAD_REQUEST, 300, "Validation Failed.");
        e.errors.push((field.to_owned(), message.into()));
        e
    }

    /// 400 / 300 with a message of its own.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 300, message)
    }

    /// 401 / 124.
    pub(crate) fn token(message: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 124, message)
    }

    /// 404 / 1001 for an unknown user.
    pub(crate) fn no_user(user: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            1001,
            format!("User {user} does not exist or does not belong to this account."),
        )
    }

    /// 400 / 300 for a body that is not a JSON object.
    pub(crate) fn bad_json() -> Self {
        Self::bad_request("Request Body should be a valid JSON object.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "code": self.code, "message": self.message });
        if !self.errors.is_empty() {
            let errors: Vec<_> = self
                .errors
                .iter()
                .map(|(f, m)| json!({ "field": f, "message": m }))
                .collect();
            body["errors"] = errors.into();
        }
        (self.status, Json(body)).into_response()
    }
}

/// What handlers return.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// Parses a request body as a JSON object (an empty body counts as `{}`).
pub(crate) fn json_object(body: &[u8]) -> ApiResult<serde_json::Map<String, serde_json::Value>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Err(ApiError::bad_json()),
    }
}

/// A JSON answer, serialised now (so that it may borrow from locked state).
pub(crate) fn json<T: serde::Serialize>(status: StatusCode, body: &T) -> axum::response::Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json;charset=UTF-8")],
            bytes,
        )
            .into_response(),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, 500, e.to_string()).into_response(),
    }
}
