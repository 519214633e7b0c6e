//! Every fault kind, as a client sees it.

mod common;

use std::time::{Duration, Instant};

use common::{Api, start};
use fake_zoom::{Config, Fault, Matcher, Operation, RetryAfter, Rule};
use reqwest::{StatusCode, header};

const LIST: &str = "/users/me/recordings";

fn list_rule(fault: Fault) -> Rule {
    Rule::once(Matcher::Operation(Operation::RecordingsList), fault)
}

async fn list(api: &Api) -> reqwest::Result<reqwest::Response> {
    api.http
        .get(format!("{}{LIST}", api.zoom.api_base_url()))
        .bearer_auth(&api.token)
        .send()
        .await
}

/// A signed file-host URL for the first downloadable MP4, and its size.
async fn file_url(api: &Api) -> (String, u64) {
    let file = api
        .zoom
        .files()
        .into_iter()
        .find(|f| f.file_type == "MP4" && !f.trashed && !f.archive)
        .unwrap();
    let resp = api
        .http
        .get(file.download_url.unwrap())
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    (
        resp.headers()[header::LOCATION].to_str().unwrap().to_owned(),
        file.size.unwrap(),
    )
}

#[tokio::test]
async fn rate_limits() {
    let api = start(Config::default()).await;
    let faults = api.zoom.faults();
    faults.add(list_rule(Fault::RateLimitQps {
        retry_after: RetryAfter::Seconds(2),
    }));
    faults.add(list_rule(Fault::RateLimitQps {
        retry_after: RetryAfter::HttpDate(Duration::from_secs(3)),
    }));
    faults.add(list_rule(Fault::RateLimitQps {
        retry_after: RetryAfter::Absent,
    }));
    faults.add(list_rule(Fault::RateLimitDaily {
        iso_retry_after: true,
    }));
    faults.add(list_rule(Fault::RateLimitDaily {
        iso_retry_after: false,
    }));

    let mut retry_afters = Vec::new();
    for kind in ["QPS", "QPS", "QPS", "Daily-limit", "Daily-limit"] {
        let resp = list(&api).await.unwrap();
        assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(resp.headers()["x-ratelimit-type"], kind);
        assert!(resp.headers().contains_key("x-zm-trackingid"));
        retry_afters.push(
            resp.headers()
                .get(header::RETRY_AFTER)
                .map(|v| v.to_str().unwrap().to_owned()),
        );
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["code"], 429);
    }
    assert_eq!(retry_afters[0].as_deref(), Some("2"));
    assert!(retry_afters[1].as_deref().unwrap().ends_with(" GMT"));
    assert_eq!(retry_afters[2], None);
    assert!(retry_afters[3].as_deref().unwrap().ends_with("T00:00:00Z"));
    assert_eq!(retry_afters[4], None);
    assert_eq!(list(&api).await.unwrap().status(), StatusCode::OK);
    assert_eq!(faults.fired_total(), 5);
}

#[tokio::test]
async fn server_errors_expired_tokens_and_html() {
    let api = start(Config::default()).await;
    let faults = api.zoom.faults();
    let id = faults.add(Rule::times(
        Matcher::PathPrefix("/v2/users/".into()),
        2,
        Fault::ServerError(503),
    ));
    assert_eq!(
        list(&api).await.unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        list(&api).await.unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(list(&api).await.unwrap().status(), StatusCode::OK);
    assert_eq!(faults.fired(id), 2);

    faults.add(list_rule(Fault::ServerError(500)));
    let resp = list(&api).await.unwrap();
    assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(resp.json::<serde_json::Value>().await.unwrap()["code"], 500);

    faults.add(list_rule(Fault::ExpiredToken));
    let resp = list(&api).await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(resp.json::<serde_json::Value>().await.unwrap()["code"], 124);

    faults.add(Rule::once(Matcher::FileHost, Fault::HtmlInsteadOfFile));
    let (url, _) = file_url(&api).await;
    let resp = api.http.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(resp.text().await.unwrap().starts_with("<!DOCTYPE html>"));
}

#[tokio::test]
async fn connection_reset_and_truncated_body() {
    let api = start(Config::default()).await;
    let faults = api.zoom.faults();
    faults.add(list_rule(Fault::ConnectionReset));
    assert!(list(&api).await.is_err());
    assert_eq!(list(&api).await.unwrap().status(), StatusCode::OK);

    faults.add(list_rule(Fault::TruncatedBody));
    let resp = list(&api).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.content_length().unwrap() > 0);
    assert!(resp.bytes().await.is_err());

    let (url, size) = file_url(&api).await;
    faults.add(Rule::once(Matcher::FileHost, Fault::TruncatedBody));
    let mut resp = api.http.get(&url).send().await.unwrap();
    assert_eq!(resp.content_length(), Some(size));
    let mut got = 0;
    let outcome = loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => got += chunk.len() as u64,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    assert!(outcome.is_err());
    assert_eq!(got, size / 2);
    assert_eq!(
        api.http
            .get(&url)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .len() as u64,
        size
    );
}

