//! `zoom-archive serve`: Zoom's webhooks in, files archived out, surviving
//! restarts. Deliveries are verified over their raw bytes, turned into jobs
//! keyed by file ([`jobs`]) and committed to a durable [`queue`] before Zoom
//! gets its answer ([`http`]); workers claim the jobs under leases and archive
//! them into the same destination, layout and manifest as `zoom-archive
//! archive` ([`worker`]).
//!
//! What a SIGKILL at any moment costs: a delivery not yet answered is sent
//! again by Zoom (it was not acknowledged); a job being worked on is claimed
//! again once its lease runs out, and its file is written again under the
//! same name (a store never shows a partial object). A file already stored
//! but not yet marked done is found in the destination and recorded without
//! a second download when the manifest already lists it.
//!
//! The service appends manifest pieces and never folds them (several
//! replicas may write at once; a fold is a rewrite): the next `zoom-archive
//! archive` run folds them.
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use zoom_archiver::destination;
//! use zoom_archiver::serve::{Service, ServeOptions, queue::SqliteQueue};
//! use zoom_cloud_recording::webhook::Verifier;
//!
//! let store = destination::open("s3://recordings/zoom")?;
//! let queue = Arc::new(SqliteQueue::open("state".as_ref())?);
//! let verifier = Verifier::new(std::env::var("ZOOM_WEBHOOK_SECRET_TOKEN")?);
//! let service = Service::new(client, store, queue, verifier, ServeOptions::default()).await?;
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! service.run(listener, async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(())
//! # }
//! ```

pub mod http;
pub mod jobs;
pub mod metrics;
pub mod queue;
pub mod worker;

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::net::TcpListener;
use tokio::sync::{Mutex, Notify, watch};
use zoom_cloud_recording::Client;
use zoom_cloud_recording::webhook::Verifier;

use crate::manifest::Manifest;
use crate::store::{Store, StoreError};
use metrics::Metrics;
use queue::Queue;

/// The time, for leases and retries (tests pass their own).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// How the service works its queue.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Jobs worked on at once by this process (default 4).
    pub workers: usize,
    /// How long a claimed job stays this process's without a renewal
    /// (default 5 minutes; renewed every third of it while it runs).
    pub lease: Duration,
    /// How often an idle worker asks the queue (other replicas' jobs, retries
    /// coming due); a delivery to this process wakes its workers at once.
    pub poll: Duration,
    /// The first retry's delay (doubled per attempt up to `retry_max`).
    pub retry_base: Duration,
    /// The longest delay between attempts.
    pub retry_max: Duration,
    /// Attempts before a job is given up as failed.
    pub max_attempts: u32,
    /// This process's name in the queue (who holds a lease).
    pub worker_id: String,
    /// Free Zoom's storage of each completed meeting once all of it is
    /// archived, by these retention rules (`serve --then trash`); `None`
    /// keeps everything at Zoom.
    pub then: Option<crate::retention::Options>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        let host = std::env::var("HOSTNAME")
            .ok()
            .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "host".to_owned());
        Self {
            workers: 4,
            lease: Duration::from_secs(300),
            poll: Duration::from_secs(2),
            retry_base: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            max_attempts: 10,
            worker_id: format!("{host}-{}", std::process::id()),
            then: None,
        }
    }
}

/// What the routes and the workers share.
pub(crate) struct Shared {
    pub(crate) client: Client,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) queue: Arc<dyn Queue>,
    pub(crate) verifier: Verifier,
    pub(crate) metrics: Metrics,
    /// Woken when this process queued something new.
    pub(crate) wake: Notify,
    pub(crate) clock: Clock,
    /// What the destination's manifest held at start, and what this process
    /// recorded since.
    pub(crate) manifest: Mutex<Manifest>,
    pub(crate) options: ServeOptions,
}

/// The webhook service: its routes and its workers.
pub struct Service {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("store", &self.shared.store.describe())
            .field("queue", &self.shared.queue.describe())
            .field("options", &self.shared.options)
            .finish_non_exhaustive()
    }
}

impl Service {
    /// A service archiving into `store` through `queue`, verifying
    /// deliveries with `verifier`; reads the destination's manifest.
    pub async fn new(
        client: Client,
        store: Arc<dyn Store>,
        queue: Arc<dyn Queue>,
        verifier: Verifier,
        options: ServeOptions,
    ) -> Result<Self, StoreError> {
        let manifest = Manifest::load(&*store).await?;
        for damaged in manifest.damaged() {
            tracing::warn!(at = %damaged.at, reason = %damaged.reason, "a manifest record could not be read; its file is fetched again when a delivery names it");
        }
        Ok(Self {
            shared: Arc::new(Shared {
                client,
                store,
                queue,
                verifier,
                metrics: Metrics::default(),
                wake: Notify::new(),
                clock: Arc::new(Utc::now),
                manifest: Mutex::new(manifest),
                options,
            }),
        })
    }

    /// Uses `clock` for leases and retries instead of the system's.
    pub fn clock(mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        if let Some(shared) = Arc::get_mut(&mut self.shared) {
            shared.clock = Arc::new(clock);
        }
        self
    }

    /// The routes alone (see [`http`]), for embedding in another server.
    /// Jobs are queued but worked only by [`Service::run`] or [`Service::work`].
    pub fn router(&self) -> axum::Router {
        http::router(self.shared.clone())
    }

    /// This process's counters.
    pub fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }

    /// Runs the workers alone until `stop` resolves; each finishes the job it
    /// holds first.
    pub async fn work(&self, stop: impl Future<Output = ()>) {
        let (tx, rx) = watch::channel(false);
        let workers: Vec<_> = (0..self.shared.options.workers.max(1))
            .map(|n| tokio::spawn(worker::run(self.shared.clone(), n, rx.clone())))
            .collect();
        stop.await;
        let _ = tx.send(true);
        self.shared.wake.notify_waiters();
        for worker in workers {
            let _ = worker.await;
        }
    }

    /// Serves the routes on `listener` and runs the workers until `shutdown`
    /// resolves: then stops accepting, lets requests in flight finish, and
    /// waits for each worker's current job.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let (stop_tx, mut stop_rx) = watch::channel(false);
        let serve = axum::serve(listener, self.router()).with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
        let server = tokio::spawn(async move { serve.await });
        self.work(async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        })
        .await;
        server.await.map_err(io::Error::other)?
    }
}
