//! Listings as streams over loopback HTTP: page tokens followed, date ranges
//! split into the windows Zoom accepts, expired page tokens recovered, each
//! meeting returned once.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::clock::TestClock;
use futures::TryStreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{Error, Paginate, TrashKind};

const LIST_PATH: &str = "/users/me/recordings";

fn meeting(uuid: &str) -> Value {
    json!({"uuid": uuid, "id": 85746065432_i64, "topic": format!("Meeting {uuid}"),
           "start_time": "2025-01-31T23:30:00Z", "recording_files": []})
}

fn page(uuids: &[&str], next: &str) -> ResponseTemplate {
    let meetings: Vec<Value> = uuids.iter().map(|u| meeting(u)).collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "page_size": 300, "total_records": meetings.len(), "next_page_token": next, "meetings": meetings
    }))
}

async fn mount_page(server: &MockServer, query: &[(&str, &str)], response: ResponseTemplate, times: u64) {
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(common::exact_query(query))
        .respond_with(response)
        .expect(times)
        .mount(server)
        .await;
}

fn uuids(meetings: &[zoom_cloud_recording::types::RecordingMeeting]) -> Vec<String> {
    meetings
        .iter()
        .map(|m| m.uuid.clone().unwrap_or_default())
        .collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn a_three_page_listing_is_followed_to_the_empty_token() {
    let server = MockServer::start().await;
    // Each page is served twice: once for `items()`, once for `pages()`.
    mount_page(&server, &[("page_size", "300")], page(&["a", "b"], "tok-2"), 2).await;
    mount_page(
        &server,
        &[("page_size", "300"), ("next_page_token", "tok-2")],
        page(&["c"], "tok-3"),
        2,
    )
    .await;
    mount_page(
        &server,
        &[("page_size", "300"), ("next_page_token", "tok-3")],
        page(&["d"], ""),
        2,
    )
    .await;
    let client = common::client(&server);

    let items: Vec<_> = client
        .recordings_list()
        .user_id("me")
        .paginate()
        .items()
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(uuids(&items), ["a", "b", "c", "d"]);

    let pages: Vec<_> = client
        .recordings_list()
        .user_id("me")
        .paginate()
        .pages()
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(
        pages.iter().map(|p| p.meetings.len()).collect::<Vec<_>>(),
        [2, 1, 1]
    );
}

#[tokio::test]
async fn registrants_page_with_the_chosen_size() {
    let server = MockServer::start().await;
    let registrants = |ids: &[&str], next: &str| {
        let list: Vec<Value> = ids
            .iter()
            .map(|id| json!({"id": id, "email": format!("{id}@example.com")}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"next_page_token": next, "registrants": list}))
    };
    for (query, response) in [
        (vec![("page_size", "2")], registrants(&["r1", "r2"], "n2")),
        (
            vec![("page_size", "2"), ("next_page_token", "n2")],
            registrants(&["r3"], ""),
        ),
    ] {
        Mock::given(method("GET"))
            .and(path("/meetings/85746065432/recordings/registrants"))
            .and(common::exact_query(&query))
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = common::client(&server);
    let items: Vec<_> = client
        .meeting_recording_registrants()
        .meeting_id(85746065432_i64)
        .paginate()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("registrants");
    let ids: Vec<_> = items.iter().filter_map(|r| r.id.as_deref()).collect();
    assert_eq!(ids, ["r1", "r2", "r3"]);
}

#[tokio::test]
async fn fourteen_months_are_walked_in_calendar_months_and_an_edge_meeting_comes_once() {
    let server = MockServer::start().await;
    let windows = [
        ("2025-01-15", "2025-01-31"),
        ("2025-02-01", "2025-02-28"),
        ("2025-03-01", "2025-03-31"),
        ("2025-04-01", "2025-04-30"),
        ("2025-05-01", "2025-05-31"),
        ("2025-06-01", "2025-06-30"),
        ("2025-07-01", "2025-07-31"),
        ("2025-08-01", "2025-08-31"),
        ("2025-09-01", "2025-09-30"),
        ("2025-10-01", "2025-10-31"),
        ("2025-11-01", "2025-11-30"),
        ("2025-12-01", "2025-12-31"),
        ("2026-01-01", "2026-01-31"),
        ("2026-02-01", "2026-02-28"),
        ("2026-03-01", "2026-03-10"),
    ];
    for (i, (from, to)) in windows.iter().enumerate() {
        let own = format!("m{i}");
        // The meeting that started 2025-01-31 23:30 UTC is listed by January and again by February.
        let listed: Vec<&str> = match i {
            0 | 1 => vec![own.as_str(), "straddles-the-edge"],
            _ => vec![own.as_str()],
        };
        let query = [("page_size", "300"), ("from", *from), ("to", *to)];
        mount_page(&server, &query, page(&listed, ""), 1).await;
    }
    let client = common::client(&server);

    let meetings: Vec<_> = client
        .recordings("me")
        .between(day(2025, 1, 15), day(2026, 3, 10))
        .meetings()
        .try_collect()
        .await
        .expect("every window");
    let got = uuids(&meetings);
    let mut expected = vec!["m0".to_owned(), "straddles-the-edge".to_owned()];
    expected.extend((1..15).map(|i| format!("m{i}")));
    assert_eq!(got, expected, "every meeting once, in window order");
}

#[tokio::test]
async fn an_expired_page_token_restarts_the_window_without_loss_or_duplicates() {
    let server = MockServer::start().await;
    let first = [("page_size", "300"), ("from", "2026-02-01"), ("to", "2026-02-28")];
    let second = [
        ("page_size", "300"),
        ("from", "2026-02-01"),
        ("to", "2026-02-28"),
        ("next_page_token", "t1"),
    ];
    let expired = ResponseTemplate::new(400)
        .set_body_json(json!({"code": 300, "message": "The next page token is invalid or expired."}));
    // The first page is served twice (the restart); the token is refused once, then accepted.
    mount_page(&server, &first, page(&["a", "b"], "t1"), 2).await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(common::exact_query(&second))
        .respond_with(expired)
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_page(&server, &second, page(&["c"], ""), 1).await;
    let client = common::client(&server);

    let meetings: Vec<_> = client
        .recordings("me")
        .between(day(2026, 2, 1), day(2026, 2, 28))
        .meetings()
        .try_collect()
        .await
        .expect("recovered");
    assert_eq!(uuids(&meetings), ["a", "b", "c"]);
}

#[tokio::test]
async fn a_token_refused_again_and_again_ends_with_the_error() {
    let server = MockServer::start().await;
    let first = [("page_size", "300")];
    let second = [("page_size", "300"), ("next_page_token", "t1")];
    mount_page(&server, &first, page(&["a"], "t1"), 4).await;
    let refused = ResponseTemplate::new(400).set_body_json(json!({"code": 300, "message": "Invalid token"}));
    mount_page(&server, &second, refused, 4).await;
    let client = common::client(&server);

    let result: Result<Vec<_>, _> = client.recordings("me").meetings().try_collect().await;
    let error = result.expect_err("gives up after three restarts");
    assert_eq!(error.status(), Some(400));
}

#[tokio::test]
async fn the_trash_is_listed_without_dates_and_filtered_on_the_client() {
    let server = MockServer::start().await;
    let query = [
        ("page_size", "300"),
        ("trash", "true"),
        ("trash_type", "meeting_recordings"),
    ];
    let body = json!({"next_page_token": "", "meetings": [
        {"uuid": "in-range", "start_time": "2026-02-10T09:00:00Z"},
        {"uuid": "too-early", "start_time": "2025-12-31T23:59:59Z"},
        {"uuid": "unknown-start", "start_time": ""},
        {"uuid": "last-day", "start_time": "2026-02-28T23:00:00Z"}
    ]});
    mount_page(&server, &query, ResponseTemplate::new(200).set_body_json(body), 1).await;
    let client = common::client(&server);

    let meetings: Vec<_> = client
        .recordings("me")
        .trash(TrashKind::MeetingRecordings)
        .between(day(2026, 1, 1), day(2026, 2, 28))
        .meetings()
        .try_collect()
        .await
        .expect("trash");
    assert_eq!(uuids(&meetings), ["in-range", "unknown-start", "last-day"]);
}

#[tokio::test]
async fn archived_files_are_walked_in_seven_day_windows() {
    let server = MockServer::start().await;
    let windows = [
        ("2026-01-01T00:00:00Z", "2026-01-08T00:00:00Z", vec!["w1", "edge"]),
        ("2026-01-08T00:00:00Z", "2026-01-15T00:00:00Z", vec!["edge", "w2"]),
        ("2026-01-15T00:00:00Z", "2026-01-20T12:00:00Z", vec!["w3"]),
    ];
    for (from, to, listed) in &windows {
        let meetings: Vec<Value> = listed
            .iter()
            .map(|u| json!({"uuid": u, "archive_files": []}))
            .collect();
        Mock::given(method("GET"))
            .and(path("/archive_files"))
            .and(common::exact_query(&[
                ("page_size", "300"),
                ("from", from),
                ("to", to),
            ]))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"next_page_token": "", "meetings": meetings})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = common::client(&server);
    let meetings: Vec<_> = client
        .archived_files()
        .between(
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 1, 20, 12, 0, 0).unwrap(),
        )
        .meetings()
        .try_collect()
        .await
        .expect("three windows");
    let got: Vec<_> = meetings.iter().filter_map(|m| m.uuid.as_deref()).collect();
    assert_eq!(got, ["w1", "edge", "w2", "w3"]);
}

#[tokio::test]
async fn a_reversed_range_fails_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(page(&[], ""))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let result: Result<Vec<_>, _> = client
        .recordings("me")
        .between(day(2026, 3, 1), day(2026, 2, 1))
        .meetings()
        .try_collect()
        .await;
    assert!(matches!(result, Err(Error::InvalidRequest(_))), "{result:?}");
}

#[tokio::test]
async fn a_page_that_does_not_decode_names_the_operation_and_the_field() {
    let server = MockServer::start().await;
    let body = json!({"next_page_token": "", "meetings": [{"uuid": "x", "recording_count": "many"}]});
    mount_page(
        &server,
        &[("page_size", "300")],
        ResponseTemplate::new(200).set_body_json(body),
        1,
    )
    .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock).build().unwrap();

    let result: Result<Vec<_>, _> = client.recordings("me").meetings().try_collect().await;
    let Err(Error::Decode(failure)) = result else {
        panic!("expected a decode error, got {result:?}")
    };
    assert_eq!(failure.operation, Some("recordings_list"));
    assert_eq!(failure.path.as_deref(), Some("meetings[0].recording_count"));
    assert!(failure.excerpt.contains("\"many\""), "{}", failure.excerpt);
}
