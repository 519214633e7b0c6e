//! The manifest: the one record of what is archived, kept in the destination
//! itself so that plan, verify, retention and the service all read the same.
//!
//! Object stores cannot append, so the manifest is a log of immutable pieces:
//! each archived file adds one small object under `manifest.d/` (written in
//! one step: it exists whole or not at all), and a run that archives
//! something first folds the pieces into `manifest.jsonl` (one JSON line per
//! file, written in one step too) and only then removes them. A crash at any
//! point leaves every entry it recorded readable. A piece or a line that does
//! not parse (damaged) is reported and its file is treated as not archived,
//! so it is fetched again; it never stops a run.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::store::{Labels, Store, StoreError};

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

    /// The labels its object carries.
    pub fn labels(&self) -> Labels {
        Labels {
            file_key: self.file_key.clone(),
            meeting_uuid: self.meeting_uuid.clone(),
        }
    }
}

/// A part of the manifest that could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged {
    /// `manifest.jsonl:17` or `manifest.d/<piece>`.
    pub at: String,
    /// Why it did not parse.
    pub reason: String,
}

/// The manifest of a destination, as read at the start of a run.
#[derive(Debug, Default)]
pub struct Manifest {
    entries: HashMap<String, ManifestEntry>,
    pieces: Vec<String>,
    damaged: Vec<Damaged>,
    run: String,
    next_piece: AtomicU64,
}

impl Manifest {
    /// Reads `manifest.jsonl` and every piece (later entries for a key win).
    pub async fn load(store: &dyn Store) -> Result<Self, StoreError> {
        let mut manifest = Self {
            run: run_id(),
            ..Self::default()
        };
        if let Some(folded) = store.read(MANIFEST_FILE).await? {
            for (number, line) in String::from_utf8_lossy(&folded).lines().enumerate() {
                manifest.take(line, || format!("{MANIFEST_FILE}:{}", number + 1));
            }
        }
        let prefix = format!("{PIECES_DIR}/");
        let mut pieces: Vec<String> = store.sizes(&prefix).await?.into_keys().collect();
        pieces.sort();
        for piece in &pieces {
            if let Some(bytes) = store.read(piece).await? {
                for line in String::from_utf8_lossy(&bytes).lines() {
                    manifest.take(line, || piece.clone());
                }
            }
        }
        manifest.pieces = pieces;
        Ok(manifest)
    }

    fn take(&mut self, line: &str, at: impl Fn() -> String) {
        if line.trim().is_empty() {
            return;
        }
        match serde_json::from_str::<ManifestEntry>(line) {
            Ok(entry) => {
                self.entries.insert(entry.file_key.clone(), entry);
            }
            Err(e) => self.damaged.push(Damaged {
                at: at(),
                reason: e.to_string(),
            }),
        }
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
        &self.damaged
    }

    /// The path an earlier run chose for `key`, so names stay stable.
    pub fn path_of(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(|e| e.path.as_str())
    }

    /// Folds the pieces into `manifest.jsonl`, then removes them. Does
    /// nothing when there are none.
    pub async fn fold(&mut self, store: &dyn Store) -> Result<(), StoreError> {
        if self.pieces.is_empty() && self.damaged.is_empty() {
            return Ok(());
        }
        let ordered: BTreeMap<&str, &ManifestEntry> =
            self.entries.values().map(|e| (e.path.as_str(), e)).collect();
        let mut text = String::new();
        for entry in ordered.values() {
            text.push_str(
                &serde_json::to_string(entry).map_err(|e| StoreError::new("write", MANIFEST_FILE, e))?,
            );
            text.push('\n');
        }
        store
            .put(MANIFEST_FILE, Bytes::from(text), &Labels::default())
            .await?;
        for piece in std::mem::take(&mut self.pieces) {
            store.delete(&piece).await?;
        }
        Ok(())
    }

    /// Records `entry` durably (one new piece), then remembers it.
    pub async fn record(&mut self, store: &dyn Store, entry: ManifestEntry) -> Result<(), StoreError> {
        let seq = self.next_piece.fetch_add(1, Ordering::Relaxed);
        let piece = format!("{PIECES_DIR}/{}-{seq:06}.json", self.run);
        let mut line = serde_json::to_string(&entry).map_err(|e| StoreError::new("write", &piece, e))?;
        line.push('\n');
        store.put(&piece, Bytes::from(line), &entry.labels()).await?;
        self.pieces.push(piece);
        self.entries.insert(entry.file_key.clone(), entry);
        Ok(())
    }
}

/// Sortable and unique enough per run: the start time plus random bits.
fn run_id() -> String {
    let now = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let nonce: u32 = rand_u32();
    format!("{now}-{nonce:08x}")
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(std::process::id().into());
    hasher.finish() as u32
}
