//! Where downloaded bytes go: a `.part` file renamed into place only when the
//! transfer is complete and verified, or any `AsyncWrite`. Both hash what they
//! receive (SHA-256) as it streams through, so memory stays constant.

use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::fs::{File, OpenOptions};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWrite, AsyncWriteExt};

/// The suffix of a file being downloaded.
pub const PART_SUFFIX: &str = ".part";

enum Target<'w> {
    File {
        file: File,
        part: PathBuf,
        path: PathBuf,
    },
    Writer(&'w mut (dyn AsyncWrite + Unpin + Send)),
}

/// A destination that counts and hashes what it is given.
pub(crate) struct Sink<'w> {
    target: Target<'w>,
    written: u64,
    resumed_from: u64,
    hasher: Sha256,
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
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&part)
            .await?;
        let mut hasher = Sha256::new();
        let mut written = 0u64;
        let mut buffer = vec![0u8; 64 * 1024];
        file.seek(io::SeekFrom::Start(0)).await?;
        loop {
            let n = file.read(&mut buffer).await?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            written += n as u64;
        }
        Ok(Sink {
            target: Target::File {
                file,
                part,
                path: path.to_owned(),
            },
            written,
            resumed_from: written,
            hasher,
        })
    }

    /// Streams into `writer`, which cannot be rewound.
    pub(crate) fn writer(writer: &'w mut (dyn AsyncWrite + Unpin + Send)) -> Self {
        Sink {
            target: Target::Writer(writer),
            written: 0,
            resumed_from: 0,
            hasher: Sha256::new(),
        }
    }

    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    pub(crate) fn resumed_from(&self) -> u64 {
        self.resumed_from
    }

    pub(crate) async fn write(&mut self, chunk: &[u8]) -> io::Result<()> {
        match &mut self.target {
            Target::File { file, .. } => file.write_all(chunk).await?,
            Target::Writer(writer) => writer.write_all(chunk).await?,
        }
        self.hasher.update(chunk);
        self.written += chunk.len() as u64;
        Ok(())
    }

    /// Whether the bytes written so far can be thrown away.
    pub(crate) fn can_restart(&self) -> bool {
        matches!(self.target, Target::File { .. })
    }

    /// Throws away what was written, to start over from byte 0.
    pub(crate) async fn restart(&mut self) -> io::Result<()> {
        if let Target::File { file, .. } = &mut self.target {
            file.set_len(0).await?;
            file.seek(io::SeekFrom::Start(0)).await?;
            self.written = 0;
            self.resumed_from = 0;
            self.hasher = Sha256::new();
        }
        Ok(())
    }

    /// The SHA-256 of everything written, as lowercase hex.
    pub(crate) fn sha256_hex(&self) -> String {
        crate::hex::lower(&self.hasher.clone().finalize())
    }

    /// Flushes, and for a file moves `.part` into place. Returns the final path.
    pub(crate) async fn finish(self) -> io::Result<Option<PathBuf>> {
        match self.target {
            Target::File { mut file, part, path } => {
                file.flush().await?;
                file.sync_all().await?;
                drop(file);
                tokio::fs::rename(&part, &path).await?;
                Ok(Some(path))
            }
            Target::Writer(writer) => {
                writer.flush().await?;
                Ok(None)
            }
        }
    }

    /// Removes an empty `.part` left by a download that wrote nothing.
    pub(crate) async fn discard_if_empty(self) {
        if let Target::File { file, part, .. } = self.target {
            drop(file);
            if self.written == 0 {
                let _ = tokio::fs::remove_file(&part).await;
            }
        }
    }
}
