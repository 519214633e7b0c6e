//! `GET`/`DELETE /meetings/{meetingId}/transcript`: every state, the WebVTT
//! download behind `download_url`, trash and deletion.

mod common;

use common::{Api, enc, start};
use fake_zoom::{Config, TranscriptInfo, TranscriptState};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn path(uuid: &str) -> String {
    format!("/meetings/{}/transcript", enc(&enc(uuid)))
}

fn of(api: &Api, state: TranscriptState) -> TranscriptInfo {
    let all = api.zoom.transcripts();
    all.into_iter()
        .find(|t| t.state == state)
        .unwrap_or_else(|| panic!("the seed has a {state:?} transcript"))
}

/// Downloads `url` with `token`: the status of the first answer, and the bytes
/// and `Content-Type` behind the redirect when there is one.
async fn download(api: &Api, url: &str, token: Option<&str>) -> (StatusCode, Option<(String, Vec<u8>)>) {
    let mut request = api.http.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let resp = request.send().await.unwrap();
    let status = resp.status();
    if status != StatusCode::FOUND {
        return (status, None);
    }
    let location = resp.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let file = api.http.get(location).send().await.unwrap();
    let kind = file.headers()[header::CONTENT_TYPE].to_str().unwrap().to_owned();
    (status, Some((kind, file.bytes().await.unwrap().to_vec())))
}

#[tokio::test]
async fn each_state_answers_as_zoom_documents() {
    let api = start(Config::default()).await;
    let ready = of(&api, TranscriptState::Ready);
    let meeting = api.zoom.meeting(&ready.meeting_uuid).unwrap();
    let (status, body) = api.get(&path(&ready.meeting_uuid)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["meeting_id"], ready.meeting_uuid.as_str());
    assert_eq!(body["account_id"], api.zoom.account_id());
    assert_eq!(body["host_id"], meeting.host_id.as_str());
    assert_eq!(body["meeting_topic"], meeting.topic.as_str());
    assert_eq!(
        body["transcript_created_time"],
        ready
            .created_time
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
            .as_str()
    );
    assert_eq!(body["can_download"], true);
    assert_eq!(body["download_url"].as_str(), ready.download_url.as_deref());
    assert!(body.get("download_restriction_reason").is_none());
    assert_eq!(body["auto_delete"], false);

    for state in [
        TranscriptState::NotReady,
        TranscriptState::DeletedOrTrashed,
        TranscriptState::NoTranscriptData,
        TranscriptState::Unsupported,
    ] {
        let t = of(&api, state);
        assert!(t.download_url.is_none());
        let (status, body) = api.get(&path(&t.meeting_uuid)).await;
        assert_eq!(status, StatusCode::OK, "{state:?}");
        assert_eq!(body["can_download"], false, "{state:?}");
        assert_eq!(
            body["download_restriction_reason"].as_str(),
            state.restriction_reason(),
        );
        assert!(body.get("download_url").is_none(), "{state:?}");
    }
    // The trashed one is the meeting in the trash.
    let trashed = of(&api, TranscriptState::DeletedOrTrashed);
    assert!(api.zoom.meeting(&trashed.meeting_uuid).unwrap().trashed);

    // A meeting without a transcript, and an unknown one: 404 / 3322.
    let none = api
        .zoom
        .meetings()
        .into_iter()
        .find(|m| api.zoom.transcript(&m.uuid).is_none())
        .expect("a meeting without a transcript");
    for p in [path(&none.uuid), "/meetings/12345678901/transcript".into()] {
        let (status, body) = api.get(&p).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::NOT_FOUND, Some(3322)),
            "{p}"
        );
    }

    // A numeric id names the latest instance.
    let latest = api
        .zoom
        .transcripts()
        .into_iter()
        .find(|t| {
            let first = api.zoom.meetings().into_iter().find(|m| m.id == t.meeting_id);
            first.is_some_and(|m| m.uuid == t.meeting_uuid)
        })
        .unwrap();
    let (status, body) = api
        .get(&format!("/meetings/{}/transcript", latest.meeting_id))
        .await;
    assert_eq!(
        (status, body["meeting_id"].as_str()),
        (StatusCode::OK, Some(latest.meeting_uuid.as_str()))
    );
}

