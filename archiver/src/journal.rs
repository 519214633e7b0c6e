//! An append-only log of JSON records kept in a [`Store`], for the manifest
//! and the retention audit log.
//!
//! Object stores cannot append, so a journal is a folded file (`<name>.jsonl`,
//! one JSON record per line) plus immutable pieces (`<name>.d/<run>-<seq>.json`),
//! each written in one step by [`Journal::append`]: it exists whole or not at
//! all. [`Journal::fold_as`] writes the folded file anew with every record and
//! only then removes the pieces, so a crash at any point leaves every record
//! readable (at worst twice, which readers tolerate). A line or piece that
//! does not parse is reported as [`Damaged`], never fatal.

use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::{Labels, Store, StoreError};

/// A part of a journal that could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damaged {
    /// `manifest.jsonl:17` or `manifest.d/<piece>`.
    pub at: String,
    /// Why it did not parse.
    pub reason: String,
}

/// A journal's records as read, and where new ones go.
#[derive(Debug)]
pub struct Journal<T> {
    folded: String,
    pieces_dir: String,
    records: Vec<T>,
    pieces: Vec<String>,
    damaged: Vec<Damaged>,
    run: String,
    next_piece: AtomicU64,
}

impl<T: Serialize + DeserializeOwned> Journal<T> {
    /// Reads `folded` and every piece under `pieces_dir/`, in order (pieces
    /// sort by the time their run started).
    pub async fn load(store: &dyn Store, folded: &str, pieces_dir: &str) -> Result<Self, StoreError> {
        let mut journal = Self {
            folded: folded.to_owned(),
            pieces_dir: pieces_dir.to_owned(),
            records: Vec::new(),
            pieces: Vec::new(),
            damaged: Vec::new(),
            run: run_id(),
            next_piece: AtomicU64::new(0),
        };
        if let Some(bytes) = store.read(folded).await? {
            journal.take(parse(&bytes, |line| format!("{folded}:{line}")));
        }
        let mut pieces: Vec<String> = store
            .sizes(&format!("{pieces_dir}/"))
            .await?
            .into_keys()
            .collect();
        pieces.sort();
        for piece in &pieces {
            if let Some(bytes) = store.read(piece).await? {
                journal.take(parse(&bytes, |_| piece.clone()));
            }
        }
        journal.pieces = pieces;
        Ok(journal)
    }

    fn take(&mut self, parsed: Parsed<T>) {
        self.records.extend(parsed.records);
        self.damaged.extend(parsed.damaged);
    }

    /// Every record, in the order written.
    pub fn records(&self) -> &[T] {
        &self.records
    }

    /// What could not be read back.
    pub fn damaged(&self) -> &[Damaged] {
        &self.damaged
    }

    /// Writes `record` as a new piece (one step), then keeps it.
    pub async fn append(&mut self, store: &dyn Store, record: T) -> Result<(), StoreError> {
        let seq = self.next_piece.fetch_add(1, Ordering::Relaxed);
        let piece = format!("{}/{}-{seq:06}.json", self.pieces_dir, self.run);
        let mut line = serde_json::to_string(&record).map_err(|e| StoreError::new("write", &piece, e))?;
        line.push('\n');
        store.put(&piece, Bytes::from(line), &Labels::default()).await?;
        self.pieces.push(piece);
        self.records.push(record);
        Ok(())
    }

    /// Writes `records` (what to keep, in order) as the folded file, then
    /// removes the pieces. Does nothing when there are no pieces and nothing
    /// was damaged.
    pub async fn fold_as(&mut self, store: &dyn Store, records: &[&T]) -> Result<(), StoreError> {
        if self.pieces.is_empty() && self.damaged.is_empty() {
            return Ok(());
        }
        let mut text = String::new();
        for record in records {
            text.push_str(
                &serde_json::to_string(record).map_err(|e| StoreError::new("write", &self.folded, e))?,
            );
            text.push('\n');
        }
        store
            .put(&self.folded, Bytes::from(text), &Labels::default())
            .await?;
        for piece in std::mem::take(&mut self.pieces) {
            store.delete(&piece).await?;
        }
        self.damaged.clear();
        Ok(())
    }
}

/// What [`parse`] read from one file of a journal.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The records that parsed, in file order.
    pub records: Vec<T>,
    /// The lines that did not.
    pub damaged: Vec<Damaged>,
}

/// Reads one file of a journal: one JSON record per line (`\n`, or `\r\n`),
/// blank lines skipped. A line that is not one whole record (cut short by a
/// crash, overwritten, not UTF-8) is [`Damaged`] at `at(line number)`, and
/// the lines around it are read as usual: a damaged line never hides another.
///
/// Lines are parsed as bytes, so invalid UTF-8 makes its line damaged rather
/// than being replaced (a path with a replacement character would name a
/// file that does not exist).
pub fn parse<T: DeserializeOwned>(bytes: &[u8], at: impl Fn(usize) -> String) -> Parsed<T> {
    let mut parsed = Parsed {
        records: Vec::new(),
        damaged: Vec::new(),
    };
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<T>(line) {
            Ok(record) => parsed.records.push(record),
            Err(e) => parsed.damaged.push(Damaged {
                at: at(index + 1),
                reason: e.to_string(),
            }),
        }
    }
    parsed
}

/// Sortable by start time and unique per run.
fn run_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let now = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    format!("{now}-{:08x}", hasher.finish() as u32)
}
