//! The archiving operations: `get_archived_file_statistics` (a date-time
//! range sent as `yyyy-MM-ddTHH:mm:ssZ`), `update_archived_file` (a JSON
//! body), and `get_archived_files` / `delete_archived_files` (one meeting
//! instance, by UUID).

use serde_json::json;
use wiremock::matchers::{body_json, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::quirks::StorageLocation;
use zoom_cloud_recording::quirks::{ArchiveMeetingType, FileExtension, FileStatus, FileType, RecordingType};
use zoom_cloud_recording::{Error, Operation, types};

use super::{at, double_slash, leading_slash};
use crate::common::{client, exact_query, no_body, raw_path, sent_by_sdk};

const FILE_ID: &str = "c5092735-4000-4f57-83fa-e7bf44dbefa8";

#[tokio::test]
async fn get_archived_file_statistics_sends_date_times_and_decodes_the_counters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/archive_files/statistics"))
        .and(exact_query(&[
            ("from", "2025-03-03T00:00:00Z"),
            ("to", "2025-03-09T23:59:59Z"),
        ]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "from": "2025-03-03T00:00:00Z", "to": "2025-03-09T23:59:59Z", "total_records": 14,
            "statistic_by_file_extension": {
                "mp4_file_count": 16, "m4a_file_count": "31", "txt_file_count": 4.0,
                "json_file_count": 22, "vtt_file_count": 9, "png_file_count": 3
            },
            "statistic_by_file_status": {
                "processing_file_count": 2, "completed_file_count": 79, "failed_file_count": 1
            }
        })))
        .expect(1)
        .mount(&server)
        .await;

    let stats = client(&server)
        .get_archived_file_statistics()
        .from(at("2025-03-03T00:00:00Z"))
        .to(at("2025-03-09T23:59:59Z"))
        .call()
        .await
        .expect("statistics decode");

    assert_eq!(
        stats.from.as_ref().and_then(|t| t.get()),
        Some(at("2025-03-03T00:00:00Z"))
    );
    assert_eq!(
        stats.to.as_ref().and_then(|t| t.get()),
        Some(at("2025-03-09T23:59:59Z"))
    );
    assert_eq!(stats.total_records, Some(14.into()));
    let by_extension = stats.statistic_by_file_extension.expect("extension counters");
    assert_eq!(by_extension.mp4_file_count, Some(16.into()));
    assert_eq!(by_extension.m4a_file_count, Some(31.into()));
    assert_eq!(by_extension.txt_file_count, Some(4.into()));
    assert_eq!(by_extension.json_file_count, Some(22.into()));
    assert_eq!(by_extension.vtt_file_count, Some(9.into()));
    assert_eq!(
        by_extension.extra["png_file_count"], 3,
        "unknown counters are kept"
    );
    let by_status = stats.statistic_by_file_status.expect("status counters");
    assert_eq!(by_status.processing_file_count, Some(2.into()));
    assert_eq!(by_status.completed_file_count, Some(79.into()));
    assert_eq!(by_status.failed_file_count, Some(1.into()));
}

#[tokio::test]
async fn update_archived_file_patches_auto_delete_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(raw_path("/archive_files/c5092735-4000-4f57-83fa-e7bf44dbefa8"))
        .and(exact_query(&[]))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"auto_delete": true})))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .update_archived_file()
        .file_id(FILE_ID)
        .body(types::ArchivedFileUpdate { auto_delete: true })
        .send()
        .await
        .expect("archived file update succeeds");
    assert_eq!(response.status().as_u16(), 204);
}

#[tokio::test]
async fn update_archived_file_without_auto_delete_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .mount(&server)
        .await;

    let error = client(&server)
        .update_archived_file()
        .file_id(FILE_ID)
        .call()
        .await
        .expect_err("auto_delete is required");
    let Error::InvalidRequest(reason) = &error else {
        panic!("expected InvalidRequest, got {error:?}")
    };
    assert!(
        reason.contains("auto_delete"),
        "the reason names the field: {reason}"
    );
}

