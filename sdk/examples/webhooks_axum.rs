//! Receives Zoom's webhooks in an axum handler: every delivery is verified over
//! the exact bytes received (never JSON parsed and written again), the
//! `endpoint.url_validation` challenge is answered, and a delivery that is not
//! signed with the app's secret token, or signed too long ago, gets 401.
//!
//! ```sh
//! WEBHOOK_SECRET_TOKEN=... PORT=8080 cargo run -p zoom-cloud-recording --example webhooks_axum
//! cargo run -p zoom-cloud-recording --example webhooks_axum   # a demo: a fake Zoom delivers to it
//! ```

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use fake_zoom::{Config, FakeZoom};
use zoom_cloud_recording::webhook::{Event, Verifier, WebhookError};

/// `POST /zoom/webhooks`.
async fn receive(State(verifier): State<Verifier>, headers: HeaderMap, body: Bytes) -> Response {
    match verifier.event(&headers, &body) {
        Ok(Event::UrlValidation { plain_token, .. }) => {
            Json(verifier.url_validation(&plain_token)).into_response()
        }
        Ok(Event::RecordingCompleted(done)) => {
            // Zoom waits 3 s at most: queue the work (downloads with
            // `DownloadAuth::DownloadToken(done.download_token)`) and answer.
            let files = done.object.recording_files.len();
            println!(
                "recording.completed: {files} files, download token: {}",
                done.download_token.is_some()
            );
            StatusCode::OK.into_response()
        }
        Ok(other) => {
            println!("{}: acknowledged", other.name());
            StatusCode::OK.into_response()
        }
        // Signed with the secret, but not a Zoom event.
        Err(WebhookError::InvalidPayload(e)) => {
            eprintln!("invalid payload: {e}");
            StatusCode::BAD_REQUEST.into_response()
        }
        // Unsigned, stale or forged: the reason goes to the log, never to the sender.
        Err(e) => {
            eprintln!("refused: {e}");
            StatusCode::UNAUTHORIZED.into_response()
        }
    }
}

fn app(secret_token: &str) -> Router {
    Router::new()
        .route("/zoom/webhooks", post(receive))
        .with_state(Verifier::new(secret_token))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Ok(secret) = std::env::var("WEBHOOK_SECRET_TOKEN") {
        let port: u16 = std::env::var("PORT").map_or(Ok(8080), |p| p.parse())?;
        let listener = tokio::net::TcpListener::bind(("0.0.0.0", port)).await?;
        println!("listening on http://{}/zoom/webhooks", listener.local_addr()?);
        return Ok(axum::serve(listener, app(&secret)).await?);
    }

    // The demo: the handler on a free port, and a fake Zoom that signs deliveries.
    const SECRET: &str = "demo-secret-token";
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/zoom/webhooks", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app(SECRET)).await });
    let zoom = FakeZoom::start(Config::default()).await?;

    let answer = zoom
        .validate_endpoint(&url, SECRET, "qgg8vlvZRS6UYooatFL8Aw")
        .await?;
    println!(
        "url validation: status {}, accepted by Zoom: {}",
        answer.status, answer.valid
    );
    let meeting = zoom
        .meetings()
        .into_iter()
        .find(|m| !m.in_progress)
        .ok_or("no finished meeting")?;
    let status = zoom
        .deliver_recording_completed(&url, SECRET, &meeting.uuid)
        .await?;
    println!("signed delivery: status {status}");
    let forged = zoom
        .deliver_recording_completed(&url, "another-secret", &meeting.uuid)
        .await?;
    println!("delivery signed with another secret: status {forged}");
    let body = zoom.recording_completed_body(&meeting.uuid).ok_or("no body")?;
    let stale = chrono::Utc::now().timestamp() - 600;
    println!(
        "delivery signed 10 minutes ago: status {}",
        zoom.deliver_raw_at(&url, SECRET, body, stale).await?
    );
    Ok(())
}