#[tokio::test]
async fn delay_and_ignored_range() {
    let api = start(Config::default()).await;
    let faults = api.zoom.faults();
    faults.add(list_rule(Fault::Delay(Duration::from_millis(250))));
    let started = Instant::now();
    assert_eq!(list(&api).await.unwrap().status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(250));

    let (url, size) = file_url(&api).await;
    faults.add(Rule::always(Matcher::FileHost, Fault::IgnoreRange));
    let resp = api
        .http
        .get(&url)
        .header(header::RANGE, "bytes=10-")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers().get(header::CONTENT_RANGE).is_none());
    assert_eq!(resp.bytes().await.unwrap().len() as u64, size);
    faults.clear();
    let resp = api
        .http
        .get(&url)
        .header(header::RANGE, "bytes=10-")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
}

/// The status of each of `n` sequential listing calls (0 for a transport error).
async fn outcomes(config: Config, n: usize) -> Vec<u16> {
    let api = start(config).await;
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(match list(&api).await {
            Ok(resp) => resp.status().as_u16(),
            Err(_) => 0,
        });
    }
    out
}

#[tokio::test]
async fn random_faults_follow_their_seed() {
    let base = || Config::default().meetings(6);
    let a = outcomes(
        base()
            .random_faults(0.5, 9)
            .random_fault_kinds(vec![Fault::ServerError(502)]),
        30,
    )
    .await;
    let b = outcomes(
        base()
            .random_faults(0.5, 9)
            .random_fault_kinds(vec![Fault::ServerError(502)]),
        30,
    )
    .await;
    assert_eq!(a, b);
    assert!(a.contains(&200) && a.contains(&502), "{a:?}");

    let api = start(
        base()
            .random_faults(1.0, 1)
            .random_fault_kinds(vec![Fault::ServerError(502)]),
    )
    .await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(list(&api).await.unwrap().status());
    }
    assert!(statuses.iter().all(|s| *s == StatusCode::BAD_GATEWAY));
    api.zoom.faults().set_random_rate(0.0);
    assert_eq!(list(&api).await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        api.zoom.token_requests(),
        1,
        "the token endpoint is never faulted at random"
    );
}

#[tokio::test]
async fn the_default_random_mix_never_hangs() {
    let api = start(Config::default().random_faults(0.5, 3)).await;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..40 {
        let sent = http
            .get(format!("{}{LIST}", api.zoom.api_base_url()))
            .bearer_auth(&api.token)
            .send()
            .await;
        let outcome = match sent {
            Ok(resp) if resp.status() == StatusCode::OK => resp.bytes().await.map(|_| true),
            Ok(resp) => resp.bytes().await.map(|_| false),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(true) => ok += 1,
            Ok(false) => failed += 1,
            Err(e) => {
                assert!(!e.is_timeout(), "{e}");
                failed += 1;
            }
        }
    }
    assert!(ok > 5 && failed > 5, "ok {ok}, failed {failed}");
    assert_eq!(api.zoom.faults().fired_total(), failed);
}