#[tokio::test]
async fn get_archived_files_decodes_the_meeting_its_files_and_its_attachments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path(
            "/past_meetings/%252FajXp112QmuoKj4854875%253D%253D/archive_files",
        ))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "uuid": "/ajXp112QmuoKj4854875==", "id": 86420975311_i64, "host_id": "gxLh767MySYLlzm24ojdyA",
            "topic": "Board meeting (archived)", "type": "8", "start_time": "2025-03-04T14:00:06Z",
            "timezone": "", "duration": 60, "duration_in_second": 3488, "total_size": 918349043,
            "recording_count": 2, "meeting_type": "internal", "account_name": "Example Holdings Ltd",
            "complete_time": "2025-03-04T15:21:40Z", "is_breakout_room": true,
            "parent_meeting_id": "Ps1Kd8+Wm2Qn5Rt0Yv7XbA==", "status": "completed",
            "group_id": "4smhn31HuqbUP8cDTEECUQ",
            "archive_files": [
                {"id": FILE_ID, "file_type": "MP4", "file_extension": "MP4", "file_size": 918340221,
                 "download_url": "https://us06web.zoom.us/rec/archive/download/QnQ6y4",
                 "status": "completed", "recording_type": "shared_screen_with_speaker_view",
                 "individual": false, "participant_join_time": "2025-03-04T14:00:06Z",
                 "participant_leave_time": "2025-03-04T14:58:14Z",
                 "encryption_fingerprint": "8de2840162a0819e", "storage_location": "US",
                 "auto_delete": true},
                {"id": "2a82e703-af2e-4d2e-8f4b-064ee9048ed7", "file_type": "AIC_COVERSATION",
                 "file_extension": "JSON", "file_size": 8822, "status": "processing",
                 "recording_type": "aic_conversation", "individual": true,
                 "participant_email": "bjorn.lindqvist@example.com", "number_of_messages": "6",
                 "storage_location": "UK"}
            ],
            "physical_files": [
                {"file_id": "xwqov7P9qkycPkanvrZNBg", "file_name": "Q1 budget v3.xlsx", "file_size": 48213,
                 "download_url": "https://us06web.zoom.us/rec/archive/attached/download/2fxg0h"}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let meeting = client(&server)
        .get_archived_files()
        .meeting_uuid(leading_slash())
        .call()
        .await
        .expect("archived meeting decodes");

    assert_eq!(meeting.uuid.as_deref(), Some("/ajXp112QmuoKj4854875=="));
    assert_eq!(meeting.id, Some(86_420_975_311.into()));
    assert_eq!(meeting.host_id.as_deref(), Some("gxLh767MySYLlzm24ojdyA"));
    assert_eq!(meeting.topic.as_deref(), Some("Board meeting (archived)"));
    assert_eq!(meeting.type_, Some(8.into()));
    assert_eq!(
        meeting.start_time.as_ref().and_then(|t| t.get()),
        Some(at("2025-03-04T14:00:06Z"))
    );
    assert_eq!(meeting.timezone.as_deref(), Some(""));
    assert_eq!(meeting.duration, Some(60.into()));
    assert_eq!(meeting.duration_in_second, Some(3488.into()));
    assert_eq!(meeting.total_size, Some(918_349_043.into()));
    assert_eq!(meeting.recording_count, Some(2.into()));
    assert_eq!(meeting.meeting_type, Some(ArchiveMeetingType::Internal));
    assert_eq!(meeting.account_name.as_deref(), Some("Example Holdings Ltd"));
    assert_eq!(meeting.complete_time.as_deref(), Some("2025-03-04T15:21:40Z"));
    assert_eq!(meeting.is_breakout_room, Some(true));
    assert_eq!(
        meeting.parent_meeting_id.as_deref(),
        Some("Ps1Kd8+Wm2Qn5Rt0Yv7XbA==")
    );
    assert_eq!(meeting.status, Some(FileStatus::Completed));
    assert_eq!(meeting.group_id.as_deref(), Some("4smhn31HuqbUP8cDTEECUQ"));

    let [video, conversation] = &meeting.archive_files[..] else {
        panic!("two archive files: {:?}", meeting.archive_files)
    };
    assert_eq!(video.id.as_deref(), Some(FILE_ID));
    assert_eq!(video.file_type, Some(FileType::Mp4));
    assert_eq!(video.file_extension, Some(FileExtension::Mp4));
    assert_eq!(video.file_size, Some(918_340_221.into()));
    assert_eq!(
        video.download_url.as_deref(),
        Some("https://us06web.zoom.us/rec/archive/download/QnQ6y4")
    );
    assert_eq!(video.status, Some(FileStatus::Completed));
    assert_eq!(
        video.recording_type,
        Some(RecordingType::SharedScreenWithSpeakerView)
    );
    assert_eq!(video.individual, Some(false));
    assert_eq!(
        video.participant_join_time.as_ref().and_then(|t| t.get()),
        Some(at("2025-03-04T14:00:06Z"))
    );
    assert_eq!(
        video.participant_leave_time.as_ref().and_then(|t| t.get()),
        Some(at("2025-03-04T14:58:14Z"))
    );
    assert_eq!(video.encryption_fingerprint.as_deref(), Some("8de2840162a0819e"));
    assert_eq!(video.storage_location, Some(StorageLocation::Us));
    assert_eq!(video.auto_delete, Some(true));

    assert_eq!(conversation.file_type, Some(FileType::AicCoversation));
    assert_eq!(conversation.file_extension, Some(FileExtension::Json));
    assert_eq!(conversation.status, Some(FileStatus::Processing));
    assert_eq!(conversation.recording_type, Some(RecordingType::AicConversation));
    assert_eq!(conversation.individual, Some(true));
    assert_eq!(
        conversation.participant_email.as_deref(),
        Some("bjorn.lindqvist@example.com")
    );
    assert_eq!(conversation.number_of_messages, Some(6.into()));
    assert_eq!(
        conversation.storage_location,
        Some(StorageLocation::Unknown("UK".into()))
    );
    assert_eq!(conversation.download_url, None);

    let [attachment] = &meeting.physical_files[..] else {
        panic!("one physical file: {:?}", meeting.physical_files)
    };
    assert_eq!(attachment.file_id.as_deref(), Some("xwqov7P9qkycPkanvrZNBg"));
    assert_eq!(attachment.file_name.as_deref(), Some("Q1 budget v3.xlsx"));
    assert_eq!(attachment.file_size, Some(48_213.into()));
    assert_eq!(
        attachment.download_url.as_deref(),
        Some("https://us06web.zoom.us/rec/archive/attached/download/2fxg0h")
    );
}

