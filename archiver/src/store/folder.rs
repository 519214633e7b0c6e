//! A local folder: every file is written as `<name>.part`, synced to disk and
//! renamed into place, so a crash leaves either the whole file or a `.part`
//! that the next run resumes (downloads) or rewrites (small files).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use async_trait::async_trait;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use zoom_cloud_recording::download::{Download, PART_SUFFIX, part_path};

use super::{Head, Labels, Store, StoreError, Stored, TransferError, hex};

/// A folder on this machine.
#[derive(Clone, Debug)]
pub struct FolderStore {
    root: PathBuf,
}

impl FolderStore {
    /// The folder at `root` (created when the first file is written).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `root/path`, refusing a path that would leave the folder.
    fn local(&self, path: &str) -> Result<PathBuf, StoreError> {
        let relative = Path::new(path);
        let inside = relative.components().all(|c| matches!(c, Component::Normal(_)));
        if !inside || path.is_empty() {
            return Err(StoreError::new(
                "use",
                path,
                "not a relative path inside the archive",
            ));
        }
        Ok(self.root.join(relative))
    }
}

#[async_trait]
impl Store for FolderStore {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    async fn transfer(
        &self,
        download: Download<'_>,
        path: &str,
        _labels: &Labels,
    ) -> Result<Stored, TransferError> {
        let local = self.local(path).map_err(TransferError::Store)?;
        let done = download.to_path(local).await.map_err(TransferError::Zoom)?;
        Ok(Stored {
            size: done.bytes,
            sha256: done.sha256,
        })
    }

    async fn put(&self, path: &str, bytes: Bytes, _labels: &Labels) -> Result<Stored, StoreError> {
        let local = self.local(path)?;
        let stored = Stored {
            size: bytes.len() as u64,
            sha256: hex(&Sha256::digest(&bytes)),
        };
        let shown = path.to_owned();
        tokio::task::spawn_blocking(move || write_synced(&local, &bytes))
            .await
            .map_err(|e| StoreError::new("write", &shown, e))?
            .map_err(|e| StoreError::new("write", &shown, e))?;
        Ok(stored)
    }

    async fn head(&self, path: &str) -> Result<Option<Head>, StoreError> {
        Ok(self.digest(path).await?.map(|stored| Head {
            size: stored.size,
            sha256: Some(stored.sha256),
        }))
    }

    async fn read(&self, path: &str) -> Result<Option<Bytes>, StoreError> {
        match tokio::fs::read(self.local(path)?).await {
            Ok(bytes) => Ok(Some(bytes.into())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::new("read", path, e)),
        }
    }

    async fn digest(&self, path: &str) -> Result<Option<Stored>, StoreError> {
        let local = self.local(path)?;
        let shown = path.to_owned();
        tokio::task::spawn_blocking(move || hash_file(&local))
            .await
            .map_err(|e| StoreError::new("read", &shown, e))?
            .map_err(|e| StoreError::new("read", &shown, e))
    }

    async fn sizes(&self, prefix: &str) -> Result<HashMap<String, u64>, StoreError> {
        let root = self.root.clone();
        let prefix = prefix.to_owned();
        let shown = prefix.clone();
        tokio::task::spawn_blocking(move || {
            let mut found = HashMap::new();
            walk(&root, "", &mut found)?;
            found.retain(|path, _| path.starts_with(&prefix));
            Ok::<_, std::io::Error>(found)
        })
        .await
        .map_err(|e| StoreError::new("list", &shown, e))?
        .map_err(|e| StoreError::new("list", &shown, e))
    }

    async fn delete(&self, path: &str) -> Result<(), StoreError> {
        match tokio::fs::remove_file(self.local(path)?).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::new("delete", path, e)),
        }
    }
}

/// Writes `path.part`, syncs it, renames it over `path`.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let part = part_path(path);
    let mut file = std::fs::File::create(&part)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&part, path)
}

fn hash_file(path: &Path) -> std::io::Result<Option<Stored>> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    Ok(Some(Stored {
        size,
        sha256: hex(&hasher.finalize()),
    }))
}

/// Every complete file under `dir` (no `.part`), by `/`-separated path.
fn walk(dir: &Path, relative: &str, found: &mut HashMap<String, u64>) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && relative.is_empty() => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if relative.is_empty() {
            name.clone()
        } else {
            format!("{relative}/{name}")
        };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), &path, found)?;
        } else if kind.is_file() && !name.ends_with(PART_SUFFIX) {
            found.insert(path, entry.metadata()?.len());
        }
    }
    Ok(())
}
