//! How fast `zoom-archive serve` acknowledges Zoom's deliveries: 1,000
//! signed `recording.completed` deliveries (distinct meetings), one after
//! another over loopback, each timed from send to answer. Two services in
//! the same run, against the same fake Zoom:
//!
//! - baseline: an axum route that verifies the signature over the raw body
//!   and answers 200 at once (what a handler that does no work costs);
//! - `serve`: the real service: verify, plan the jobs, commit them to the
//!   SQLite queue (fsync), answer; its workers download meanwhile.
//!
//! Prints p50, p90, p99 and max for each, and the ratio of the medians.
//! `cargo bench -p zoom-archiver --bench serve_ack` (`SERVE_BENCH_DELIVERIES=200` for a short run).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use fake_zoom::{Config, FakeZoom};
use zoom_archiver::destination;
use zoom_archiver::serve::queue::{Queue, SqliteQueue};
use zoom_archiver::serve::{ServeOptions, Service};
use zoom_cloud_recording::Client;
use zoom_cloud_recording::webhook::{Verifier, signed_headers};

const SECRET: &str = "bench-secret";

fn client(zoom: &FakeZoom) -> Client {
    Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .build()
        .expect("client")
}

/// Sends each body once, in order, and returns each answer's time.
async fn deliver_all(url: &str, bodies: &[Vec<u8>]) -> Vec<Duration> {
    let http = reqwest::Client::new();
    let mut times = Vec::with_capacity(bodies.len());
    for body in bodies {
        let headers = signed_headers(SECRET, chrono::Utc::now().timestamp(), body);
        let mut request = http.post(url).body(body.clone());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let started = Instant::now();
        let response = request.send().await.expect("answered");
        let elapsed = started.elapsed();
        assert_eq!(response.status(), 200, "a delivery was refused");
        times.push(elapsed);
    }
    times
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(name: &str, mut times: Vec<Duration>) -> Duration {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p50 = percentile(&times, 0.50);
    println!(
        "{name:<44} n={:<5} p50 {:>7.3} ms  p90 {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms",
        times.len(),
        ms(p50),
        ms(percentile(&times, 0.90)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap()),
    );
    p50
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let deliveries: usize = std::env::var("SERVE_BENCH_DELIVERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let zoom = FakeZoom::start(
        Config::default()
            .seed(5)
            .meetings(deliveries + deliveries / 5)
            .history_days(365)
            .file_sizes(1024, 4096),
    )
    .await
    .expect("fake");
    let bodies: Vec<Vec<u8>> = zoom
        .meetings()
        .into_iter()
        .filter(|m| !m.trashed && !m.in_progress)
        .filter_map(|m| zoom.recording_completed_body(&m.uuid))
        .take(deliveries)
        .collect();
    assert_eq!(bodies.len(), deliveries, "the fake has enough meetings");

    // Baseline: verify and answer.
    let verifier = Arc::new(Verifier::new(SECRET));
    let route = {
        let verifier = verifier.clone();
        post(move |headers: HeaderMap, body: Bytes| {
            let verifier = verifier.clone();
            async move {
                match verifier.event(&headers, &body) {
                    Ok(_) => StatusCode::OK,
                    Err(_) => StatusCode::UNAUTHORIZED,
                }
            }
        })
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let baseline_url = format!("http://{}/zoom/webhooks", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, axum::Router::new().route("/zoom/webhooks", route)).into_future());

    // The service, with its SQLite queue and a folder.
    let dir = tempfile::tempdir().unwrap();
    let queue: Arc<dyn Queue> = Arc::new(SqliteQueue::open(&dir.path().join("state")).unwrap());
    let store = destination::open(dir.path().join("archive").to_str().unwrap()).unwrap();
    let options = ServeOptions {
        poll: Duration::from_millis(50),
        ..ServeOptions::default()
    };
    let service = Service::new(
        client(&zoom),
        store,
        queue.clone(),
        Verifier::new(SECRET),
        options,
    )
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let serve_url = format!("http://{}/zoom/webhooks", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(service.run(listener, async {
        let _ = stopped.await;
    }));

    // Warm both up on the first few bodies (connections, page cache), then measure.
    let warm = &bodies[..10.min(bodies.len())];
    deliver_all(&baseline_url, warm).await;
    let baseline = report(
        "baseline: verify + 200",
        deliver_all(&baseline_url, &bodies).await,
    );
    let serve = report(
        "serve: verify + plan + SQLite commit + 200",
        deliver_all(&serve_url, &bodies).await,
    );
    println!(
        "p50 ratio serve / baseline: {:.2}",
        serve.as_secs_f64() / baseline.as_secs_f64()
    );
    let stats = queue.stats().await.unwrap();
    println!(
        "queue after the run: {} queued, {} running, {} done, {} failed",
        stats.queued, stats.running, stats.done, stats.failed
    );
    let _ = stop.send(());
    let _ = running.await;
}
