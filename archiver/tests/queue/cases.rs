//! The queue's contract, one `async fn` per rule, each run against both queues (see `contract!`
//! in `queue.rs`).

use serde_json::json;
use zoom_archiver::serve::queue::{Claimed, Enqueued, JobRow, NewJob, Outcome, QueueStats};
use zoom_cloud_recording::Secret;

use crate::fixture::{Fixture, at, at_micros, job, job_with_token, keys, secs};

/// `Enqueued` with these counts.
fn enqueued(added: usize, requeued: usize, duplicates: usize) -> Enqueued {
    Enqueued {
        added,
        requeued,
        duplicates,
    }
}

/// `QueueStats` with these counts.
fn stats(queued: u64, running: u64, done: u64, failed: u64) -> QueueStats {
    QueueStats {
        queued,
        running,
        done,
        failed,
    }
}

/// A `JobRow`.
fn row(key: &str, state: &str, attempts: u32, last_error: Option<&str>) -> JobRow {
    JobRow {
        key: key.to_owned(),
        state: state.to_owned(),
        attempts,
        last_error: last_error.map(str::to_owned),
    }
}

fn retry(seconds: i64, reason: &str) -> Outcome {
    Outcome::Retry {
        not_before: at(seconds),
        reason: reason.to_owned(),
    }
}

fn failed(reason: &str) -> Outcome {
    Outcome::Failed {
        reason: reason.to_owned(),
    }
}

/// Claims everything claimable at `seconds` (leases of an hour), by key.
async fn claim_all(f: &Fixture, seconds: i64) -> Vec<Claimed> {
    let mut claimed = f
        .queue()
        .claim("w", 1000, at(seconds), secs(3600))
        .await
        .expect("claim");
    claimed.sort_by(|a, b| a.key.cmp(&b.key));
    claimed
}

pub async fn enqueue_counts_added_requeued_and_duplicates(f: Fixture) {
    let q = f.queue();
    assert_eq!(q.enqueue(Vec::new(), at(0)).await.unwrap(), enqueued(0, 0, 0));
    // A key twice in one batch: the second is a duplicate of the first.
    assert_eq!(
        q.enqueue(vec![job("a"), job("b"), job("a")], at(0))
            .await
            .unwrap(),
        enqueued(2, 0, 1)
    );
    // A queued key again.
    assert_eq!(
        q.enqueue(vec![job("a"), job("c")], at(1)).await.unwrap(),
        enqueued(1, 0, 1)
    );
    assert_eq!(q.stats().await.unwrap(), stats(3, 0, 0, 0));

    let claimed = claim_all(&f, 2).await;
    assert_eq!(keys(&claimed), ["a", "b", "c"]);
    assert!(q.finish(&claimed[0], Outcome::Done, at(3)).await.unwrap());
    assert!(q.finish(&claimed[1], failed("gone"), at(3)).await.unwrap());
    assert_eq!(q.stats().await.unwrap(), stats(0, 1, 1, 1));

    // done `a` and running `c` are duplicates; failed `b` is queued again; `d` is new.
    assert_eq!(
        q.enqueue(vec![job("a"), job("b"), job("c"), job("d")], at(4))
            .await
            .unwrap(),
        enqueued(1, 1, 2)
    );
    assert_eq!(q.stats().await.unwrap(), stats(2, 1, 1, 0));
    // `b` is queued now, so naming it again (twice) adds nothing.
    assert_eq!(
        q.enqueue(vec![job("b"), job("b")], at(5)).await.unwrap(),
        enqueued(0, 0, 2)
    );
    assert_eq!(q.stats().await.unwrap(), stats(2, 1, 1, 0));
}

