//! The fault machinery covers the newer routes: each is its own operation for
//! matchers and counters, a faulted call changes nothing, and the transcript
//! download goes through the same download and file-host faults.

mod common;

use common::{enc, start};
use fake_zoom::{Config, Fault, Matcher, Operation, RetryAfter, Rule, TranscriptState};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

#[tokio::test]
async fn every_new_operation_is_counted_and_faulted_alone() {
    let api = start(Config::default().meetings(40).history_days(60)).await;
    let meetings = api.zoom.meetings();
    let watched = meetings.iter().find(|m| !m.in_progress && !m.trashed).unwrap();
    let transcript = api
        .zoom
        .transcripts()
        .into_iter()
        .find(|t| t.state == TranscriptState::Ready)
        .unwrap();
    let summary = api.zoom.summaries().remove(0);
    let archived = api.zoom.archive_meetings().remove(1);
    let twice = |uuid: &str| enc(&enc(uuid));
    let m = twice(&watched.uuid);
    let calls: Vec<(Operation, Method, String, Option<Value>, StatusCode)> = vec![
        (
            Operation::Users,
            Method::GET,
            "/users".into(),
            None,
            StatusCode::OK,
        ),
        (
            Operation::AnalyticsDetails,
            Method::GET,
            format!("/meetings/{m}/recordings/analytics_details"),
            None,
            StatusCode::OK,
        ),
        (
            Operation::AnalyticsSummary,
            Method::GET,
            format!("/meetings/{m}/recordings/analytics_summary"),
            None,
            StatusCode::OK,
        ),
        (
            Operation::GetMeetingTranscript,
            Method::GET,
            format!("/meetings/{}/transcript", twice(&transcript.meeting_uuid)),
            None,
            StatusCode::OK,
        ),
        (
            Operation::DeleteMeetingTranscript,
            Method::DELETE,
            format!("/meetings/{}/transcript", twice(&transcript.meeting_uuid)),
            None,
            StatusCode::NO_CONTENT,
        ),
        (
            Operation::GetArchivedFileStatistics,
            Method::GET,
            "/archive_files/statistics".into(),
            None,
            StatusCode::OK,
        ),
        (
            Operation::UpdateArchivedFile,
            Method::PATCH,
            format!("/archive_files/{}", archived.files[0].id),
            Some(json!({ "auto_delete": true })),
            StatusCode::NO_CONTENT,
        ),
        (
            Operation::GetArchivedFiles,
            Method::GET,
            format!("/past_meetings/{}/archive_files", twice(&archived.uuid)),
            None,
            StatusCode::OK,
        ),
        (
            Operation::DeleteArchivedFiles,
            Method::DELETE,
            format!("/past_meetings/{}/archive_files", twice(&archived.uuid)),
            None,
            StatusCode::NO_CONTENT,
        ),
        (
            Operation::ListMeetingSummaries,
            Method::GET,
            "/meetings/meeting_summaries".into(),
            None,
            StatusCode::OK,
        ),
        (
            Operation::GetMeetingSummary,
            Method::GET,
            format!("/meetings/{}/meeting_summary", twice(&summary.meeting_uuid)),
            None,
            StatusCode::OK,
        ),
        (
            Operation::DeleteMeetingSummary,
            Method::DELETE,
            format!("/meetings/{}/meeting_summary", twice(&summary.meeting_uuid)),
            None,
            StatusCode::NO_CONTENT,
        ),
    ];
    for (op, method, path, body, ok) in calls {
        assert_eq!(api.zoom.requests(op), 0, "{op:?}");
        let rule = api
            .zoom
            .faults()
            .add(Rule::once(Matcher::Operation(op), Fault::ServerError(503)));
        let (status, _, _) = api.call(method.clone(), &path, body.clone()).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{op:?}");
        assert_eq!(api.zoom.faults().fired(rule), 1);
        // The faulted call changed nothing: the real one still succeeds.
        let (status, _, answer) = api.call(method, &path, body).await;
        assert_eq!(status, ok, "{op:?}: {answer}");
        assert_eq!(api.zoom.requests(op), 2, "{op:?}");
        assert!(!op.name().is_empty());
    }
    assert!(api.zoom.transcript(&transcript.meeting_uuid).is_none());
    assert!(api.zoom.summary(&summary.meeting_uuid).is_none());
}

#[tokio::test]
async fn rate_limits_use_zoom_s_categories() {
    let api = start(Config::default()).await;
    for (op, path, category) in [
        (Operation::Users, "/users", "Medium"),
        (
            Operation::ListMeetingSummaries,
            "/meetings/meeting_summaries",
            "Medium",
        ),
        (
            Operation::GetArchivedFileStatistics,
            "/archive_files/statistics",
            "Medium",
        ),
    ] {
        api.zoom.faults().add(Rule::once(
            Matcher::Operation(op),
            Fault::RateLimitQps {
                retry_after: RetryAfter::Seconds(1),
            },
        ));
        let (status, headers, body) = api.call(Method::GET, path, None).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::TOO_MANY_REQUESTS, Some(429))
        );
        assert_eq!(headers["x-ratelimit-category"], category, "{path}");
        assert_eq!(headers["retry-after"], "1");
        assert_eq!(api.get(path).await.0, StatusCode::OK);
    }
}

#[tokio::test]
async fn transcript_downloads_share_the_download_and_file_host_faults() {
    let api = start(Config::default()).await;
    let ready = api
        .zoom
        .transcripts()
        .into_iter()
        .find(|t| t.state == TranscriptState::Ready)
        .unwrap();
    let url = ready.download_url.unwrap();
    let faults = api.zoom.faults();
    faults.add(Rule::once(
        Matcher::Operation(Operation::Download),
        Fault::ExpiredToken,
    ));
    faults.add(Rule::once(Matcher::FileHost, Fault::ServerError(502)));
    let get = |url: String| api.http.get(url).bearer_auth(&api.token).send();

    let resp = get(url.clone()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let resp = get(url.clone()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(
        api.http.get(&location).send().await.unwrap().status(),
        StatusCode::BAD_GATEWAY
    );
    let file = api.http.get(&location).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(Some(file.bytes().await.unwrap().len() as u64), ready.size);
    assert_eq!(api.zoom.requests(Operation::Download), 2);
    assert_eq!(api.zoom.requests(Operation::FileHost), 2);
}
