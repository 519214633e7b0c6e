//! Pushes a `.part`'s written bytes to the disk while the download goes on.
//!
//! Written data first sits in the OS's page cache; the sync before the
//! rename then has to wait for all of it to reach the disk, after the last
//! byte arrived. A flusher thread syncs the file's data (`sync_data`, on its
//! own handle to the same file) whenever the writer asks, so the disk works
//! while the network does and the final sync has only the tail left. It is
//! an optimisation only: the final `sync_all` is always made, and an error of
//! a background sync is reported by [`Flusher::stop`] (it could otherwise be
//! consumed here and never seen by the final sync).

use std::fs::File;
use std::io;
use std::sync::mpsc::{self, SyncSender};
use std::thread::{self, JoinHandle};

/// A background thread syncing a file's data on request. Dropped without
/// [`Flusher::stop`] (a failed or cancelled download), the thread ends on its
/// own after its current sync: nothing waits for the disk.
pub(super) struct Flusher {
    requests: Option<SyncSender<()>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl Flusher {
    /// Starts the thread on a second handle to `file`. Without one (the
    /// handle or the thread could not be made) the flusher does nothing and
    /// the final sync does all the work.
    pub(super) fn start(file: &File) -> Self {
        let idle = Self {
            requests: None,
            thread: None,
        };
        let Ok(file) = file.try_clone() else {
            return idle;
        };
        // One request may wait: a later one is covered by it.
        let (requests, received) = mpsc::sync_channel::<()>(1);
        let spawned = thread::Builder::new()
            .name("zoom-download-flush".into())
            .spawn(move || {
                while received.recv().is_ok() {
                    file.sync_data()?;
                }
                Ok(())
            });
        match spawned {
            Ok(thread) => Self {
                requests: Some(requests),
                thread: Some(thread),
            },
            Err(_) => idle,
        }
    }

    /// Asks for the data written so far to be synced; returns at once.
    pub(super) fn kick(&self) {
        if let Some(requests) = &self.requests {
            // Full: a sync is already waiting to start, and covers these bytes.
            // Disconnected: the thread failed, and `stop` reports why.
            let _ = requests.try_send(());
        }
    }

    /// Waits for the thread to finish the syncs asked of it; returns the
    /// error of one that failed.
    pub(super) fn stop(&mut self) -> io::Result<()> {
        self.requests = None;
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the background sync thread panicked"))),
            None => Ok(()),
        }
    }
}
