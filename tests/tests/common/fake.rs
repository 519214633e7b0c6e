//! A client for the fake Zoom (Server-to-Server OAuth, the test clock).

use fake_zoom::FakeZoom;
use zoom_cloud_recording::{Client, ClientBuilder, RetryPolicy};

use super::clock::TestClock;

/// A builder authenticating against `zoom` with its credentials; waits go to `clock`.
pub fn builder(zoom: &FakeZoom, clock: &TestClock) -> ClientBuilder {
    Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .clock(clock.clone())
        .retry_policy(RetryPolicy::default().max_attempts(8))
}
