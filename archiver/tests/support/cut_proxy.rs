//! A TCP proxy on 127.0.0.1 that can cut one connection in the middle of an upload.
//!
//! [`CutProxy`] forwards bytes both ways between its clients and one upstream server. Once armed
//! with [`CutProxy::cut_after_upload_bytes`]`(n)`, the first connection whose client-to-server
//! byte count would pass `n` gets exactly its first `n` bytes forwarded and is then closed on both
//! sides (the client sees the connection drop mid-request, the server sees a truncated request).
//! Arming cuts one connection; later connections pass untouched until it is armed again.
//!
//! Whether a connection is cut depends only on byte counts, never on timing: the decision is
//! taken under a lock as each chunk arrives, so exactly one connection is cut per arming.
//!
//! The proxy runs on the Tokio runtime that called [`CutProxy::start`]; dropping the proxy stops
//! accepting and aborts every connection it is forwarding.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

use super::listener::Listening;

/// Size of the forwarding buffer for each direction.
const CHUNK: usize = 64 * 1024;

/// A byte-forwarding TCP proxy that cuts one connection on request.
pub struct CutProxy {
    listening: Listening,
    state: Arc<State>,
}

/// Shared between the proxy handle and its connection tasks.
#[derive(Default)]
struct State {
    /// `Some(n)` while armed: cut the first connection whose upload passes `n` bytes.
    armed: Mutex<Option<u64>>,
    /// Connections cut so far.
    cuts: AtomicUsize,
    /// Connections accepted so far.
    connections: AtomicUsize,
}

impl CutProxy {
    /// Listens on a free port of 127.0.0.1 and forwards every connection to `upstream`.
    pub async fn start(upstream: SocketAddr) -> CutProxy {
        let state = Arc::new(State::default());
        let shared = Arc::clone(&state);
        let listening = Listening::start("cut proxy", move |client| {
            shared.connections.fetch_add(1, Ordering::SeqCst);
            forward(client, upstream, Arc::clone(&shared))
        })
        .await;
        CutProxy { listening, state }
    }

    /// The proxy's own address.
    pub fn addr(&self) -> SocketAddr {
        self.listening.addr()
    }

    /// `http://127.0.0.1:PORT` of the proxy.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.listening.addr())
    }

    /// Arms the proxy: the first connection (existing or new) whose client-to-server bytes pass
    /// `n` is cut after exactly `n` of them were forwarded. Replaces an earlier, unused arming.
    pub fn cut_after_upload_bytes(&self, n: u64) {
        *self.state.armed.lock().unwrap_or_else(|e| e.into_inner()) = Some(n);
    }

    /// Whether an arming is still waiting for a connection to cut.
    pub fn is_armed(&self) -> bool {
        self.state
            .armed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    /// How many connections the proxy has cut.
    pub fn cuts(&self) -> usize {
        self.state.cuts.load(Ordering::SeqCst)
    }

    /// How many client connections the proxy has accepted.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }
}

/// Forwards one connection until either side closes it, or until it is cut.
async fn forward(client: TcpStream, upstream: SocketAddr, state: Arc<State>) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        // Dropping `client` closes it: the client sees a connection that was closed at once.
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();

    let upload = upload(client_read, server_write, &state);
    let download = download(server_read, client_write);
    tokio::pin!(upload, download);
    tokio::select! {
        outcome = &mut upload => {
            if outcome == Upload::Finished {
                // The client finished sending; let the response come back.
                download.await;
            }
            // On a cut, returning drops all four halves: both sockets close.
        }
        // The server closed (or failed): nothing more can be answered, close the client too.
        () = &mut download => {}
    }
}

/// How the client-to-server direction ended.
#[derive(PartialEq, Eq)]
enum Upload {
    /// The client closed its sending side (or an I/O error ended it).
    Finished,
    /// The proxy cut the connection.
    Cut,
}

/// Copies client to server, counting bytes and cutting the connection when armed.
async fn upload(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, state: &State) -> Upload {
    let mut buffer = vec![0u8; CHUNK];
    let mut sent: u64 = 0;
    loop {
        let n = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => {
                let _ = to.shutdown().await;
                return Upload::Finished;
            }
            Ok(n) => n,
        };
        let chunk = &buffer[..n];
        let cut_at = {
            let mut armed = state.armed.lock().unwrap_or_else(|e| e.into_inner());
            match *armed {
                Some(limit) if sent + n as u64 > limit => {
                    *armed = None;
                    state.cuts.fetch_add(1, Ordering::SeqCst);
                    Some(limit.saturating_sub(sent) as usize)
                }
                _ => None,
            }
        };
        if let Some(keep) = cut_at {
            let _ = to.write_all(&chunk[..keep]).await;
            let _ = to.flush().await;
            return Upload::Cut;
        }
        if to.write_all(chunk).await.is_err() {
            return Upload::Finished;
        }
        sent += n as u64;
    }
}

/// Copies server to client until the server closes or an I/O error occurs.
async fn download(mut from: OwnedReadHalf, mut to: OwnedWriteHalf) {
    let _ = tokio::io::copy(&mut from, &mut to).await;
    let _ = to.shutdown().await;
}