pub async fn a_failed_key_is_requeued_with_the_new_payload_and_token(f: Fixture) {
    let q = f.queue();
    let first = NewJob {
        payload: json!({ "delivery": 1 }),
        ..job_with_token("k", "token-one")
    };
    q.enqueue(vec![first], at(0)).await.unwrap();
    let one = q.claim("w1", 1, at(1), secs(60)).await.unwrap().remove(0);
    assert_eq!(one.payload, json!({ "delivery": 1 }));
    assert_eq!(one.download_token.as_ref().map(Secret::expose), Some("token-one"));
    assert!(q.finish(&one, failed("401 from Zoom"), at(2)).await.unwrap());

    // The same payload's key, while failed, in a new delivery: queued with what it brings.
    let second = NewJob {
        payload: json!({ "delivery": 2 }),
        ..job_with_token("k", "token-two")
    };
    assert_eq!(q.enqueue(vec![second], at(3)).await.unwrap(), enqueued(0, 1, 0));
    assert_eq!(
        q.jobs().await.unwrap(),
        [row("k", "queued", 1, Some("401 from Zoom"))]
    );
    let two = q.claim("w2", 1, at(4), secs(60)).await.unwrap().remove(0);
    assert_eq!(two.id, one.id, "the same row");
    assert_eq!(two.payload, json!({ "delivery": 2 }));
    assert_eq!(two.download_token.as_ref().map(Secret::expose), Some("token-two"));
    assert_eq!(two.attempts, 2, "attempts count every claim of the key");
    assert!(two.lease > one.lease);

    // A delivery without a token replaces the old token with none.
    assert!(q.finish(&two, failed("still 401"), at(5)).await.unwrap());
    let third = NewJob {
        payload: json!({ "delivery": 3 }),
        ..job("k")
    };
    assert_eq!(q.enqueue(vec![third], at(6)).await.unwrap(), enqueued(0, 1, 0));
    let three = q.claim("w3", 1, at(7), secs(60)).await.unwrap().remove(0);
    assert_eq!(three.payload, json!({ "delivery": 3 }));
    assert!(three.download_token.is_none());
    assert_eq!(three.attempts, 3);
}

pub async fn claims_come_oldest_first(f: Fixture) {
    let q = f.queue();
    // Keys out of alphabetical order, so the order seen is the queue's and not the key's.
    q.enqueue(vec![job("zeta")], at(0)).await.unwrap();
    q.enqueue(vec![job("alpha")], at(1)).await.unwrap();
    q.enqueue(vec![job("mid"), job("beta")], at(2)).await.unwrap();
    let first = q.claim("w", 2, at(10), secs(3600)).await.unwrap();
    assert_eq!(keys(&first), ["zeta", "alpha"]);
    let rest = q.claim("w", 10, at(10), secs(3600)).await.unwrap();
    assert_eq!(keys(&rest), ["mid", "beta"], "a batch keeps its order");
    assert!(q.claim("w", 10, at(10), secs(3600)).await.unwrap().is_empty());

    // Jobs come in the order they became claimable, whatever made them so: `beta` retries from
    // 20, `omega` is enqueued at 22, `alpha` retries from 30, and the leases of `zeta` and `mid`
    // (taken at 10 for an hour) both end at 3610, where the order of first enqueueing decides.
    assert!(q.finish(&rest[1], retry(20, "busy"), at(11)).await.unwrap());
    assert!(q.finish(&first[1], retry(30, "busy"), at(11)).await.unwrap());
    assert!(q.claim("w", 10, at(15), secs(10)).await.unwrap().is_empty());
    q.enqueue(vec![job("omega")], at(22)).await.unwrap();
    let all = q.claim("w", 10, at(3700), secs(60)).await.unwrap();
    assert_eq!(keys(&all), ["beta", "omega", "alpha", "zeta", "mid"]);
}

pub async fn not_before_is_respected(f: Fixture) {
    let q = f.queue();
    q.enqueue(vec![job("k")], at(0)).await.unwrap();
    let one = q.claim("w", 1, at(0), secs(30)).await.unwrap().remove(0);
    assert_eq!(one.attempts, 1);
    assert!(q.finish(&one, retry(60, "Zoom said 429"), at(1)).await.unwrap());
    assert_eq!(q.stats().await.unwrap(), stats(1, 0, 0, 0));
    assert_eq!(
        q.jobs().await.unwrap(),
        [row("k", "queued", 1, Some("Zoom said 429"))]
    );

    // A microsecond early: not yet.
    assert!(
        q.claim("w", 1, at_micros(60_000_000 - 1), secs(30))
            .await
            .unwrap()
            .is_empty()
    );
    let two = q.claim("w", 1, at(60), secs(30)).await.unwrap();
    assert_eq!(keys(&two), ["k"]);
    assert_eq!(two[0].attempts, 2);
    assert_eq!(q.stats().await.unwrap(), stats(0, 1, 0, 0));
}

