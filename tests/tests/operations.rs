//! Each of the 15 operations is called over real HTTP on 127.0.0.1; the mock
//! server only answers when method, raw path, exact query, body and SDK headers
//! all match, and each mock must be hit exactly once.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{client, exact_query, no_body, raw_path, sent_by_sdk};
use serde_json::json;
use wiremock::matchers::{body_json, method};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::quirks::{QuestionFieldName, RegistrantStatus, ShareRecording};
use zoom_cloud_recording::{Secret, types};

const MEETING_ID: i64 = 85_746_065_432;
const FILE_ID: &str = "b2d6b54c-3c11-4f0b-8a55-7c2b1c2e7f10";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[tokio::test]
async fn recordings_list_sends_every_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/users/me/recordings"))
        .and(exact_query(&[
            ("page_size", "300"),
            ("next_page_token", "tok-1"),
            ("mc", "false"),
            ("trash", "false"),
            ("trash_type", "meeting_recordings"),
            ("from", "2024-01-01"),
            ("to", "2024-01-31"),
            ("meeting_id", "85746065432"),
        ]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "from": "2024-01-01", "to": "2024-01-31", "page_count": 1, "page_size": 300,
            "total_records": 1, "next_page_token": "",
            "meetings": [{"uuid": "aDYlohsHRtCd4ii1uC2+hA==", "id": MEETING_ID, "type": 2,
                          "topic": "Weekly sync", "recording_count": 1, "total_size": 1024,
                          "recording_files": [{"id": FILE_ID, "file_type": "MP4", "file_size": 1024,
                                               "status": "completed"}]}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .recordings_list()
        .user_id("me")
        .page_size(300)
        .next_page_token("tok-1")
        .mc("false")
        .trash(false)
        .trash_type("meeting_recordings")
        .from(date(2024, 1, 1))
        .to(date(2024, 1, 31))
        .meeting_id(MEETING_ID)
        .send()
        .await
        .expect("list succeeds")
        .into_inner();
    assert_eq!(page.from.as_ref().and_then(|d| d.get()), Some(date(2024, 1, 1)));
    assert_eq!(page.next_page_token.as_deref(), Some(""));
    assert_eq!(page.meetings.len(), 1);
    assert_eq!(page.meetings[0].id, Some(MEETING_ID.into()));
    assert_eq!(page.meetings[0].recording_files[0].file_size, Some(1024.into()));
}

#[tokio::test]
async fn get_account_cloud_recording_sends_date_times() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/accounts/me/recordings"))
        .and(exact_query(&[
            ("page_size", "30"),
            ("from", "2024-03-01T00:00:00Z"),
            ("to", "2024-03-31T00:00:00Z"),
        ]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "from": "2024-03-01", "to": "2024-03-31", "page_size": 30, "total_records": 0,
            "next_page_token": "", "meetings": []
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .get_account_cloud_recording()
        .account_id("me")
        .page_size(30)
        .from(Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap())
        .to(Utc.with_ymd_and_hms(2024, 3, 31, 0, 0, 0).unwrap())
        .send()
        .await
        .expect("account list succeeds");
    assert_eq!(page.to.as_ref().and_then(|d| d.get()), Some(date(2024, 3, 31)));
    assert!(page.meetings.is_empty());
}

#[tokio::test]
async fn list_archived_files_sends_its_filters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/archive_files"))
        .and(exact_query(&[
            ("page_size", "300"),
            ("from", "2024-05-01T00:00:00Z"),
            ("to", "2024-05-07T00:00:00Z"),
            ("query_date_type", "archive_complete_time"),
            ("group_ids", "g1,g2"),
        ]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "page_size": 300, "total_records": 1, "next_page_token": "",
            "meetings": [{"uuid": "Qm9v", "id": MEETING_ID, "type": 2, "status": "completed",
                          "archive_files": [{"id": "f1", "file_type": "MP4", "file_size": 7,
                                             "status": "completed", "individual": false}]}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .list_archived_files()
        .page_size(300)
        .from(Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap())
        .to(Utc.with_ymd_and_hms(2024, 5, 7, 0, 0, 0).unwrap())
        .query_date_type(types::ListArchivedFilesQueryDateType::ArchiveCompleteTime)
        .group_ids("g1,g2")
        .send()
        .await
        .expect("archive list succeeds");
    assert_eq!(page.meetings[0].archive_files[0].file_size, Some(7.into()));
    assert_eq!(page.meetings[0].id, Some(MEETING_ID.into()));
}

#[tokio::test]
async fn recording_get_sends_include_fields_and_ttl() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/85746065432/recordings"))
        .and(exact_query(&[
            ("include_fields", "download_access_token"),
            ("ttl", "3600"),
        ]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "uuid": "aDYlohsHRtCd4ii1uC2+hA==", "id": MEETING_ID, "recording_count": 0,
            "recording_files": [], "download_access_token": "eyJ.download.token", "password": "x1"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let meeting = client(&server)
        .recording_get()
        .meeting_id(MEETING_ID.to_string())
        .include_fields("download_access_token")
        .ttl(3600)
        .send()
        .await
        .expect("get succeeds");
    assert_eq!(
        meeting.download_access_token.as_ref().map(Secret::expose),
        Some("eyJ.download.token")
    );
    assert_eq!(meeting.recording_count, Some(0.into()));
}

#[tokio::test]
async fn recording_delete_moves_to_trash_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(raw_path("/meetings/85746065432/recordings"))
        .and(exact_query(&[("action", "trash")]))
        .and(sent_by_sdk)
        .and(no_body)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .recording_delete()
        .meeting_id(MEETING_ID.to_string())
        .action(types::RecordingDeleteAction::Trash)
        .send()
        .await
        .expect("delete succeeds");
    assert_eq!(response.status().as_u16(), 204);
}

#[tokio::test]
async fn recording_delete_one_deletes_for_good_and_accepts_200() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(raw_path(
            "/meetings/85746065432/recordings/b2d6b54c-3c11-4f0b-8a55-7c2b1c2e7f10",
        ))
        .and(exact_query(&[("action", "delete")]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .recording_delete_one()
        .meeting_id(MEETING_ID.to_string())
        .recording_id(FILE_ID)
        .action(types::RecordingDeleteOneAction::Delete)
        .send()
        .await
        .expect("delete one succeeds");
    assert_eq!(response.status().as_u16(), 200);
}

fn recover() -> types::RecordingRecover {
    types::RecordingRecover {
        action: Some(types::RecordingRecoverAction::Recover),
    }
}

#[tokio::test]
async fn recording_status_update_recovers_by_uuid() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(raw_path("/meetings/aDYlohsHRtCd4ii1uC2+hA==/recordings/status"))
        .and(exact_query(&[]))
        .and(body_json(json!({"action": "recover"})))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .recording_status_update()
        .meeting_uuid("aDYlohsHRtCd4ii1uC2+hA==")
        .body(recover())
        .send()
        .await
        .expect("recover succeeds");
}

#[tokio::test]
async fn recording_status_update_one_recovers_one_file() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(raw_path(
            "/meetings/85746065432/recordings/b2d6b54c-3c11-4f0b-8a55-7c2b1c2e7f10/status",
        ))
        .and(exact_query(&[]))
        .and(body_json(json!({"action": "recover"})))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .recording_status_update_one()
        .meeting_id(MEETING_ID.to_string())
        .recording_id(FILE_ID)
        .body(recover())
        .send()
        .await
        .expect("recover one succeeds");
}

#[tokio::test]
async fn recording_setting_update_gets_settings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/85746065432/recordings/settings"))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "share_recording": "publicly", "recording_authentication": true, "viewer_download": true,
            "password": "dAbyzK1", "on_demand": false, "approval_type": 1, "send_email_to_host": true,
            "show_social_share_buttons": true, "topic": "Weekly sync"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let settings = client(&server)
        .recording_setting_update()
        .meeting_id(MEETING_ID.to_string())
        .send()
        .await
        .expect("settings decode, even with Zoom's 7-character example password");
    assert_eq!(settings.share_recording, Some(ShareRecording::Publicly));
    assert_eq!(settings.password.as_ref().map(Secret::expose), Some("dAbyzK1"));
    assert_eq!(settings.approval_type, Some(1.into()));
}

#[tokio::test]
async fn recording_settings_update_patches_only_what_is_set() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(raw_path("/meetings/85746065432/recordings/settings"))
        .and(exact_query(&[]))
        .and(body_json(
            json!({"share_recording": "internally", "viewer_download": false}),
        ))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .recording_settings_update()
        .meeting_id(MEETING_ID.to_string())
        .body_map(|b| {
            b.share_recording(Some(types::RecordingSettingsUpdateShareRecording::Internally))
                .viewer_download(Some(false))
        })
        .send()
        .await
        .expect("settings update succeeds");
}

#[tokio::test]
async fn meeting_recording_registrants_lists_by_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/85746065432/recordings/registrants"))
        .and(exact_query(&[
            ("status", "pending"),
            ("page_size", "300"),
            ("next_page_token", "p2"),
        ]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "page_count": 1, "page_size": 300, "total_records": 1, "next_page_token": "",
            "registrants": [{"id": "r-1", "email": "jane@example.com", "first_name": "Jane",
                             "status": "pending"}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .meeting_recording_registrants()
        .meeting_id(MEETING_ID)
        .status(types::MeetingRecordingRegistrantsStatus::Pending)
        .page_size(300)
        .next_page_token("p2")
        .send()
        .await
        .expect("registrants list succeeds");
    assert_eq!(page.registrants[0].email.as_deref(), Some("jane@example.com"));
    assert_eq!(page.registrants[0].status, Some(RegistrantStatus::Pending));
}

#[tokio::test]
async fn meeting_recording_registrant_create_posts_the_registrant() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(raw_path("/meetings/85746065432/recordings/registrants"))
        .and(exact_query(&[]))
        .and(body_json(
            json!({"email": "jane@example.com", "first_name": "Jane", "last_name": "Doe"}),
        ))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "registrant_id": "r-9", "id": MEETING_ID, "topic": "Weekly sync",
            "share_url": "https://zoom.us/recording/share/abc?tk=xyz"
        })))
        .expect(1)
        .mount(&server)
        .await;

    let created = client(&server)
        .meeting_recording_registrant_create()
        .meeting_id(MEETING_ID)
        .body_map(|b| {
            b.email("jane@example.com")
                .first_name("Jane")
                .last_name(Some("Doe".try_into().unwrap()))
        })
        .send()
        .await
        .expect("registrant create succeeds");
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.registrant_id.as_deref(), Some("r-9"));
    assert_eq!(created.id, Some(MEETING_ID.into()));
}

