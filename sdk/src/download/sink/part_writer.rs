//! The `.part` file of a download, written off the async receive path.
//!
//! The receive loop only copies the chunks the HTTP client gives it into a
//! buffer of [`BATCH_BYTES`]. A full buffer goes over a bounded channel to
//! one blocking thread that owns the `std::fs::File` and the SHA-256 state:
//! it hashes the buffer, writes it with one call, hands it back for reuse,
//! and at the end syncs the file. Receiving, hashing and writing so overlap.
//! At most [`DEPTH`] buffers wait for the thread, so there are never more
//! than `DEPTH + 2` buffers (one being filled, one being written): memory
//! stays the same whatever the file's size. (Keeping the HTTP client's own
//! chunks instead of copying them would save a copy but pin its read
//! buffers, up to twice the bytes, by amounts that vary with the network.)
//! A [`Flusher`] pushes the written data to the disk while the download goes
//! on, so the final sync has little left to do.
//!
//! Every I/O error names the `.part` path. When the thread fails, it stops
//! taking batches; the next [`PartWriter::write`] (or [`PartWriter::finish`])
//! returns its error.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;

use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::flusher::Flusher;

/// The size of a buffer handed to the thread.
pub(super) const BATCH_BYTES: usize = 512 * 1024;

/// The buffers that may wait for the thread; the receive loop waits beyond.
pub(super) const DEPTH: usize = 4;

/// Written bytes after which the flusher is asked to push them to the disk.
const FLUSH_EVERY: u64 = 32 * 1024 * 1024;

/// The read buffer used to hash what an earlier download left.
const REHASH_BUFFER: usize = 256 * 1024;

/// What the async side asks of the thread, in order.
enum Command {
    /// Hash and append these bytes, then hand the buffer back.
    Write(Vec<u8>),
    /// Throw away the file's contents and the hash, to start over.
    Truncate,
    /// Sync the file, close it and return the SHA-256 of its contents.
    Finish,
}

/// The SHA-256 of a finished `.part`, or `None` when the writer was dropped
/// before [`Command::Finish`].
type Outcome = io::Result<Option<[u8; 32]>>;

/// The async side of a `.part` file's writer thread.
pub(super) struct PartWriter {
    part: PathBuf,
    commands: Option<mpsc::Sender<Command>>,
    thread: Option<JoinHandle<Outcome>>,
    /// The buffer being filled (no capacity until the first byte).
    batch: Vec<u8>,
    /// Buffers the thread has written, to fill again.
    spare: std_mpsc::Receiver<Vec<u8>>,
}

impl PartWriter {
    /// Opens (creating) `part`, hashes what an earlier download left in it,
    /// and starts the thread. Returns the writer and the bytes already there.
    pub(super) async fn open(part: PathBuf) -> io::Result<(Self, u64)> {
        let opening = part.clone();
        let (file, hasher, existing) = tokio::task::spawn_blocking(move || open_and_hash(&opening))
            .await
            .map_err(|e| stopped(&part, &e))??;
        let (commands, receiver) = mpsc::channel(DEPTH);
        let (give_back, spare) = std_mpsc::channel();
        let thread_part = part.clone();
        let thread = tokio::task::spawn_blocking(move || {
            let part = thread_part;
            run(file, hasher, existing, receiver, &give_back, &part)
        });
        let writer = Self {
            part,
            commands: Some(commands),
            thread: Some(thread),
            batch: Vec::new(),
            spare,
        };
        Ok((writer, existing))
    }

