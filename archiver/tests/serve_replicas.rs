//! Three `zoom-archive serve` replicas sharing one PostgreSQL queue (a real
//! server, started by the test) and one destination: 1,000 deliveries spread
//! over them like a load balancer would, with redeliveries to other
//! replicas. One replica is killed (SIGKILL) while it holds jobs; once their
//! lease runs out the others take them over. Every file ends up archived
//! once, and downloaded once except the few the dead replica had in flight.

mod common;
mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::serve::{SECRET, assert_each_file_once, ready_files};
use common::serve_child::{QueueAt, Serve};
use common::zoom::start as start_zoom;
use fake_zoom::Config;
use support::postgres::Postgres;

/// Deliveries (distinct meetings).
const DELIVERIES: usize = 1000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_share_the_work_and_take_over_a_dead_ones_jobs() {
    let server = Postgres::start();
    let url = server.fresh_database();
    let zoom = start_zoom(
        Config::default()
            .seed(61)
            .meetings(DELIVERIES + DELIVERIES / 4)
            .history_days(365)
            .file_sizes(512, 2048),
    )
    .await;
    let meetings: Vec<_> = zoom
        .meetings()
        .into_iter()
        .filter(|m| !m.trashed && !m.in_progress)
        .filter(|m| m.files.iter().any(|f| !f.processing && !f.trashed && !f.archive))
        .take(DELIVERIES)
        .collect();
    assert_eq!(meetings.len(), DELIVERIES, "the fake has enough meetings");
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("archive");
    let mut replicas: Vec<Option<Serve>> = (0..3)
        .map(|_| Some(Serve::start(&zoom, &dest, QueueAt::Postgres(&url))))
        .collect();

    // The first half, round-robin; every tenth again to the next replica.
    let deliver = |replica: &Serve, uuid: &str| {
        let url = replica.webhook_url();
        let zoom = &zoom;
        let uuid = uuid.to_owned();
        async move {
            zoom.deliver_recording_completed(&url, SECRET, &uuid)
                .await
                .unwrap()
        }
    };
    let half = DELIVERIES / 2;
    for (n, meeting) in meetings[..half].iter().enumerate() {
        let replica = replicas[n % 3].as_ref().unwrap();
        assert_eq!(deliver(replica, &meeting.uuid).await, 200);
        if n % 10 == 0 {
            let other = replicas[(n + 1) % 3].as_ref().unwrap();
            assert_eq!(
                deliver(other, &meeting.uuid).await,
                200,
                "a redelivery is acknowledged"
            );
        }
    }

    // Kill replica 2 while it holds jobs; the rows it held stay `running`.
    let victim = replicas[2].take().unwrap();
    let worker = format!("%-{}/%", victim.pid());
    let database = url.rsplit('/').next().unwrap().to_owned();
    let held = |sql: &str| server.psql(&database, sql);
    let deadline = Instant::now() + Duration::from_secs(60);
    while held(&format!(
        "SELECT count(*) FROM zoom_archive_jobs WHERE state = 'running' AND worker LIKE '{worker}'"
    ))
    .trim()
        == "0"
    {
        assert!(Instant::now() < deadline, "replica 2 never held a job");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    victim.kill();
    let orphans: BTreeSet<String> = held(&format!(
        "SELECT key FROM zoom_archive_jobs WHERE state = 'running' AND worker LIKE '{worker}'"
    ))
    .lines()
    .map(|l| l.trim().to_owned())
    .filter(|l| !l.is_empty())
    .collect();
    assert!(!orphans.is_empty(), "replica 2 died holding jobs");

    // The second half to the two that are left.
    for (n, meeting) in meetings[half..].iter().enumerate() {
        let replica = replicas[n % 2].as_ref().unwrap();
        assert_eq!(deliver(replica, &meeting.uuid).await, 200);
    }
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let left = held("SELECT count(*) FROM zoom_archive_jobs WHERE state IN ('queued', 'running')");
        if left.trim() == "0" {
            break;
        }
        assert!(Instant::now() < deadline, "the queue did not drain: {left}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let failed = held("SELECT count(*) FROM zoom_archive_jobs WHERE state = 'failed'");
    assert_eq!(failed.trim(), "0");
    // The dead replica's jobs were finished by the others, after its lease.
    for key in &orphans {
        let row = held(&format!(
            "SELECT state || ' ' || attempts || ' ' || worker FROM zoom_archive_jobs WHERE key = '{}'",
            key.replace('\'', "''")
        ));
        let row = row.trim();
        assert!(row.starts_with("done "), "{key}: {row}");
        let attempts: u32 = row.split(' ').nth(1).unwrap().parse().unwrap();
        assert!(attempts >= 2, "{key} was claimed again: {row}");
    }
    for replica in replicas.into_iter().flatten() {
        replica.finish();
    }

    // Every file archived once, byte for byte; downloaded once but for the orphans.
    let archived = assert_each_file_once(&zoom, &meetings, &dest).await;
    let metadata = archived.iter().filter(|e| e.kind == "metadata").count();
    assert_eq!(metadata, DELIVERIES);
    let expected = ready_files(&meetings);
    let mut twice = Vec::new();
    for file in &expected {
        let served = zoom.bytes_served(&file.id);
        let size = file.size.unwrap();
        assert!(served >= size, "{} served {served} of {size}", file.id);
        if served > size {
            twice.push(file);
        }
    }
    assert!(
        twice.len() <= orphans.len(),
        "only the dead replica's files were downloaded again: {twice:?}"
    );
    for file in twice.iter().filter(|f| f.id_in_listing) {
        assert!(
            orphans.contains(&file.id),
            "{} was downloaded twice but not held by the dead replica",
            file.id
        );
    }
}
