//! The shared state of a running fake: seeded data, its changes, tokens, counters.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::config::Config;
use crate::content::Blob;
use crate::counters::Counters;
use crate::faults::{Faults, default_random_kinds};
use crate::model::{ArchiveMeeting, Meeting, User};
use crate::model_aic::{Summary, Transcript};
use crate::rng::Rng;
use crate::seed::{Seeded, seed};
use crate::seed_extras::Registrant;
use crate::tokens::Tokens;

/// The fake's clock: starts at [`Config::now`] and runs with real time.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    base: DateTime<Utc>,
    started: Instant,
}

impl Clock {
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default();
        self.base + elapsed
    }
}

/// A meeting as a path parameter names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MeetingKey {
    /// A numeric meeting id: the latest instance.
    Id(u64),
    /// One instance.
    Uuid(String),
}

/// The mutable part: meetings (with trash state), registrants, questions,
/// archives, transcripts and summaries.
pub(crate) struct Store {
    /// Most recent first.
    pub meetings: Vec<Meeting>,
    by_uuid: HashMap<String, usize>,
    /// File id → index of its meeting.
    pub file_owner: HashMap<String, usize>,
    pub archive: Vec<ArchiveMeeting>,
    pub registrants: HashMap<u64, Vec<Registrant>>,
    pub questions: HashMap<u64, Value>,
    /// Meeting UUID → its transcript.
    pub transcripts: HashMap<String, Transcript>,
    /// Transcript file id → meeting UUID.
    pub transcript_files: HashMap<String, String>,
    /// Most recent first.
    pub summaries: Vec<Summary>,
    pub rng: Rng,
}

impl Store {
    /// The index of the meeting `key` names; trashed ones only with `trashed`.
    pub(crate) fn resolve(&self, key: &MeetingKey, trashed: bool) -> Option<usize> {
        let ok = |m: &Meeting| !m.purged && (trashed || m.trashed_at.is_none());
        match key {
            MeetingKey::Uuid(uuid) => self.by_uuid.get(uuid).copied().filter(|&i| ok(&self.meetings[i])),
            MeetingKey::Id(id) => self.meetings.iter().position(|m| m.id == *id && ok(m)),
        }
    }

    /// The index of the meeting `key` names, deleted for good or not: the
    /// latest instance for a numeric id.
    pub(crate) fn resolve_any(&self, key: &MeetingKey) -> Option<usize> {
        match key {
            MeetingKey::Uuid(uuid) => self.by_uuid.get(uuid).copied(),
            MeetingKey::Id(id) => self.meetings.iter().position(|m| m.id == *id),
        }
    }

    /// The index of a meeting by UUID, deleted for good or not.
    pub(crate) fn by_uuid(&self, uuid: &str) -> Option<usize> {
        self.by_uuid.get(uuid).copied()
    }
}

/// Everything the handlers share.
pub(crate) struct App {
    pub cfg: Config,
    pub clock: Clock,
    pub account_id: String,
    pub client_id: String,
    pub client_secret: String,
    /// `http://127.0.0.1:PORT` of the API/OAuth/download server.
    pub api_origin: String,
    /// `http://127.0.0.1:PORT` of the file host.
    pub file_origin: String,
    pub users: Vec<User>,
    pub blobs: HashMap<String, Arc<Blob>>,
    store: Mutex<Store>,
    tokens: Mutex<Tokens>,
    pub sha_cache: Mutex<HashMap<String, String>>,
    pub faults: Faults,
    pub counters: Counters,
    /// Key for signing file-host URLs.
    pub url_secret: String,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl App {
    /// Seeds a fake for `cfg`, to be served at the two origins.
    pub(crate) fn new(cfg: Config, api_origin: String, file_origin: String) -> Self {
        let Seeded {
            account_id,
            client_id,
            client_secret,
            users,
            meetings,
            archive,
            blobs,
            registrants,
            transcripts,
            summaries,
        } = seed(&cfg);
        let by_uuid = meetings
            .iter()
            .enumerate()
            .map(|(i, m)| (m.uuid.clone(), i))
            .collect();
        let file_owner = meetings
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                m.files
                    .iter()
                    .chain(&m.participant_audio)
                    .map(move |f| (f.id.clone(), i))
            })
            .collect();
        let transcript_files = transcripts
            .iter()
            .map(|t| (t.file_id.clone(), t.meeting_uuid.clone()))
            .collect();
        let transcripts = transcripts
            .into_iter()
            .map(|t| (t.meeting_uuid.clone(), t))
            .collect();
        let store = Store {
            meetings,
            by_uuid,
            file_owner,
            archive,
            registrants,
            questions: HashMap::new(),
            transcripts,
            transcript_files,
            summaries,
            rng: Rng::new(cfg.seed, 5),
        };
        let kinds = cfg
            .random_fault_kinds
            .clone()
            .unwrap_or_else(default_random_kinds);
        let faults = Faults::new(cfg.random_fault_rate, cfg.random_fault_seed, kinds);
        let url_secret = Rng::new(cfg.seed, 6).alnum(32);
        Self {
            clock: Clock {
                base: cfg.now,
                started: Instant::now(),
            },
            tokens: Mutex::new(Tokens::new(cfg.seed)),
            cfg,
            account_id,
            client_id,
            client_secret,
            api_origin,
            file_origin,
            users,
            blobs,
            store: Mutex::new(store),
            sha_cache: Mutex::new(HashMap::new()),
            faults,
            counters: Counters::default(),
            url_secret,
        }
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub(crate) fn tokens(&self) -> MutexGuard<'_, Tokens> {
        lock(&self.tokens)
    }

    /// The index of a user by id, e-mail or `me` (the first user).
    pub(crate) fn user_index(&self, user_id: &str) -> Option<usize> {
        if user_id == "me" {
            return Some(0);
        }
        self.users
            .iter()
            .position(|u| u.id == user_id || u.email.eq_ignore_ascii_case(user_id))
    }

    /// The SHA-256 of a file's bytes, computed once.
    pub(crate) fn sha256_hex(&self, blob: &Blob) -> String {
        if let Some(hex) = lock(&self.sha_cache).get(&blob.id) {
            return hex.clone();
        }
        let hex = blob.sha256_hex();
        lock(&self.sha_cache).insert(blob.id.clone(), hex.clone());
        hex
    }
}
