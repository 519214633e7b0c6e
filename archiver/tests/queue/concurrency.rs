//! Many claimers at once (tasks on a multi-threaded runtime; for PostgreSQL, spread over two
//! replicas with a connection pool each): no job is handed out twice under one lease, and
//! together they get every job.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use zoom_archiver::serve::queue::{Claimed, Outcome, QueueStats};

use crate::fixture::{Fixture, at, at_micros, job, secs};

/// Enqueues `count` jobs `job-0000`… in batches of 50.
async fn fill(f: &Fixture, count: usize) -> Vec<String> {
    let keys: Vec<String> = (0..count).map(|i| format!("job-{i:04}")).collect();
    for batch in keys.chunks(50) {
        let added = f
            .queue()
            .enqueue(batch.iter().map(|k| job(k)).collect(), at(0))
            .await
            .unwrap();
        assert_eq!(added.added, batch.len());
    }
    keys
}

pub async fn concurrent_claimers_get_every_job_exactly_once(f: Fixture) {
    const JOBS: usize = 500;
    const WORKERS: usize = 8;
    let keys = fill(&f, JOBS).await;
    let handles = f.handles(2).await;

    let mut tasks = Vec::new();
    for worker in 0..WORKERS {
        let queue = Arc::clone(&handles[worker % handles.len()]);
        tasks.push(tokio::spawn(async move {
            let name = format!("worker-{worker}");
            let mut got = Vec::new();
            loop {
                let claimed = queue.claim(&name, 7, at(1), secs(3600)).await.expect("claim");
                if claimed.is_empty() {
                    return got;
                }
                for job in claimed {
                    assert_eq!(job.attempts, 1, "{} claimed twice", job.key);
                    assert!(queue.finish(&job, Outcome::Done, at(2)).await.expect("finish"));
                    got.push((job.key, job.lease));
                }
            }
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("a claimer task"));
    }

    assert_eq!(all.len(), JOBS, "{}: every job once", f.name());
    let claimed_keys: HashSet<&str> = all.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(claimed_keys, keys.iter().map(String::as_str).collect());
    let leases: HashSet<i64> = all.iter().map(|(_, lease)| *lease).collect();
    assert_eq!(leases.len(), JOBS, "every claim has its own lease number");
    let done = QueueStats {
        done: JOBS as u64,
        ..QueueStats::default()
    };
    assert_eq!(f.queue().stats().await.unwrap(), done);
}

pub async fn expiring_leases_under_concurrency_finish_every_job_once(f: Fixture) {
    const JOBS: usize = 200;
    const WORKERS: usize = 6;
    const LEASE: Duration = Duration::from_millis(20);
    let keys = fill(&f, JOBS).await;
    // One key in four is abandoned by its first claimer (as by a replica that died), so it is
    // done only after its lease ran out and somebody else claimed it.
    let abandon: HashSet<String> = keys.iter().step_by(4).cloned().collect();
    let abandon = Arc::new(abandon);
    // The clock moves a millisecond on every reading, so leases pass without sleeping.
    let clock = Arc::new(AtomicI64::new(0));
    let now = {
        let clock = Arc::clone(&clock);
        move || at_micros(clock.fetch_add(1, Ordering::SeqCst) * 1000)
    };
    let handles = f.handles(2).await;

    let mut tasks = Vec::new();
    for worker in 0..WORKERS {
        let queue = Arc::clone(&handles[worker % handles.len()]);
        let (abandon, now) = (Arc::clone(&abandon), now.clone());
        tasks.push(tokio::spawn(async move {
            let name = format!("worker-{worker}");
            let mut claims: Vec<Claimed> = Vec::new();
            let mut finished: Vec<String> = Vec::new();
            for _ in 0..100_000 {
                let claimed = queue.claim(&name, 5, now(), LEASE).await.expect("claim");
                if claimed.is_empty() && queue.stats().await.expect("stats").done == JOBS as u64 {
                    return (claims, finished);
                }
                for job in claimed {
                    claims.push(job.clone());
                    if job.attempts == 1 && abandon.contains(&job.key) {
                        continue;
                    }
                    // False when the lease ran out meanwhile and another worker took the job.
                    if queue.finish(&job, Outcome::Done, now()).await.expect("finish") {
                        finished.push(job.key);
                    }
                }
            }
            panic!("{name}: the queue never drained");
        }));
    }
    let mut claims = Vec::new();
    let mut finished = Vec::new();
    for task in tasks {
        let (c, d) = task.await.expect("a claimer task");
        claims.extend(c);
        finished.extend(d);
    }

    // Every job was finished by exactly one claim.
    let mut times: HashMap<&str, usize> = HashMap::new();
    for key in &finished {
        *times.entry(key.as_str()).or_default() += 1;
    }
    assert_eq!(times.len(), JOBS, "{}: every job done", f.name());
    assert!(times.values().all(|&n| n == 1), "a job finished twice: {times:?}");
    // No two claims share a lease; a job's claims have rising attempts and leases.
    let leases: HashSet<i64> = claims.iter().map(|c| c.lease).collect();
    assert_eq!(leases.len(), claims.len());
    let mut by_key: HashMap<&str, Vec<&Claimed>> = HashMap::new();
    for claim in &claims {
        by_key.entry(claim.key.as_str()).or_default().push(claim);
    }
    for (key, mut list) in by_key {
        list.sort_by_key(|c| c.attempts);
        let attempts: Vec<u32> = list.iter().map(|c| c.attempts).collect();
        assert_eq!(attempts, (1..=list.len() as u32).collect::<Vec<_>>(), "{key}");
        assert!(list.windows(2).all(|w| w[0].lease < w[1].lease), "{key}");
        if abandon.contains(key) {
            assert!(list.len() >= 2, "{key} was abandoned, so claimed again");
        }
    }
    // The abandoned claims lost their leases: finishing them now changes nothing.
    let abandoned: Vec<&Claimed> = claims
        .iter()
        .filter(|c| c.attempts == 1 && abandon.contains(&c.key))
        .collect();
    assert_eq!(abandoned.len(), abandon.len());
    for claim in abandoned {
        let outcome = Outcome::Failed {
            reason: "too late".into(),
        };
        assert!(
            !f.queue().finish(claim, outcome, now()).await.unwrap(),
            "{}",
            claim.key
        );
    }
    let done = QueueStats {
        done: JOBS as u64,
        ..QueueStats::default()
    };
    assert_eq!(f.queue().stats().await.unwrap(), done);
}
