//! `zoom-archive serve`: opens the destination and the queue, connects to
//! Zoom, and runs the webhook service until SIGINT or SIGTERM.

use std::sync::Arc;
use std::time::Duration;

use zoom_archiver::serve::queue::{PostgresQueue, Queue, SqliteQueue};
use zoom_archiver::serve::{ServeOptions, Service};
use zoom_archiver::{destination, retention};
use zoom_cloud_recording::webhook::Verifier;

use super::args::ServeArgs;

/// The variable holding the Zoom app's webhook secret token.
const SECRET_VARIABLE: &str = "ZOOM_WEBHOOK_SECRET_TOKEN";

/// Runs the service; `Ok` after a clean shutdown.
pub async fn serve(
    args: &ServeArgs,
    then: Option<retention::Options>,
    json: bool,
    fake_faults: f64,
) -> Result<u8, String> {
    let secret = std::env::var(SECRET_VARIABLE)
        .ok()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            format!(
                "{SECRET_VARIABLE} is not set: it is the secret token of the Zoom app's event subscription"
            )
        })?;
    let store = destination::open(&args.dest.dest).map_err(|e| e.to_string())?;
    let queue: Arc<dyn Queue> = match &args.queue {
        Some(url) => Arc::new(PostgresQueue::connect(url).await.map_err(|e| e.to_string())?),
        None => Arc::new(SqliteQueue::open(&args.state).map_err(|e| e.to_string())?),
    };
    let zoom = super::zoom::connect(fake_faults).await?;
    let options = ServeOptions {
        workers: args.workers.max(1),
        lease: Duration::from_secs(args.lease.max(1)),
        poll: Duration::from_millis(args.poll_ms.max(1)),
        retry_base: Duration::from_millis(args.retry_base_ms),
        max_attempts: args.max_attempts.max(1),
        then,
        ..ServeOptions::default()
    };
    let describe = (store.describe(), queue.describe());
    let service = Service::new(zoom.client.clone(), store, queue, Verifier::new(secret), options)
        .await
        .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::json!({"event": "listening", "addr": addr.to_string(), "destination": describe.0, "queue": describe.1})
        );
    } else {
        println!(
            "listening on http://{addr} (POST /zoom/webhooks, GET /healthz, GET /metrics); archiving into {} through the queue {}",
            describe.0, describe.1
        );
    }
    service
        .run(listener, shutdown_signal())
        .await
        .map_err(|e| format!("the server stopped: {e}"))?;
    drop(zoom);
    Ok(0)
}

/// SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => {
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
