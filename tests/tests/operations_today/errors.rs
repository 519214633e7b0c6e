//! Zoom's documented error answers of each new operation, served from the
//! `tests/fixtures/errors/` bodies: each becomes `Error::Api` with the HTTP
//! status, the named `ZoomCode`, Zoom's message, the field errors and the
//! tracking id, through `Operation::call` of the right operation.

use serde_json::Value;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{ApiError, Error, MeetingRef, Operation, ZoomCode, types};

use super::{MEETING_ID, at, double_slash, leading_slash};
use crate::common::{client, fixture, raw_path, sent_by_sdk};

const TRACKING_ID: &str = "v=2.0;clid=us06;rid=WEB_4f1c7e";

/// A server that answers `verb path` once with `errors/<name>`, under the status its name starts with.
async fn serve(verb: &str, path: &'static str, name: &str) -> (MockServer, Value) {
    let body = fixture(&format!("errors/{name}"));
    let status: u16 = name
        .split('_')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("error fixtures are named <status>_<code>_<what>.json");
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(raw_path(path))
        .and(sent_by_sdk)
        .respond_with(
            ResponseTemplate::new(status)
                .insert_header("x-zm-trackingid", TRACKING_ID)
                .set_body_json(&body),
        )
        .expect(1)
        .mount(&server)
        .await;
    (server, body)
}

/// Calls `operation` and returns its `Error::Api`; fails on anything else or a wrong operation name.
async fn refused<'a, O>(expected_operation: &str, operation: O) -> ApiError
where
    O: Operation<'a>,
    O::Output: std::fmt::Debug,
{
    assert_eq!(O::OPERATION, expected_operation);
    match operation.call().await {
        Ok(value) => panic!("{expected_operation}: expected an error, got {value:?}"),
        Err(Error::Api(api)) => *api,
        Err(other) => panic!("{expected_operation}: expected Error::Api, got {other:?}"),
    }
}

/// The answer carries what the fixture says, and the code has its name.
fn check(api: &ApiError, name: &str, body: &Value, code: ZoomCode) {
    let status: u16 = name[..3].parse().unwrap();
    assert_eq!(api.status, status, "{name}");
    assert_eq!(api.code, Some(code), "{name}");
    assert_eq!(
        Some(code.number()),
        body["code"].as_i64(),
        "{name}: the fixture's code"
    );
    assert!(!matches!(code, ZoomCode::Other(_)), "{name}: the code has a name");
    assert_eq!(Some(api.message.as_str()), body["message"].as_str(), "{name}");
    assert_eq!(api.tracking_id.as_deref(), Some(TRACKING_ID), "{name}");
    let shown = api.to_string();
    assert!(
        shown.contains(&format!("HTTP {status} with code {}", code.number())),
        "{shown}"
    );
    if let Some(advice) = code.advice() {
        assert!(
            shown.contains(advice),
            "{name}: Display gives the advice: {shown}"
        );
    }
}

#[tokio::test]
async fn analytics_details_errors_are_typed() {
    for (name, code) in [
        ("404_3301_no_recording.json", ZoomCode::RecordingNotFound),
        ("400_1010_user_not_found.json", ZoomCode::UserNotInAccount),
    ] {
        let (server, body) = serve("GET", "/meetings/85746065432/recordings/analytics_details", name).await;
        let client = client(&server);
        let builder = client.analytics_details().meeting_id(MeetingRef::id(MEETING_ID));
        check(&refused("analytics_details", builder).await, name, &body, code);
    }
}

#[tokio::test]
async fn analytics_summary_errors_are_typed() {
    for (name, code) in [
        ("404_1001_user_not_exist.json", ZoomCode::UserNotFound),
        ("404_3301_no_recording.json", ZoomCode::RecordingNotFound),
    ] {
        let (server, body) = serve("GET", "/meetings/85746065432/recordings/analytics_summary", name).await;
        let client = client(&server);
        let builder = client.analytics_summary().meeting_id(MeetingRef::id(MEETING_ID));
        check(&refused("analytics_summary", builder).await, name, &body, code);
    }
}

