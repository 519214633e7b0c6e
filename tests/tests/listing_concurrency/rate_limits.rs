//! A per-second 429 in one window pauses the listing's other windows: they
//! wait (on the client's clock) for the wait the retry policy chose before
//! their next request, instead of sending it at once.
//!
//! The clock here stands still and records every sleep in the same log as
//! the server records requests, so the test reads the order of events, not
//! the time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use futures::TryStreamExt;
use tokio::sync::watch;
use zoom_cloud_recording::{Clock, Sleep};

use super::server::{Reply, Scripted, Seen};
use super::{client, day, layout_page, layout_uuids, month_of, page_of, uuids};

#[derive(Clone, Debug, PartialEq)]
enum Event {
    Request { window: usize, page: usize },
    Sleep(Duration),
}

type Log = Arc<Mutex<Vec<Event>>>;

/// Time stands still; each sleep is logged and ends at once.
#[derive(Clone, Debug)]
struct LoggingClock {
    log: Log,
    sleeps: watch::Sender<usize>,
}

impl Clock for LoggingClock {
    fn now(&self) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        self.log.lock().unwrap().push(Event::Sleep(duration));
        self.sleeps.send_modify(|n| *n += 1);
        Box::pin(std::future::ready(()))
    }
}

fn qps_limited() -> Reply {
    let mut reply = Reply::error(
        429,
        429,
        "You have reached the maximum per-second rate limit for this API. Try again later.",
    );
    reply.headers = vec![
        ("x-ratelimit-type", "QPS".to_owned()),
        ("x-ratelimit-category", "Medium".to_owned()),
        ("retry-after", "2".to_owned()),
    ];
    reply
}

#[tokio::test]
async fn a_qps_429_in_one_window_pauses_the_others_for_the_wait_the_policy_chose() {
    // Four months of two pages. Month 1's first request is answered 429 (QPS,
    // Retry-After: 2) once. The first pages of months 0, 2 and 3 were sent
    // before that; they are answered only once the client has begun its wait,
    // so their second pages are asked for while the others should wait.
    let pages = [2, 2, 2, 2];
    let log = Log::default();
    let (sleeps, sleeps_seen) = watch::channel(0);
    let clock = LoggingClock {
        log: Arc::clone(&log),
        sleeps,
    };
    let server_log = Arc::clone(&log);
    let limited = Arc::new(Mutex::new(false));
    let server = Scripted::start(move |seen: Seen| {
        let (window, page) = (month_of(&seen), page_of(&seen));
        server_log.lock().unwrap().push(Event::Request { window, page });
        let first_of_month_1 =
            window == 1 && page == 0 && !std::mem::replace(&mut *limited.lock().unwrap(), true);
        let held = window != 1 && page == 0;
        let mut sleeps = sleeps_seen.clone();
        let reply = layout_page(window, page, pages[window], 2);
        async move {
            if first_of_month_1 {
                return qps_limited();
            }
            if held {
                let _ = tokio::time::timeout(Duration::from_secs(20), sleeps.wait_for(|n| *n >= 1)).await;
            }
            reply
        }
    })
    .await;
    let client = client(server.base_url(), clock);

    let meetings: Vec<_> = client
        .recordings("me")
        .between(day(2025, 1, 1), day(2025, 4, 30))
        .concurrency(4)
        .meetings()
        .try_collect()
        .await
        .expect("the 429 is retried");
    assert_eq!(uuids(&meetings), layout_uuids(&[2, 2, 2, 2], 2));

    let log = log.lock().unwrap().clone();
    let waits: Vec<Duration> = log
        .iter()
        .filter_map(|e| match e {
            Event::Sleep(d) => Some(*d),
            Event::Request { .. } => None,
        })
        .collect();
    assert_eq!(
        waits,
        [Duration::from_secs(2); 4],
        "month 1 waits in its retry, months 0, 2 and 3 once each before their next request: {log:?}"
    );
    // The k-th second page of months 0, 2, 3 to arrive has at least k + 1
    // sleeps before it: its own, those of the months that came before it,
    // and month 1's.
    let mut others = 0;
    for (at, event) in log.iter().enumerate() {
        if let Event::Request { window, page: 1 } = event
            && *window != 1
        {
            others += 1;
            let slept = log[..at].iter().filter(|e| matches!(e, Event::Sleep(_))).count();
            assert!(slept > others, "request {at} ({event:?}) did not wait: {log:?}");
        }
    }
    assert_eq!(others, 3);
}
