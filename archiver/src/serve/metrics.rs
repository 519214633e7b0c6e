//! What `GET /metrics` shows, in Prometheus' text format: this process's
//! counters (deliveries by result, jobs by outcome, bytes, retries) and the
//! shared queue's depth by state, read at each scrape.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::serve::queue::QueueStats;

/// How a delivery was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Verified; its jobs are queued (some may have been new).
    Accepted,
    /// Verified, and every job it named was known already.
    Duplicate,
    /// Verified, an event that archives nothing (acknowledged).
    Ignored,
    /// The URL validation challenge, answered.
    UrlValidation,
    /// Refused: a bad or missing signature, or a stale timestamp (401).
    Rejected,
    /// Verified, but not a Zoom event body (400).
    Invalid,
    /// The queue could not take it (503: Zoom delivers it again).
    Unavailable,
}

impl Delivery {
    const ALL: [Delivery; 7] = [
        Self::Accepted,
        Self::Duplicate,
        Self::Ignored,
        Self::UrlValidation,
        Self::Rejected,
        Self::Invalid,
        Self::Unavailable,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Duplicate => "duplicate",
            Self::Ignored => "ignored",
            Self::UrlValidation => "url_validation",
            Self::Rejected => "rejected",
            Self::Invalid => "invalid",
            Self::Unavailable => "unavailable",
        }
    }
}

/// The process's counters (all monotonic).
#[derive(Debug, Default)]
pub struct Metrics {
    deliveries: [AtomicU64; 7],
    jobs_done: AtomicU64,
    jobs_failed: AtomicU64,
    jobs_retried: AtomicU64,
    jobs_already_archived: AtomicU64,
    bytes_archived: AtomicU64,
    token_fallbacks: AtomicU64,
    leases_lost: AtomicU64,
}

impl Metrics {
    /// Counts one delivery.
    pub fn delivery(&self, kind: Delivery) {
        let index = Delivery::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.deliveries[index].fetch_add(1, Ordering::Relaxed);
    }

    /// Deliveries answered as `kind` so far.
    pub fn deliveries(&self, kind: Delivery) -> u64 {
        let index = Delivery::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.deliveries[index].load(Ordering::Relaxed)
    }

    /// A job archived `bytes` (0 for one found already archived).
    pub fn done(&self, bytes: u64, already: bool) {
        self.jobs_done.fetch_add(1, Ordering::Relaxed);
        self.bytes_archived.fetch_add(bytes, Ordering::Relaxed);
        if already {
            self.jobs_already_archived.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A job given up.
    pub fn failed(&self) {
        self.jobs_failed.fetch_add(1, Ordering::Relaxed);
    }

    /// A job put back for a later attempt.
    pub fn retried(&self) {
        self.jobs_retried.fetch_add(1, Ordering::Relaxed);
    }

    /// An expired download token replaced by the account's.
    pub fn token_fallback(&self) {
        self.token_fallbacks.fetch_add(1, Ordering::Relaxed);
    }

    /// A job whose lease another worker took over before it finished.
    pub fn lease_lost(&self) {
        self.leases_lost.fetch_add(1, Ordering::Relaxed);
    }

    /// The text `GET /metrics` answers; `queue` is `None` when the queue
    /// could not be read (then `zoom_archive_queue_up 0`).
    pub fn render(&self, queue: Option<QueueStats>) -> String {
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, rows: &[(String, u64)]| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} {kind}");
            for (labels, value) in rows {
                let _ = writeln!(out, "{name}{labels} {value}");
            }
        };
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let deliveries: Vec<(String, u64)> = Delivery::ALL
            .iter()
            .zip(&self.deliveries)
            .map(|(kind, count)| (format!("{{result=\"{}\"}}", kind.label()), get(count)))
            .collect();
        metric(
            "zoom_archive_deliveries_total",
            "counter",
            "Webhook deliveries received, by how they were answered.",
            &deliveries,
        );
        let jobs = [
            ("done", get(&self.jobs_done)),
            ("failed", get(&self.jobs_failed)),
            ("retried", get(&self.jobs_retried)),
        ]
        .map(|(outcome, n)| (format!("{{outcome=\"{outcome}\"}}"), n));
        metric(
            "zoom_archive_jobs_total",
            "counter",
            "Jobs this process ended, by outcome.",
            &jobs,
        );
        let plain = |n| vec![(String::new(), n)];
        metric(
            "zoom_archive_jobs_already_archived_total",
            "counter",
            "Jobs found already in the destination and recorded, so not downloaded.",
            &plain(get(&self.jobs_already_archived)),
        );
        metric(
            "zoom_archive_bytes_archived_total",
            "counter",
            "Bytes this process put into the destination.",
            &plain(get(&self.bytes_archived)),
        );
        metric(
            "zoom_archive_retries_total",
            "counter",
            "Attempts that failed and were queued again.",
            &plain(get(&self.jobs_retried)),
        );
        metric(
            "zoom_archive_download_token_fallbacks_total",
            "counter",
            "Downloads whose event token had expired, done with the account's token.",
            &plain(get(&self.token_fallbacks)),
        );
        metric(
            "zoom_archive_leases_lost_total",
            "counter",
            "Jobs another worker took over after this one's lease ran out.",
            &plain(get(&self.leases_lost)),
        );
        metric(
            "zoom_archive_queue_up",
            "gauge",
            "1 when the queue answered this scrape.",
            &plain(u64::from(queue.is_some())),
        );
        if let Some(stats) = queue {
            let depth = [
                ("queued", stats.queued),
                ("running", stats.running),
                ("done", stats.done),
                ("failed", stats.failed),
            ]
            .map(|(state, n)| (format!("{{state=\"{state}\"}}"), n));
            metric(
                "zoom_archive_queue_jobs",
                "gauge",
                "Jobs in the shared queue, by state.",
                &depth,
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Delivery, Metrics};
    use crate::serve::queue::QueueStats;

    #[test]
    fn the_text_format_has_every_counter_and_the_queue_depth() {
        let metrics = Metrics::default();
        metrics.delivery(Delivery::Accepted);
        metrics.delivery(Delivery::Accepted);
        metrics.delivery(Delivery::Rejected);
        metrics.done(1000, false);
        metrics.done(0, true);
        metrics.retried();
        let stats = QueueStats {
            queued: 3,
            running: 1,
            done: 2,
            failed: 0,
        };
        let text = metrics.render(Some(stats));
        for line in [
            "zoom_archive_deliveries_total{result=\"accepted\"} 2",
            "zoom_archive_deliveries_total{result=\"rejected\"} 1",
            "zoom_archive_deliveries_total{result=\"duplicate\"} 0",
            "zoom_archive_jobs_total{outcome=\"done\"} 2",
            "zoom_archive_jobs_total{outcome=\"retried\"} 1",
            "zoom_archive_bytes_archived_total 1000",
            "zoom_archive_jobs_already_archived_total 1",
            "zoom_archive_retries_total 1",
            "zoom_archive_queue_up 1",
            "zoom_archive_queue_jobs{state=\"queued\"} 3",
            "zoom_archive_queue_jobs{state=\"running\"} 1",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line:?} in\n{text}");
        }
        let down = metrics.render(None);
        assert!(down.lines().any(|l| l == "zoom_archive_queue_up 0"));
        assert!(!down.contains("zoom_archive_queue_jobs{"));
    }
}
