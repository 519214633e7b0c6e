//! Tokens the fake hands out: OAuth access tokens, download tokens and page tokens.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::api::paging::Cursor;
use crate::rng::Rng;

/// What a presented access token turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AccessCheck {
    Valid,
    Expired,
    Unknown,
}

/// A token that may download the files of one meeting.
#[derive(Clone, Debug)]
struct Grant {
    meeting_uuid: String,
    expires: Instant,
}

/// Every token issued so far (all in memory).
pub(crate) struct Tokens {
    rng: Rng,
    issued: u64,
    access: HashMap<String, Instant>,
    grants: HashMap<String, Grant>,
    pages: HashMap<String, (Instant, Cursor)>,
}

impl Tokens {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            rng: Rng::new(seed, 3),
            issued: 0,
            access: HashMap::new(),
            grants: HashMap::new(),
            pages: HashMap::new(),
        }
    }

    /// A JWT-shaped string (header.payload.signature); nothing checks the signature.
    fn jwt(&mut self, payload: &str) -> String {
        self.issued += 1;
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS512","v":"2.0","kid":"fake"}"#);
        let payload = URL_SAFE_NO_PAD.encode(payload.replace("{n}", &self.issued.to_string()));
        format!("{header}.{payload}.{}", self.rng.url_safe(86))
    }

    /// A new OAuth access token for the account.
    pub(crate) fn issue_access(&mut self, account_id: &str, lifetime: Duration) -> String {
        let token = self.jwt(&format!(r#"{{"aid":"{account_id}","typ":"access","n":{{n}}}}"#));
        self.access.insert(token.clone(), Instant::now() + lifetime);
        token
    }

    /// Whether `token` is a live access token.
    pub(crate) fn check_access(&self, token: &str) -> AccessCheck {
        match self.access.get(token) {
            Some(expires) if Instant::now() < *expires => AccessCheck::Valid,
            Some(_) => AccessCheck::Expired,
            None => AccessCheck::Unknown,
        }
    }

    /// Expires every access token and download token issued so far.
    pub(crate) fn expire_all(&mut self) {
        let now = Instant::now();
        self.access.values_mut().for_each(|e| *e = now);
        self.grants.values_mut().for_each(|g| g.expires = now);
    }

    /// A token that downloads the files of one meeting for `ttl`.
    pub(crate) fn issue_grant(&mut self, meeting_uuid: &str, ttl: Duration) -> String {
        let token = self.jwt(r#"{"typ":"download","n":{n}}"#);
        let grant = Grant {
            meeting_uuid: meeting_uuid.to_owned(),
            expires: Instant::now() + ttl,
        };
        self.grants.insert(token.clone(), grant);
        token
    }

    /// Whether `token` is a live download token for `meeting_uuid`.
    pub(crate) fn grant_allows(&self, token: &str, meeting_uuid: &str) -> bool {
        self.grants
            .get(token)
            .is_some_and(|g| g.meeting_uuid == meeting_uuid && Instant::now() < g.expires)
    }

    /// An opaque `next_page_token` for the rest of a listing.
    pub(crate) fn issue_page(&mut self, cursor: Cursor) -> String {
        let now = Instant::now();
        if self.pages.len() > 10_000 {
            self.pages
                .retain(|_, (created, _)| now.duration_since(*created) < Duration::from_secs(3600));
        }
        let token = self.rng.alnum(35);
        self.pages.insert(token.clone(), (now, cursor));
        token
    }

    /// The listing a page token continues, if it is known and younger than `ttl`.
    pub(crate) fn page(&self, token: &str, ttl: Duration) -> Option<Cursor> {
        let (created, cursor) = self.pages.get(token)?;
        (created.elapsed() < ttl).then(|| cursor.clone())
    }

    /// Forgets every page token, so that each one answers "invalid or expired".
    pub(crate) fn expire_pages(&mut self) {
        self.pages.clear();
    }
}
