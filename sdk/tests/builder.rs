//! `Client::builder()` rejects bad input with typed errors and never shows the
//! token in Debug output.

use zoom_cloud_recording::{BuildError, Client, ClientInfo, DEFAULT_BASE_URL};

#[test]
fn base_url_defaults_to_zoom() {
    let client = Client::builder().access_token("t").build().expect("builds");
    assert_eq!(client.baseurl(), DEFAULT_BASE_URL);
    assert_eq!(DEFAULT_BASE_URL, "https://api.zoom.us/v2");
}

#[test]
fn trailing_slash_is_trimmed_so_paths_join_cleanly() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9/v2/")
        .access_token("t")
        .build()
        .expect("builds");
    assert_eq!(client.baseurl(), "http://127.0.0.1:9/v2");
}

#[test]
fn missing_credentials_is_a_typed_error() {
    let error = Client::builder().build().unwrap_err();
    assert!(matches!(error, BuildError::MissingCredentials), "{error:?}");
    assert!(error.to_string().contains("access_token"), "{error}");
}

#[test]
fn a_relative_or_non_http_base_url_is_rejected() {
    for url in ["api.zoom.us/v2", "ftp://api.zoom.us/v2"] {
        let error = Client::builder()
            .base_url(url)
            .access_token("t")
            .build()
            .unwrap_err();
        assert!(
            matches!(error, BuildError::InvalidBaseUrl { .. }),
            "{url}: {error:?}"
        );
        assert!(error.to_string().contains(url), "{error}");
    }
}

#[test]
fn a_user_agent_with_a_newline_is_rejected() {
    let error = Client::builder()
        .access_token("t")
        .user_agent("a\nb")
        .build()
        .unwrap_err();
    assert!(matches!(error, BuildError::InvalidUserAgent), "{error:?}");
}

#[test]
fn the_token_never_appears_in_debug_output() {
    let client = Client::builder()
        .access_token("super-secret-token-value")
        .build()
        .expect("builds");
    let debug = format!("{client:?} {:?}", client.inner());
    assert!(!debug.contains("super-secret-token-value"), "{debug}");
    let builder = format!("{:?}", Client::builder().access_token("super-secret-token-value"));
    assert!(!builder.contains("super-secret-token-value"), "{builder}");
}
