//! The AI Companion summary operations: `listmeetingsummaries` (a date-time
//! range sent as `yyyy-MM-ddTHH:mm:ssZ`, token pagination),
//! `getameetingsummary` and `deletemeetingorwebinarsummary` (one instance, by UUID).

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{MeetingRef, Operation};

use super::{PLAIN_UUID, at, double_slash, leading_slash};
use crate::common::{client, exact_query, no_body, raw_path, sent_by_sdk};

#[tokio::test]
async fn listmeetingsummaries_sends_every_query_parameter_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/meeting_summaries"))
        .and(exact_query(&[
            ("page_size", "300"),
            ("next_page_token", "Xr5tW0bN8qKe"),
            ("from", "2025-10-01T00:00:00Z"),
            ("to", "2025-10-31T23:59:59Z"),
        ]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "page_size": 300, "next_page_token": "",
            "from": "2025-10-01T00:00:00Z", "to": "2025-10-31T23:59:59Z",
            "summaries": [
                {"meeting_host_id": "tey-fcUVQ5BnmqmknaPMzw", "meeting_host_email": "ceo.office@example.org",
                 "meeting_uuid": "/Hc6Mv1+Qa9Ty4Ko7Rn2XA==", "meeting_id": 68000000031879_i64,
                 "meeting_topic": "All-hands (EMEA)",
                 "meeting_start_time": "2025-10-02T08:00:00Z", "meeting_end_time": "2025-10-02T09:02:45Z",
                 "summary_start_time": "2025-10-02T08:00:40Z", "summary_end_time": "2025-10-02T09:02:30Z",
                 "summary_created_time": "2025-10-02T09:04:11Z",
                 "summary_last_modified_time": "2025-10-02T09:04:11Z"},
                {"meeting_uuid": "Lu3Bs8//Wk5Fd0Ng7Pz2JQ==", "meeting_id": "91122334455",
                 "meeting_topic": "Hiring committee", "summary_created_time": "",
                 "is_webinar": false}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .listmeetingsummaries()
        .page_size(300)
        .next_page_token("Xr5tW0bN8qKe")
        .from(at("2025-10-01T00:00:00Z"))
        .to(at("2025-10-31T23:59:59Z"))
        .call()
        .await
        .expect("summary list decodes");

    assert_eq!(page.page_size, Some(300.into()));
    assert_eq!(page.next_page_token.as_deref(), Some(""));
    assert_eq!(
        page.from.as_ref().and_then(|t| t.get()),
        Some(at("2025-10-01T00:00:00Z"))
    );
    assert_eq!(
        page.to.as_ref().and_then(|t| t.get()),
        Some(at("2025-10-31T23:59:59Z"))
    );
    let [all_hands, hiring] = &page.summaries[..] else {
        panic!("two summaries: {:?}", page.summaries)
    };
    assert_eq!(
        all_hands.meeting_host_id.as_deref(),
        Some("tey-fcUVQ5BnmqmknaPMzw")
    );
    assert_eq!(
        all_hands.meeting_host_email.as_deref(),
        Some("ceo.office@example.org")
    );
    assert_eq!(
        all_hands.meeting_uuid.as_deref(),
        Some("/Hc6Mv1+Qa9Ty4Ko7Rn2XA==")
    );
    assert_eq!(all_hands.meeting_id, Some(68_000_000_031_879.into()));
    assert_eq!(all_hands.meeting_topic.as_deref(), Some("All-hands (EMEA)"));
    let times = [
        (&all_hands.meeting_start_time, "2025-10-02T08:00:00Z"),
        (&all_hands.meeting_end_time, "2025-10-02T09:02:45Z"),
        (&all_hands.summary_start_time, "2025-10-02T08:00:40Z"),
        (&all_hands.summary_end_time, "2025-10-02T09:02:30Z"),
        (&all_hands.summary_created_time, "2025-10-02T09:04:11Z"),
        (&all_hands.summary_last_modified_time, "2025-10-02T09:04:11Z"),
    ];
    for (field, expected) in times {
        assert_eq!(
            field.as_ref().and_then(|t| t.get()),
            Some(at(expected)),
            "{expected}"
        );
    }
    assert!(all_hands.extra.is_empty());

    assert_eq!(
        hiring.meeting_id,
        Some(91_122_334_455.into()),
        "a numeric string id"
    );
    assert!(hiring.summary_created_time.as_ref().is_some_and(|t| t.is_empty()));
    assert_eq!(hiring.meeting_start_time, None);
    assert_eq!(hiring.extra["is_webinar"], false, "unknown fields are kept");
}

#[tokio::test]
async fn getameetingsummary_decodes_the_content_and_the_legacy_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path(
            "/meetings/%252FajXp112QmuoKj4854875%253D%253D/meeting_summary",
        ))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "meeting_host_id": "CasVw6hasVKMIcr2Lg87oA", "meeting_host_email": "rosa.bianchi@example.com",
            "meeting_uuid": "/ajXp112QmuoKj4854875==", "meeting_id": 84510029376_i64,
            "meeting_topic": "Réunion marketing",
            "meeting_start_time": "2025-09-15T13:00:04Z", "meeting_end_time": "2025-09-15T13:21:58Z",
            "summary_start_time": "2025-09-15T13:00:22Z", "summary_end_time": "2025-09-15T13:21:50Z",
            "summary_created_time": "2025-09-15T13:22:31Z",
            "summary_last_modified_time": "2025-09-16T08:04:19Z",
            "summary_last_modified_user_id": "w9RJfZ8PIj4wvxN4JTw1jA",
            "summary_last_modified_user_email": "chiara.russo@example.com",
            "summary_title": "Marketing stand-up, 15 September",
            "summary_content": "## Décisions\n- Newsletter moved to 9 October.",
            "summary_doc_url": "https://docs.zoom.us/doc/Aq1Ws2Ed3",
            "summary_overview": "Campaign status reviewed.",
            "summary_details": [{"label": "Newsletter", "summary": "Moves to the 9th."}],
            "next_steps": ["Rosa to ask finance.", "Chiara to update the calendar."],
            "edited_summary": {
                "summary_overview": "Newsletter moved.",
                "summary_details": "Newsletter: new date 9 October.",
                "next_steps": ["Rosa: budget answer."]
            },
            "summary_language": "fr-FR"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let summary = client(&server)
        .getameetingsummary()
        .meeting_id(leading_slash())
        .call()
        .await
        .expect("summary decodes");

    assert_eq!(summary.meeting_host_id.as_deref(), Some("CasVw6hasVKMIcr2Lg87oA"));
    assert_eq!(
        summary.meeting_host_email.as_deref(),
        Some("rosa.bianchi@example.com")
    );
    assert_eq!(summary.meeting_uuid.as_deref(), Some("/ajXp112QmuoKj4854875=="));
    assert_eq!(summary.meeting_id, Some(84_510_029_376.into()));
    assert_eq!(summary.meeting_topic.as_deref(), Some("Réunion marketing"));
    let times = [
        (&summary.meeting_start_time, "2025-09-15T13:00:04Z"),
        (&summary.meeting_end_time, "2025-09-15T13:21:58Z"),
        (&summary.summary_start_time, "2025-09-15T13:00:22Z"),
        (&summary.summary_end_time, "2025-09-15T13:21:50Z"),
        (&summary.summary_created_time, "2025-09-15T13:22:31Z"),
        (&summary.summary_last_modified_time, "2025-09-16T08:04:19Z"),
    ];
    for (field, expected) in times {
        assert_eq!(
            field.as_ref().and_then(|t| t.get()),
            Some(at(expected)),
            "{expected}"
        );
    }
    assert_eq!(
        summary.summary_last_modified_user_id.as_deref(),
        Some("w9RJfZ8PIj4wvxN4JTw1jA")
    );
    assert_eq!(
        summary.summary_last_modified_user_email.as_deref(),
        Some("chiara.russo@example.com")
    );
    assert_eq!(
        summary.summary_title.as_deref(),
        Some("Marketing stand-up, 15 September")
    );
    assert_eq!(
        summary.summary_content.as_deref(),
        Some("## Décisions\n- Newsletter moved to 9 October.")
    );
    assert_eq!(
        summary.summary_doc_url.as_deref(),
        Some("https://docs.zoom.us/doc/Aq1Ws2Ed3")
    );
    assert_eq!(
        summary.summary_overview.as_deref(),
        Some("Campaign status reviewed.")
    );
    let [detail] = &summary.summary_details[..] else {
        panic!("one detail: {:?}", summary.summary_details)
    };
    assert_eq!(detail.label.as_deref(), Some("Newsletter"));
    assert_eq!(detail.summary.as_deref(), Some("Moves to the 9th."));
    assert_eq!(
        summary.next_steps,
        ["Rosa to ask finance.", "Chiara to update the calendar."]
    );
    let edited = summary.edited_summary.as_ref().expect("the edited summary");
    assert_eq!(edited.summary_overview.as_deref(), Some("Newsletter moved."));
    assert_eq!(
        edited.summary_details.as_deref(),
        Some("Newsletter: new date 9 October.")
    );
    assert_eq!(edited.next_steps, ["Rosa: budget answer."]);
    assert_eq!(
        summary.extra["summary_language"], "fr-FR",
        "unknown fields are kept"
    );
}

#[tokio::test]
async fn deletemeetingorwebinarsummary_sends_a_bare_delete_and_accepts_204() {
    let server = MockServer::start().await;
    for (segment, meeting) in [
        ("Lu3Bs8%252F%252FWk5Fd0N%252B7Pz2JQ%253D%253D", double_slash()),
        ("qT7mB2+yZkW9nV4sX0cLdg==", MeetingRef::uuid(PLAIN_UUID)),
    ] {
        let path = format!("/meetings/{segment}/meeting_summary");
        Mock::given(method("DELETE"))
            .and(move |request: &wiremock::Request| request.url.path() == path)
            .and(exact_query(&[]))
            .and(sent_by_sdk)
            .and(no_body)
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;

        let response = client(&server)
            .deletemeetingorwebinarsummary()
            .meeting_id(&meeting)
            .send()
            .await
            .expect("summary delete succeeds");
        assert_eq!(response.status().as_u16(), 204, "{meeting}");
    }
}
