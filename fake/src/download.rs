//! `download_url` on the API host: checks the token, then redirects to the file host.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;
use crate::api::paging::Params;
use crate::files::signed_url;
use crate::oauth::bearer;
use crate::state::App;
use crate::tokens::AccessCheck;

/// Whether the file is still downloadable (not trashed, deleted or processing).
fn available(app: &App, file_id: &str) -> bool {
    let store = app.store();
    let Some(&index) = store.file_owner.get(file_id) else {
        // Archive files are always there.
        return true;
    };
    let m = &store.meetings[index];
    m.live()
        && m.files
            .iter()
            .chain(&m.participant_audio)
            .any(|f| f.id == file_id && f.live() && !f.processing)
}

/// `GET /rec/download/{fileId}` (and `/rec/archive/download/{fileId}`).
///
/// Accepts `Authorization: Bearer <token>` or the legacy `?access_token=`, where
/// the token is an account access token, a `download_access_token` of the
/// file's meeting or a webhook download token. Without one it answers 401
/// `{"code":124,…}`; with one, 302 to a signed file-host URL.
pub(crate) async fn download(
    State(app): State<Arc<App>>,
    Path(file_id): Path<String>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let token = bearer(&headers)
        .map(str::to_owned)
        .or_else(|| params.get("access_token").cloned());
    let blob = app.blobs.get(&file_id).cloned();
    let allowed = token.as_deref().is_some_and(|t| {
        let tokens = app.tokens();
        tokens.check_access(t) == AccessCheck::Valid
            || blob
                .as_ref()
                .is_some_and(|b| tokens.grant_allows(t, &b.meeting_uuid))
    });
    if !allowed {
        return ApiError::token("Invalid access token.").into_response();
    }
    if blob.is_none() || !available(&app, &file_id) {
        return ApiError::new(StatusCode::NOT_FOUND, 3301, "This recording does not exist.").into_response();
    }
    let location = signed_url(&app, &file_id);
    let mut resp = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}
