//! A faulty S3 path: a TCP proxy in front of moto that cuts every n-th upload and flips one
//! byte in the body of every n-th object read back.
//!
//! It understands just enough HTTP/1.1 for that, and relies on one request per connection
//! (the store in front of it keeps no idle connections: see
//! `support::archive::one_connection_per_request`): the first bytes a client sends name the
//! method and path of the connection's only request.
//!
//! - **Cut uploads.** Every `cut_every`-th `PUT` of a recording or extra, and every
//!   `cut_journal_every`-th of the journals (manifest and audit log), gets only half of the bytes of its first read
//!   forwarded, then both sides are closed: moto sees a truncated request and stores nothing,
//!   the client sees the connection drop without an answer.
//! - **Altered read-backs.** Every `flip_every`-th `GET` answered `200` has the middle byte of
//!   its body XORed with `0x01` on the way back (the object in moto stays intact). The archive's
//!   own journals (`manifest.*`, `retention.*`) are left alone unless `flip_journals` is set.
//!
//! Which request is hit depends only on the order requests arrive in (counters under a lock),
//! never on timing. [`FaultProxy::set_enabled`]`(false)` passes everything through.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

use crate::support::listener::Listening;

/// What the proxy does, and how often.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// Cut every n-th `PUT` of a recording or extra (0: never).
    pub cut_every: u64,
    /// Cut every n-th `PUT` of a journal piece or folded journal (0: never).
    pub cut_journal_every: u64,
    /// Alter every n-th `200` answer to a `GET` (0: never).
    pub flip_every: u64,
    /// Whether reads of `manifest.*` and `retention.*` may be altered too.
    pub flip_journals: bool,
}

/// What the proxy has seen and done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Connections (= requests) forwarded.
    pub requests: u64,
    /// `PUT`s cut.
    pub cuts: u64,
    /// `GET` bodies altered.
    pub flips: u64,
}

#[derive(Default)]
struct Counters {
    puts: u64,
    journal_puts: u64,
    gets: u64,
}

struct State {
    plan: Plan,
    enabled: AtomicBool,
    counters: Mutex<Counters>,
    requests: AtomicU64,
    cuts: AtomicU64,
    flips: AtomicU64,
}

/// The proxy; dropping it stops it.
pub struct FaultProxy {
    listening: Listening,
    state: Arc<State>,
}

impl FaultProxy {
    /// Listens on a free port of 127.0.0.1 and forwards to `upstream` following `plan`.
    pub async fn start(upstream: SocketAddr, plan: Plan) -> FaultProxy {
        let state = Arc::new(State {
            plan,
            enabled: AtomicBool::new(true),
            counters: Mutex::new(Counters::default()),
            requests: AtomicU64::new(0),
            cuts: AtomicU64::new(0),
            flips: AtomicU64::new(0),
        });
        let shared = Arc::clone(&state);
        let listening = Listening::start("fault proxy", move |client| {
            forward(client, upstream, Arc::clone(&shared))
        })
        .await;
        FaultProxy { listening, state }
    }

    /// `http://127.0.0.1:PORT` of the proxy.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.listening.addr())
    }

    /// Turns the faults on or off (requests are forwarded either way).
    pub fn set_enabled(&self, enabled: bool) {
        self.state.enabled.store(enabled, Ordering::SeqCst);
    }

    /// What it has done so far.
    pub fn tally(&self) -> Tally {
        Tally {
            requests: self.state.requests.load(Ordering::SeqCst),
            cuts: self.state.cuts.load(Ordering::SeqCst),
            flips: self.state.flips.load(Ordering::SeqCst),
        }
    }
}

/// What to do with one connection's request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Pass,
    Cut,
    Flip,
}

fn is_journal(path: &str) -> bool {
    ["manifest.jsonl", "manifest.d/", "retention.jsonl", "retention.d/"]
        .iter()
        .any(|name| path.contains(name))
}

fn judge(state: &State, head: &[u8]) -> Verdict {
    let text = String::from_utf8_lossy(head);
    let mut words = text.split(' ');
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    if !state.enabled.load(Ordering::SeqCst) {
        return Verdict::Pass;
    }
    let plan = state.plan;
    let mut counters = state.counters.lock().unwrap_or_else(|e| e.into_inner());
    match method {
        "PUT" => {
            let (count, every) = if is_journal(path) {
                (&mut counters.journal_puts, plan.cut_journal_every)
            } else {
                (&mut counters.puts, plan.cut_every)
            };
            *count += 1;
            if every > 0 && count.is_multiple_of(every) {
                return Verdict::Cut;
            }
        }
        // Listings (`?list-type=2`) are not object bodies.
        "GET" if plan.flip_every > 0 && (plan.flip_journals || !is_journal(path)) && !path.contains('?') => {
            counters.gets += 1;
            if counters.gets.is_multiple_of(plan.flip_every) {
                return Verdict::Flip;
            }
        }
        _ => {}
    }
    Verdict::Pass
}

async fn forward(client: TcpStream, upstream: SocketAddr, state: Arc<State>) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    state.requests.fetch_add(1, Ordering::SeqCst);
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, client_write) = client.into_split();
    let (server_read, mut server_write) = server.into_split();
    let mut first = vec![0u8; 64 * 1024];
    let n = match client_read.read(&mut first).await {
        Ok(0) | Err(_) => return,
        Ok(n) => n,
    };
    first.truncate(n);
    let verdict = judge(&state, &first);
    if verdict == Verdict::Cut {
        state.cuts.fetch_add(1, Ordering::SeqCst);
        let _ = server_write.write_all(&first[..n / 2]).await;
        let _ = server_write.flush().await;
        // Dropping every half closes both connections.
        return;
    }
    if server_write.write_all(&first).await.is_err() {
        return;
    }
    let upload = async move {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    };
    let download = download(server_read, client_write, verdict == Verdict::Flip, &state);
    tokio::pin!(upload, download);
    tokio::select! {
        () = &mut upload => download.await,
        () = &mut download => {}
    }
}

/// Copies the answer back; with `flip`, alters the middle byte of a `200`'s body.
async fn download(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, flip: bool, state: &State) {
    let mut buffer = vec![0u8; 64 * 1024];
    let mut head: Vec<u8> = Vec::new();
    // Where the body starts in the stream, and the stream offset of the byte to flip.
    let mut flip_at: Option<u64> = None;
    let mut decided = !flip;
    let mut offset: u64 = 0;
    loop {
        let n = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = &mut buffer[..n];
        if !decided {
            head.extend_from_slice(chunk);
            if let Some(end) = find(&head, b"\r\n\r\n") {
                decided = true;
                let text = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
                let ok = text.starts_with("http/1.1 200") || text.starts_with("http/1.0 200");
                let length = text
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<u64>().ok());
                if let (true, Some(length)) = (ok, length.filter(|l| *l > 0)) {
                    flip_at = Some(end as u64 + 4 + length / 2);
                }
            }
        }
        if let Some(at) = flip_at
            && at >= offset
            && at < offset + n as u64
        {
            chunk[(at - offset) as usize] ^= 0x01;
            state.flips.fetch_add(1, Ordering::SeqCst);
            flip_at = None;
        }
        offset += n as u64;
        if to.write_all(chunk).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
