//! `zoom-archive serve` as a child process, killed with SIGKILL several
//! times mid-work and started again over the same state and destination.
//! Zoom's side is played by the test: a delivery that got no 200 (the
//! service was dead, or died while answering) is delivered again later, as
//! Zoom does. In the end every delivered meeting's files are in the
//! destination exactly once, byte-identical, and the manifest names each once.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::serve::{SECRET, assert_each_file_once, deliverable};
use common::serve_child::{QueueAt, Serve};
use common::zoom::start as start_zoom;
use fake_zoom::{Config, FakeZoom};

/// Delivers each of `pending` once; the ones answered 200 leave it.
async fn deliver(zoom: &FakeZoom, serve: &Serve, pending: &mut Vec<String>, count: usize) -> usize {
    let mut delivered = 0;
    let batch: Vec<String> = pending.iter().take(count).cloned().collect();
    for uuid in batch {
        if let Ok(200) = zoom
            .deliver_recording_completed(&serve.webhook_url(), SECRET, &uuid)
            .await
        {
            pending.retain(|p| *p != uuid);
            delivered += 1;
        }
    }
    delivered
}

/// Waits until the service reports at least `done` jobs done (this process)
/// or the queue is empty; bounded against a hang.
async fn wait_for(serve: &Serve, done: u64) {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let finished = serve
            .metric("zoom_archive_jobs_total{outcome=\"done\"}")
            .await
            .unwrap_or(0);
        let queued = serve
            .metric("zoom_archive_queue_jobs{state=\"queued\"}")
            .await
            .unwrap_or(1);
        let running = serve
            .metric("zoom_archive_queue_jobs{state=\"running\"}")
            .await
            .unwrap_or(1);
        if finished >= done || (queued == 0 && running == 0) {
            return;
        }
        assert!(Instant::now() < deadline, "no progress: {finished} done");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_any_moment_loses_nothing_and_doubles_nothing() {
    // Bigger files than the other tests' so kills land inside transfers.
    let config = Config::default()
        .seed(51)
        .meetings(16)
        .history_days(200)
        .file_sizes(64 * 1024, 768 * 1024);
    let zoom = start_zoom(config).await;
    let dir = tempfile::tempdir().unwrap();
    let (dest, state) = (dir.path().join("archive"), dir.path().join("state"));
    let meetings = deliverable(&zoom);
    let mut pending: Vec<String> = meetings.iter().map(|m| m.uuid.clone()).collect();
    let total = pending.len();
    assert!(total >= 8, "{total} meetings");

    // Round 1: killed right after its deliveries were acknowledged (jobs queued, some running).
    let serve = Serve::start(&zoom, &dest, QueueAt::State(&state));
    deliver(&zoom, &serve, &mut pending, total / 3).await;
    serve.kill();
    // Round 2: killed once a few jobs are done, with transfers in flight.
    let serve = Serve::start(&zoom, &dest, QueueAt::State(&state));
    deliver(&zoom, &serve, &mut pending, total / 3).await;
    wait_for(&serve, 3).await;
    serve.kill();
    // Round 3: killed while deliveries are still arriving (those not answered stay pending).
    let serve = Serve::start(&zoom, &dest, QueueAt::State(&state));
    let url = serve.webhook_url();
    let sender = {
        let batch = pending.clone();
        let zoom_url = url.clone();
        let body: Vec<(String, Vec<u8>)> = batch
            .iter()
            .map(|u| (u.clone(), zoom.recording_completed_body(u).unwrap()))
            .collect();
        let client = reqwest::Client::new();
        tokio::spawn(async move {
            let mut answered = Vec::new();
            for (uuid, body) in body {
                let timestamp = chrono::Utc::now().timestamp();
                let headers = zoom_cloud_recording::webhook::signed_headers(SECRET, timestamp, &body);
                let mut request = client.post(&zoom_url).body(body);
                for (name, value) in headers {
                    request = request.header(name, value);
                }
                match request.send().await {
                    Ok(response) if response.status() == 200 => answered.push(uuid),
                    _ => {}
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            answered
        })
    };
    wait_for(&serve, 1).await;
    serve.kill();
    let answered = sender.await.unwrap();
    pending.retain(|u| !answered.contains(u));
    // Round 4: everything still pending is delivered; it runs to the end.
    let serve = Serve::start(&zoom, &dest, QueueAt::State(&state));
    let left = pending.len();
    assert_eq!(deliver(&zoom, &serve, &mut pending, left).await, left);
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let queued = serve.metric("zoom_archive_queue_jobs{state=\"queued\"}").await;
        let running = serve.metric("zoom_archive_queue_jobs{state=\"running\"}").await;
        if queued == Some(0) && running == Some(0) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the queue did not drain: {queued:?} {running:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        serve.metric("zoom_archive_queue_jobs{state=\"failed\"}").await,
        Some(0)
    );
    serve.finish();

    // Every delivered meeting's files, exactly once, byte for byte.
    let archived = assert_each_file_once(&zoom, &meetings, &dest).await;
    let metadata: BTreeSet<_> = archived
        .iter()
        .filter(|e| e.kind == "metadata")
        .map(|e| e.meeting_uuid.clone())
        .collect();
    assert_eq!(metadata.len(), total);
    // A kill inside a manifest piece's write leaves its `.part` (a folder's
    // crash signature, ignored by every reader); no archived file's `.part` may stay.
    let leftovers: Vec<_> = common::files::files_under(&dest)
        .into_iter()
        .filter(|p| p.ends_with(".part") && !p.starts_with("manifest.d/"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The kills did land inside work: some job was claimed again after its
    // holder died (its lease ran out), and it still ended once.
    let queue = zoom_archiver::serve::queue::SqliteQueue::open(&state).unwrap();
    use zoom_archiver::serve::queue::Queue;
    let jobs = queue.jobs().await.unwrap();
    assert!(jobs.iter().all(|j| j.state == "done"), "{jobs:#?}");
    let retaken = jobs.iter().filter(|j| j.attempts >= 2).count();
    assert!(retaken >= 1, "no kill interrupted a job: {jobs:#?}");
    eprintln!("{retaken} of {} jobs were taken over after a kill", jobs.len());
    // The pieces of the manifest name each key once, whatever the kills repeated.
    let keys: BTreeSet<_> = archived.iter().map(|e| e.file_key.clone()).collect();
    assert_eq!(keys.len(), archived.len());
}
