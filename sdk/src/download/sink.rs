//! Where downloaded bytes go: a `.part` file renamed into place only when the
//! transfer is complete, verified and synced, or any `AsyncWrite`. Both hash
//! what they receive (SHA-256) as it streams through, so memory stays
//! constant. The file is hashed and written by its own thread
//! ([`part_writer`]), off the receive path; a writer is hashed and written
//! in the receive loop.

mod flusher;
mod part_writer;
#[cfg(test)]
mod tests;

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use part_writer::PartWriter;

/// The suffix of a file being downloaded.
pub const PART_SUFFIX: &str = ".part";

enum Target<'w> {
    File {
        writer: PartWriter,
        part: PathBuf,
        path: PathBuf,
    },
    Writer {
        writer: &'w mut (dyn AsyncWrite + Unpin + Send),
        hasher: Sha256,
    },
}

/// A destination that counts and hashes what it is given.
///
/// `written` counts the bytes accepted, some of which may still be on their
/// way to the file; they reach it in order unless the writer thread fails,
/// and then every later call returns that failure.
pub(crate) struct Sink<'w> {
    target: Target<'w>,
    written: u64,
    resumed_from: u64,
    /// The SHA-256 of the file, once [`Sink::complete`] has synced it.
    digest: Option<[u8; 32]>,
}

/// `path` with `.part` appended to its file name.
pub fn part_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(PART_SUFFIX);
    path.with_file_name(name)
}

impl<'w> Sink<'w> {
    /// Opens `<path>.part`, keeping (and hashing) what an earlier, interrupted
    /// download left there, so the transfer can resume after it.
    pub(crate) async fn part_file(path: &Path) -> io::Result<Sink<'static>> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(parent).await?;
        }
        let part = part_path(path);
        let (writer, written) = PartWriter::open(part.clone()).await?;
        Ok(Sink {
            target: Target::File {
                writer,
                part,
                path: path.to_owned(),
            },
            written,
            resumed_from: written,
            digest: None,
        })
    }

    /// Streams into `writer`, which cannot be rewound.
    pub(crate) fn writer(writer: &'w mut (dyn AsyncWrite + Unpin + Send)) -> Self {
        Sink {
            target: Target::Writer {
                writer,
                hasher: Sha256::new(),
            },
            written: 0,
            resumed_from: 0,
            digest: None,
        }
    }

    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    pub(crate) fn resumed_from(&self) -> u64 {
        self.resumed_from
    }

    /// Takes `chunk`. For a file this waits only when the writer thread is
    /// behind by several batches; an error is the thread's, naming the file.
    pub(crate) async fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        let len = chunk.len() as u64;
        match &mut self.target {
            Target::File { writer, .. } => writer.write(chunk).await?,
            Target::Writer { writer, hasher } => {
                writer.write_all(chunk).await?;
                hasher.update(chunk);
            }
        }
        self.written += len;
        Ok(())
    }

    /// Whether the bytes written so far can be thrown away.
    pub(crate) fn can_restart(&self) -> bool {
        matches!(self.target, Target::File { .. })
    }

    /// Throws away what was written, to start over from byte 0.
    pub(crate) async fn restart(&mut self) -> io::Result<()> {
        if let Target::File { writer, .. } = &mut self.target {
            writer.truncate().await?;
            self.written = 0;
            self.resumed_from = 0;
        }
        Ok(())
    }

    /// Ends the transfer: for a file, writes what is left, syncs it to the
    /// disk and takes its SHA-256 (it is not renamed yet). Call once the
    /// bytes are verified, before [`Sink::sha256_hex`].
    pub(crate) async fn complete(&mut self) -> io::Result<()> {
        if let Target::File { writer, .. } = &mut self.target {
            if self.digest.is_none() {
                self.digest = Some(writer.finish().await?);
            }
        }
        Ok(())
    }

    /// The SHA-256 of everything written, as lowercase hex. For a file, only
    /// after [`Sink::complete`] (the transfer calls it when it succeeds);
    /// before, the hash is still on the writer thread and this is empty.
    pub(crate) fn sha256_hex(&self) -> String {
        match (&self.target, &self.digest) {
            (Target::Writer { hasher, .. }, _) => crate::hex::lower(&hasher.clone().finalize()),
            (Target::File { .. }, Some(digest)) => crate::hex::lower(digest),
            (Target::File { .. }, None) => String::new(),
        }
    }

    /// For a file, [completes](Sink::complete) it if that was not done and
    /// moves `.part` into place; for a writer, flushes it. Returns the final path.
    pub(crate) async fn finish(mut self) -> io::Result<Option<PathBuf>> {
        self.complete().await?;
        match self.target {
            Target::File { part, path, .. } => {
                tokio::fs::rename(&part, &path).await?;
                Ok(Some(path))
            }
            Target::Writer { writer, .. } => {
                writer.flush().await?;
                Ok(None)
            }
        }
    }

    /// Ends a failed transfer: a file keeps every byte received, for a
    /// resume, and an empty `.part` left by a download that wrote nothing is
    /// removed.
    pub(crate) async fn discard_if_empty(self) {
        if let Target::File { writer, part, .. } = self.target {
            writer.close().await;
            if self.written == 0 {
                let _ = tokio::fs::remove_file(&part).await;
            }
        }
    }
}
