//! `webhook-service`: receives Zoom's recording webhooks on
//! `POST /zoom/webhooks` and downloads each completed recording's files.
//!
//! Environment:
//!
//! - `WEBHOOK_SECRET_TOKEN` (required): the secret token of the app's event
//!   subscription; every delivery is verified with it.
//! - `PORT` (default 8080): the port to listen on, on every interface.
//! - `OUT_DIR` (default `recordings`): where files go, as
//!   `<OUT_DIR>/<date>/<HHMM> <topic> [<tag>]/<file name>`.
//! - `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET` (optional): a
//!   Server-to-Server OAuth app. Downloads send each event's `download_token`,
//!   so none is needed; the account token is used only for events without one.
//! - `ZOOM_API_BASE_URL` (optional): another API host (a test server); its
//!   origin is trusted with the download token.

use std::process::ExitCode;

use webhook_service::{AppState, Server};
use zoom_cloud_recording::env::API_BASE_URL;
use zoom_cloud_recording::webhook::Verifier;
use zoom_cloud_recording::{BuildError, Client};

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The SDK client: the S2S app when `ZOOM_*` is set, otherwise one whose own
/// token is never used (downloads carry the event's `download_token`).
fn client() -> Result<Client, BuildError> {
    if Client::env_configured() {
        return Client::from_env();
    }
    let mut builder = Client::builder().access_token("unused");
    if let Some(url) = var(API_BASE_URL) {
        builder = builder.base_url(url);
    }
    builder.build()
}

/// Ctrl-C, or SIGTERM (how containers are stopped) on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .init();
    let Some(secret) = var("WEBHOOK_SECRET_TOKEN") else {
        eprintln!("WEBHOOK_SECRET_TOKEN is not set: use the secret token of the app's event subscription");
        return ExitCode::from(2);
    };
    let port = match var("PORT").map(|p| p.parse::<u16>()) {
        None => 8080,
        Some(Ok(port)) => port,
        Some(Err(_)) => {
            eprintln!("PORT is not a port number");
            return ExitCode::from(2);
        }
    };
    let out_dir = var("OUT_DIR").unwrap_or_else(|| "recordings".to_owned());
    let client = match client() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("cannot build the Zoom client: {e}");
            return ExitCode::from(2);
        }
    };
    let state = AppState::new(client, Verifier::new(secret), &out_dir);
    let server = match Server::start(state.clone(), ("0.0.0.0", port)).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("cannot listen on port {port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(url = %server.webhook_url(), out_dir = %out_dir, "listening");
    stop_signal().await;
    tracing::info!("stopping; waiting for downloads in progress");
    let result = server.shutdown().await;
    state.idle().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("the server failed: {e}");
            ExitCode::FAILURE
        }
    }
}
