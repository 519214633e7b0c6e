//! An example service that receives Zoom's recording webhooks the way a real
//! one should, and archives the recordings with the SDK's downloads.
//!
//! `POST /zoom/webhooks` takes the raw body bytes (never JSON parsed and
//! written again: the signature covers the exact bytes) and checks them with
//! [`Verifier`](zoom_cloud_recording::webhook::Verifier):
//!
//! - `endpoint.url_validation` is answered with the [`UrlValidation`] JSON (200);
//! - a delivery that fails verification gets 401 with an empty body, so a
//!   prober learns nothing; a verified body that is not a Zoom event gets 400;
//! - `recording.completed` gets 200 at once (Zoom waits 3 s at most) and each
//!   completed file is downloaded in the background with the event's
//!   `download_token` into `<out>/<meeting folder>/<file name>`. Zoom retries
//!   and sends duplicates: a file an earlier delivery named (by file id, or by
//!   meeting UUID, type and start for files without one) is not downloaded again;
//! - every other event is logged and acknowledged with 200.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use webhook_service::{AppState, Server};
//! use zoom_cloud_recording::{Client, webhook::Verifier};
//!
//! // Downloads send each event's download_token: the client's token is unused.
//! let client = Client::builder().access_token("unused").build()?;
//! let state = AppState::new(client, Verifier::new("the app's secret token"), "recordings");
//! let server = Server::start(state.clone(), "127.0.0.1:0").await?;
//! println!("point the event subscription at {}", server.webhook_url());
//! state.settled(1).await; // one file downloaded (or failed)
//! # Ok(())
//! # }
//! ```
//!
//! The ledger of files is kept in memory: a restarted service downloads a
//! redelivered event's files again (into the same names, replacing them).
#![warn(missing_docs)]

mod files;
mod state;

use std::io;
use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use zoom_cloud_recording::webhook::{Event, UrlValidation, WebhookError};

pub use state::{AppState, DOWNLOAD_CONCURRENCY, FileRecord, FileStatus, Stats};

use state::bump;

/// The path Zoom posts events to.
pub const WEBHOOK_PATH: &str = "/zoom/webhooks";

/// The service's routes: `POST /zoom/webhooks`.
pub fn router(state: AppState) -> Router {
    Router::new().route(WEBHOOK_PATH, post(receive)).with_state(state)
}

/// `POST /zoom/webhooks`.
async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let inner = &state.inner;
    let counters = &inner.counters;
    match inner.verifier.event(&headers, &body) {
        Err(WebhookError::InvalidPayload(e)) => {
            bump(&counters.invalid);
            tracing::warn!(error = %e, "a verified delivery is not a Zoom event");
            (StatusCode::BAD_REQUEST, "invalid payload").into_response()
        }
        Err(e) => {
            // The reason goes to the log only (it never holds the secret).
            bump(&counters.rejected);
            tracing::warn!(error = %e, "refused an unverified delivery");
            StatusCode::UNAUTHORIZED.into_response()
        }
        Ok(Event::UrlValidation { plain_token, .. }) => {
            bump(&counters.url_validations);
            tracing::info!("answered the URL validation challenge");
            let answer: UrlValidation = inner.verifier.url_validation(&plain_token);
            axum::Json(answer).into_response()
        }
        Ok(Event::RecordingCompleted(event)) => {
            bump(&counters.completed_events);
            state.accept_completed(event);
            StatusCode::OK.into_response()
        }
        Ok(other) => {
            bump(&counters.other_events);
            tracing::info!(event = other.name(), "acknowledged");
            StatusCode::OK.into_response()
        }
    }
}

/// The service running on a local port; stops when dropped or on
/// [`Server::shutdown`]. Downloads already started run on.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free one) and serves [`router`] on it.
    pub async fn start(state: AppState, addr: impl ToSocketAddrs) -> io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let serve = axum::serve(listener, router(state)).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        let task = tokio::spawn(async move { serve.await });
        Ok(Self {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>/zoom/webhooks`.
    pub fn webhook_url(&self) -> String {
        format!("http://{}{WEBHOOK_PATH}", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, and waits.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
