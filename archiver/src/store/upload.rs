//! Streaming a download into an object store in constant memory: the SDK
//! writes into one end of an in-memory pipe; this side cuts what arrives into
//! parts and uploads them (a few at a time) while the download goes on. The
//! object is committed only when the download completed and was verified:
//! small files with one put (which can carry their SHA-256 as metadata), large
//! ones by completing the multipart upload. On any failure the upload is
//! aborted, so no partial object ever appears.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use object_store::path::Path;
use object_store::{Attribute, Attributes, MultipartUpload, ObjectStore, PutMultipartOptions, PutOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::task::JoinSet;
use zoom_cloud_recording::download::Download;

use super::{Labels, StoreError, Stored, TransferError, metadata_keys};

/// The size of each uploaded part (S3 wants at least 5 MiB but for the last);
/// files up to this size are written with a single put.
pub const PART_SIZE: usize = 8 << 20;

/// Parts uploading at once for one file (memory: about this many parts plus
/// the one filling, per file).
const PARTS_IN_FLIGHT: usize = 2;

/// The pipe between the download and the uploader.
const PIPE_BYTES: usize = 1 << 20;

/// Downloads into `location` of `store`.
pub(crate) async fn transfer(
    store: &Arc<dyn ObjectStore>,
    location: &Path,
    shown: &str,
    download: Download<'_>,
    labels: &Labels,
) -> Result<Stored, TransferError> {
    let (mut writer, reader) = tokio::io::duplex(PIPE_BYTES);
    let uploading = upload(store, location, shown, reader, labels);
    let downloading = async move {
        let result = download.to_writer(&mut writer).await;
        // The end of the pipe: the uploader sees EOF (and decides nothing).
        let _ = writer.shutdown().await;
        result
    };
    let (downloaded, uploaded) = tokio::join!(downloading, uploading);
    let pending = match uploaded {
        Ok(pending) => pending,
        Err((upload, error)) => {
            abort(upload, shown).await;
            return Err(TransferError::Store(error));
        }
    };
    let done = match downloaded {
        Ok(done) => done,
        Err(error) => {
            pending.abort(shown).await;
            return Err(TransferError::Zoom(error));
        }
    };
    if done.bytes != pending.received {
        let message = format!(
            "the download reported {} bytes but {} reached the store",
            done.bytes, pending.received
        );
        pending.abort(shown).await;
        return Err(TransferError::Store(StoreError::new("write", shown, message)));
    }
    let stored = Stored {
        size: done.bytes,
        sha256: done.sha256,
    };
    pending
        .commit(store, location, shown, labels, &stored.sha256)
        .await
        .map_err(TransferError::Store)?;
    Ok(stored)
}

/// The metadata an object carries.
pub(crate) fn attributes(labels: &Labels, sha256: Option<&str>) -> Attributes {
    let mut attributes = Attributes::new();
    // The archive's own files (manifest, logs) carry no labels.
    if !labels.file_key.is_empty() {
        attributes.insert(
            Attribute::Metadata(metadata_keys::FILE_ID.into()),
            labels.file_key.clone().into(),
        );
    }
    if !labels.meeting_uuid.is_empty() {
        attributes.insert(
            Attribute::Metadata(metadata_keys::MEETING_UUID.into()),
            labels.meeting_uuid.clone().into(),
        );
    }
    if let Some(sha256) = sha256 {
        attributes.insert(
            Attribute::Metadata(metadata_keys::SHA256.into()),
            sha256.to_owned().into(),
        );
    }
    attributes
}

/// What the uploader holds once the pipe ended: not yet committed.
struct Pending {
    /// The multipart upload, once the file outgrew one part.
    upload: Option<Box<dyn MultipartUpload>>,
    /// Bytes not uploaded yet (the whole file when `upload` is `None`).
    tail: BytesMut,
    /// Bytes read from the pipe.
    received: u64,
}

type Failed = (Option<Box<dyn MultipartUpload>>, StoreError);

impl Pending {
    async fn commit(
        mut self,
        store: &Arc<dyn ObjectStore>,
        location: &Path,
        shown: &str,
        labels: &Labels,
        sha256: &str,
    ) -> Result<(), StoreError> {
        let Some(mut upload) = self.upload.take() else {
            let options = PutOptions {
                attributes: attributes(labels, Some(sha256)),
                ..PutOptions::default()
            };
            let payload = self.tail.freeze();
            return store
                .put_opts(location, payload.into(), options)
                .await
                .map(drop)
                .map_err(|e| StoreError::new("write", shown, e));
        };
        let finished = async {
            if !self.tail.is_empty() {
                upload.put_part(self.tail.split().freeze().into()).await?;
            }
            upload.complete().await
        };
        match finished.await {
            Ok(_) => Ok(()),
            Err(e) => {
                abort(Some(upload), shown).await;
                Err(StoreError::new("write", shown, e))
            }
        }
    }

    async fn abort(self, shown: &str) {
        abort(self.upload, shown).await;
    }
}

async fn abort(upload: Option<Box<dyn MultipartUpload>>, shown: &str) {
    if let Some(mut upload) = upload
        && let Err(error) = upload.abort().await
    {
        tracing::warn!(path = shown, %error, "could not abort an incomplete multipart upload");
    }
}

/// Reads the pipe to its end, uploading full parts as they fill. Each part
/// uploads on its own task, so it goes on while the next part is received.
async fn upload(
    store: &Arc<dyn ObjectStore>,
    location: &Path,
    shown: &str,
    mut reader: DuplexStream,
    labels: &Labels,
) -> Result<Pending, Failed> {
    let mut upload: Option<Box<dyn MultipartUpload>> = None;
    let mut in_flight: JoinSet<object_store::Result<()>> = JoinSet::new();
    let mut buffer = BytesMut::with_capacity(PART_SIZE);
    let mut received = 0u64;
    let failed = |e: String| StoreError::new("write", shown, e);
    loop {
        let n = match reader.read_buf(&mut buffer).await {
            Ok(n) => n,
            Err(e) => return Err((upload, failed(e.to_string()))),
        };
        received += n as u64;
        if n > 0 && buffer.len() < PART_SIZE {
            continue;
        }
        if n == 0 {
            break;
        }
        // A full part: the file is large, so it becomes a multipart upload.
        let part: Bytes = buffer.split_to(PART_SIZE).freeze();
        if upload.is_none() {
            let options = PutMultipartOptions {
                attributes: attributes(labels, None),
                ..PutMultipartOptions::default()
            };
            match store.put_multipart_opts(location, options).await {
                Ok(started) => upload = Some(started),
                Err(e) => return Err((None, failed(e.to_string()))),
            }
        }
        while in_flight.len() >= PARTS_IN_FLIGHT {
            if let Err(e) = joined(in_flight.join_next().await) {
                return Err((upload, failed(e)));
            }
        }
        if let Some(started) = upload.as_mut() {
            in_flight.spawn(started.put_part(part.into()));
        }
        buffer.reserve(PART_SIZE);
    }
    while let Some(done) = in_flight.join_next().await {
        if let Err(e) = joined(Some(done)) {
            return Err((upload, failed(e)));
        }
    }
    Ok(Pending {
        upload,
        tail: buffer,
        received,
    })
}

/// A finished part upload's outcome, as an error message when it failed.
fn joined(done: Option<Result<object_store::Result<()>, tokio::task::JoinError>>) -> Result<(), String> {
    match done {
        None | Some(Ok(Ok(()))) => Ok(()),
        Some(Ok(Err(e))) => Err(e.to_string()),
        Some(Err(e)) => Err(format!("a part upload stopped: {e}")),
    }
}
