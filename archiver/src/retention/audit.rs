//! `retention.jsonl`: the audit log of every removal at Zoom, in the
//! destination. A removal is recorded as `intent` before the call is made and
//! as `done` (or `failed`) after, so a crash between the two leaves an honest
//! record: an `intent` without an outcome means "may have happened".

use serde::{Deserialize, Serialize};

use crate::journal::{Damaged, Journal};
use crate::store::{Store, StoreError};

/// The folded audit log's path inside the destination.
pub const AUDIT_FILE: &str = "retention.jsonl";
/// Its pieces not folded yet.
pub const AUDIT_PIECES_DIR: &str = "retention.d";

/// What was done at Zoom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Moved to Zoom's trash (recoverable for 30 days).
    Trash,
    /// Deleted for good.
    Delete,
    /// Taken back out of the trash by `restore`.
    Recover,
}

/// How far a record got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// About to call Zoom.
    Intent,
    /// Zoom accepted it.
    Done,
    /// Zoom had nothing left to remove (already trashed or deleted): done too.
    AlreadyGone,
    /// The call failed; nothing is known to have changed.
    Failed,
}

/// One archived copy a removal rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedCopy {
    /// Zoom's file id (or the archive's key).
    pub file_key: String,
    /// Where it is in the destination.
    pub path: String,
    /// Its size, as verified.
    pub size: u64,
    /// Its SHA-256, as verified.
    pub sha256: String,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// When (RFC 3339, UTC).
    pub time: String,
    /// What.
    pub action: Action,
    /// How far it got.
    pub state: State,
    /// The meeting instance's UUID.
    pub meeting_uuid: String,
    /// The file removed, or `None` for the whole meeting instance
    /// (`recordingDelete`).
    pub file_id: Option<String>,
    /// The verified copies this removal rests on.
    pub copies: Vec<VerifiedCopy>,
    /// Why it failed, for `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The audit log of a destination.
#[derive(Debug)]
pub struct AuditLog {
    journal: Journal<AuditRecord>,
}

impl AuditLog {
    /// Reads the log (folded file and pieces).
    pub async fn load(store: &dyn Store) -> Result<Self, StoreError> {
        Ok(Self {
            journal: Journal::load(store, AUDIT_FILE, AUDIT_PIECES_DIR).await?,
        })
    }

    /// Every record, in the order written.
    pub fn records(&self) -> &[AuditRecord] {
        self.journal.records()
    }

    /// What could not be read back.
    pub fn damaged(&self) -> &[Damaged] {
        self.journal.damaged()
    }

    /// What could not be read back, each as `<where>: <why>`, for a report.
    pub fn damaged_places(&self) -> Vec<String> {
        self.damaged()
            .iter()
            .map(|d| format!("{}: {}", d.at, d.reason))
            .collect()
    }

    /// Appends `record` durably before returning.
    pub async fn append(&mut self, store: &dyn Store, record: AuditRecord) -> Result<(), StoreError> {
        self.journal.append(store, record).await
    }

    /// Folds the pieces into `retention.jsonl`. Never while anything read
    /// back damaged: folding rewrites the log from what parsed, and a record
    /// of a removal must not be lost to one bad read; the pieces stay.
    pub async fn fold(&mut self, store: &dyn Store) -> Result<(), StoreError> {
        if !self.journal.damaged().is_empty() {
            tracing::warn!(damaged = ?self.journal.damaged(), "the audit log read back damaged; it is left unfolded");
            return Ok(());
        }
        let all: Vec<AuditRecord> = self.journal.records().to_vec();
        let refs: Vec<&AuditRecord> = all.iter().collect();
        self.journal.fold_as(store, &refs).await
    }
}

/// Now, as the log writes it.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::{AUDIT_FILE, AUDIT_PIECES_DIR, Action, AuditLog, AuditRecord, State};
    use crate::store::{FolderStore, Store};

    fn record(uuid: &str) -> AuditRecord {
        AuditRecord {
            time: "2026-12-01T00:00:00Z".into(),
            action: Action::Trash,
            state: State::Done,
            meeting_uuid: uuid.into(),
            file_id: None,
            copies: Vec::new(),
            error: None,
        }
    }

    #[tokio::test]
    async fn a_log_that_read_back_damaged_is_not_folded_so_no_record_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderStore::new(dir.path());
        let mut log = AuditLog::load(&store).await.unwrap();
        log.append(&store, record("a==")).await.unwrap();
        log.append(&store, record("b==")).await.unwrap();
        // One piece reads back damaged (as a bad read, or a cut write, would).
        let pieces: Vec<String> = store.sizes(AUDIT_PIECES_DIR).await.unwrap().into_keys().collect();
        assert_eq!(pieces.len(), 2);
        let damaged = dir.path().join(&pieces[0]);
        let text = std::fs::read_to_string(&damaged).unwrap();
        std::fs::write(&damaged, &text[..text.len() / 2]).unwrap();

        let mut reread = AuditLog::load(&store).await.unwrap();
        assert_eq!(reread.damaged().len(), 1);
        assert_eq!(reread.records().len(), 1);
        reread.fold(&store).await.unwrap();
        assert!(!dir.path().join(AUDIT_FILE).exists(), "nothing folded");
        assert_eq!(
            store.sizes(AUDIT_PIECES_DIR).await.unwrap().len(),
            2,
            "both pieces kept"
        );

        // Once the damage is gone (repaired by hand), the log folds whole.
        std::fs::write(&damaged, text).unwrap();
        let mut repaired = AuditLog::load(&store).await.unwrap();
        assert!(repaired.damaged().is_empty());
        repaired.fold(&store).await.unwrap();
        let folded = std::fs::read_to_string(dir.path().join(AUDIT_FILE)).unwrap();
        assert_eq!(folded.lines().count(), 2);
        assert!(store.sizes(AUDIT_PIECES_DIR).await.unwrap().is_empty());
    }
}
