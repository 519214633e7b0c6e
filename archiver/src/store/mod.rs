//! Where archived bytes go. A [`Store`] is the only place the archiver writes:
//! a local folder ([`FolderStore`]: `.part`, fsync, rename) or any object store
//! the `object_store` crate reaches ([`ObjectStoreDest`]: one put for small
//! files, a multipart upload aborted on any failure for large ones). Either
//! way nothing incomplete ever becomes visible under its final name.

mod folder;
mod object;
mod upload;

use std::collections::HashMap;
use std::fmt;

use async_trait::async_trait;
use bytes::Bytes;
use zoom_cloud_recording::download::Download;

pub use folder::FolderStore;
pub use object::ObjectStoreDest;
pub use upload::PART_SIZE;

/// What a store holds at a path: its size and the SHA-256 of its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Bytes.
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// What [`Store::head`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// Bytes.
    pub size: u64,
    /// The SHA-256 the object carries (object stores: the `sha256` metadata,
    /// which only single-put objects have; folders: hashed from disk).
    pub sha256: Option<String>,
}

/// What an object is labelled with, where the store keeps user metadata
/// (object stores: `x-amz-meta-*` and the like). The manifest always has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labels {
    /// Zoom's file id, or the archive's file key for files without one.
    pub file_key: String,
    /// The meeting instance's UUID.
    pub meeting_uuid: String,
}

/// The metadata keys labels are written under.
pub mod metadata_keys {
    /// Zoom's file id (or the archive's key for files Zoom gives no id).
    pub const FILE_ID: &str = "zoom-file-id";
    /// The meeting instance's UUID.
    pub const MEETING_UUID: &str = "zoom-meeting-uuid";
    /// The SHA-256 of the object's bytes, for objects written in one request
    /// (an object store fixes a multipart upload's metadata before its first
    /// byte, when the hash is not known yet; the manifest has it for all).
    pub const SHA256: &str = "sha256";
}

/// A store operation that failed.
#[derive(Debug)]
pub struct StoreError {
    /// What was being done: `write`, `read`, `list`, `delete`, …
    pub operation: &'static str,
    /// The path inside the destination.
    pub path: String,
    /// Why.
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl StoreError {
    pub(crate) fn new(
        operation: &'static str,
        path: &str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            operation,
            path: path.to_owned(),
            source: source.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not {} {}: {}", self.operation, self.path, self.source)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Why a transfer from Zoom into a store did not complete.
#[derive(Debug)]
pub enum TransferError {
    /// The download failed (Zoom, the network, or a check on what arrived).
    Zoom(zoom_cloud_recording::Error),
    /// The store refused or lost the write.
    Store(StoreError),
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Zoom(e) => write!(f, "download failed: {e}"),
            Self::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for TransferError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Zoom(e) => Some(e),
            Self::Store(e) => Some(e),
        }
    }
}

/// A destination for an archive. Paths are relative and `/`-separated.
#[async_trait]
pub trait Store: Send + Sync + fmt::Debug {
    /// Where this is, for people (`s3://bucket/prefix`, `/srv/zoom`); never
    /// carries credentials.
    fn describe(&self) -> String;

    /// Streams `download` into `path`, hashing as it goes; the object appears
    /// only once it is complete and its size checked.
    async fn transfer(
        &self,
        download: Download<'_>,
        path: &str,
        labels: &Labels,
    ) -> Result<Stored, TransferError>;

    /// Writes `bytes` to `path` in one step.
    async fn put(&self, path: &str, bytes: Bytes, labels: &Labels) -> Result<Stored, StoreError>;

    /// What the store says about `path` without (for object stores) reading
    /// it: its size and the SHA-256 it was labelled with. A folder re-reads
    /// the file from disk and hashes it, so its answer is always checked.
    async fn head(&self, path: &str) -> Result<Option<Head>, StoreError>;

    /// The whole content at `path` (for small files: the manifest), or `None`.
    async fn read(&self, path: &str) -> Result<Option<Bytes>, StoreError>;

    /// Reads `path` back in full and hashes it, or `None` when it is absent.
    async fn digest(&self, path: &str) -> Result<Option<Stored>, StoreError>;

    /// The size of every complete object under `prefix` ("" for all), by path.
    async fn sizes(&self, prefix: &str) -> Result<HashMap<String, u64>, StoreError>;

    /// Removes `path`; removing what is absent is not an error.
    async fn delete(&self, path: &str) -> Result<(), StoreError>;
}

/// Lowercase hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
