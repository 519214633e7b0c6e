//! `manifest.jsonl`: one JSON line per archived file, appended as each
//! download completes, read back so a second run transfers nothing new.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;

/// The manifest's file name inside the archive folder.
pub const MANIFEST_FILE: &str = "manifest.jsonl";

/// One archived file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ManifestEntry {
    /// The meeting instance's UUID.
    pub meeting_uuid: String,
    /// What identifies the file: its id, or for files Zoom lists without one,
    /// `<meeting uuid>:<file type>:<recording start>`.
    pub file_key: String,
    /// Where the file is, relative to the archive folder (`/`-separated).
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// `downloaded`.
    pub status: String,
}

/// The entry status of a file that is complete on disk.
pub const DOWNLOADED: &str = "downloaded";

/// The manifest of an archive folder.
pub(crate) struct Manifest {
    file: PathBuf,
    entries: HashMap<String, ManifestEntry>,
}

impl Manifest {
    /// Reads `<root>/manifest.jsonl` if it exists. Lines that do not parse
    /// (a run killed mid-write) are ignored: their files are fetched again.
    pub(crate) async fn open(root: &Path) -> std::io::Result<Self> {
        let file = root.join(MANIFEST_FILE);
        let text = match tokio::fs::read_to_string(&file).await {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e),
        };
        let entries = text
            .lines()
            .filter_map(|line| serde_json::from_str::<ManifestEntry>(line).ok())
            .map(|entry| (entry.file_key.clone(), entry))
            .collect();
        Ok(Self { file, entries })
    }

    /// The entry of a file already archived and still intact on disk (its size checked).
    pub(crate) async fn archived(&self, root: &Path, key: &str) -> Option<&ManifestEntry> {
        let entry = self.entries.get(key).filter(|e| e.status == DOWNLOADED)?;
        let on_disk = tokio::fs::metadata(root.join(&entry.path)).await.ok()?;
        (on_disk.len() == entry.size).then_some(entry)
    }

    /// The path an earlier run chose for `key`, so names stay stable across runs.
    pub(crate) fn path_of(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(|e| e.path.as_str())
    }

    /// Appends `entry` (one line, flushed) and remembers it.
    pub(crate) async fn record(&mut self, entry: ManifestEntry) -> std::io::Result<()> {
        let mut line = serde_json::to_string(&entry).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.file)
            .await?;
        file.write_all(line.as_bytes()).await?;
        file.flush().await?;
        self.entries.insert(entry.file_key.clone(), entry);
        Ok(())
    }
}
