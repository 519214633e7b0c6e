//! The `.part` writer thread: what reaches the file and its hash, in order,
//! across batches, truncation, resume and failure; and a failure of the
//! thread seen through a whole download.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::flusher::Flusher;
use super::part_writer::{PartWriter, BATCH_BYTES, DEPTH};
use super::{part_path, Sink};
use crate::download::{DownloadError, DownloadRequest};
use crate::error::Error;

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("zoom-sink-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `len` bytes that differ from one offset to the next.
fn bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8 ^ seed).collect()
}

fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

#[tokio::test]
async fn chunks_of_any_size_reach_the_file_in_order_across_batches() {
    let dir = TempDir::new();
    let part = dir.path().join("a.mp4.part");
    let (mut writer, existing) = PartWriter::open(part.clone()).await.unwrap();
    assert_eq!(existing, 0);
    let data = bytes(BATCH_BYTES * (DEPTH + 3) + 12_345, 7);
    // Odd chunk sizes, one larger than a batch, so chunks straddle buffers.
    let mut rest = &data[..];
    for size in [1, 7_000, BATCH_BYTES + 3, 65_536].iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (now, later) = rest.split_at((*size).min(rest.len()));
        writer.write(now).await.unwrap();
        rest = later;
    }
    let digest = writer.finish().await.unwrap();
    assert_eq!(std::fs::read(&part).unwrap(), data);
    assert_eq!(digest, sha256(&data));
}

#[tokio::test]
async fn a_resumed_part_is_hashed_with_what_it_already_had() {
    let dir = TempDir::new();
    let part = dir.path().join("b.mp4.part");
    let earlier = bytes(300_000, 1);
    std::fs::write(&part, &earlier).unwrap();
    let (mut writer, existing) = PartWriter::open(part.clone()).await.unwrap();
    assert_eq!(existing, earlier.len() as u64);
    let later = bytes(BATCH_BYTES + 5, 2);
    writer.write(&later).await.unwrap();
    let digest = writer.finish().await.unwrap();
    let whole = [earlier, later].concat();
    assert_eq!(std::fs::read(&part).unwrap(), whole);
    assert_eq!(digest, sha256(&whole));
}

#[tokio::test]
async fn truncating_drops_written_and_pending_bytes_and_the_hash() {
    let dir = TempDir::new();
    let part = dir.path().join("c.mp4.part");
    std::fs::write(&part, b"left by an earlier run").unwrap();
    let (mut writer, _) = PartWriter::open(part.clone()).await.unwrap();
    // One full batch handed over, and some bytes still pending.
    writer.write(&bytes(BATCH_BYTES + 1_000, 3)).await.unwrap();
    writer.truncate().await.unwrap();
    let fresh = bytes(70_000, 4);
    writer.write(&fresh).await.unwrap();
    let digest = writer.finish().await.unwrap();
    assert_eq!(std::fs::read(&part).unwrap(), fresh);
    assert_eq!(digest, sha256(&fresh));
}

#[tokio::test]
async fn closing_a_failed_download_keeps_every_byte_received() {
    let dir = TempDir::new();
    let part = dir.path().join("d.mp4.part");
    let (mut writer, _) = PartWriter::open(part.clone()).await.unwrap();
    let data = bytes(BATCH_BYTES + 777, 5);
    writer.write(&data).await.unwrap();
    writer.close().await;
    assert_eq!(std::fs::read(&part).unwrap(), data);
}

#[tokio::test]
async fn a_sink_restart_starts_the_file_and_the_count_over() {
    let dir = TempDir::new();
    let path = dir.path().join("e.mp4");
    std::fs::write(part_path(&path), b"stale").unwrap();
    let mut sink = Sink::part_file(&path).await.unwrap();
    assert_eq!((sink.written(), sink.resumed_from()), (5, 5));
    sink.write(b"more stale").await.unwrap();
    sink.restart().await.unwrap();
    assert_eq!((sink.written(), sink.resumed_from()), (0, 0));
    sink.write(b"the file").await.unwrap();
    sink.complete().await.unwrap();
    assert_eq!(sink.sha256_hex(), crate::hex::lower(&sha256(b"the file")));
    assert_eq!(sink.finish().await.unwrap().as_deref(), Some(path.as_path()));
    assert_eq!(std::fs::read(&path).unwrap(), b"the file");
    assert!(!part_path(&path).exists());
}

