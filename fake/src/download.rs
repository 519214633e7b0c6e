//! `download_url` on the API host: checks the token, then redirects to the file host.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;
use crate::api::paging::Params;
use crate::api::transcript;
use crate::files::signed_url;
use crate::info_aic::TranscriptState;
use crate::oauth::bearer;
use crate::state::App;
use crate::tokens::AccessCheck;

/// Whether the file is still downloadable: a recording file not trashed,
/// deleted or processing; a ready transcript of a meeting not in the trash; an
/// archived file (or attachment) not deleted and not processing.
fn available(app: &App, file_id: &str) -> bool {
    let store = app.store();
    if let Some(&index) = store.file_owner.get(file_id) {
        let m = &store.meetings[index];
        return m.live()
            && m.files
                .iter()
                .chain(&m.participant_audio)
                .any(|f| f.id == file_id && f.live() && !f.processing);
    }
    if let Some(uuid) = store.transcript_files.get(file_id) {
        let meeting = store.by_uuid(uuid).map(|i| &store.meetings[i]);
        let transcript = store.transcripts.get(uuid).filter(|t| !t.deleted);
        return match (meeting, transcript) {
            (Some(m), Some(t)) => transcript::state(m, t) == TranscriptState::Ready,
            _ => false,
        };
    }
    store.archive.iter().any(|m| {
        m.files
            .iter()
            .any(|f| f.id == file_id && f.status != "processing")
            || m.physical_files.iter().any(|f| f.id == file_id)
    })
}

/// `GET /rec/download/{fileId}` (and the archive, attachment and transcript
/// download paths).
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
