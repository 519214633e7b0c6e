//! Signed AI Companion webhooks: the six `meeting.summary_*` events and
//! `meeting.aic_transcript_completed`, checked against what the REST calls say.

mod common;

use common::hooks::{SECRET, check_signature, receiver};
use common::{enc, start};
use fake_zoom::{Config, DeliveryError, SummaryEvent, TranscriptState};
use reqwest::{Method, StatusCode};
use serde_json::Value;

#[tokio::test]
async fn every_summary_event_is_signed_and_matches_the_summary() {
    let api = start(Config::default()).await;
    let (url, inbox) = receiver().await;
    let summary = api.zoom.summaries().remove(0);
    let uuid = summary.meeting_uuid.clone();
    let rest_path = format!("/meetings/{}/meeting_summary", enc(&enc(&uuid)));
    let (_, rest) = api.get(&rest_path).await;

    for event in SummaryEvent::ALL {
        let status = api
            .zoom
            .deliver_summary_event(&url, SECRET, event, &uuid)
            .await
            .unwrap();
        assert_eq!(status, 204, "{event:?}");
    }
    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), SummaryEvent::ALL.len());
    let users = api.zoom.users();
    for (received, event) in got.iter().zip(SummaryEvent::ALL) {
        check_signature(received);
        let body: Value = serde_json::from_slice(&received.body).unwrap();
        assert_eq!(body["event"], event.name());
        assert!(body["event_ts"].is_i64());
        let payload = &body["payload"];
        assert_eq!(payload["account_id"], api.zoom.account_id());
        let object = &payload["object"];
        for field in [
            "meeting_uuid",
            "meeting_id",
            "meeting_host_id",
            "meeting_host_email",
            "meeting_topic",
            "meeting_start_time",
            "meeting_end_time",
            "summary_start_time",
            "summary_end_time",
            "summary_created_time",
            "summary_last_modified_time",
            "summary_title",
            "summary_last_modified_user_id",
        ] {
            assert_eq!(object[field], rest[field], "{event:?} {field}");
        }
        assert!(object["meeting_id"].is_u64());
        let operated = !matches!(event, SummaryEvent::Completed | SummaryEvent::Updated);
        assert_eq!(payload.get("operator").is_some(), operated, "{event:?}");
        if operated {
            assert_eq!(payload["operator_id"], rest["meeting_host_id"]);
            assert_eq!(payload["operator"], rest["meeting_host_email"]);
        }
        match event {
            SummaryEvent::Shared => {
                let emails: Vec<&str> = object["share_with_users"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["email"].as_str().unwrap())
                    .collect();
                assert!(!emails.is_empty());
                assert!(emails.iter().all(|e| users.iter().any(|u| u.email == *e)));
                assert!(!emails.contains(&rest["meeting_host_email"].as_str().unwrap()));
            }
            _ => assert!(object.get("share_with_users").is_none()),
        }
    }

    // After the REST delete, `meeting.summary_deleted` still describes it.
    assert_eq!(
        api.call(Method::DELETE, &rest_path, None).await.0,
        StatusCode::NO_CONTENT
    );
    let body = api.zoom.summary_event_body(SummaryEvent::Deleted, &uuid).unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["payload"]["object"]["meeting_uuid"], uuid.as_str());

    let without = api
        .zoom
        .meetings()
        .into_iter()
        .find(|m| api.zoom.summary(&m.uuid).is_none())
        .unwrap();
    let err = api
        .zoom
        .deliver_summary_event(&url, SECRET, SummaryEvent::Completed, &without.uuid)
        .await;
    assert!(matches!(err, Err(DeliveryError::NoSummary(_))), "{err:?}");
    let err = api
        .zoom
        .deliver_summary_event(&url, SECRET, SummaryEvent::Completed, "no-such-meeting")
        .await;
    assert!(matches!(err, Err(DeliveryError::UnknownMeeting(_))), "{err:?}");
    assert_eq!(inbox.lock().unwrap().len(), SummaryEvent::ALL.len());
}

#[tokio::test]
async fn aic_transcript_completed_leads_to_the_transcript() {
    let api = start(Config::default()).await;
    let (url, inbox) = receiver().await;
    let ready = api
        .zoom
        .transcripts()
        .into_iter()
        .find(|t| t.state == TranscriptState::Ready)
        .unwrap();
    let meeting = api.zoom.meeting(&ready.meeting_uuid).unwrap();
    let status = api
        .zoom
        .deliver_aic_transcript_completed(&url, SECRET, &ready.meeting_uuid)
        .await
        .unwrap();
    assert_eq!(status, 204);
    let received = inbox.lock().unwrap()[0].clone();
    check_signature(&received);
    let body: Value = serde_json::from_slice(&received.body).unwrap();
    assert_eq!(body["event"], "meeting.aic_transcript_completed");
    assert_eq!(body["payload"]["account_id"], api.zoom.account_id());
    let object = &body["payload"]["object"];
    assert_eq!(object["uuid"], meeting.uuid.as_str());
    assert_eq!(object["id"], meeting.id);
    assert_eq!(object["host_id"], meeting.host_id.as_str());
    assert_eq!(object["host_email"], meeting.host_email.as_str());
    assert_eq!(object["topic"], meeting.topic.as_str());
    assert_eq!(
        object["start_time"],
        meeting
            .start_time
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
            .as_str()
    );
    assert_eq!(object["file_id"].as_str(), ready.file_id.as_deref());

    // What a receiver does next: the transcript call, then its download.
    let uuid = object["uuid"].as_str().unwrap();
    let (_, transcript) = api
        .get(&format!("/meetings/{}/transcript", enc(&enc(uuid))))
        .await;
    let download = transcript["download_url"].as_str().unwrap();
    assert!(download.ends_with(object["file_id"].as_str().unwrap()));

    let not_ready = api
        .zoom
        .transcripts()
        .into_iter()
        .find(|t| t.state == TranscriptState::NotReady)
        .unwrap();
    let err = api
        .zoom
        .deliver_aic_transcript_completed(&url, SECRET, &not_ready.meeting_uuid)
        .await;
    assert!(matches!(err, Err(DeliveryError::NoTranscript(_))), "{err:?}");
    let err = api
        .zoom
        .deliver_aic_transcript_completed(&url, SECRET, "no-such-meeting")
        .await;
    assert!(matches!(err, Err(DeliveryError::UnknownMeeting(_))), "{err:?}");
}