#[tokio::test]
async fn get_meeting_transcript_404_3322_is_transcript_not_found() {
    let name = "404_3322_transcript_does_not_exist.json";
    let (server, body) = serve(
        "GET",
        "/meetings/%252FajXp112QmuoKj4854875%253D%253D/transcript",
        name,
    )
    .await;
    let client = client(&server);
    let builder = client.get_meeting_transcript().meeting_id(leading_slash());
    let api = refused("get_meeting_transcript", builder).await;
    check(&api, name, &body, ZoomCode::TranscriptNotFound);
}

#[tokio::test]
async fn delete_meeting_transcript_404_3322_is_transcript_not_found() {
    let name = "404_3322_transcript_does_not_exist.json";
    let (server, body) = serve("DELETE", "/meetings/85746065432/transcript", name).await;
    let client = client(&server);
    let builder = client
        .delete_meeting_transcript()
        .meeting_id(MeetingRef::id(MEETING_ID));
    let api = refused("delete_meeting_transcript", builder).await;
    check(&api, name, &body, ZoomCode::TranscriptNotFound);
}

#[tokio::test]
async fn get_archived_file_statistics_errors_are_typed() {
    for (name, code) in [
        ("400_2001_account_missing.json", ZoomCode::AccountNotFound),
        ("400_300_validation.json", ZoomCode::ValidationFailed),
    ] {
        let (server, body) = serve("GET", "/archive_files/statistics", name).await;
        let client = client(&server);
        let builder = client
            .get_archived_file_statistics()
            .from(at("2025-03-03T00:00:00Z"))
            .to(at("2025-03-09T23:59:59Z"));
        check(
            &refused("get_archived_file_statistics", builder).await,
            name,
            &body,
            code,
        );
    }
}

#[tokio::test]
async fn update_archived_file_errors_are_typed() {
    for (name, code) in [
        (
            "404_3001_meeting_does_not_exist_by_id.json",
            ZoomCode::MeetingNotFound,
        ),
        (
            "400_200_not_available_for_account.json",
            ZoomCode::NotAvailableForAccount,
        ),
    ] {
        let (server, body) = serve(
            "PATCH",
            "/archive_files/c5092735-4000-4f57-83fa-e7bf44dbefa8",
            name,
        )
        .await;
        let client = client(&server);
        let builder = client
            .update_archived_file()
            .file_id("c5092735-4000-4f57-83fa-e7bf44dbefa8")
            .body(types::ArchivedFileUpdate { auto_delete: false });
        check(&refused("update_archived_file", builder).await, name, &body, code);
    }
}

#[tokio::test]
async fn get_archived_files_404_3001_is_meeting_not_found() {
    let name = "404_3001_meeting_not_found.json";
    let path = "/past_meetings/Lu3Bs8%252F%252FWk5Fd0N%252B7Pz2JQ%253D%253D/archive_files";
    let (server, body) = serve("GET", path, name).await;
    let client = client(&server);
    let builder = client.get_archived_files().meeting_uuid(double_slash());
    let api = refused("get_archived_files", builder).await;
    check(&api, name, &body, ZoomCode::MeetingNotFound);
}

#[tokio::test]
async fn delete_archived_files_errors_are_typed() {
    for (name, code) in [
        (
            "404_3001_meeting_does_not_exist_by_id.json",
            ZoomCode::MeetingNotFound,
        ),
        ("400_200_paid_account_only.json", ZoomCode::NotAvailableForAccount),
        (
            "400_200_not_available_for_account.json",
            ZoomCode::NotAvailableForAccount,
        ),
    ] {
        let path = "/past_meetings/%252FajXp112QmuoKj4854875%253D%253D/archive_files";
        let (server, body) = serve("DELETE", path, name).await;
        let client = client(&server);
        let builder = client.delete_archived_files().meeting_uuid(leading_slash());
        check(
            &refused("delete_archived_files", builder).await,
            name,
            &body,
            code,
        );
    }
}

