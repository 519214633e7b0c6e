//! The listings of the operations Zoom added, over loopback HTTP: users by
//! status, a recording's analytics and the account's meeting summaries over
//! any range. Every request's exact query is checked (windows, `page_size`,
//! `next_page_token`), and so is what the stream gives: each item once, an
//! expired page token recovered, a failure as an error in the stream.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::clock::TestClock;
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::types::{AnalyticsDetailsType, UsersStatus};
use zoom_cloud_recording::{Error, MeetingRef, Paginate, RetryPolicy};

/// `/ajXp112QmuoKj4854875==` starts with `/`: Zoom wants it encoded twice.
const UUID: &str = "/ajXp112QmuoKj4854875==";
const DETAILS_PATH: &str = "/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings/analytics_details";
const SUMMARY_PATH: &str = "/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings/analytics_summary";
const SUMMARIES_PATH: &str = "/meetings/meeting_summaries";
const USERS_PATH: &str = "/users";

/// Answers `GET raw_path` with exactly `query` by `body`, expected `times` times.
async fn mount(
    server: &MockServer,
    raw_path: &'static str,
    query: &[(&str, &str)],
    response: ResponseTemplate,
    times: u64,
) {
    Mock::given(method("GET"))
        .and(common::raw_path(raw_path))
        .and(common::exact_query(query))
        .respond_with(response)
        .expect(times)
        .mount(server)
        .await;
}

/// Like [`mount`], but only for the first request that matches.
async fn mount_once(
    server: &MockServer,
    raw_path: &'static str,
    query: &[(&str, &str)],
    response: ResponseTemplate,
) {
    Mock::given(method("GET"))
        .and(common::raw_path(raw_path))
        .and(common::exact_query(query))
        .respond_with(response)
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn expired_token() -> ResponseTemplate {
    ResponseTemplate::new(400)
        .set_body_json(json!({"code": 300, "message": "The next page token is invalid or expired."}))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A clock-driven client whose retries are few and never really wait.
fn retrying_client(server: &MockServer, clock: &TestClock) -> zoom_cloud_recording::Client {
    common::builder(server, clock)
        .retry_policy(RetryPolicy::default().without_jitter().max_attempts(3))
        .build()
        .unwrap()
}

// ---- analytics details ------------------------------------------------------

/// One view row; `who` names it.
fn view(who: &str) -> Value {
    json!({"date_time": "2026-02-03T10:00:00Z", "name": who, "email": format!("{who}@example.com"), "duration": 12})
}

fn details(rows: &[Value], next: &str) -> ResponseTemplate {
    ok(
        json!({"page_size": 300, "total_records": rows.len(), "next_page_token": next, "analytics_details": rows}),
    )
}

fn viewers(rows: &[zoom_cloud_recording::types::RecordingAnalyticsDetail]) -> Vec<String> {
    rows.iter().map(|r| r.name.clone().unwrap_or_default()).collect()
}

#[tokio::test]
async fn analytics_details_are_walked_month_by_month_and_page_by_page() {
    let server = MockServer::start().await;
    let query = |from: &'static str, to: &'static str, token: Option<&'static str>| {
        let mut query = vec![
            ("page_size", "300"),
            ("from", from),
            ("to", to),
            ("type", "by_download"),
        ];
        query.extend(token.map(|t| ("next_page_token", t)));
        query
    };
    mount(
        &server,
        DETAILS_PATH,
        &query("2026-01-20", "2026-01-31", None),
        details(&[view("jan")], ""),
        1,
    )
    .await;
    // February has two pages, and the same viewer twice with the same row:
    // rows have no id, and two identical rows are two downloads.
    mount(
        &server,
        DETAILS_PATH,
        &query("2026-02-01", "2026-02-28", None),
        details(&[view("feb-1"), view("twice")], "feb-page-2"),
        1,
    )
    .await;
    mount(
        &server,
        DETAILS_PATH,
        &query("2026-02-01", "2026-02-28", Some("feb-page-2")),
        details(&[view("twice"), view("feb-2")], ""),
        1,
    )
    .await;
    mount(
        &server,
        DETAILS_PATH,
        &query("2026-03-01", "2026-03-05", None),
        details(&[view("mar")], ""),
        1,
    )
    .await;
    let client = common::client(&server);

    let rows: Vec<_> = client
        .recording_analytics(MeetingRef::uuid(UUID))
        .between(day(2026, 1, 20), day(2026, 3, 5))
        .kind(AnalyticsDetailsType::ByDownload)
        .details()
        .try_collect()
        .await
        .expect("every month");
    assert_eq!(viewers(&rows), ["jan", "feb-1", "twice", "twice", "feb-2", "mar"]);
}

#[tokio::test]
async fn an_expired_token_in_the_details_skips_the_rows_already_returned_by_content() {
    let server = MockServer::start().await;
    let first = [("page_size", "300"), ("from", "2026-02-01"), ("to", "2026-02-28")];
    let second = [
        ("page_size", "300"),
        ("from", "2026-02-01"),
        ("to", "2026-02-28"),
        ("next_page_token", "t1"),
    ];
    // First pass: a, b. The token is refused once; by the second pass a new
    // view `new` has arrived at the front of the first page.
    mount_once(
        &server,
        DETAILS_PATH,
        &first,
        details(&[view("a"), view("b")], "t1"),
    )
    .await;
    mount_once(&server, DETAILS_PATH, &second, expired_token()).await;
    mount_once(
        &server,
        DETAILS_PATH,
        &first,
        details(&[view("new"), view("a"), view("b")], "t1"),
    )
    .await;
    mount(&server, DETAILS_PATH, &second, details(&[view("c")], ""), 1).await;
    let client = common::client(&server);

    let rows: Vec<_> = client
        .recording_analytics(MeetingRef::uuid(UUID))
        .between(day(2026, 2, 1), day(2026, 2, 28))
        .details()
        .try_collect()
        .await
        .expect("recovered");
    assert_eq!(
        viewers(&rows),
        ["a", "b", "new", "c"],
        "nothing lost, nothing twice"
    );
}

#[tokio::test]
async fn a_missing_meeting_mid_walk_ends_the_details_with_the_404() {
    let server = MockServer::start().await;
    mount(
        &server,
        DETAILS_PATH,
        &[("page_size", "300"), ("from", "2026-01-30"), ("to", "2026-01-31")],
        details(&[view("jan")], ""),
        1,
    )
    .await;
    let gone = ResponseTemplate::new(404)
        .set_body_json(json!({"code": 3301, "message": "This recording does not exist."}));
    mount(
        &server,
        DETAILS_PATH,
        &[("page_size", "300"), ("from", "2026-02-01"), ("to", "2026-02-02")],
        gone,
        1,
    )
    .await;
    let client = common::client(&server);

    let results: Vec<_> = client
        .recording_analytics(MeetingRef::uuid(UUID))
        .between(day(2026, 1, 30), day(2026, 2, 2))
        .details()
        .collect()
        .await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().name.as_deref(), Some("jan"));
    let error = results[1].as_ref().expect_err("the second month fails");
    assert_eq!(error.status(), Some(404));
}

