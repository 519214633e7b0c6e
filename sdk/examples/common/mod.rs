//! What every example starts with: a client for real Zoom when the `ZOOM_*`
//! variables are set, otherwise for a fake Zoom started in-process.

use chrono::NaiveDate;
use fake_zoom::{Config, FakeZoom};
use zoom_cloud_recording::Client;

/// The examples' fake Zoom: seeded (the same account and bytes every run), with
/// 60 meetings over the last 60 days.
pub fn fake_config() -> Config {
    Config::default().seed(7).meetings(60).history_days(60)
}

/// A client, "today" by its Zoom's clock, and the fake when one was started
/// (it stops when this is dropped).
pub struct Zoom {
    pub client: Client,
    pub today: NaiveDate,
    /// Read by some examples; held by all, since dropping it stops the fake.
    #[allow(dead_code)]
    pub fake: Option<FakeZoom>,
}

/// Real Zoom when `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET`
/// are set (an error names any that is missing), else the fake.
pub async fn connect() -> Result<Zoom, Box<dyn std::error::Error>> {
    if Client::env_configured() {
        let client = Client::from_env()?;
        let today = chrono::Utc::now().date_naive();
        return Ok(Zoom {
            client,
            today,
            fake: None,
        });
    }
    let fake = FakeZoom::start(fake_config()).await?;
    eprintln!(
        "no ZOOM_* variables set: using a fake Zoom at {}",
        fake.api_base_url()
    );
    let client = Client::builder()
        .base_url(fake.api_base_url())
        .oauth_base_url(fake.oauth_base_url())
        .server_to_server(fake.account_id(), fake.client_id(), fake.client_secret())
        .build()?;
    let today = fake.now().date_naive();
    Ok(Zoom {
        client,
        today,
        fake: Some(fake),
    })
}
