//! Access tokens from your own code: a [`TokenProvider`] that reads a token
//! another process keeps fresh (a secrets-manager agent, a sidecar) from a
//! JSON file `{"access_token": "...", "expires_at": "<RFC 3339>"}`.
//!
//! The client caches what the provider returns and asks again only shortly
//! before `expires_at`, or when Zoom rejects the token as expired (401, code
//! 124), never from two tasks at once: the provider need not cache anything.
//!
//! ```sh
//! ZOOM_TOKEN_FILE=/run/secrets/zoom-token.json cargo run -p zoom-cloud-recording --example custom_token_provider
//! cargo run -p zoom-cloud-recording --example custom_token_provider   # a fake Zoom and a token file it fills
//! ```

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use fake_zoom::{Config, FakeZoom};
use zoom_cloud_recording::{AccessToken, AuthError, Client, Operation, TokenFuture, TokenProvider};

/// Reads the token file on every `fetch`, counting the reads.
#[derive(Debug)]
struct TokenFile {
    path: PathBuf,
    reads: Arc<AtomicUsize>,
}

#[derive(serde::Deserialize, serde::Serialize)]
struct Stored {
    access_token: String,
    expires_at: DateTime<Utc>,
}

impl TokenProvider for TokenFile {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            self.reads.fetch_add(1, Ordering::SeqCst);
            let text = tokio::fs::read_to_string(&self.path)
                .await
                .map_err(|e| AuthError::Provider(e.into()))?;
            // serde's message could quote the token: say only what is wrong.
            let stored: Stored = serde_json::from_str(&text).map_err(|_| {
                AuthError::Provider("the token file is not {access_token, expires_at} JSON".into())
            })?;
            Ok(AccessToken {
                token: stored.access_token.into(),
                expires_at: Some(stored.expires_at),
            })
        })
    }
}

/// What the sidecar does: writes a fresh token of the fake's into the file.
fn refresh(fake: &FakeZoom, path: &PathBuf) -> std::io::Result<()> {
    // The client judges expiry by its own clock (the system's), so the time is a real one.
    let expires_at = Utc::now() + chrono::Duration::seconds(3599);
    let stored = Stored {
        access_token: fake.issue_access_token(),
        expires_at,
    };
    std::fs::write(path, serde_json::to_vec(&stored)?)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let reads = Arc::new(AtomicUsize::new(0));
    let (fake, path) = match std::env::var_os("ZOOM_TOKEN_FILE") {
        Some(path) => (None, PathBuf::from(path)),
        None => {
            let fake = FakeZoom::start(Config::default()).await?;
            let path = std::env::temp_dir().join(format!("zoom-token-{}.json", std::process::id()));
            refresh(&fake, &path)?;
            (Some(fake), path)
        }
    };
    let mut builder = Client::builder().token_provider(TokenFile {
        path: path.clone(),
        reads: reads.clone(),
    });
    if let Some(fake) = &fake {
        builder = builder.base_url(fake.api_base_url());
    }
    let client = builder.build()?;

    for _ in 0..3 {
        let users = client.users().call().await?;
        println!("{} users", users.users.len());
    }
    println!("3 calls, {} token file reads", reads.load(Ordering::SeqCst));

    if let Some(fake) = &fake {
        // Zoom expires the token early; the sidecar has already written a new one.
        fake.expire_all_tokens();
        refresh(fake, &path)?;
        client.users().call().await?;
        println!(
            "after Zoom expired the token: 4 calls, {} token file reads",
            reads.load(Ordering::SeqCst)
        );
        std::fs::remove_file(&path)?;
    }
    Ok(())
}