// ---- analytics summary ------------------------------------------------------

fn days(days: &[(&str, i64)]) -> Vec<Value> {
    days.iter()
        .map(|(date, views)| json!({"date": date, "views_total_count": views, "downloads_total_count": 0}))
        .collect()
}

#[tokio::test]
async fn the_analytics_summary_is_one_request_per_month_with_days_in_order_each_once() {
    let server = MockServer::start().await;
    // January comes back out of order; February repeats January's last day.
    let january = ok(json!({"from": "2026-01-30", "to": "2026-01-31",
                            "analytics_summary": days(&[("2026-01-31", 2), ("2026-01-30", 1)])}));
    let february = ok(json!({"from": "2026-02-01", "to": "2026-02-28",
                             "analytics_summary": days(&[("2026-01-31", 2), ("2026-02-01", 3), ("2026-02-28", 4)])}));
    let march = ok(
        json!({"from": "2026-03-01", "to": "2026-03-01", "analytics_summary": days(&[("2026-03-01", 5)])}),
    );
    mount(
        &server,
        SUMMARY_PATH,
        &[("from", "2026-01-30"), ("to", "2026-01-31")],
        january,
        1,
    )
    .await;
    mount(
        &server,
        SUMMARY_PATH,
        &[("from", "2026-02-01"), ("to", "2026-02-28")],
        february,
        1,
    )
    .await;
    mount(
        &server,
        SUMMARY_PATH,
        &[("from", "2026-03-01"), ("to", "2026-03-01")],
        march,
        1,
    )
    .await;
    let client = common::client(&server);

    let summary: Vec<_> = client
        .recording_analytics(MeetingRef::uuid(UUID))
        .between(day(2026, 1, 30), day(2026, 3, 1))
        .kind(AnalyticsDetailsType::ByView)
        .summary()
        .try_collect()
        .await
        .expect("three months");
    let got: Vec<_> = summary
        .iter()
        .map(|d| {
            let date = d.date.as_ref().and_then(|d| d.get()).unwrap();
            (date.to_string(), d.views_total_count.unwrap().get())
        })
        .collect();
    let expected = [
        ("2026-01-30", 1),
        ("2026-01-31", 2),
        ("2026-02-01", 3),
        ("2026-02-28", 4),
        ("2026-03-01", 5),
    ];
    assert_eq!(got, expected.map(|(d, n)| (d.to_owned(), n)));
}

