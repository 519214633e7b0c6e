//! The manifest: the one record of what is archived, kept in the destination
//! itself so that plan, verify, retention and the service all read the same.
//!
//! It is a [`Journal`](crate::journal): each archived file adds one small
//! object under `manifest.d/` (written in one step), and a run folds the
//! pieces into `manifest.jsonl` (one JSON line per file) before it starts and
//! when it ends, removing them only after. A crash at any point leaves every
//! entry it recorded readable. A piece or a line that does not parse
//! (damaged) is reported and its file is treated as not archived, so it is
//! fetched again; it never stops a run.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use crate::journal::Damaged;
use crate::journal::Journal;
use crate::store::{Store, StoreError};

/// The folded manifest's path inside the destination.
pub const MANIFEST_FILE: &str = "manifest.jsonl";

/// The folder of manifest pieces not folded yet.
pub const PIECES_DIR: &str = "manifest.d";

/// The entry status of a file that is complete in the destination.
pub const DOWNLOADED: &str = "downloaded";

/// One archived file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ManifestEntry {
    /// The meeting instance's UUID.
    pub meeting_uuid: String,
    /// What identifies the file: Zoom's file id, or for what Zoom gives no
    /// id, `<meeting uuid>:<kind>` (`:transcript`, `:summary`, `:meeting`) or
    /// `<meeting uuid>:<file type>:<recording start>`.
    pub file_key: String,
    /// Where it is, relative to the destination (`/`-separated).
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// `downloaded`.
    pub status: String,
    /// The user whose recording it is (as the archive names them).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub user: String,
    /// What it is: a Zoom file type (`MP4`, `TRANSCRIPT`, …), `participant_audio`,
    /// `transcript`, `summary` or `metadata`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// When it was archived (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub archived_at: String,
}

impl ManifestEntry {
    /// A downloaded entry.
    pub fn new(meeting_uuid: &str, file_key: &str, path: &str, size: u64, sha256: &str) -> Self {
        Self {
            meeting_uuid: meeting_uuid.to_owned(),
            file_key: file_key.to_owned(),
            path: path.to_owned(),
            size,
            sha256: sha256.to_owned(),
            status: DOWNLOADED.to_owned(),
            user: String::new(),
            kind: String::new(),
            archived_at: String::new(),
        }
    }
}

/// The manifest of a destination, as read at the start of a run.
#[derive(Debug)]
pub struct Manifest {
    journal: Journal<ManifestEntry>,
    /// The latest entry per file key.
    entries: HashMap<String, ManifestEntry>,
}

impl Manifest {
    /// Reads `manifest.jsonl` and every piece (later entries for a key win).
    pub async fn load(store: &dyn Store) -> Result<Self, StoreError> {
        let journal: Journal<ManifestEntry> = Journal::load(store, MANIFEST_FILE, PIECES_DIR).await?;
        let entries = journal
            .records()
            .iter()
            .map(|entry| (entry.file_key.clone(), entry.clone()))
            .collect();
        Ok(Self { journal, entries })
    }

    /// The downloaded entry of `key`.
    pub fn get(&self, key: &str) -> Option<&ManifestEntry> {
        self.entries.get(key).filter(|e| e.status == DOWNLOADED)
    }

    /// Every downloaded entry, by path.
    pub fn entries(&self) -> Vec<&ManifestEntry> {
        let mut entries: Vec<_> = self.entries.values().filter(|e| e.status == DOWNLOADED).collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries
    }

    /// What could not be read back.
    pub fn damaged(&self) -> &[Damaged] {
        self.journal.damaged()
    }

    /// The path an earlier run chose for `key`, so names stay stable.
    pub fn path_of(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(|e| e.path.as_str())
    }

    /// Folds the pieces into `manifest.jsonl` (one line per file key, by
    /// path), then removes them. Does nothing when there are none.
    pub async fn fold(&mut self, store: &dyn Store) -> Result<(), StoreError> {
        let mut latest: Vec<&ManifestEntry> = self.entries.values().collect();
        latest.sort_by(|a, b| (&a.path, &a.file_key).cmp(&(&b.path, &b.file_key)));
        self.journal.fold_as(store, &latest).await
    }

    /// Records `entry` durably (one new piece), then remembers it.
    pub async fn record(&mut self, store: &dyn Store, entry: ManifestEntry) -> Result<(), StoreError> {
        self.journal.append(store, entry.clone()).await?;
        self.entries.insert(entry.file_key.clone(), entry);
        Ok(())
    }
}
