//! `Client::from_env()`: credentials from the environment, with an error that
//! names every missing variable.

use crate::client::{BuildError, ClientBuilder};
use crate::Client;

/// The Server-to-Server OAuth app's account id (required).
pub const ACCOUNT_ID: &str = "ZOOM_ACCOUNT_ID";
/// The app's client id (required).
pub const CLIENT_ID: &str = "ZOOM_CLIENT_ID";
/// The app's client secret (required).
pub const CLIENT_SECRET: &str = "ZOOM_CLIENT_SECRET";
/// Overrides the API base URL (optional).
pub const API_BASE_URL: &str = "ZOOM_API_BASE_URL";
/// Overrides the OAuth base URL (optional).
pub const OAUTH_BASE_URL: &str = "ZOOM_OAUTH_BASE_URL";

impl Client {
    /// A client for the Server-to-Server OAuth app named by `ZOOM_ACCOUNT_ID`,
    /// `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET`, with `ZOOM_API_BASE_URL` and
    /// `ZOOM_OAUTH_BASE_URL` as optional overrides. The error names every
    /// missing variable.
    pub fn from_env() -> Result<Client, BuildError> {
        Self::builder_from_env()?.build()
    }

    /// Like [`Client::from_env`], but returns the builder so more can be set.
    pub fn builder_from_env() -> Result<ClientBuilder, BuildError> {
        builder_from(|name| std::env::var(name).ok())
    }

    /// Whether any of the three required variables is set: a program can use
    /// real Zoom when they are and a stand-in when none is, and still report
    /// a half-done setup through [`Client::from_env`].
    pub fn env_configured() -> bool {
        [ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET]
            .iter()
            .any(|name| std::env::var_os(name).is_some())
    }
}

/// The builder for the variables `lookup` finds; blank values count as unset.
fn builder_from(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, BuildError> {
    let read = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
    let (account, client, secret) = (read(ACCOUNT_ID), read(CLIENT_ID), read(CLIENT_SECRET));
    let (Some(account), Some(client), Some(secret)) = (account.clone(), client.clone(), secret.clone())
    else {
        let missing = [
            (ACCOUNT_ID, account),
            (CLIENT_ID, client),
            (CLIENT_SECRET, secret),
        ]
        .into_iter()
        .filter(|(_, value)| value.is_none())
        .map(|(name, _)| name)
        .collect();
        return Err(BuildError::MissingEnv(missing));
    };
    let mut builder = Client::builder().server_to_server(account, client, secret);
    if let Some(url) = read(API_BASE_URL) {
        builder = builder.base_url(url);
    }
    if let Some(url) = read(OAUTH_BASE_URL) {
        builder = builder.oauth_base_url(url);
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{builder_from, ACCOUNT_ID, API_BASE_URL, CLIENT_ID, CLIENT_SECRET};
    use crate::client::BuildError;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn every_missing_variable_is_named() {
        let Err(error) = builder_from(env(&[(CLIENT_ID, "id"), (CLIENT_SECRET, "  ")])) else {
            panic!("incomplete setup accepted")
        };
        let BuildError::MissingEnv(names) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(names, &[ACCOUNT_ID, CLIENT_SECRET]);
        let text = error.to_string();
        assert!(text.contains("ZOOM_ACCOUNT_ID, ZOOM_CLIENT_SECRET"), "{text}");
    }

    #[test]
    fn a_complete_setup_builds_without_showing_the_secret() {
        let builder = builder_from(env(&[
            (ACCOUNT_ID, "acc"),
            (CLIENT_ID, "id"),
            (CLIENT_SECRET, "very-secret-value"),
            (API_BASE_URL, "http://127.0.0.1:9/v2"),
        ]))
        .expect("complete");
        assert!(!format!("{builder:?}").contains("very-secret-value"));
        let client = builder.build().expect("builds");
        assert_eq!(crate::ClientInfo::baseurl(&client), "http://127.0.0.1:9/v2");
        assert!(!format!("{client:?}").contains("very-secret-value"));
    }
}
