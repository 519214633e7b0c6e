//! The API host: `/v2`, `/oauth/token` and the `download_url` redirects.
//!
//! | route | operationId | module |
//! |---|---|---|
//! | `GET /v2/users` | `users` (Users API) | [`users`] |
//! | `GET /v2/users/{userId}/recordings` | `recordingsList` | [`recordings`] |
//! | `GET /v2/accounts/{accountId}/recordings` | `getAccountCloudRecording` | [`recordings`] |
//! | `GET /v2/meetings/{meetingId}/recordings` | `recordingGet` | [`meeting`] |
//! | `DELETE /v2/meetings/{meetingId}/recordings` | `recordingDelete` | [`trash`] |
//! | `PUT /v2/meetings/{meetingUUID}/recordings/status` | `recordingStatusUpdate` | [`trash`] |
//! | `DELETE /v2/meetings/{meetingId}/recordings/{recordingId}` | `recordingDeleteOne` | [`trash`] |
//! | `PUT /v2/meetings/{meetingId}/recordings/{recordingId}/status` | `recordingStatusUpdateOne` | [`trash`] |
//! | `GET`/`PATCH /v2/meetings/{meetingId}/recordings/settings` | `recordingSettingUpdate` / `recordingSettingsUpdate` | [`settings`] |
//! | `GET`/`POST /v2/meetings/{meetingId}/recordings/registrants` | `meetingRecordingRegistrants` / `meetingRecordingRegistrantCreate` | [`registrants`] |
//! | `GET`/`PATCH …/recordings/registrants/questions` | `recordingRegistrantsQuestionsGet` / `recordingRegistrantQuestionUpdate` | [`questions`] |
//! | `PUT …/recordings/registrants/status` | `meetingRecordingRegistrantStatus` | [`registrants`] |
//! | `GET /v2/meetings/{meetingId}/recordings/analytics_details` | `analytics_details` | [`analytics`] |
//! | `GET /v2/meetings/{meetingId}/recordings/analytics_summary` | `analytics_summary` | [`analytics`] |
//! | `GET`/`DELETE /v2/meetings/{meetingId}/transcript` | `GetMeetingTranscript` / `DeleteMeetingTranscript` | [`transcript`] |
//! | `GET /v2/archive_files` | `listArchivedFiles` | [`archive`] |
//! | `GET /v2/archive_files/statistics` | `getArchivedFileStatistics` | [`archive_files`] |
//! | `PATCH /v2/archive_files/{fileId}` | `updateArchivedFile` | [`archive_files`] |
//! | `GET`/`DELETE /v2/past_meetings/{meetingUUID}/archive_files` | `getArchivedFiles` / `deleteArchivedFiles` | [`archive_files`] |
//! | `GET /v2/meetings/meeting_summaries` | `Listmeetingsummaries` | [`summaries`] |
//! | `GET`/`DELETE /v2/meetings/{meetingId}/meeting_summary` | `Getameetingsummary` / `Deletemeetingorwebinarsummary` | [`summaries`] |
//! | `POST /oauth/token` | (OAuth) | `oauth` |
//! | `GET /rec/download/{fileId}`, `/rec/archive/download/…`, `/rec/archive/attached/download/…`, `/rec/meeting/transcript/download/…` | (downloads) | `download` |
//!
//! Every route passes the counting and fault layers (`middleware`); `/v2` also
//! needs a live Bearer token.

pub(crate) mod analytics;
pub(crate) mod archive;
pub(crate) mod archive_files;
pub(crate) mod dates;
pub(crate) mod error;
pub(crate) mod meeting;
pub(crate) mod paging;
pub(crate) mod questions;
pub(crate) mod recordings;
pub(crate) mod registrants;
pub(crate) mod render;
pub(crate) mod settings;
pub(crate) mod summaries;
pub(crate) mod transcript;
pub(crate) mod trash;
pub(crate) mod users;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};

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
        .route("/v2/users", get(users::list))
        .route("/v2/users/{userId}/recordings", get(recordings::list_user))
        .route(
            "/v2/accounts/{accountId}/recordings",
            get(recordings::list_account),
        )
        .route("/v2/archive_files", get(archive::list))
        .route("/v2/archive_files/statistics", get(archive_files::statistics))
        .route("/v2/archive_files/{fileId}", patch(archive_files::update))
        .route(
            "/v2/past_meetings/{meetingUUID}/archive_files",
            get(archive_files::get).delete(archive_files::delete),
        )
        .route("/v2/meetings/meeting_summaries", get(summaries::list))
        .route(
            "/v2/meetings/{meetingId}/meeting_summary",
            get(summaries::get).delete(summaries::delete),
        )
        .route(
            "/v2/meetings/{meetingId}/transcript",
            get(transcript::get).delete(transcript::delete),
        )
        .route(&format!("{M}/analytics_details"), get(analytics::details))
        .route(&format!("{M}/analytics_summary"), get(analytics::summary))
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
        .route("/rec/archive/attached/download/{fileId}", get(download::download))
        .route(
            "/rec/meeting/transcript/download/{fileId}",
            get(download::download),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state((app.clone(), Host::Api), observe))
        .layer(from_fn_with_state(app.clone(), tracking))
        .with_state(app)
}
