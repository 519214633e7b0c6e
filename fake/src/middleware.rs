//! Layers around every route: counting, fault injection, tracking ids.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use http_body::{Frame, SizeHint};
use serde_json::json;
use tokio::sync::Notify;

use crate::api::error::ApiError;
use crate::counters::Operation;
use crate::faults::{Fault, RetryAfter};
use crate::state::App;

/// Closes the connection a request came on (set by the accept loop).
#[derive(Clone, Debug)]
pub(crate) struct ConnAbort(pub Arc<Notify>);

impl ConnAbort {
    pub(crate) fn abort(&self) {
        self.0.notify_one();
    }
}

/// Which of the two servers a layer runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    Api,
    Files,
}

/// Counts the request, then answers with an injected fault or the real answer.
pub(crate) async fn observe(
    State((app, host)): State<(Arc<App>, Host)>,
    mut req: Request,
    next: Next,
) -> Response {
    let op = match host {
        Host::Files => Some(Operation::FileHost),
        Host::Api => {
            let route = req.extensions().get::<MatchedPath>();
            route.and_then(|r| Operation::from_route(req.method(), r.as_str()))
        }
    };
    app.counters.hit(op);
    let Some(fault) = app.faults.pick(op, req.uri().path()) else {
        return next.run(req).await;
    };
    let abort = req.extensions().get::<ConnAbort>().cloned();
    match fault {
        Fault::RateLimitQps { retry_after } => rate_limited(op, false, retry_after),
        Fault::RateLimitDaily { iso_retry_after } => {
            let midnight = (Utc::now() + Duration::days(1))
                .date_naive()
                .format("%Y-%m-%dT00:00:00Z")
                .to_string();
            rate_limited(op, true, RetryAfter::Absent)
                .with_header("retry-after", iso_retry_after.then_some(midnight))
        }
        Fault::ServerError(status) => server_error(status),
        Fault::ConnectionReset => match abort {
            Some(abort) => {
                abort.abort();
                std::future::pending().await
            }
            None => server_error(500),
        },
        Fault::TruncatedBody => truncate(next.run(req).await, abort).await,
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            next.run(req).await
        }
        Fault::HtmlInsteadOfFile => html(
            StatusCode::OK,
            "<!DOCTYPE html><html><head><title>Error - Zoom</title></head><body><div class=\"error\">\
             Only the host can download this recording. Sign in as the host to continue.</div></body></html>",
        ),
        Fault::ExpiredToken => ApiError::token("Access token is expired.").into_response(),
        Fault::IgnoreRange => {
            req.headers_mut().remove(header::RANGE);
            next.run(req).await
        }
    }
}

/// Adds `x-zm-trackingid` to every answer of the API host.
pub(crate) async fn tracking(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let id = app.counters.tracking_id();
    next.run(req).await.with_header("x-zm-trackingid", Some(id))
}

trait WithHeader {
    fn with_header(self, name: &'static str, value: Option<String>) -> Self;
}

impl WithHeader for Response {
    fn with_header(mut self, name: &'static str, value: Option<String>) -> Self {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            self.headers_mut().insert(name, v);
        }
        self
    }
}

fn rate_limited(op: Option<Operation>, daily: bool, retry_after: RetryAfter) -> Response {
    let medium = matches!(
        op,
        Some(
            Operation::RecordingsList
                | Operation::GetAccountCloudRecording
                | Operation::ListArchivedFiles
                | Operation::MeetingRecordingRegistrants
                | Operation::MeetingRecordingRegistrantStatus
                | Operation::Users
                | Operation::GetMeetingTranscript
                | Operation::DeleteMeetingTranscript
                | Operation::GetArchivedFileStatistics
                | Operation::ListMeetingSummaries
        )
    );
    let message = if daily {
        "You have exceeded the daily rate limit (6000) of Cloud Recording API requests permitted for this \
         particular account. You may resume these requests at GMT 00:00:00."
    } else {
        "You have reached the maximum per-second rate limit for this API. Try again later."
    };
    let retry_after = match retry_after {
        RetryAfter::Absent => None,
        RetryAfter::Seconds(s) => Some(s.to_string()),
        RetryAfter::HttpDate(d) => {
            let at = Utc::now() + Duration::from_std(d).unwrap_or_default();
            Some(at.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        }
    };
    let limit = if daily {
        "6000"
    } else if medium {
        "20"
    } else {
        "30"
    };
    (
        StatusCode::TOO_MANY_REQUESTS,
        Json(json!({ "code": 429, "message": message })),
    )
        .into_response()
        .with_header(
            "x-ratelimit-category",
            Some(if medium { "Medium" } else { "Light" }.into()),
        )
        .with_header(
            "x-ratelimit-type",
            Some(if daily { "Daily-limit" } else { "QPS" }.into()),
        )
        .with_header("x-ratelimit-limit", Some(limit.into()))
        .with_header("x-ratelimit-remaining", Some("0".into()))
        .with_header("retry-after", retry_after)
}

fn html(status: StatusCode, body: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html;charset=utf-8")], body).into_response()
}

/// 500 is Zoom's JSON; 502/503/504 look like a gateway's HTML page.
fn server_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        let body = json!({ "code": 500, "message": "Internal server error." });
        return (status, Json(body)).into_response();
    }
    let reason = status.canonical_reason().unwrap_or("Error");
    let page = format!(
        "<html><head><title>{} {reason}</title></head><body><h1>{reason}</h1></body></html>",
        status.as_u16()
    );
    (status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
}

/// Keeps the head (with the full `Content-Length`) and half of the body, then
/// closes the connection.
async fn truncate(resp: Response, abort: Option<ConnAbort>) -> Response {
    let (mut parts, body) = resp.into_parts();
    let body = match http_body::Body::size_hint(&body).exact() {
        Some(_) => body,
        None => Body::from(
            axum::body::to_bytes(body, 256 * 1024 * 1024)
                .await
                .unwrap_or_default(),
        ),
    };
    let full = http_body::Body::size_hint(&body).exact().unwrap_or(0);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full));
    Response::from_parts(
        parts,
        Body::new(Truncated {
            inner: body,
            left: full / 2,
            promised: full,
            abort,
        }),
    )
}

struct Truncated {
    inner: Body,
    left: u64,
    promised: u64,
    abort: Option<ConnAbort>,
}

impl http_body::Body for Truncated {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if self.left == 0 {
            return match &self.abort {
                // The accept loop drops the connection once the head and half the body are out.
                Some(abort) => {
                    abort.abort();
                    Poll::Pending
                }
                None => Poll::Ready(Some(Err(axum::Error::new("body cut off")))),
            };
        }
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                Ok(mut data) => {
                    if data.len() as u64 > self.left {
                        data.truncate(self.left as usize);
                    }
                    self.left -= data.len() as u64;
                    self.promised -= data.len() as u64;
                    Poll::Ready(Some(Ok(Frame::data(data))))
                }
                Err(frame) => Poll::Ready(Some(Ok(frame))),
            },
            other => other,
        }
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.promised)
    }
}
