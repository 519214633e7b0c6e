//! The API host: `/v2` (the 15 Cloud Recording operations), `/oauth/token` and
//! the `download_url` redirects.

pub(crate) mod archive;
pub(crate) mod dates;
pub(crate) mod error;
pub(crate) mod meeting;
pub(crate) mod paging;
pub(crate) mod questions;
pub(crate) mod recordings;
pub(crate) mod registrants;
pub(crate) mod render;
pub(crate) mod settings;
pub(crate) mod trash;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};

use crate::api::error::ApiError;
use crate::middleware::{Host, observe, tracking};
use crate::state::App;
use crate::{download, oauth};

const M: &str = "/v2/meetings/{meetingId}/recordings";

/// Unknown paths: Zoom-style JSON 404 (3301 under `/v2/meetings/`).
async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/v2/meetings/") {
        ApiError::no_recording().into_response()
    } else {
        ApiError::new(StatusCode::NOT_FOUND, 404, "Not found.").into_response()
    }
}

async fn method_not_allowed() -> Response {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, 405, "Method not allowed.").into_response()
}

/// The router of the API host.
pub(crate) fn router(app: Arc<App>) -> Router {
    let v2 = Router::new()
        .route("/v2/users/{userId}/recordings", get(recordings::list_user))
        .route(
            "/v2/accounts/{accountId}/recordings",
            get(recordings::list_account),
        )
        .route("/v2/archive_files", get(archive::list))
        .route(M, get(meeting::get).delete(trash::delete_meeting))
        .route(&format!("{M}/status"), put(trash::recover_meeting))
        .route(
            &format!("{M}/{{recordingId}}"),
            axum::routing::delete(trash::delete_file),
        )
        .route(&format!("{M}/{{recordingId}}/status"), put(trash::recover_file))
        .route(
            &format!("{M}/settings"),
            get(settings::get).patch(settings::update),
        )
        .route(
            &format!("{M}/registrants"),
            get(registrants::list).post(registrants::create),
        )
        .route(
            &format!("{M}/registrants/questions"),
            get(questions::get).patch(questions::update),
        )
        .route(
            &format!("{M}/registrants/status"),
            put(registrants::update_status),
        )
        .route_layer(from_fn_with_state(app.clone(), oauth::require_bearer));
    Router::new()
        .merge(v2)
        .route("/oauth/token", post(oauth::token))
        .route("/rec/download/{fileId}", get(download::download))
        .route("/rec/archive/download/{fileId}", get(download::download))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state((app.clone(), Host::Api), observe))
        .layer(from_fn_with_state(app.clone(), tracking))
        .with_state(app)
}