#[tokio::test]
async fn recording_registrants_questions_get_returns_questions() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/85746065432/recordings/registrants/questions"))
        .and(exact_query(&[]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "questions": [{"field_name": "job_title", "required": true}],
            "custom_questions": [{"title": "Team?", "type": "single", "required": false,
                                  "answers": ["A", "B"]}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let questions = client(&server)
        .recording_registrants_questions_get()
        .meeting_id(MEETING_ID.to_string())
        .send()
        .await
        .expect("questions decode");
    assert_eq!(
        questions.questions[0].field_name,
        Some(QuestionFieldName::JobTitle)
    );
    assert_eq!(questions.custom_questions[0].answers, vec!["A", "B"]);
}

#[tokio::test]
async fn recording_registrant_question_update_patches_questions() {
    let server = MockServer::start().await;
    let body = json!({
        "questions": [{"field_name": "org", "required": false}],
        "custom_questions": [{"title": "Why?", "type": "short", "required": true}]
    });
    Mock::given(method("PATCH"))
        .and(raw_path("/meetings/85746065432/recordings/registrants/questions"))
        .and(exact_query(&[]))
        .and(body_json(body.clone()))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let questions: types::RecordingRegistrantQuestions = serde_json::from_value(body).unwrap();
    client(&server)
        .recording_registrant_question_update()
        .meeting_id(MEETING_ID.to_string())
        .body(questions)
        .send()
        .await
        .expect("questions update accepts 200 although 204 is documented");
}

#[tokio::test]
async fn meeting_recording_registrant_status_approves_registrants() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(raw_path("/meetings/85746065432/recordings/registrants/status"))
        .and(exact_query(&[]))
        .and(body_json(
            json!({"action": "approve", "registrants": [{"id": "r-1"}, {"id": "r-2"}]}),
        ))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let registrants = ["r-1", "r-2"]
        .into_iter()
        .map(|id| types::RecordingRegistrantStatusUpdateRegistrantsItem { id: Some(id.into()) })
        .collect();
    client(&server)
        .meeting_recording_registrant_status()
        .meeting_id(MEETING_ID)
        .body(types::RecordingRegistrantStatusUpdate {
            action: types::RecordingRegistrantStatusUpdateAction::Approve,
            registrants,
        })
        .send()
        .await
        .expect("status update succeeds");
}