#[tokio::test]
async fn listmeetingsummaries_errors_are_typed() {
    for (name, code) in [
        (
            "403_2305_summary_shared_by_email_only.json",
            ZoomCode::SummaryAccessRestricted,
        ),
        (
            "403_2305_summary_ip_restricted.json",
            ZoomCode::SummaryAccessRestricted,
        ),
        (
            "400_3000_meeting_summary_disabled.json",
            ZoomCode::SummariesDisabled,
        ),
        ("400_3161_hosting_not_allowed.json", ZoomCode::HostingNotAllowed),
        ("400_200_paid_account_only.json", ZoomCode::NotAvailableForAccount),
    ] {
        let (server, body) = serve("GET", "/meetings/meeting_summaries", name).await;
        let client = client(&server);
        let builder = client.listmeetingsummaries().page_size(30);
        check(&refused("listmeetingsummaries", builder).await, name, &body, code);
    }
}

#[tokio::test]
async fn getameetingsummary_errors_are_typed() {
    for (name, code) in [
        (
            "404_3001_meeting_does_not_exist_by_id.json",
            ZoomCode::MeetingNotFound,
        ),
        (
            "403_2305_summary_in_trash.json",
            ZoomCode::SummaryAccessRestricted,
        ),
        (
            "403_2305_summary_shared_by_email_only.json",
            ZoomCode::SummaryAccessRestricted,
        ),
        ("400_300_invalid_meeting_id.json", ZoomCode::ValidationFailed),
        ("400_200_paid_account_only.json", ZoomCode::NotAvailableForAccount),
    ] {
        let path = "/meetings/Lu3Bs8%252F%252FWk5Fd0N%252B7Pz2JQ%253D%253D/meeting_summary";
        let (server, body) = serve("GET", path, name).await;
        let client = client(&server);
        let builder = client.getameetingsummary().meeting_id(double_slash());
        check(&refused("getameetingsummary", builder).await, name, &body, code);
    }
}

#[tokio::test]
async fn deletemeetingorwebinarsummary_errors_are_typed() {
    for (name, code) in [
        (
            "404_3001_meeting_does_not_exist_by_id.json",
            ZoomCode::MeetingNotFound,
        ),
        (
            "403_2305_summary_in_trash.json",
            ZoomCode::SummaryAccessRestricted,
        ),
        (
            "400_2313_summary_delete_failed.json",
            ZoomCode::SummaryDeleteFailed,
        ),
        ("400_300_invalid_meeting_id.json", ZoomCode::ValidationFailed),
    ] {
        let path = "/meetings/%252FajXp112QmuoKj4854875%253D%253D/meeting_summary";
        let (server, body) = serve("DELETE", path, name).await;
        let client = client(&server);
        let builder = client.deletemeetingorwebinarsummary().meeting_id(leading_slash());
        check(
            &refused("deletemeetingorwebinarsummary", builder).await,
            name,
            &body,
            code,
        );
    }
}

#[tokio::test]
async fn users_400_300_is_a_validation_failure_naming_the_fields() {
    let name = "400_300_validation.json";
    let (server, body) = serve("GET", "/users", name).await;
    let client = client(&server);
    let builder = client.users().page_size(3000);
    let api = refused("users", builder).await;
    check(&api, name, &body, ZoomCode::ValidationFailed);

    let fields: Vec<_> = api
        .field_errors
        .iter()
        .map(|e| (e.field.as_deref(), e.message.as_deref()))
        .collect();
    let expected: Vec<_> = body["errors"]
        .as_array()
        .expect("the fixture lists field errors")
        .iter()
        .map(|e| (e["field"].as_str(), e["message"].as_str()))
        .collect();
    assert_eq!(fields, expected);
    assert!(fields.iter().any(|(field, _)| *field == Some("page_size")));
    let shown = api.to_string();
    assert!(
        shown.contains("field `page_size`"),
        "Display names the field: {shown}"
    );
}
