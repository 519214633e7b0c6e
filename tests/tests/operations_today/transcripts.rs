//! `get_meeting_transcript` and `delete_meeting_transcript`:
//! `/meetings/{meetingId}/transcript`, no query, no body.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::quirks::TranscriptRestriction;
use zoom_cloud_recording::{MeetingRef, Operation};

use super::{MEETING_ID, PLAIN_UUID, at, date, double_slash};
use crate::common::{client, exact_query, no_body, raw_path, sent_by_sdk};

#[tokio::test]
async fn get_meeting_transcript_decodes_a_downloadable_transcript() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path(
            "/meetings/Lu3Bs8%252F%252FWk5Fd0N%252B7Pz2JQ%253D%253D/transcript",
        ))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "meeting_id": "Lu3Bs8//Wk5Fd0N+7Pz2JQ==", "account_id": "gYAsYN-tHb48vHzOUbyVkg",
            "meeting_topic": "Quarterly planning sync", "host_id": "GW4x253k0-jedhvrC-axSw",
            "transcript_created_time": "2025-10-14T15:02:37Z", "can_download": true,
            "auto_delete": true, "auto_delete_date": "2026-01-12",
            "download_url": "https://us06web.zoom.us/rec/meeting/transcript/download/Ewo5T3a9"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let transcript = client(&server)
        .get_meeting_transcript()
        .meeting_id(double_slash())
        .call()
        .await
        .expect("transcript decodes");

    assert_eq!(transcript.meeting_id.as_deref(), Some("Lu3Bs8//Wk5Fd0N+7Pz2JQ=="));
    assert_eq!(transcript.account_id.as_deref(), Some("gYAsYN-tHb48vHzOUbyVkg"));
    assert_eq!(
        transcript.meeting_topic.as_deref(),
        Some("Quarterly planning sync")
    );
    assert_eq!(transcript.host_id.as_deref(), Some("GW4x253k0-jedhvrC-axSw"));
    assert_eq!(
        transcript.transcript_created_time.as_ref().and_then(|t| t.get()),
        Some(at("2025-10-14T15:02:37Z"))
    );
    assert_eq!(transcript.can_download, Some(true));
    assert_eq!(transcript.auto_delete, Some(true));
    assert_eq!(
        transcript.auto_delete_date.as_ref().and_then(|d| d.get()),
        Some(date(2026, 1, 12))
    );
    assert_eq!(
        transcript.download_url.as_deref(),
        Some("https://us06web.zoom.us/rec/meeting/transcript/download/Ewo5T3a9")
    );
    assert_eq!(transcript.download_restriction_reason, None);
    assert!(transcript.extra.is_empty());
}

#[tokio::test]
async fn get_meeting_transcript_decodes_why_it_cannot_be_downloaded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/85746065432/transcript"))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "meeting_id": "85746065432", "can_download": false, "download_url": null,
            "transcript_created_time": "", "download_restriction_reason": "NOT_READY"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let transcript = client(&server)
        .get_meeting_transcript()
        .meeting_id(MeetingRef::id(MEETING_ID))
        .call()
        .await
        .expect("a transcript that is not ready decodes");

    assert_eq!(transcript.can_download, Some(false));
    assert_eq!(transcript.download_url, None, "null is no URL");
    let created = transcript
        .transcript_created_time
        .expect("the empty time is kept");
    assert!(created.is_empty() && created.get().is_none());
    assert_eq!(
        transcript.download_restriction_reason,
        Some(TranscriptRestriction::NotReady)
    );
    assert_eq!(transcript.auto_delete_date, None);
}

#[tokio::test]
async fn delete_meeting_transcript_sends_a_bare_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(raw_path("/meetings/qT7mB2+yZkW9nV4sX0cLdg==/transcript"))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .delete_meeting_transcript()
        .meeting_id(MeetingRef::uuid(PLAIN_UUID))
        .send()
        .await
        .expect("transcript delete succeeds");
    assert_eq!(response.status().as_u16(), 204);
}
