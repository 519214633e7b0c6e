//! Server-to-Server OAuth: `POST /oauth/token`, and the Bearer check on `/v2`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;
use serde_json::json;

use crate::api::error::ApiError;
use crate::state::App;
use crate::tokens::AccessCheck;

/// The scopes every token carries.
const SCOPES: &str = "cloud_recording:read:list_user_recordings:admin cloud_recording:read:list_recording_files:admin \
cloud_recording:delete:meeting_recording:admin cloud_recording:delete:recording_file:admin \
cloud_recording:update:recover_meeting_recordings:admin cloud_recording:update:recover_single_recording:admin \
cloud_recording:read:recording_settings:admin cloud_recording:update:recording_settings:admin \
cloud_recording:read:list_recording_registrants:admin cloud_recording:write:recording_registrant:admin \
cloud_recording:read:registration_questions:admin cloud_recording:update:registration_questions:admin \
cloud_recording:update:registrant_status:admin archiving:read:list_archived_files:admin recording:read:admin \
cloud_recording:read:recording_analytics_details:admin cloud_recording:read:recording_analytics_summary:admin \
cloud_recording:read:meeting_transcript:admin cloud_recording:delete:meeting_transcript:admin \
archiving:read:archived_file_statistics:admin archiving:update:archived_file_auto_delete_status:admin \
archiving:read:archived_files:admin archiving:delete:archived_files:admin meeting:read:list_summaries:admin \
meeting:read:summary:admin meeting:delete:summary:admin user:read:list_users:admin";

/// `application/x-www-form-urlencoded` pairs (`+` is a space).
fn parse_form(raw: &str) -> HashMap<String, String> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| {
                percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

/// The `client_id:client_secret` pair of a Basic `Authorization` header.
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// `POST /oauth/token` with `grant_type=account_credentials&account_id=…`
/// (in the form body or the query string) and Basic client credentials.
pub(crate) async fn token(State(app): State<Arc<App>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let mut form = parse_form(parts.uri.query().unwrap_or(""));
    form.extend(parse_form(&String::from_utf8_lossy(&bytes)));

    let valid_client =
        basic(&parts.headers).is_some_and(|(id, secret)| id == app.client_id && secret == app.client_secret);
    if !valid_client {
        let body = json!({ "reason": "Invalid client_id or client_secret", "error": "invalid_client" });
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    if form.get("grant_type").map(String::as_str) != Some("account_credentials") {
        let body =
            json!({ "code": 4705, "message": "Unsupported grant type.", "error": "unsupported_grant_type" });
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    if form.get("account_id") != Some(&app.account_id) {
        let body = json!({
            "reason": "Invalid request : Account does not exist or does not belong to this app.",
            "error": "invalid_request",
        });
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    let lifetime = app.cfg.token_lifetime;
    let access_token = app.tokens().issue_access(&app.account_id, lifetime);
    let body = json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": lifetime.as_secs(),
        "scope": SCOPES,
        "api_url": app.api_origin,
    });
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// The token of a Bearer `Authorization` header.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Middleware on `/v2`: a live access token or 401 / 124.
pub(crate) async fn require_bearer(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let check = bearer(req.headers()).map(|t| app.tokens().check_access(t));
    match check {
        Some(AccessCheck::Valid) => next.run(req).await,
        Some(AccessCheck::Expired) => ApiError::token("Access token is expired.").into_response(),
        _ => ApiError::token("Invalid access token.").into_response(),
    }
}
