//! What goes wrong in one window shows in its place: a failure is an `Err`
//! after everything before it and nothing comes after it, even though later
//! windows were already fetched; a window whose page token expired starts
//! over and returns nothing twice, also when it was fetched ahead.

use std::sync::{Arc, Mutex};

use fake_zoom::{Config, FakeZoom, Operation};
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use zoom_cloud_recording::Error;
use zoom_cloud_recording::types::UsersStatus;

use super::common::clock::TestClock;
use super::common::fake::builder;
use super::server::{Reply, Scripted, Seen};
use super::{client, day, layout_page, month_of, page_of, uuids_of, year};

/// The items (as UUIDs) and errors (as statuses) of a stream, in order.
fn outcome<T>(results: &[Result<T, Error>], uuid: impl Fn(&T) -> String) -> Vec<String> {
    results
        .iter()
        .map(|r| match r {
            Ok(item) => uuid(item),
            Err(e) => format!("error {:?}", e.status()),
        })
        .collect()
}

#[tokio::test]
async fn a_failed_window_is_an_error_in_its_place_and_nothing_follows_it() {
    let pages = [2usize, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    // Month 1's second page: 404 (not retried) or 500 (retried, then given up).
    for status in [404, 500] {
        let server = Scripted::start(move |seen: Seen| {
            let (window, page) = (month_of(&seen), page_of(&seen));
            let reply = if (window, page) == (1, 1) {
                Reply::error(status, 3001, "Meeting does not exist.")
            } else {
                layout_page(window, page, pages[window], 2)
            };
            async move { reply }
        })
        .await;
        let client = client(server.base_url(), TestClock::new());
        let (from, to) = year();
        let mut expected: Vec<String> = uuids_of(0, 0, 2);
        expected.extend(uuids_of(0, 1, 2));
        expected.extend(uuids_of(1, 0, 2));
        expected.push(format!("error Some({status})"));
        for concurrency in [1, 4] {
            let listing = client.recordings("me").between(from, to).concurrency(concurrency);
            let results: Vec<_> = listing.clone().meetings().collect().await;
            let got = outcome(&results, |m| m.uuid.clone().unwrap_or_default());
            assert_eq!(got, expected, "status {status}, concurrency {concurrency}");

            let pages: Vec<_> = listing.pages().collect().await;
            let got = outcome(&pages, |p| format!("{} meetings", p.meetings.len()));
            assert_eq!(
                got,
                [
                    "2 meetings",
                    "2 meetings",
                    "2 meetings",
                    &format!("error Some({status})")
                ],
                "pages(), status {status}, concurrency {concurrency}"
            );
        }
        let later = server.seen().iter().filter(|s| month_of(s) > 1).count();
        assert!(later > 0, "the concurrent walk had fetched later months");
    }
}

#[tokio::test]
async fn a_failing_status_or_summary_month_ends_the_stream_in_its_place() {
    let server = Scripted::start(|seen: Seen| {
        let reply = if seen.path == "/users" {
            match seen.param("status") {
                Some("inactive") => Reply::error(404, 1001, "User does not exist."),
                status => {
                    let status = status.unwrap_or("active");
                    let users = [json!({"id": format!("{status}-1"), "status": status})];
                    Reply::json(json!({"page_size": 300, "next_page_token": "", "users": users}))
                }
            }
        } else {
            // analytics_summary: one answer per month; March fails.
            let month = seen.param("from").unwrap_or("")[5..7].to_owned();
            if month == "03" {
                Reply::error(404, 3001, "Meeting does not exist.")
            } else {
                let days = [json!({"date": format!("2025-{month}-02"), "views_total_count": 1})];
                Reply::json(json!({"analytics_summary": days}))
            }
        };
        async move { reply }
    })
    .await;
    let client = client(server.base_url(), TestClock::new());

    let users: Vec<_> = client
        .account_users()
        .statuses([UsersStatus::Active, UsersStatus::Inactive, UsersStatus::Pending])
        .concurrency(3)
        .users()
        .collect()
        .await;
    let got = outcome(&users, |u| u.id.clone().unwrap_or_default());
    assert_eq!(got, ["active-1", "error Some(404)"], "pending's user never shows");
    assert!(
        server.seen().iter().any(|s| s.param("status") == Some("pending")),
        "it was fetched"
    );

    let days: Vec<_> = client
        .recording_analytics("m1")
        .between(day(2025, 1, 1), day(2025, 6, 30))
        .concurrency(4)
        .summary()
        .collect()
        .await;
    let got = outcome(&days, |d| {
        d.date.as_ref().map_or(String::new(), |d| d.as_str().to_owned())
    });
    assert_eq!(got, ["2025-01-02", "2025-02-02", "error Some(404)"]);
}

/// One view row of a recording's analytics (no id of its own).
fn view(who: &str) -> serde_json::Value {
    json!({"date_time": "2025-02-03T10:00:00Z", "name": who, "email": format!("{who}@example.com"), "duration": 12})
}

#[tokio::test]
async fn an_expired_token_of_a_window_fetched_ahead_restarts_it_without_repeating_rows() {
    // Four months of analytics rows (no keys). February's second page token is
    // refused once (400, as Zoom answers an expired token) while January, the
    // month being yielded, is still held by the server: February restarts
    // with its first page not yet yielded. Its rows must come once each, in
    // the place a one-month-after-the-other walk puts them.
    let notify = Arc::new(tokio::sync::Notify::new());
    let refused = Arc::new(Mutex::new(false));
    let server = Scripted::start(move |seen: Seen| {
        let (window, page) = (month_of(&seen), page_of(&seen));
        let name = |i: usize| format!("m{window}-p{page}-{i}");
        let rows: Vec<_> = (0..2).map(|i| view(&name(i))).collect();
        let next = if page == 0 { "p1" } else { "" };
        let refuse = (window, page) == (1, 1) && !std::mem::replace(&mut *refused.lock().unwrap(), true);
        let refreshed = (window, page) == (1, 0) && *refused.lock().unwrap();
        if refreshed {
            notify.notify_one();
        }
        let hold = (window, page) == (0, 0);
        let notified = Arc::clone(&notify);
        async move {
            if refuse {
                return Reply::error(400, 300, "The next page token is invalid or expired.");
            }
            if hold {
                let _ = tokio::time::timeout(std::time::Duration::from_secs(20), notified.notified()).await;
            }
            Reply::json(json!({"page_size": 300, "next_page_token": next, "analytics_details": rows}))
        }
    })
    .await;
    let client = client(server.base_url(), TestClock::new());
    let rows: Vec<_> = client
        .recording_analytics("m1")
        .between(day(2025, 1, 1), day(2025, 4, 30))
        .concurrency(4)
        .details()
        .try_collect()
        .await
        .expect("recovered");
    let names: Vec<_> = rows.iter().map(|r| r.name.clone().unwrap_or_default()).collect();
    let expected: Vec<String> = (0..4)
        .flat_map(|w| (0..2).flat_map(move |p| (0..2).map(move |i| format!("m{w}-p{p}-{i}"))))
        .collect();
    assert_eq!(names, expected);
    let february: Vec<usize> = server
        .seen()
        .iter()
        .filter(|s| month_of(s) == 1)
        .map(page_of)
        .collect();
    assert_eq!(
        february,
        [0, 1, 0, 1],
        "February: first page, refused token, then walked again"
    );
}

#[tokio::test]
async fn page_tokens_expiring_anywhere_in_a_concurrent_listing_change_nothing() {
    let config = Config::default()
        .seed(23)
        .users(1)
        .meetings(400)
        .history_days(300);
    let zoom = FakeZoom::start(config).await.expect("fake starts");
    let client = builder(&zoom, &TestClock::new()).build().expect("client");
    let to = zoom.now().date_naive();
    let from = to - chrono::Duration::days(300);
    let listing = client.recordings("me").between(from, to).page_size(10);
    let expected: Vec<_> = listing
        .clone()
        .concurrency(1)
        .meetings()
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = expected.iter().filter_map(|m| m.uuid.clone()).collect();
    let undisturbed = zoom.requests(Operation::RecordingsList);

    for cut in [1, 15, 120, 333] {
        let before = zoom.requests(Operation::RecordingsList);
        let mut stream = listing.clone().concurrency(4).meetings();
        let mut got = Vec::new();
        while let Some(meeting) = stream.try_next().await.expect("no error") {
            got.push(meeting.uuid.unwrap_or_default());
            if got.len() == cut {
                // Every token handed out so far stops working.
                zoom.expire_page_tokens();
            }
        }
        assert_eq!(got, expected, "tokens expired after {cut} meetings");
        let asked = zoom.requests(Operation::RecordingsList) - before;
        assert!(asked >= undisturbed, "{asked} requests");
    }
}
