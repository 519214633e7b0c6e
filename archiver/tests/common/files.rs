//! Looking at an archive folder: its files, their hashes, its manifest.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use sha2::{Digest, Sha256};
use zoom_archiver::store::FolderStore;
use zoom_archiver::{Manifest, ManifestEntry};

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of the file at `path`.
pub fn sha256_of(path: &Path) -> String {
    sha256_hex(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Every file under `root`, as `/`-separated paths relative to it, sorted.
pub fn files_under(root: &Path) -> Vec<String> {
    snapshot(root)
        .into_iter()
        .filter(|(_, seen)| !seen.dir)
        .map(|(path, _)| path)
        .collect()
}

/// The files under `root` that the archive holds for Zoom (the manifest left out).
pub fn archived_files(root: &Path) -> Vec<String> {
    files_under(root)
        .into_iter()
        .filter(|p| p != zoom_archiver::MANIFEST_FILE && !p.starts_with("manifest.d/"))
        .collect()
}

/// What a snapshot records of one file or folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// A folder.
    pub dir: bool,
    /// Bytes (0 for folders).
    pub len: u64,
    /// Last modified.
    pub modified: SystemTime,
}

/// Every file and folder under `root` (relative, `/`-separated) with its size
/// and modification time: two snapshots are equal when nothing was written.
pub fn snapshot(root: &Path) -> BTreeMap<String, Seen> {
    let mut found = BTreeMap::new();
    let mut folders = vec![(root.to_owned(), String::new())];
    while let Some((dir, relative)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if relative.is_empty() {
                name
            } else {
                format!("{relative}/{name}")
            };
            let meta = entry.metadata().unwrap();
            found.insert(
                path.clone(),
                Seen {
                    dir: meta.is_dir(),
                    len: if meta.is_dir() { 0 } else { meta.len() },
                    modified: meta.modified().unwrap(),
                },
            );
            if meta.is_dir() {
                folders.push((entry.path(), path));
            }
        }
    }
    found
}

/// The manifest of the folder archive at `root`, as the library reads it.
pub async fn manifest(root: &Path) -> Manifest {
    Manifest::load(&FolderStore::new(root))
        .await
        .expect("the manifest is readable")
}

/// Every entry of the folder archive at `root`, by path.
pub async fn entries(root: &Path) -> Vec<ManifestEntry> {
    manifest(root).await.entries().into_iter().cloned().collect()
}

/// Checks that each of `entries` is on disk under `root` with its recorded size and SHA-256.
pub fn assert_on_disk(root: &Path, entries: &[ManifestEntry]) {
    for entry in entries {
        let bytes = std::fs::read(root.join(&entry.path)).unwrap_or_else(|e| panic!("{}: {e}", entry.path));
        assert_eq!(bytes.len() as u64, entry.size, "{}", entry.path);
        assert_eq!(sha256_hex(&bytes), entry.sha256, "{}", entry.path);
    }
}