#[tokio::test]
async fn the_download_is_webvtt_behind_the_bearer_token() {
    let api = start(Config::default()).await;
    let ready = of(&api, TranscriptState::Ready);
    let url = ready.download_url.clone().unwrap();
    assert!(url.starts_with(&api.zoom.oauth_base_url()), "{url}");

    assert_eq!(download(&api, &url, None).await.0, StatusCode::UNAUTHORIZED);
    let (status, file) = download(&api, &url, Some(&api.token)).await;
    assert_eq!(status, StatusCode::FOUND);
    let (kind, bytes) = file.unwrap();
    assert_eq!(kind, "text/vtt");
    assert_eq!(Some(bytes.len() as u64), ready.size);
    assert_eq!(Some(hex(&Sha256::digest(&bytes))), ready.sha256_hex);
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.starts_with("WEBVTT\n\n00001\n00:00:00.000 --> "),
        "{text:.80}"
    );
    assert!(text.lines().filter(|l| l.contains(" --> ")).count() >= 1);
    let expected = api.zoom.expected_file(ready.file_id.as_deref().unwrap()).unwrap();
    assert_eq!(Some(expected.sha256_hex), ready.sha256_hex);

    // The meeting's download token works as for its recording files.
    let grant = api.zoom.mint_download_token(&ready.meeting_uuid).unwrap();
    assert_eq!(download(&api, &url, Some(&grant)).await.0, StatusCode::FOUND);
}

#[tokio::test]
async fn trashed_recordings_hide_it_and_a_delete_removes_it() {
    let api = start(Config::default()).await;
    let ready = api
        .zoom
        .transcripts()
        .into_iter()
        .find(|t| {
            t.state == TranscriptState::Ready
                && !t.meeting_uuid.starts_with('/')
                && !t.meeting_uuid.contains("//")
        })
        .unwrap();
    let uuid = ready.meeting_uuid.clone();
    let url = ready.download_url.clone().unwrap();
    let recordings = format!("/meetings/{}/recordings", enc(&uuid));

    assert_eq!(
        api.call(Method::DELETE, &recordings, None).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, body) = api.get(&path(&uuid)).await;
    assert_eq!(
        (&body["can_download"], &body["download_restriction_reason"]),
        (&Value::Bool(false), &Value::from("DELETED_OR_TRASHED"))
    );
    assert_eq!(
        api.zoom.transcript(&uuid).unwrap().state,
        TranscriptState::DeletedOrTrashed
    );
    assert_eq!(
        download(&api, &url, Some(&api.token)).await.0,
        StatusCode::NOT_FOUND
    );
    let recover = Some(json!({ "action": "recover" }));
    let status = api
        .call(Method::PUT, &format!("{recordings}/status"), recover)
        .await
        .0;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&path(&uuid)).await.1["can_download"], true);

    // Auto-delete follows the recording settings.
    let settings = Some(json!({ "auto_delete": true }));
    let status = api
        .call(Method::PATCH, &format!("{recordings}/settings"), settings)
        .await
        .0;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, body) = api.get(&path(&uuid)).await;
    assert_eq!(body["auto_delete"], true);
    assert_eq!(body["auto_delete_date"], "2026-12-26");

    assert_eq!(
        api.call(Method::DELETE, &path(&uuid), None).await.0,
        StatusCode::NO_CONTENT
    );
    for method in [Method::GET, Method::DELETE] {
        let (status, _, body) = api.call(method, &path(&uuid), None).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::NOT_FOUND, Some(3322))
        );
    }
    assert!(api.zoom.transcript(&uuid).is_none());
    assert_eq!(
        download(&api, &url, Some(&api.token)).await.0,
        StatusCode::NOT_FOUND
    );
}