#[tokio::test]
async fn delete_archived_files_sends_a_bare_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(raw_path(
            "/past_meetings/Lu3Bs8%252F%252FWk5Fd0N%252B7Pz2JQ%253D%253D/archive_files",
        ))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .delete_archived_files()
        .meeting_uuid(double_slash())
        .send()
        .await
        .expect("archived files delete succeeds");
    assert_eq!(response.status().as_u16(), 204);
}

/// Zoom documents `from`/`to` of these operations as `yyyy-MM-dd'T'HH:mm:ssZ`: whole seconds.
/// serde writes the fraction of a time such as `Utc::now()` (`2025-03-03T10:11:12.345678Z`), so
/// the SDK rounds on the way out: `from` down, `to` up, so the range still covers the one given.
#[tokio::test]
async fn date_times_with_a_fraction_are_sent_in_whole_seconds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/archive_files/statistics"))
        .and(exact_query(&[
            ("from", "2025-03-03T10:11:12Z"),
            ("to", "2025-03-04T10:11:13Z"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/meeting_summaries"))
        .and(exact_query(&[
            ("from", "2025-03-03T10:11:12Z"),
            ("to", "2025-03-04T10:11:13Z"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let (from, to) = (at("2025-03-03T10:11:12.345678Z"), at("2025-03-04T10:11:12.999Z"));
    let statistics = client
        .get_archived_file_statistics()
        .from(from)
        .to(to)
        .call()
        .await;
    statistics.expect("statistics are asked for in whole seconds");
    let summaries = client.listmeetingsummaries().from(from).to(to).call().await;
    summaries.expect("summaries are asked for in whole seconds");
}
