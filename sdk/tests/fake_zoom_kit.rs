//! The README's "Testing your service against the fake Zoom", compiled and run:
//! how a service that uses this SDK tests itself with `fake-zoom`.

// README: begin
use fake_zoom::{Config, FakeZoom, Fault, Matcher, Operation, RetryAfter, Rule};
use zoom_cloud_recording::{Client, Operation as _};

#[tokio::test]
async fn lists_through_a_rate_limit() {
    let zoom = FakeZoom::start(Config::default().seed(42)).await.unwrap();
    let client = Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .build()
        .unwrap();

    // Zoom answers the next listing with a per-second 429: the client waits and retries.
    let limit = Fault::RateLimitQps {
        retry_after: RetryAfter::Seconds(0),
    };
    let rule = zoom
        .faults()
        .add(Rule::once(Matcher::Operation(Operation::RecordingsList), limit));
    let today = zoom.now().date_naive();
    let listing = client
        .recordings_list()
        .user_id("me")
        .from(today - chrono::Days::new(30))
        .to(today);
    let page = listing.call().await.unwrap();

    assert_eq!(zoom.faults().fired(rule), 1);
    assert_eq!(zoom.requests(Operation::RecordingsList), 2);
    assert!(!page.meetings.is_empty());
    for meeting in &page.meetings {
        assert!(zoom.meeting(meeting.uuid.as_deref().unwrap()).is_some());
    }
}

#[tokio::test]
async fn accepts_only_signed_deliveries() {
    let zoom = FakeZoom::start(Config::default()).await.unwrap();
    let url = start_my_service("the app's secret token").await;
    let meeting = zoom.meetings().into_iter().find(|m| !m.in_progress).unwrap();

    let signed = zoom.deliver_recording_completed(&url, "the app's secret token", &meeting.uuid);
    assert_eq!(signed.await.unwrap(), 200);
    let body = zoom.recording_completed_body(&meeting.uuid).unwrap();
    assert_eq!(
        zoom.deliver_raw(&url, "a guessed secret", body).await.unwrap(),
        401
    );
}
// README: end

/// The service under test's webhook receiver, on 127.0.0.1: 200 for a verified
/// delivery, 401 otherwise. Returns its URL.
async fn start_my_service(secret: &str) -> String {
    use axum::body::Bytes;
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;
    use axum::Router;
    use zoom_cloud_recording::webhook::Verifier;

    async fn receive(State(verifier): State<Verifier>, headers: HeaderMap, body: Bytes) -> StatusCode {
        match verifier.event(&headers, &body) {
            Ok(_) => StatusCode::OK,
            Err(_) => StatusCode::UNAUTHORIZED,
        }
    }
    let app = Router::new()
        .route("/zoom/webhooks", post(receive))
        .with_state(Verifier::new(secret));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/zoom/webhooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// The README shows this file's marked region as it is.
#[test]
fn the_readme_shows_this_code() {
    let source = include_str!("fake_zoom_kit.rs");
    let (begin, end) = ("// README: begin\n", "// README: end");
    let start = source.find(begin).expect("begin marker") + begin.len();
    let region = &source[start..source.find(end).expect("end marker")];
    // The workspace's README, or the copy `cargo package` puts in the crate.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = [dir.join("../README.md"), dir.join("README.md")]
        .into_iter()
        .find_map(|path| std::fs::read_to_string(path).ok())
        .expect("a README");
    assert!(
        readme.contains(&format!("```rust\n{region}```")),
        "README.md's \"Testing your service against the fake Zoom\" block differs from {}",
        file!()
    );
}