#[tokio::test]
async fn a_summary_month_failing_after_its_retries_ends_the_stream_with_the_500() {
    let server = MockServer::start().await;
    let january = ok(json!({"analytics_summary": days(&[("2026-01-31", 2)])}));
    mount(
        &server,
        SUMMARY_PATH,
        &[("from", "2026-01-31"), ("to", "2026-01-31")],
        january,
        1,
    )
    .await;
    let broken = ResponseTemplate::new(500).set_body_json(json!({"code": 500, "message": "Internal error"}));
    mount(
        &server,
        SUMMARY_PATH,
        &[("from", "2026-02-01"), ("to", "2026-02-01")],
        broken,
        3,
    )
    .await;
    let clock = TestClock::new();
    let client = retrying_client(&server, &clock);

    let results: Vec<_> = client
        .recording_analytics(MeetingRef::uuid(UUID))
        .between(day(2026, 1, 31), day(2026, 2, 1))
        .summary()
        .collect()
        .await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results[0].is_ok());
    let error = results[1].as_ref().expect_err("February fails");
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        clock.sleeps().len(),
        2,
        "three attempts, two waits on the test clock"
    );
}

#[tokio::test]
async fn reversed_analytics_ranges_fail_before_any_request_and_name_the_range() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let analytics = client
        .recording_analytics(MeetingRef::uuid(UUID))
        .between(day(2026, 3, 1), day(2026, 2, 1));

    let details: Result<Vec<_>, _> = analytics.clone().details().try_collect().await;
    let summary: Result<Vec<_>, _> = analytics.summary().try_collect().await;
    for error in [details.map(drop).unwrap_err(), summary.map(drop).unwrap_err()] {
        let Error::InvalidRequest(message) = &error else {
            panic!("expected InvalidRequest, got {error:?}")
        };
        assert!(
            message.contains("2026-03-01") && message.contains("2026-02-01"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn an_empty_meeting_is_refused_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server);

    let result: Result<Vec<_>, _> = client.recording_analytics("").summary().try_collect().await;
    assert!(
        matches!(&result, Err(Error::InvalidRequest(m)) if m.contains("meeting")),
        "{result:?}"
    );
}

// ---- meeting summaries ------------------------------------------------------

fn summaries(uuids: &[&str], next: &str) -> ResponseTemplate {
    let list: Vec<Value> = uuids
        .iter()
        .map(|u| json!({"meeting_uuid": u, "meeting_id": 85746065432_i64, "meeting_topic": format!("Topic {u}")}))
        .collect();
    ok(json!({"page_size": 300, "next_page_token": next, "summaries": list}))
}

fn summary_uuids(items: &[zoom_cloud_recording::types::MeetingSummaryListItem]) -> Vec<&str> {
    items.iter().filter_map(|s| s.meeting_uuid.as_deref()).collect()
}

#[tokio::test]
async fn meeting_summaries_are_walked_in_utc_months_and_an_edge_meeting_comes_once() {
    let server = MockServer::start().await;
    let jan = [
        ("page_size", "300"),
        ("from", "2026-01-15T08:30:00Z"),
        ("to", "2026-02-01T00:00:00Z"),
    ];
    let feb = [
        ("page_size", "300"),
        ("from", "2026-02-01T00:00:00Z"),
        ("to", "2026-03-01T00:00:00Z"),
    ];
    let feb_2 = [
        ("page_size", "300"),
        ("from", "2026-02-01T00:00:00Z"),
        ("to", "2026-03-01T00:00:00Z"),
        ("next_page_token", "p2"),
    ];
    let mar = [
        ("page_size", "300"),
        ("from", "2026-03-01T00:00:00Z"),
        ("to", "2026-03-10T12:00:00Z"),
    ];
    // The summary created exactly at 2026-02-01T00:00:00Z is listed by both neighbours.
    mount(&server, SUMMARIES_PATH, &jan, summaries(&["j1", "edge"], ""), 1).await;
    mount(&server, SUMMARIES_PATH, &feb, summaries(&["edge", "f1"], "p2"), 1).await;
    mount(&server, SUMMARIES_PATH, &feb_2, summaries(&["f2"], ""), 1).await;
    mount(&server, SUMMARIES_PATH, &mar, summaries(&["m1"], ""), 1).await;
    let client = common::client(&server);

    let items: Vec<_> = client
        .meeting_summaries()
        .between(
            Utc.with_ymd_and_hms(2026, 1, 15, 8, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap(),
        )
        .summaries()
        .try_collect()
        .await
        .expect("three months");
    assert_eq!(summary_uuids(&items), ["j1", "edge", "f1", "f2", "m1"]);
}

#[tokio::test]
async fn an_expired_summaries_token_restarts_the_month_without_duplicates() {
    let server = MockServer::start().await;
    let first = [
        ("page_size", "300"),
        ("from", "2026-02-01T00:00:00Z"),
        ("to", "2026-02-10T00:00:00Z"),
    ];
    let second = [
        ("page_size", "300"),
        ("from", "2026-02-01T00:00:00Z"),
        ("to", "2026-02-10T00:00:00Z"),
        ("next_page_token", "t1"),
    ];
    mount(&server, SUMMARIES_PATH, &first, summaries(&["a", "b"], "t1"), 2).await;
    mount_once(&server, SUMMARIES_PATH, &second, expired_token()).await;
    mount(&server, SUMMARIES_PATH, &second, summaries(&["c"], ""), 1).await;
    let client = common::client(&server);

    let items: Vec<_> = client
        .meeting_summaries()
        .between(
            Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 2, 10, 0, 0, 0).unwrap(),
        )
        .summaries()
        .try_collect()
        .await
        .expect("recovered");
    assert_eq!(summary_uuids(&items), ["a", "b", "c"]);
}

#[tokio::test]
async fn a_summaries_page_failing_after_its_retries_is_an_error_in_the_stream() {
    let server = MockServer::start().await;
    let first = [
        ("page_size", "300"),
        ("from", "2026-02-01T00:00:00Z"),
        ("to", "2026-02-10T00:00:00Z"),
    ];
    let second = [
        ("page_size", "300"),
        ("from", "2026-02-01T00:00:00Z"),
        ("to", "2026-02-10T00:00:00Z"),
        ("next_page_token", "t1"),
    ];
    mount(&server, SUMMARIES_PATH, &first, summaries(&["a"], "t1"), 1).await;
    let broken = ResponseTemplate::new(500).set_body_json(json!({"code": 500, "message": "Internal error"}));
    mount(&server, SUMMARIES_PATH, &second, broken, 3).await;
    let clock = TestClock::new();
    let client = retrying_client(&server, &clock);

    let results: Vec<_> = client
        .meeting_summaries()
        .between(
            Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 2, 10, 0, 0, 0).unwrap(),
        )
        .summaries()
        .collect()
        .await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().meeting_uuid.as_deref(), Some("a"));
    assert_eq!(
        results[1].as_ref().expect_err("page two fails").status(),
        Some(500)
    );
}

