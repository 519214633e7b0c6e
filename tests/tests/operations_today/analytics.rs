//! `analytics_details` and `analytics_summary`: who viewed or downloaded a
//! recording, and the daily totals, over a date range sent as `yyyy-mm-dd`.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{MeetingRef, Operation, types};

use super::{MEETING_ID, at, date, leading_slash};
use crate::common::{client, exact_query, no_body, raw_path, sent_by_sdk};

#[tokio::test]
async fn analytics_details_sends_every_query_parameter_and_decodes_the_rows() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path(
            "/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings/analytics_details",
        ))
        .and(exact_query(&[
            ("page_size", "300"),
            ("next_page_token", "Qz9v1Lx7RmT2"),
            ("from", "2024-09-01"),
            ("to", "2024-09-30"),
            ("type", "by_download"),
        ]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "from": "2024-09-01", "to": "2024-09-30", "page_size": "300", "total_records": 302,
            "next_page_token": "Wq4s0Pz8",
            "analytics_details": [
                {"date_time": "2024-09-03T08:14:22Z", "name": "Amara Okafor",
                 "email": "amara.okafor@example.com", "duration": 1834},
                {"date_time": "2024-09-05T11:02:51Z", "name": "Guest viewer", "email": "",
                 "duration": 0.0, "download_source": "share_link"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .analytics_details()
        .meeting_id(leading_slash())
        .page_size(300)
        .next_page_token("Qz9v1Lx7RmT2")
        .from(date(2024, 9, 1))
        .to(date(2024, 9, 30))
        .type_(types::AnalyticsDetailsType::ByDownload)
        .call()
        .await
        .expect("analytics details decode");

    assert_eq!(page.from.as_ref().and_then(|d| d.get()), Some(date(2024, 9, 1)));
    assert_eq!(page.to.as_ref().and_then(|d| d.get()), Some(date(2024, 9, 30)));
    assert_eq!(page.page_size, Some(300.into()));
    assert!(!page.page_size.unwrap().arrived_as_integer(), "sent as a string");
    assert_eq!(page.total_records, Some(302.into()));
    assert_eq!(page.next_page_token.as_deref(), Some("Wq4s0Pz8"));
    assert_eq!(page.analytics_details.len(), 2);

    let viewer = &page.analytics_details[0];
    assert_eq!(
        viewer.date_time.as_ref().and_then(|t| t.get()),
        Some(at("2024-09-03T08:14:22Z"))
    );
    assert_eq!(viewer.name.as_deref(), Some("Amara Okafor"));
    assert_eq!(viewer.email.as_deref(), Some("amara.okafor@example.com"));
    assert_eq!(viewer.duration, Some(1834.into()));
    assert!(viewer.extra.is_empty());

    let guest = &page.analytics_details[1];
    assert_eq!(guest.email.as_deref(), Some(""));
    assert_eq!(guest.duration, Some(0.into()));
    assert_eq!(
        guest.extra["download_source"], "share_link",
        "unknown fields are kept"
    );
}

#[tokio::test]
async fn analytics_summary_sends_the_date_range_and_decodes_each_day() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/85746065432/recordings/analytics_summary"))
        .and(exact_query(&[("from", "2024-11-01"), ("to", "2024-11-03")]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "from": "2024-11-01", "to": "2024-11-03",
            "analytics_summary": [
                {"date": "2024-11-01", "views_total_count": 5, "downloads_total_count": 1},
                {"date": "2024-11-02", "views_total_count": "0", "downloads_total_count": "0"},
                {"date": "2024-11-03", "views_total_count": 8.0, "downloads_total_count": 2.0,
                 "unique_viewers_count": 6}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let summary = client(&server)
        .analytics_summary()
        .meeting_id(MeetingRef::id(MEETING_ID))
        .from(date(2024, 11, 1))
        .to(date(2024, 11, 3))
        .call()
        .await
        .expect("analytics summary decodes");

    assert_eq!(
        summary.from.as_ref().and_then(|d| d.get()),
        Some(date(2024, 11, 1))
    );
    assert_eq!(summary.to.as_ref().and_then(|d| d.get()), Some(date(2024, 11, 3)));
    let days: Vec<_> = summary
        .analytics_summary
        .iter()
        .map(|day| {
            (
                day.date.as_ref().and_then(|d| d.get()),
                day.views_total_count.map(|n| n.get()),
                day.downloads_total_count.map(|n| n.get()),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            (Some(date(2024, 11, 1)), Some(5), Some(1)),
            (Some(date(2024, 11, 2)), Some(0), Some(0)),
            (Some(date(2024, 11, 3)), Some(8), Some(2)),
        ]
    );
    assert!(summary.analytics_summary[0].extra.is_empty());
    assert_eq!(summary.analytics_summary[2].extra["unique_viewers_count"], 6);
}