    /// Appends `chunk`; waits only when [`DEPTH`] buffers are already waiting.
    pub(super) async fn write(&mut self, mut chunk: &[u8]) -> io::Result<()> {
        while !chunk.is_empty() {
            if self.batch.capacity() == 0 {
                self.batch = self
                    .spare
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(BATCH_BYTES));
            }
            let room = BATCH_BYTES.saturating_sub(self.batch.len()).min(chunk.len());
            let (now, later) = chunk.split_at(room);
            self.batch.extend_from_slice(now);
            chunk = later;
            if self.batch.len() >= BATCH_BYTES {
                self.send_batch().await?;
            }
        }
        Ok(())
    }

    /// Drops what was not handed over yet and empties the file.
    pub(super) async fn truncate(&mut self) -> io::Result<()> {
        self.batch.clear();
        self.send(Command::Truncate).await
    }

    /// Writes what is left, syncs the file and closes it. Returns the
    /// SHA-256 of everything in it.
    pub(super) async fn finish(&mut self) -> io::Result<[u8; 32]> {
        self.send_batch().await?;
        self.send(Command::Finish).await?;
        self.commands = None;
        match self.join().await? {
            Some(digest) => Ok(digest),
            None => Err(io::Error::other(format!(
                "the writer of {} stopped before the file was complete",
                self.part.display()
            ))),
        }
    }

    /// Writes what is left and stops the thread without syncing, so the
    /// file has every byte received (for a resume) and is closed when this
    /// returns. Errors are dropped: the download already failed.
    pub(super) async fn close(mut self) {
        let _ = self.send_batch().await;
        self.commands = None;
        let _ = self.join().await;
    }

    async fn send_batch(&mut self) -> io::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        self.send(Command::Write(batch)).await
    }

    async fn send(&mut self, command: Command) -> io::Result<()> {
        let Some(commands) = &self.commands else {
            return Err(io::Error::other(format!(
                "the writer of {} has already stopped",
                self.part.display()
            )));
        };
        if commands.send(command).await.is_ok() {
            return Ok(());
        }
        // The thread dropped its receiver: it failed. Its error says why.
        self.commands = None;
        match self.join().await {
            Err(e) => Err(e),
            Ok(_) => Err(io::Error::other(format!(
                "the writer of {} stopped unexpectedly",
                self.part.display()
            ))),
        }
    }

    async fn join(&mut self) -> Outcome {
        match self.thread.take() {
            Some(thread) => thread.await.map_err(|e| stopped(&self.part, &e))?,
            None => Err(io::Error::other(format!(
                "the writer of {} has already stopped",
                self.part.display()
            ))),
        }
    }
}

impl Drop for PartWriter {
    /// A download dropped mid-way (cancelled): hand the buffer over if the
    /// channel has room, so the `.part` keeps those bytes for a resume. If it
    /// has none, they are lost, and the resume fetches them again. The thread
    /// then ends on its own, without syncing.
    fn drop(&mut self) {
        if let Some(commands) = &self.commands {
            if !self.batch.is_empty() {
                let _ = commands.try_send(Command::Write(std::mem::take(&mut self.batch)));
            }
        }
    }
}

/// The thread ended without an answer: it panicked or the runtime is going away.
fn stopped(part: &Path, e: &tokio::task::JoinError) -> io::Error {
    io::Error::other(format!("the writer of {} stopped: {e}", part.display()))
}

/// `e` with what was being done to which file, keeping its kind.
fn named(e: io::Error, doing: &str, part: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{doing} {}: {e}", part.display()))
}

/// Opens `part` for appending and hashes the bytes it already has.
fn open_and_hash(part: &Path) -> io::Result<(File, Sha256, u64)> {
    let file = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(part)
        .map_err(|e| named(e, "opening", part))?;
    let length = file.metadata().map_err(|e| named(e, "reading", part))?.len();
    let mut hasher = Sha256::new();
    let mut existing = 0u64;
    if length > 0 {
        // Only the bytes the file has now: what is appended later is not ours.
        let mut reader = (&file).take(length);
        let mut buffer = vec![0u8; REHASH_BUFFER];
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(named(e, "reading", part)),
            };
            hasher.update(&buffer[..n]);
            existing += n as u64;
        }
    }
    Ok((file, hasher, existing))
}

/// The thread: takes commands until [`Command::Finish`] or until the async
/// side goes away (a failed or cancelled download: the file is left as it is).
fn run(
    mut file: File,
    mut hasher: Sha256,
    mut length: u64,
    mut commands: mpsc::Receiver<Command>,
    give_back: &std_mpsc::Sender<Vec<u8>>,
    part: &Path,
) -> Outcome {
    let mut flusher = Flusher::start(&file);
    let mut flushed_at = length;
    while let Some(command) = commands.blocking_recv() {
        match command {
            Command::Write(mut batch) => {
                hasher.update(&batch);
                file.write_all(&batch).map_err(|e| named(e, "writing", part))?;
                length += batch.len() as u64;
                batch.clear();
                // The async side may be gone (a cancelled download): then it is freed here.
                let _ = give_back.send(batch);
                if length - flushed_at >= FLUSH_EVERY {
                    flusher.kick();
                    flushed_at = length;
                }
            }
            Command::Truncate => {
                file.set_len(0).map_err(|e| named(e, "truncating", part))?;
                hasher = Sha256::new();
                length = 0;
                flushed_at = 0;
            }
            Command::Finish => {
                flusher.stop().map_err(|e| named(e, "syncing", part))?;
                file.sync_all().map_err(|e| named(e, "syncing", part))?;
                return Ok(Some(hasher.finalize().into()));
            }
        }
    }
    Ok(None)
}
