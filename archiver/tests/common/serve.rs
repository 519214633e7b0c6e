//! The webhook service in this process, over loopback, with its own queue
//! and folder: started, delivered to, waited for, stopped.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_zoom::{FakeZoom, MeetingInfo};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use zoom_archiver::destination;
use zoom_archiver::serve::queue::{Queue, QueueStats, SqliteQueue};
use zoom_archiver::serve::{ServeOptions, Service};
use zoom_cloud_recording::webhook::Verifier;

use super::zoom::client;

/// The secret token the tests' app signs with.
pub const SECRET: &str = "the-app-secret-token";

/// Options that keep a test quick: short polls and retries, a long lease.
pub fn quick_options(name: &str) -> ServeOptions {
    ServeOptions {
        workers: 3,
        lease: Duration::from_secs(120),
        poll: Duration::from_millis(50),
        retry_base: Duration::from_millis(20),
        retry_max: Duration::from_millis(200),
        max_attempts: 6,
        worker_id: name.to_owned(),
        then: None,
    }
}

/// A running service.
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its queue (shared with the test, to look into).
    pub queue: Arc<dyn Queue>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Running {
    /// `http://ADDR/zoom/webhooks`.
    pub fn webhook_url(&self) -> String {
        format!("http://{}/zoom/webhooks", self.addr)
    }

    /// `http://ADDR` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops it and waits for its workers.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await
                .expect("the service task")
                .expect("the service stops cleanly");
        }
    }
}

/// Starts the service for `zoom` archiving into the folder `dest`, its
/// SQLite queue under `state`.
pub async fn start(zoom: &FakeZoom, dest: &Path, state: &Path, options: ServeOptions) -> Running {
    let queue: Arc<dyn Queue> = Arc::new(SqliteQueue::open(state).expect("the queue opens"));
    start_with(zoom, dest, queue, options).await
}

/// Starts the service over `queue`.
pub async fn start_with(
    zoom: &FakeZoom,
    dest: &Path,
    queue: Arc<dyn Queue>,
    options: ServeOptions,
) -> Running {
    let store = destination::open(dest.to_str().expect("a UTF-8 path")).expect("the folder opens");
    let service = Service::new(client(zoom), store, queue.clone(), Verifier::new(SECRET), options)
        .await
        .expect("the service starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("its address");
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(service.run(listener, async {
        let _ = stopped.await;
    }));
    Running {
        addr,
        queue,
        stop: Some(stop),
        task: Some(task),
    }
}

/// Waits until nothing is queued or running, or panics after `limit`
/// (a bound against a hang, not a measurement: the work is done long before).
pub async fn settled(queue: &dyn Queue, limit: Duration) -> QueueStats {
    let deadline = Instant::now() + limit;
    loop {
        let stats = queue.stats().await.expect("the queue answers");
        if stats.queued == 0 && stats.running == 0 {
            return stats;
        }
        assert!(
            Instant::now() < deadline,
            "the queue did not settle: {stats:?}\n{:#?}",
            queue.jobs().await
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The meetings a `recording.completed` delivery exists for, with at least
/// one downloadable file (not in the trash, not purged).
pub fn deliverable(zoom: &FakeZoom) -> Vec<MeetingInfo> {
    zoom.meetings()
        .into_iter()
        .filter(|m| !m.trashed && !m.in_progress)
        .filter(|m| m.files.iter().any(|f| !f.processing && !f.trashed && !f.archive))
        .collect()
}

/// The body of `GET path`.
pub async fn get(running: &Running, path: &str) -> (u16, String) {
    let response = reqwest::get(running.url(path))
        .await
        .expect("the service answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The value of the Prometheus sample `line_start` (`name{labels}`) in `text`.
pub fn sample(text: &str, line_start: &str) -> Option<u64> {
    text.lines().find_map(|l| {
        l.strip_prefix(line_start)
            .and_then(|rest| rest.trim().parse().ok())
    })
}

/// The files of `meetings` their `recording.completed` deliveries name
/// as ready (recording files and participant audio).
pub fn ready_files(meetings: &[MeetingInfo]) -> Vec<fake_zoom::FileInfo> {
    meetings
        .iter()
        .flat_map(|m| m.files.iter())
        .filter(|f| !f.processing && !f.trashed && !f.archive)
        .cloned()
        .collect()
}

/// Checks that the folder archive at `dest` holds each ready file of
/// `meetings` exactly once with the fake's bytes (by meeting and SHA-256),
/// and nothing on disk the manifest does not record; returns the manifest.
pub async fn assert_each_file_once(
    zoom: &FakeZoom,
    meetings: &[MeetingInfo],
    dest: &Path,
) -> Vec<zoom_archiver::ManifestEntry> {
    use std::collections::BTreeMap;
    let archived = super::files::entries(dest).await;
    let mut want: BTreeMap<(String, String), usize> = BTreeMap::new();
    for file in ready_files(meetings) {
        let sha = zoom.expected_file(&file.id).expect("a known file").sha256_hex;
        *want.entry((file.meeting_uuid.clone(), sha)).or_default() += 1;
    }
    let mut got: BTreeMap<(String, String), usize> = BTreeMap::new();
    for entry in archived
        .iter()
        .filter(|e| e.kind != "metadata" && e.kind != "summary")
    {
        *got.entry((entry.meeting_uuid.clone(), entry.sha256.clone()))
            .or_default() += 1;
    }
    assert_eq!(got, want, "each file once in the manifest, with its bytes");
    super::files::assert_on_disk(dest, &archived);
    let mut on_disk = super::files::archived_files(dest);
    on_disk.sort();
    let mut recorded: Vec<String> = archived.iter().map(|e| e.path.clone()).collect();
    recorded.sort();
    assert_eq!(on_disk, recorded, "nothing on disk but what the manifest records");
    archived
}