/// `<dir>/<name>.part` as a link to `/dev/full`, where every write fails
/// with "no space left on device".
#[cfg(target_os = "linux")]
fn part_on_a_full_disk(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::os::unix::fs::symlink("/dev/full", part_path(&path)).unwrap();
    path
}

#[cfg(target_os = "linux")]
fn is_full_disk_error_naming(e: &io::Error, part: &Path) -> bool {
    e.kind() == io::ErrorKind::StorageFull && e.to_string().contains(&part.display().to_string())
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_failed_write_stops_the_stream_with_an_error_naming_the_part() {
    let dir = TempDir::new();
    let path = part_on_a_full_disk(dir.path(), "f.mp4");
    let part = part_path(&path);
    let (mut writer, _) = PartWriter::open(part.clone()).await.unwrap();
    let batch = bytes(BATCH_BYTES, 6);
    let mut failure = None;
    // More batches than the channel holds: once the thread has failed, a
    // hand-over fails, so the receive loop stops early.
    for _ in 0..(DEPTH + 4) {
        if let Err(e) = writer.write(&batch).await {
            failure = Some(e);
            break;
        }
    }
    let failure = failure.expect("a write into a full disk fails before the end");
    assert!(is_full_disk_error_naming(&failure, &part), "{failure}");
    // Later calls fail too, instead of pretending to write.
    let again = writer.finish().await.expect_err("the writer has failed");
    assert!(again.to_string().contains(&part.display().to_string()), "{again}");
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_failure_on_the_last_bytes_surfaces_at_finish() {
    let dir = TempDir::new();
    let path = part_on_a_full_disk(dir.path(), "g.mp4");
    let part = part_path(&path);
    let (mut writer, _) = PartWriter::open(part.clone()).await.unwrap();
    writer.write(b"less than a batch").await.unwrap();
    let e = writer.finish().await.expect_err("the write fails");
    assert!(is_full_disk_error_naming(&e, &part), "{e}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_background_sync_is_reported_when_the_flusher_stops() {
    // A character device cannot be synced: `sync_data` fails.
    let file = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let mut flusher = Flusher::start(&file);
    flusher.kick();
    assert!(flusher.stop().is_err());
    // Without a request, nothing was synced and nothing failed.
    let mut idle = Flusher::start(&file);
    assert!(idle.stop().is_ok());
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_download_whose_file_cannot_be_written_is_a_typed_error_and_never_renamed() {
    use fake_zoom::{Config, FakeZoom};

    const SIZE: u64 = 3 * 1024 * 1024;
    let zoom = FakeZoom::start(Config::default().seed(5).meetings(2).file_sizes(SIZE, SIZE))
        .await
        .expect("fake starts");
    let file = zoom
        .files()
        .into_iter()
        .find(|f| f.file_type == "MP4" && !f.processing && !f.trashed && f.size == Some(SIZE))
        .expect("an MP4 file");
    let client = crate::Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .build()
        .expect("client");
    let dir = TempDir::new();
    let path = part_on_a_full_disk(dir.path(), "meeting.mp4");
    let request = DownloadRequest::new(file.download_url.expect("a URL")).expected_size(SIZE);

    let error = client
        .download(request)
        .to_path(&path)
        .await
        .expect_err("the disk is full");

    match &error {
        Error::Download(e) => match &**e {
            DownloadError::Io(io) => assert!(is_full_disk_error_naming(io, &part_path(&path)), "{io}"),
            other => panic!("not an I/O error: {other:?}"),
        },
        other => panic!("not a download error: {other:?}"),
    }
    assert!(
        !path.exists(),
        "a file that was not written never takes the final name"
    );
    zoom.shutdown().await;
}
