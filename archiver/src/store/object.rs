//! Any object store the `object_store` crate reaches (S3 and compatible
//! servers, Google Cloud Storage, Azure Blob Storage), under a prefix.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use futures::TryStreamExt;
use object_store::path::Path;
use object_store::{Attribute, GetOptions, ObjectStore, ObjectStoreExt, PutOptions};
use sha2::{Digest, Sha256};
use zoom_cloud_recording::download::Download;

use super::{Head, Labels, Store, StoreError, Stored, TransferError, hex, metadata_keys, upload};

/// An object store and the prefix the archive lives under.
#[derive(Clone)]
pub struct ObjectStoreDest {
    store: Arc<dyn ObjectStore>,
    prefix: String,
    description: String,
}

impl std::fmt::Debug for ObjectStoreDest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectStoreDest")
            .field("at", &self.description)
            .finish_non_exhaustive()
    }
}

impl ObjectStoreDest {
    /// The archive under `prefix` ("" for the root; `/`-separated) of `store`,
    /// shown to people as `description` (a URL without credentials).
    pub fn new(store: Arc<dyn ObjectStore>, prefix: &str, description: impl Into<String>) -> Self {
        Self {
            store,
            prefix: prefix.trim_matches('/').to_owned(),
            description: description.into(),
        }
    }

    /// The object store itself.
    pub fn inner(&self) -> &Arc<dyn ObjectStore> {
        &self.store
    }

    fn location(&self, path: &str) -> Result<Path, StoreError> {
        let full = if self.prefix.is_empty() {
            path.to_owned()
        } else {
            format!("{}/{path}", self.prefix)
        };
        let parsed = Path::parse(&full).map_err(|e| StoreError::new("use", path, e))?;
        if path.is_empty()
            || path
                .split('/')
                .any(|part| part.is_empty() || part == "." || part == "..")
        {
            return Err(StoreError::new(
                "use",
                path,
                "not a relative path inside the archive",
            ));
        }
        Ok(parsed)
    }
}

fn absent(error: &object_store::Error) -> bool {
    matches!(error, object_store::Error::NotFound { .. })
}

#[async_trait]
impl Store for ObjectStoreDest {
    fn describe(&self) -> String {
        self.description.clone()
    }

    async fn transfer(
        &self,
        download: Download<'_>,
        path: &str,
        labels: &Labels,
    ) -> Result<Stored, TransferError> {
        let location = self.location(path).map_err(TransferError::Store)?;
        upload::transfer(&self.store, &location, path, download, labels).await
    }

    async fn put(&self, path: &str, bytes: Bytes, labels: &Labels) -> Result<Stored, StoreError> {
        let location = self.location(path)?;
        let stored = Stored {
            size: bytes.len() as u64,
            sha256: hex(&Sha256::digest(&bytes)),
        };
        let options = PutOptions {
            attributes: upload::attributes(labels, Some(&stored.sha256)),
            ..PutOptions::default()
        };
        self.store
            .put_opts(&location, bytes.into(), options)
            .await
            .map_err(|e| StoreError::new("write", path, e))?;
        Ok(stored)
    }

    async fn head(&self, path: &str) -> Result<Option<Head>, StoreError> {
        let location = self.location(path)?;
        let options = GetOptions {
            head: true,
            ..GetOptions::default()
        };
        match self.store.get_opts(&location, options).await {
            Ok(found) => Ok(Some(Head {
                size: found.meta.size,
                sha256: found
                    .attributes
                    .get(&Attribute::Metadata(metadata_keys::SHA256.into()))
                    .map(|v| v.as_ref().to_owned()),
            })),
            Err(e) if absent(&e) => Ok(None),
            Err(e) => Err(StoreError::new("read", path, e)),
        }
    }

    async fn read(&self, path: &str) -> Result<Option<Bytes>, StoreError> {
        let location = self.location(path)?;
        match self.store.get(&location).await {
            Ok(found) => found
                .bytes()
                .await
                .map(Some)
                .map_err(|e| StoreError::new("read", path, e)),
            Err(e) if absent(&e) => Ok(None),
            Err(e) => Err(StoreError::new("read", path, e)),
        }
    }

    async fn digest(&self, path: &str) -> Result<Option<Stored>, StoreError> {
        let location = self.location(path)?;
        let found = match self.store.get(&location).await {
            Ok(found) => found,
            Err(e) if absent(&e) => return Ok(None),
            Err(e) => return Err(StoreError::new("read", path, e)),
        };
        let mut stream = found.into_stream();
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = stream
            .try_next()
            .await
            .map_err(|e| StoreError::new("read", path, e))?
        {
            hasher.update(&chunk);
            size += chunk.len() as u64;
        }
        Ok(Some(Stored {
            size,
            sha256: hex(&hasher.finalize()),
        }))
    }

    async fn sizes(&self, prefix: &str) -> Result<HashMap<String, u64>, StoreError> {
        let root = (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()));
        let strip = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        let mut found = HashMap::new();
        let mut listing = self.store.list(root.as_ref());
        while let Some(meta) = listing
            .try_next()
            .await
            .map_err(|e| StoreError::new("list", prefix, e))?
        {
            let full = meta.location.as_ref();
            if let Some(relative) = full.strip_prefix(&strip).filter(|r| r.starts_with(prefix)) {
                found.insert(relative.to_owned(), meta.size);
            }
        }
        Ok(found)
    }

    async fn delete(&self, path: &str) -> Result<(), StoreError> {
        let location = self.location(path)?;
        match self.store.delete(&location).await {
            Ok(()) => Ok(()),
            Err(e) if absent(&e) => Ok(()),
            Err(e) => Err(StoreError::new("delete", path, e)),
        }
    }
}
