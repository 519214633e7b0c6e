//! The stream does not depend on how many windows are fetched at once: for the
//! fake Zoom's seeded accounts, and for scripted page layouts answered in a
//! shuffled order, every concurrency yields exactly the stream of
//! `.concurrency(1)` (one window after the other, as before).

use std::collections::HashSet;
use std::time::Duration;

use chrono::Duration as Days;
use fake_zoom::{Config, FakeZoom};
use futures::TryStreamExt;
use zoom_cloud_recording::Client;
use zoom_cloud_recording::types::UsersStatus;

use super::common::clock::TestClock;
use super::common::fake::builder;
use super::server::Scripted;
use super::{client, layout_uuids, month_of, page_of, recordings_page, uuids, uuids_of, year};

const CONCURRENCIES: [usize; 3] = [2, 4, 16];

async fn fake(config: Config) -> (FakeZoom, Client) {
    let zoom = FakeZoom::start(config).await.expect("fake starts");
    let client = builder(&zoom, &TestClock::new()).build().expect("client");
    (zoom, client)
}

#[tokio::test]
async fn a_users_recordings_are_the_sequential_stream_for_any_seed_page_size_and_concurrency() {
    for seed in [3, 11, 29] {
        let config = Config::default()
            .seed(seed)
            .users(1)
            .meetings(300)
            .history_days(200);
        let (zoom, client) = fake(config).await;
        let to = zoom.now().date_naive();
        let from = to - Days::days(200);
        for page_size in [9, 300] {
            let listing = client.recordings("me").between(from, to).page_size(page_size);
            let sequential: Vec<_> = listing
                .clone()
                .concurrency(1)
                .meetings()
                .try_collect()
                .await
                .unwrap();
            let sequential = uuids(&sequential);
            assert!(
                sequential.len() > 250,
                "seed {seed}: {} meetings",
                sequential.len()
            );
            let unique: HashSet<_> = sequential.iter().collect();
            assert_eq!(unique.len(), sequential.len(), "each meeting once");
            for concurrency in CONCURRENCIES {
                let concurrent: Vec<_> = listing
                    .clone()
                    .concurrency(concurrency)
                    .meetings()
                    .try_collect()
                    .await
                    .unwrap();
                assert_eq!(
                    uuids(&concurrent),
                    sequential,
                    "seed {seed}, page size {page_size}, concurrency {concurrency}"
                );
                let pages: Vec<_> = listing
                    .clone()
                    .concurrency(concurrency)
                    .pages()
                    .try_collect()
                    .await
                    .unwrap();
                let paged: Vec<String> = pages.iter().flat_map(|p| uuids(&p.meetings)).collect();
                assert_eq!(paged, sequential, "pages(): same pages in the same order");
            }
        }
    }
}

#[tokio::test]
async fn account_listings_users_and_many_users_recordings_are_the_sequential_streams() {
    for seed in [5, 17] {
        let config = Config::default()
            .seed(seed)
            .users(5)
            .meetings(240)
            .history_days(150);
        let (zoom, client) = fake(config).await;
        let now = zoom.now();
        let range = (now - Days::days(150), now);
        let reference = streams(&client, zoom.account_id(), range, 1).await;
        for (name, items) in &reference {
            assert!(!items.is_empty(), "seed {seed}: {name} lists something");
        }
        for concurrency in CONCURRENCIES {
            let concurrent = streams(&client, zoom.account_id(), range, concurrency).await;
            for ((name, expected), (_, got)) in reference.iter().zip(&concurrent) {
                assert_eq!(got, expected, "seed {seed}: {name}, concurrency {concurrency}");
            }
        }
    }
}

type Range = (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>);

/// What five account-wide listings yield (as ids) with `concurrency`.
async fn streams(
    client: &Client,
    account: &str,
    (from, to): Range,
    concurrency: usize,
) -> Vec<(&'static str, Vec<String>)> {
    let account_meetings: Vec<_> = client
        .account_recordings(account)
        .between(from, to)
        .page_size(9)
        .concurrency(concurrency)
        .meetings()
        .try_collect()
        .await
        .unwrap();
    let archived: Vec<_> = client
        .archived_files()
        .between(from, to)
        .page_size(5)
        .concurrency(concurrency)
        .meetings()
        .try_collect()
        .await
        .unwrap();
    let summaries: Vec<_> = client
        .meeting_summaries()
        .between(from, to)
        .page_size(4)
        .concurrency(concurrency)
        .summaries()
        .try_collect()
        .await
        .unwrap();
    let users: Vec<_> = client
        .account_users()
        .statuses([UsersStatus::Active, UsersStatus::Inactive, UsersStatus::Pending])
        .page_size(2)
        .concurrency(concurrency)
        .users()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<String> = users.iter().filter_map(|u| u.id.clone()).collect();
    let of_users: Vec<_> = client
        .recordings_of_users(ids.clone())
        .between(from.date_naive(), to.date_naive())
        .page_size(8)
        .concurrency(concurrency)
        .meetings()
        .try_collect()
        .await
        .unwrap();
    let of_users = of_users
        .iter()
        .map(|found| {
            format!(
                "{} {}",
                found.user_id,
                found.meeting.uuid.clone().unwrap_or_default()
            )
        })
        .collect();
    vec![
        (
            "account",
            account_meetings.iter().filter_map(|m| m.uuid.clone()).collect(),
        ),
        (
            "archive",
            archived.iter().filter_map(|m| m.uuid.clone()).collect(),
        ),
        (
            "summaries",
            summaries.iter().filter_map(|s| s.meeting_uuid.clone()).collect(),
        ),
        ("users", ids),
        ("users' recordings", of_users),
    ]
}

#[tokio::test]
async fn scripted_layouts_answered_in_shuffled_order_come_out_in_window_then_page_order() {
    for seed in [1_u64, 2, 3, 4, 5, 6] {
        let mut rng = fastrand_like(seed);
        let pages: Vec<usize> = (0..12).map(|_| 1 + (rng() % 4) as usize).collect();
        // Every window also lists the first meeting of the window before it
        // (a meeting on the edge): it must come once, where it came first.
        let layout = pages.clone();
        let server = Scripted::start(move |seen| {
            let (window, page) = (month_of(&seen), page_of(&seen));
            let mut uuids = uuids_of(window, page, 3);
            if window > 0 && page == 0 {
                uuids.push(uuids_of(window - 1, 0, 3)[0].clone());
            }
            let next = (page + 1 < layout[window]).then_some(page + 1);
            // Answers finish in an order that has nothing to do with the order asked.
            let delay =
                Duration::from_micros((seed * 7919 + window as u64 * 104_729 + page as u64 * 31) % 3000);
            async move {
                tokio::time::sleep(delay).await;
                recordings_page(&uuids, next)
            }
        })
        .await;
        let client = client(server.base_url(), TestClock::new());
        let (from, to) = year();
        let expected = layout_uuids(&pages, 3);
        for concurrency in [1, 2, 4, 7] {
            let meetings: Vec<_> = client
                .recordings("me")
                .between(from, to)
                .concurrency(concurrency)
                .meetings()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(
                uuids(&meetings),
                expected,
                "seed {seed}, {pages:?}, concurrency {concurrency}"
            );
        }
    }
}

/// A small seeded generator (xorshift), so the layouts are the same every run.
fn fastrand_like(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
