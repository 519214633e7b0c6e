//! The "Get meeting recordings" example from Zoom's documentation (the page the
//! project started from) decodes through the generated client over loopback
//! HTTP with the values it holds. It needs two quirk patches: counts and ids
//! documented as strings but sent as integers, and a TIMELINE file without
//! `id`, `status`, `file_size`, `recording_type` and `play_url`.

mod common;

use chrono::{TimeZone, Utc};
use common::{client, fixture, raw_path, sent_by_sdk};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::quirks::{FileStatus, FileType, RecordingType, ZoomTime};

#[tokio::test]
async fn seed_example_decodes_with_its_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/68000000031879/recordings"))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("recording_get/seed_example.json")))
        .expect(1)
        .mount(&server)
        .await;

    let meeting = client(&server)
        .recording_get()
        .meeting_id("68000000031879")
        .send()
        .await
        .expect("the documented example decodes")
        .into_inner();

    assert_eq!(meeting.id, Some(68_000_000_031_879.into()));
    assert_eq!(meeting.type_, Some(2.into()));
    assert_eq!(meeting.recording_count, Some(3.into()));
    assert_eq!(meeting.total_size, Some(47_383.into()));
    assert_eq!(meeting.duration, Some(1.into()));
    assert_eq!(meeting.uuid.as_deref(), Some("gkABCDEbbbbbbbkPuA=="));
    assert_eq!(meeting.account_id.as_deref(), Some("EABkdslfBBBdk"));
    assert_eq!(meeting.host_id.as_deref(), Some("z8yBXksaAAjdhfsfdfkjgg"));
    assert_eq!(meeting.topic.as_deref(), Some("MyTestPollMeeting"));
    assert_eq!(
        meeting.start_time.as_ref().and_then(ZoomTime::get),
        Some(Utc.with_ymd_and_hms(2019, 8, 29, 21, 54, 49).unwrap())
    );

    let files = &meeting.recording_files;
    assert_eq!(files.len(), 3);
    let mp4 = &files[0];
    assert_eq!(mp4.id.as_deref(), Some("96119skjlfhdshkjf-djkfndjf0-f791"));
    assert_eq!(mp4.file_type, Some(FileType::Mp4));
    assert_eq!(mp4.file_size, Some(37_285.into()));
    assert_eq!(mp4.status, Some(FileStatus::Completed));
    assert_eq!(
        mp4.recording_type,
        Some(RecordingType::SharedScreenWithSpeakerView)
    );
    assert_eq!(mp4.meeting_id.as_deref(), Some("gkABCDEbbbbbbbkPuA=="));
    assert_eq!(files[1].file_type, Some(FileType::M4a));
    assert_eq!(files[1].file_size, Some(10_098.into()));

    let timeline = &files[2];
    assert_eq!(timeline.file_type, Some(FileType::Timeline));
    assert_eq!(
        timeline.download_url.as_deref(),
        Some("https://api.zoom.us/recording/download/e2ed-dlkjgdfkgh-kslsdbsjf1a")
    );
    assert_eq!(
        timeline.recording_end.as_ref().map(ZoomTime::as_str),
        Some("2019-08-29T21:55:24Z")
    );
    assert!(timeline.id.is_none());
    assert!(timeline.status.is_none());
    assert!(timeline.file_size.is_none());
    assert!(timeline.recording_type.is_none());
    assert!(timeline.play_url.is_none());
}

#[tokio::test]
async fn a_zoom_error_body_is_typed_with_its_code() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/1/recordings"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            serde_json::json!({"code": 3301, "message": "There is no recording for this meeting"}),
        ))
        .mount(&server)
        .await;

    let error = client(&server)
        .recording_get()
        .meeting_id("1")
        .send()
        .await
        .unwrap_err();
    match error {
        zoom_cloud_recording::OperationError::ErrorResponse(body) => {
            assert_eq!(body.status().as_u16(), 404);
            assert_eq!(body.code, Some(3301.into()));
        }
        other => panic!("expected a typed Zoom error, got {other:?}"),
    }
}
