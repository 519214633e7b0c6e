//! How a fake Zoom is seeded and how it behaves.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

use crate::faults::Fault;

/// Settings for [`FakeZoom::start`](crate::FakeZoom::start), built with chained setters.
///
/// ```
/// use std::time::Duration;
/// let config = fake_zoom::Config::default()
///     .seed(42)
///     .meetings(12)
///     .token_lifetime(Duration::from_secs(60));
/// # let _ = config;
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) seed: u64,
    pub(crate) now: DateTime<Utc>,
    pub(crate) users: usize,
    pub(crate) meetings: usize,
    pub(crate) history_days: u32,
    pub(crate) file_size_min: u64,
    pub(crate) file_size_max: u64,
    pub(crate) token_lifetime: Duration,
    pub(crate) page_token_ttl: Duration,
    pub(crate) signed_url_ttl: Duration,
    pub(crate) random_fault_rate: f64,
    pub(crate) random_fault_seed: u64,
    pub(crate) random_fault_kinds: Option<Vec<Fault>>,
    pub(crate) api_port: u16,
    pub(crate) file_host_port: u16,
    pub(crate) credentials: Option<(String, String, String)>,
}

impl Default for Config {
    /// Seed 1; "now" is 2026-11-26T12:00:00Z; 3 users hosting (plus a pending
    /// one); 24 meetings over the last
    /// 425 days (about 14 months); media files of 1–200 KiB; tokens live 3599 s;
    /// page tokens 15 min; signed file-host URLs 5 min; no random faults;
    /// ephemeral ports.
    fn default() -> Self {
        Self {
            seed: 1,
            now: Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap(),
            users: 3,
            meetings: 24,
            history_days: 425,
            file_size_min: 1024,
            file_size_max: 200 * 1024,
            token_lifetime: Duration::from_secs(3599),
            page_token_ttl: Duration::from_secs(15 * 60),
            signed_url_ttl: Duration::from_secs(5 * 60),
            random_fault_rate: 0.0,
            random_fault_seed: 0,
            random_fault_kinds: None,
            api_port: 0,
            file_host_port: 0,
            credentials: None,
        }
    }
}

impl Config {
    /// The seed: the same seed gives the same users, meetings, files and bytes.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The fake's "now" when it starts; its clock then advances with real time.
    /// Meetings are spread over the days before it, and `from`/`to` default to it.
    pub fn now(mut self, now: DateTime<Utc>) -> Self {
        self.now = now;
        self
    }

    /// How many users host the meetings (at least 1). The first one answers to
    /// the `me` alias. With 3 or more, the last of them is deactivated
    /// (`status: inactive`, its recordings kept) and an invited user with
    /// `status: pending` (no recordings) is added after them.
    pub fn users(mut self, users: usize) -> Self {
        self.users = users.max(1);
        self
    }

    /// How many recorded meeting instances in total, over all users.
    pub fn meetings(mut self, meetings: usize) -> Self {
        self.meetings = meetings;
        self
    }

    /// Over how many days before "now" the meetings are spread (at least 1).
    pub fn history_days(mut self, days: u32) -> Self {
        self.history_days = days.max(1);
        self
    }

    /// The range of media (MP4) file sizes in bytes; audio files get a quarter,
    /// text files stay small. Bytes are generated on the fly, so GiBs are fine.
    pub fn file_sizes(mut self, min: u64, max: u64) -> Self {
        self.file_size_min = min.max(1);
        self.file_size_max = max.max(self.file_size_min);
        self
    }

    /// How long an OAuth access token stays valid (reported as `expires_in`).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// How long a `next_page_token` stays valid (Zoom: 15 minutes).
    pub fn page_token_ttl(mut self, ttl: Duration) -> Self {
        self.page_token_ttl = ttl;
        self
    }

    /// How long the signed file-host URL of a download redirect stays valid.
    pub fn signed_url_ttl(mut self, ttl: Duration) -> Self {
        self.signed_url_ttl = ttl;
        self
    }

    /// Injects a fault into a share `rate` (0.0–1.0) of the API, download and
    /// file-host requests (never into `/oauth/token`), chosen with its own `seed`.
    /// The default mix: per-second 429s, 500/502/503/504, connection resets and
    /// bodies cut off midway; see [`Config::random_fault_kinds`].
    pub fn random_faults(mut self, rate: f64, seed: u64) -> Self {
        self.random_fault_rate = rate.clamp(0.0, 1.0);
        self.random_fault_seed = seed;
        self
    }

    /// The faults that [`Config::random_faults`] picks from (uniformly).
    pub fn random_fault_kinds(mut self, kinds: Vec<Fault>) -> Self {
        self.random_fault_kinds = Some(kinds);
        self
    }

    /// The API/OAuth port (0, the default, picks a free one).
    pub fn api_port(mut self, port: u16) -> Self {
        self.api_port = port;
        self
    }

    /// The file-host port (0, the default, picks a free one).
    pub fn file_host_port(mut self, port: u16) -> Self {
        self.file_host_port = port;
        self
    }

    /// Fixed credentials instead of ones derived from the seed.
    pub fn credentials(
        mut self,
        account_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some((account_id.into(), client_id.into(), client_secret.into()));
        self
    }
}
