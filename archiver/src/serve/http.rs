//! The service's routes:
//!
//! | route | answers |
//! |---|---|
//! | `POST /zoom/webhooks` | 200 once the delivery's jobs are committed to the queue; the URL validation answer; 401 (empty) for a bad signature or a stale timestamp; 400 for a verified body that is not a Zoom event; 503 when the queue cannot take it (Zoom delivers it again) |
//! | `GET /healthz` | 200 `ok` when the queue answers, else 503 naming why |
//! | `GET /metrics` | Prometheus text ([`super::metrics`]) |
//!
//! The webhook body is taken as raw bytes: the signature covers exactly them.
//! Nothing but verification, a pure planning step and one queue commit
//! happens before the answer, so it comes well inside Zoom's 3 seconds.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use zoom_cloud_recording::webhook::{Event, WebhookError};

use super::Shared;
use super::jobs;
use super::metrics::Delivery;

/// The path Zoom posts events to.
pub const WEBHOOK_PATH: &str = "/zoom/webhooks";

/// The routes over `shared`.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(WEBHOOK_PATH, post(receive))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(shared)
}

async fn receive(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let metrics = &shared.metrics;
    let event = match shared.verifier.event(&headers, &body) {
        Ok(event) => event,
        Err(WebhookError::InvalidPayload(e)) => {
            metrics.delivery(Delivery::Invalid);
            tracing::warn!(error = %e, "a verified delivery is not a Zoom event");
            return (StatusCode::BAD_REQUEST, "invalid payload").into_response();
        }
        Err(e) => {
            // The reason goes to the log only; it never holds the secret.
            metrics.delivery(Delivery::Rejected);
            tracing::warn!(error = %e, "refused an unverified delivery");
            return StatusCode::UNAUTHORIZED.into_response();
        }
    };
    if let Event::UrlValidation { plain_token, .. } = &event {
        metrics.delivery(Delivery::UrlValidation);
        return axum::Json(shared.verifier.url_validation(plain_token)).into_response();
    }
    let planned = jobs::plan_with(&event, shared.options.then.is_some());
    if planned.jobs.is_empty() {
        metrics.delivery(Delivery::Ignored);
        tracing::info!(
            event = event.name(),
            not_ready = planned.not_ready,
            "acknowledged; nothing to archive"
        );
        return StatusCode::OK.into_response();
    }
    let count = planned.jobs.len();
    match shared.queue.enqueue(planned.jobs, (shared.clock)()).await {
        Ok(enqueued) => {
            let new = enqueued.added + enqueued.requeued;
            metrics.delivery(if new == 0 {
                Delivery::Duplicate
            } else {
                Delivery::Accepted
            });
            tracing::info!(
                event = event.name(),
                jobs = count,
                added = enqueued.added,
                requeued = enqueued.requeued,
                duplicates = enqueued.duplicates,
                not_ready = planned.not_ready,
                "queued"
            );
            if new > 0 {
                shared.wake.notify_waiters();
            }
            StatusCode::OK.into_response()
        }
        Err(error) => {
            metrics.delivery(Delivery::Unavailable);
            tracing::error!(%error, event = event.name(), "could not queue a delivery; answering 503 so Zoom sends it again");
            (StatusCode::SERVICE_UNAVAILABLE, "queue unavailable").into_response()
        }
    }
}

async fn healthz(State(shared): State<Arc<Shared>>) -> Response {
    match shared.queue.stats().await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(error) => (StatusCode::SERVICE_UNAVAILABLE, format!("{error}\n")).into_response(),
    }
}

async fn metrics(State(shared): State<Arc<Shared>>) -> Response {
    let stats = shared.queue.stats().await.ok();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        shared.metrics.render(stats),
    )
        .into_response()
}
