//! How many requests a listing has in flight, counted by the server: never
//! more than the concurrency, and (because the server holds the first
//! requests until that many have arrived) exactly that many at the start.

use std::sync::Arc;
use std::time::Duration;

use futures::TryStreamExt;
use serde_json::json;
use tokio::sync::Barrier;
use zoom_cloud_recording::types::UsersStatus;

use super::common::clock::TestClock;
use super::server::{Reply, Scripted, Seen};
use super::{client, day, layout_page, layout_uuids, month_of, page_of, uuids, year};

/// The first `n` requests wait for each other (at most 20 s, so a client
/// that never sends `n` at once fails the count instead of hanging).
struct FirstTogether {
    barrier: Arc<Barrier>,
    arrived: std::sync::atomic::AtomicUsize,
    n: usize,
}

impl FirstTogether {
    fn new(n: usize) -> Arc<Self> {
        Arc::new(Self {
            barrier: Arc::new(Barrier::new(n)),
            arrived: 0.into(),
            n,
        })
    }

    async fn arrive(&self) {
        let number = self.arrived.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if number < self.n {
            let _ = tokio::time::timeout(Duration::from_secs(20), self.barrier.wait()).await;
        }
    }
}

/// A server for the year's months, `pages` pages of 2 meetings each, whose
/// first `together` requests are held until they have all arrived.
async fn months_server(pages: Vec<usize>, together: usize) -> Scripted {
    let first = FirstTogether::new(together);
    Scripted::start(move |seen: Seen| {
        let first = Arc::clone(&first);
        let (window, page) = (month_of(&seen), page_of(&seen));
        let reply = layout_page(window, page, pages[window], 2);
        async move {
            first.arrive().await;
            reply
        }
    })
    .await
}

#[tokio::test]
async fn a_listing_has_exactly_its_concurrency_in_flight_never_more() {
    let pages = vec![3, 1, 2, 3, 3, 2, 1, 3, 2, 3, 3, 2];
    let (from, to) = year();
    for (concurrency, expected) in [(Some(1), 1), (Some(3), 3), (None, 4), (Some(7), 7)] {
        let server = months_server(pages.clone(), expected).await;
        let client = client(server.base_url(), TestClock::new());
        let mut listing = client.recordings("me").between(from, to);
        if let Some(concurrency) = concurrency {
            listing = listing.concurrency(concurrency);
        }
        let meetings: Vec<_> = listing.meetings().try_collect().await.unwrap();
        assert_eq!(uuids(&meetings), layout_uuids(&pages, 2), "{concurrency:?}");
        assert_eq!(
            server.max_in_flight(),
            expected,
            "concurrency {concurrency:?} (None: the default)"
        );
        assert_eq!(
            server.seen().len(),
            pages.iter().sum::<usize>(),
            "each page asked for once"
        );
    }
}

#[tokio::test]
async fn concurrency_is_clamped_to_at_least_one() {
    let pages = vec![2; 12];
    let server = months_server(pages.clone(), 1).await;
    let client = client(server.base_url(), TestClock::new());
    let (from, to) = year();
    let meetings: Vec<_> = client
        .recordings("me")
        .between(from, to)
        .concurrency(0)
        .meetings()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(uuids(&meetings), layout_uuids(&pages, 2));
    assert_eq!(server.max_in_flight(), 1);
    // One after the other: the requests arrive in window, then page order.
    let asked: Vec<(usize, usize)> = server.seen().iter().map(|s| (month_of(s), page_of(s))).collect();
    let in_order: Vec<(usize, usize)> = (0..12).flat_map(|w| [(w, 0), (w, 1)]).collect();
    assert_eq!(asked, in_order);
}

fn users_page(status: &str, page: usize) -> Reply {
    let users: Vec<_> = (0..2)
        .map(|i| json!({"id": format!("{status}-{page}-{i}"), "email": format!("{status}{page}{i}@example.com"), "status": status}))
        .collect();
    let next = if page == 0 { "p1" } else { "" };
    Reply::json(json!({"page_size": 300, "total_records": 4, "next_page_token": next, "users": users}))
}

#[tokio::test]
async fn account_users_fetch_their_statuses_at_once_in_the_order_given() {
    let first = FirstTogether::new(3);
    let server = Scripted::start(move |seen: Seen| {
        let first = Arc::clone(&first);
        let status = seen.param("status").unwrap_or("none").to_owned();
        let reply = users_page(&status, page_of(&seen));
        async move {
            first.arrive().await;
            reply
        }
    })
    .await;
    let client = client(server.base_url(), TestClock::new());
    let users: Vec<_> = client
        .account_users()
        .statuses([UsersStatus::Pending, UsersStatus::Active, UsersStatus::Inactive])
        .users()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = users.iter().filter_map(|u| u.id.as_deref()).collect();
    let mut expected = Vec::new();
    for status in ["pending", "active", "inactive"] {
        for page in 0..2 {
            expected.extend((0..2).map(|i| format!("{status}-{page}-{i}")));
        }
    }
    assert_eq!(ids, expected);
    assert_eq!(server.max_in_flight(), 3, "the three statuses at once");
}

#[tokio::test]
async fn many_users_recordings_share_one_bound_and_keep_user_then_month_order() {
    let first = FirstTogether::new(3);
    let server = Scripted::start(move |seen: Seen| {
        let first = Arc::clone(&first);
        // `/users/<user>/recordings`, two months, two pages each.
        let user = seen.path.split('/').nth(2).unwrap_or("?").to_owned();
        let (window, page) = (month_of(&seen), page_of(&seen));
        let uuids = vec![format!("{user}-w{window}-p{page}")];
        let reply = super::recordings_page(&uuids, (page == 0).then_some(1));
        async move {
            first.arrive().await;
            reply
        }
    })
    .await;
    let client = client(server.base_url(), TestClock::new());
    let users = ["u1", "u2", "u3", "u4", "u5"];
    let found: Vec<_> = client
        .recordings_of_users(users)
        .between(day(2025, 1, 1), day(2025, 2, 28))
        .concurrency(3)
        .meetings()
        .try_collect()
        .await
        .unwrap();
    let got: Vec<String> = found
        .iter()
        .map(|f| format!("{} {}", f.user_id, f.meeting.uuid.as_deref().unwrap_or("")))
        .collect();
    let mut expected = Vec::new();
    for user in users {
        for window in 0..2 {
            for page in 0..2 {
                expected.push(format!("{user} {user}-w{window}-p{page}"));
            }
        }
    }
    assert_eq!(got, expected);
    assert_eq!(server.max_in_flight(), 3);
    assert_eq!(server.seen().len(), 20, "5 users x 2 months x 2 pages, each once");
}