#[tokio::test]
async fn a_reversed_summaries_range_fails_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let result: Result<Vec<_>, _> = client
        .meeting_summaries()
        .between(
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap(),
        )
        .summaries()
        .try_collect()
        .await;
    let Err(Error::InvalidRequest(message)) = &result else {
        panic!("expected InvalidRequest, got {result:?}")
    };
    assert!(
        message.contains("2026-03-01") && message.contains("2026-02-01"),
        "{message}"
    );
}

// ---- users ------------------------------------------------------------------

fn users(ids: &[&str], status: &str, next: &str) -> ResponseTemplate {
    let list: Vec<Value> = ids
        .iter()
        .map(|id| json!({"id": id, "email": format!("{id}@example.com"), "status": status, "type": 1}))
        .collect();
    ok(json!({"page_size": 300, "total_records": list.len(), "next_page_token": next, "users": list}))
}

fn user_ids(items: &[zoom_cloud_recording::types::User]) -> Vec<&str> {
    items.iter().filter_map(|u| u.id.as_deref()).collect()
}

#[tokio::test]
async fn users_of_one_status_page_through_the_generated_operation() {
    let server = MockServer::start().await;
    mount(
        &server,
        USERS_PATH,
        &[("page_size", "300"), ("status", "inactive")],
        users(&["i1", "i2"], "inactive", "n2"),
        1,
    )
    .await;
    mount(
        &server,
        USERS_PATH,
        &[
            ("page_size", "300"),
            ("status", "inactive"),
            ("next_page_token", "n2"),
        ],
        users(&["i3"], "inactive", ""),
        1,
    )
    .await;
    let client = common::client(&server);

    let items: Vec<_> = client
        .users()
        .status(UsersStatus::Inactive)
        .paginate()
        .items()
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(user_ids(&items), ["i1", "i2", "i3"]);
}

