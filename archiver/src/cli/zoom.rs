//! The Zoom the command talks to: the real one when `ZOOM_*` credentials are
//! set, otherwise the built-in fake Zoom, started in-process.

use chrono::NaiveDate;
use fake_zoom::{Config, FakeZoom};
use zoom_cloud_recording::Client;

/// A client and "today" by its clock; holds the fake while it runs.
pub struct Connection {
    /// The client.
    pub client: Client,
    /// Today (UTC): the real date, or the fake's.
    pub today: NaiveDate,
    /// The fake, when one was started (dropped at exit).
    _fake: Option<FakeZoom>,
}

/// Connects to Zoom, or starts the fake (faults at `fake_faults`).
pub async fn connect(fake_faults: f64) -> Result<Connection, String> {
    if Client::env_configured() {
        let client = Client::from_env().map_err(|e| e.to_string())?;
        return Ok(Connection {
            client,
            today: chrono::Utc::now().date_naive(),
            _fake: None,
        });
    }
    if !(0.0..=1.0).contains(&fake_faults) {
        return Err(format!(
            "--fake-faults must be between 0 and 1, not {fake_faults}"
        ));
    }
    let config = Config::default().meetings(90).random_faults(fake_faults, 7);
    let zoom = FakeZoom::start(config)
        .await
        .map_err(|e| format!("cannot start the fake Zoom: {e}"))?;
    eprintln!(
        "No ZOOM_* variables set: working against the built-in fake Zoom at {}",
        zoom.api_base_url()
    );
    let client = Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Connection {
        client,
        today: zoom.now().date_naive(),
        _fake: Some(zoom),
    })
}