pub async fn an_expired_lease_makes_the_job_claimable_again(f: Fixture) {
    let q = f.queue();
    q.enqueue(vec![job("k")], at(0)).await.unwrap();
    let one = q.claim("w1", 1, at(0), secs(30)).await.unwrap().remove(0);
    assert_eq!(one.attempts, 1);
    // The lease holds for [0, 30): a microsecond before its end, nobody else gets the job.
    assert!(
        q.claim("w2", 1, at_micros(30_000_000 - 1), secs(30))
            .await
            .unwrap()
            .is_empty()
    );
    let two = q.claim("w2", 1, at(30), secs(30)).await.unwrap().remove(0);
    assert_eq!((two.id, two.key.as_str()), (one.id, "k"));
    assert_eq!(two.attempts, 2);
    assert_ne!(two.lease, one.lease);
    assert!(two.lease > one.lease, "lease numbers only grow");
    assert_eq!(q.stats().await.unwrap(), stats(0, 1, 0, 0));
    assert_eq!(q.jobs().await.unwrap(), [row("k", "running", 2, None)]);
}

pub async fn a_stale_holder_can_neither_renew_nor_finish(f: Fixture) {
    let q = f.queue();
    q.enqueue(vec![job("k")], at(0)).await.unwrap();
    let stale = q.claim("w1", 1, at(0), secs(10)).await.unwrap().remove(0);
    let current = q.claim("w2", 1, at(20), secs(10)).await.unwrap().remove(0);

    // The old holder: every outcome refused, nothing changed.
    assert!(!q.renew(&stale, at(21), secs(60)).await.unwrap());
    for outcome in [Outcome::Done, retry(22, "late"), failed("late")] {
        assert!(!q.finish(&stale, outcome, at(22)).await.unwrap());
    }
    assert_eq!(q.jobs().await.unwrap(), [row("k", "running", 2, None)]);
    // Its renew did not extend the lease: at 30 the job is free again.
    let third = q.claim("w3", 1, at(30), secs(10)).await.unwrap().remove(0);
    assert_eq!(third.attempts, 3);
    assert!(
        !q.finish(&current, Outcome::Done, at(31)).await.unwrap(),
        "w2 lost it too"
    );

    assert!(q.finish(&third, Outcome::Done, at(32)).await.unwrap());
    assert_eq!(q.jobs().await.unwrap(), [row("k", "done", 3, None)]);
    // Finished is finished: the same claim cannot finish or renew again.
    assert!(!q.finish(&third, failed("twice"), at(33)).await.unwrap());
    assert!(!q.renew(&third, at(33), secs(10)).await.unwrap());
    assert_eq!(q.jobs().await.unwrap(), [row("k", "done", 3, None)]);
}

pub async fn renewing_keeps_the_job(f: Fixture) {
    let q = f.queue();
    q.enqueue(vec![job("k")], at(0)).await.unwrap();
    let claimed = q.claim("w1", 1, at(0), secs(10)).await.unwrap().remove(0);
    assert!(q.renew(&claimed, at(8), secs(10)).await.unwrap());
    // Held until 18 now, not 10.
    assert!(q.claim("w2", 1, at(12), secs(10)).await.unwrap().is_empty());
    assert!(
        q.claim("w2", 1, at_micros(18_000_000 - 1), secs(10))
            .await
            .unwrap()
            .is_empty()
    );
    // A lease that has run out but was not taken over can still be renewed and finished.
    assert!(q.renew(&claimed, at(19), secs(10)).await.unwrap());
    assert!(q.claim("w2", 1, at(28), secs(10)).await.unwrap().is_empty());
    assert!(q.finish(&claimed, Outcome::Done, at(28)).await.unwrap());
    assert_eq!(q.jobs().await.unwrap(), [row("k", "done", 1, None)]);
}