#[tokio::test]
async fn account_users_lists_active_then_inactive_each_user_once() {
    let server = MockServer::start().await;
    mount(
        &server,
        USERS_PATH,
        &[("page_size", "300"), ("status", "active")],
        users(&["a1", "moved"], "active", "act-2"),
        1,
    )
    .await;
    mount(
        &server,
        USERS_PATH,
        &[
            ("page_size", "300"),
            ("status", "active"),
            ("next_page_token", "act-2"),
        ],
        users(&["a2"], "active", ""),
        1,
    )
    .await;
    // `moved` was deactivated while the walk ran: both listings show it.
    mount(
        &server,
        USERS_PATH,
        &[("page_size", "300"), ("status", "inactive")],
        users(&["moved", "i1"], "inactive", ""),
        1,
    )
    .await;
    let client = common::client(&server);

    let items: Vec<_> = client
        .account_users()
        .users()
        .try_collect()
        .await
        .expect("both statuses");
    assert_eq!(user_ids(&items), ["a1", "moved", "a2", "i1"]);
}

#[tokio::test]
async fn account_users_follows_the_chosen_statuses_and_recovers_an_expired_token() {
    let server = MockServer::start().await;
    let pending = [("page_size", "300"), ("status", "pending")];
    let inactive = [("page_size", "300"), ("status", "inactive")];
    let inactive_2 = [
        ("page_size", "300"),
        ("status", "inactive"),
        ("next_page_token", "t1"),
    ];
    mount(&server, USERS_PATH, &pending, users(&["p1"], "pending", ""), 1).await;
    mount(
        &server,
        USERS_PATH,
        &inactive,
        users(&["i1", "i2"], "inactive", "t1"),
        2,
    )
    .await;
    mount_once(&server, USERS_PATH, &inactive_2, expired_token()).await;
    mount(
        &server,
        USERS_PATH,
        &inactive_2,
        users(&["i3"], "inactive", ""),
        1,
    )
    .await;
    let client = common::client(&server);

    let items: Vec<_> = client
        .account_users()
        .statuses([UsersStatus::Pending, UsersStatus::Inactive])
        .users()
        .try_collect()
        .await
        .expect("recovered");
    assert_eq!(user_ids(&items), ["p1", "i1", "i2", "i3"]);
}

#[tokio::test]
async fn a_failing_status_ends_account_users_with_the_error_not_a_shorter_list() {
    let server = MockServer::start().await;
    mount(
        &server,
        USERS_PATH,
        &[("page_size", "300"), ("status", "active")],
        users(&["a1"], "active", ""),
        1,
    )
    .await;
    let forbidden =
        ResponseTemplate::new(404).set_body_json(json!({"code": 1001, "message": "User does not exist."}));
    mount(
        &server,
        USERS_PATH,
        &[("page_size", "300"), ("status", "inactive")],
        forbidden,
        1,
    )
    .await;
    let client = common::client(&server);

    let results: Vec<_> = client.account_users().users().collect().await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().id.as_deref(), Some("a1"));
    assert_eq!(
        results[1].as_ref().expect_err("inactive fails").status(),
        Some(404)
    );
}

#[tokio::test]
async fn account_users_without_a_status_is_refused_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server);

    let result: Result<Vec<_>, _> = client.account_users().statuses([]).users().try_collect().await;
    assert!(
        matches!(&result, Err(Error::InvalidRequest(m)) if m.contains("statuses")),
        "{result:?}"
    );
}