pub async fn done_is_final(f: Fixture) {
    let q = f.queue();
    q.enqueue(vec![job_with_token("k", "t1")], at(0)).await.unwrap();
    let claimed = q.claim("w", 1, at(0), secs(10)).await.unwrap().remove(0);
    assert!(q.finish(&claimed, Outcome::Done, at(1)).await.unwrap());

    assert_eq!(
        q.enqueue(vec![job_with_token("k", "t2")], at(2)).await.unwrap(),
        enqueued(0, 0, 1)
    );
    assert!(
        q.claim("w", 10, at(1_000_000), secs(10))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(!q.finish(&claimed, retry(3, "again?"), at(3)).await.unwrap());
    assert_eq!(q.stats().await.unwrap(), stats(0, 0, 1, 0));
    assert_eq!(q.jobs().await.unwrap(), [row("k", "done", 1, None)]);
}

pub async fn stats_and_jobs_are_exact(f: Fixture) {
    let q = f.queue();
    assert_eq!(q.stats().await.unwrap(), QueueStats::default());
    assert_eq!(q.jobs().await.unwrap(), []);
    // Keys whose byte order differs from a case-insensitive or locale order.
    let names = ["é-summary", "b2", "_x", "B", "a"];
    q.enqueue(names.iter().map(|k| job(k)).collect(), at(0))
        .await
        .unwrap();
    let claimed = q.claim("w", 4, at(0), secs(10)).await.unwrap();
    assert_eq!(keys(&claimed), ["é-summary", "b2", "_x", "B"]);
    assert!(q.finish(&claimed[0], Outcome::Done, at(1)).await.unwrap());
    assert!(
        q.finish(&claimed[1], failed("deleted at Zoom"), at(1))
            .await
            .unwrap()
    );
    assert!(q.finish(&claimed[2], retry(100, "timeout"), at(1)).await.unwrap());
    // `B` stays running; `a` was never claimed.
    assert_eq!(q.stats().await.unwrap(), stats(2, 1, 1, 1));
    assert_eq!(
        q.jobs().await.unwrap(),
        [
            row("B", "running", 1, None),
            row("_x", "queued", 1, Some("timeout")),
            row("a", "queued", 0, None),
            row("b2", "failed", 1, Some("deleted at Zoom")),
            row("é-summary", "done", 1, None),
        ]
    );
    // An expired lease still counts as running until it is claimed again.
    assert_eq!(q.stats().await.unwrap(), stats(2, 1, 1, 1));
    let again = q.claim("w", 10, at(200), secs(10)).await.unwrap();
    assert_eq!(
        keys(&again),
        ["a", "B", "_x"],
        "a since 0, B's lease ended at 10, _x due at 100"
    );
    assert_eq!(q.stats().await.unwrap(), stats(0, 3, 1, 1));
}

pub async fn download_tokens_round_trip_but_stay_hidden(f: Fixture) {
    let q = f.queue();
    let token = "dl-token-SECRET-value";
    q.enqueue(vec![job_with_token("k", token)], at(0)).await.unwrap();
    let claimed = q.claim("w", 1, at(0), secs(10)).await.unwrap().remove(0);
    assert_eq!(claimed.download_token.as_ref().map(Secret::expose), Some(token));
    for shown in [
        format!("{claimed:?}"),
        format!("{:?}", q.jobs().await.unwrap()),
        format!("{q:?}"),
        q.describe(),
    ] {
        assert!(!shown.contains("SECRET"), "{shown}");
    }

    // A refused batch: the error names the job but not its token, and nothing was added.
    let bad = vec![
        job_with_token("fine", "dl-token-SECRET-two"),
        job_with_token("broken", "dl-SECRET\0x"),
    ];
    let error = q.enqueue(bad.clone(), at(1)).await.unwrap_err();
    assert_eq!(error.operation, "enqueue");
    for shown in [error.to_string(), format!("{error:?}"), format!("{bad:?}")] {
        assert!(!shown.contains("SECRET"), "{shown}");
    }
    assert!(error.to_string().contains("\"broken\""), "{error}");
    assert!(error.to_string().contains("NUL"), "{error}");
    assert_eq!(q.stats().await.unwrap(), stats(0, 1, 0, 0));
}

pub async fn bad_input_is_refused_with_a_clear_error(f: Fixture) {
    let q = f.queue();
    let error = q.enqueue(vec![job("ok"), job("")], at(0)).await.unwrap_err();
    assert_eq!(error.operation, "enqueue");
    assert!(
        error.to_string().contains("job 1 of the batch has an empty key"),
        "{error}"
    );
    let error = q.enqueue(vec![job("nul\0key")], at(0)).await.unwrap_err();
    assert!(error.to_string().contains("NUL"), "{error}");
    assert_eq!(
        q.stats().await.unwrap(),
        QueueStats::default(),
        "a refused batch adds nothing"
    );

    q.enqueue(vec![job("k")], at(0)).await.unwrap();
    let error = q
        .claim("w", 1, at(0), std::time::Duration::MAX)
        .await
        .unwrap_err();
    assert_eq!(error.operation, "claim");
    assert!(error.to_string().contains("too long"), "{error}");
    // Claiming nothing changes nothing.
    assert!(q.claim("w", 0, at(0), secs(10)).await.unwrap().is_empty());
    assert_eq!(q.jobs().await.unwrap(), [row("k", "queued", 0, None)]);
    let claimed = q.claim("w", 1, at(0), secs(10)).await.unwrap().remove(0);
    let error = q
        .renew(&claimed, at(1), std::time::Duration::MAX)
        .await
        .unwrap_err();
    assert_eq!(error.operation, "renew");
    assert!(
        q.finish(&claimed, Outcome::Done, at(2)).await.unwrap(),
        "the failed renew changed nothing"
    );
}

pub async fn everything_survives_a_reopen(mut f: Fixture) {
    let q = f.queue();
    q.enqueue(
        vec![
            job_with_token("running", "token-r"),
            job("done"),
            job("failed"),
            job("retry"),
            job("queued"),
        ],
        at(0),
    )
    .await
    .unwrap();
    let claimed = q.claim("w", 4, at(0), secs(10)).await.unwrap();
    assert_eq!(keys(&claimed), ["running", "done", "failed", "retry"]);
    assert!(q.finish(&claimed[1], Outcome::Done, at(1)).await.unwrap());
    assert!(q.finish(&claimed[2], failed("gone"), at(1)).await.unwrap());
    assert!(q.finish(&claimed[3], retry(50, "later"), at(1)).await.unwrap());
    let stats_before = q.stats().await.unwrap();
    let jobs_before = q.jobs().await.unwrap();
    let running = claimed[0].clone();

    f.reopen().await;
    let q = f.queue();
    assert_eq!(q.stats().await.unwrap(), stats_before, "{}", f.name());
    assert_eq!(q.jobs().await.unwrap(), jobs_before);
    // The holder from before the restart still holds its lease...
    assert!(q.renew(&running, at(5), secs(10)).await.unwrap());
    // ...until it runs out and another claim takes the job, with a lease number never used before.
    let taken = q.claim("w2", 10, at(60), secs(10)).await.unwrap();
    assert_eq!(
        keys(&taken),
        ["queued", "running", "retry"],
        "due at 0, 15 and 50"
    );
    let highest_before = claimed.iter().map(|c| c.lease).max().unwrap();
    assert!(
        taken.iter().all(|c| c.lease > highest_before),
        "fencing numbers are not reused"
    );
    let again = &taken[1];
    assert_eq!((again.id, again.attempts), (running.id, 2));
    assert_eq!(again.download_token.as_ref().map(Secret::expose), Some("token-r"));
    assert_eq!(again.payload, json!({ "file": "running" }));
    assert!(!q.finish(&running, Outcome::Done, at(61)).await.unwrap());
    assert_eq!(
        q.enqueue(vec![job("done"), job("failed")], at(62)).await.unwrap(),
        enqueued(0, 1, 1)
    );
}
