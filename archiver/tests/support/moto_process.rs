//! Runs one moto server process on 127.0.0.1 and stops it again.
//!
//! moto is started through a tiny Python launcher (`python -c LAUNCHER -H 127.0.0.1 -p PORT`)
//! that calls `moto.server.main` after starting a thread that waits for end-of-file on stdin and
//! then exits the interpreter. The harness keeps the write end of that pipe, so the server goes
//! away with the test process even when the process dies without running destructors (SIGKILL,
//! `abort`). Normally [`MotoProcess`]'s `Drop` kills and reaps it first, which also happens when a
//! test panics (destructors run while unwinding).
//!
//! The port is chosen by binding `127.0.0.1:0` and releasing it; if another program grabs it in
//! the instant before moto binds, moto exits with "Address already in use" and the harness tries
//! again with a new port (a few times, then panics).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Python run with `-c`: exit when stdin closes, otherwise behave exactly like `moto_server`.
const LAUNCHER: &str = "\
import os, sys, threading
def _exit_when_parent_goes():
    try:
        sys.stdin.buffer.read()
    finally:
        os._exit(0)
threading.Thread(target=_exit_when_parent_goes, daemon=True).start()
from moto.server import main
main(sys.argv[1:])
";

/// How long a fresh moto may take to answer (it usually needs 1-2 s; the first start after an
/// install also compiles bytecode, and this machine may be busy).
const READY_DEADLINE: Duration = Duration::from_secs(60);
/// Pause between readiness probes.
const POLL_INTERVAL: Duration = Duration::from_millis(50);
/// Attempts with a fresh port when moto reports that its port was taken.
const PORT_ATTEMPTS: usize = 5;
/// Lines of moto's output kept for error messages.
const LOG_LINES: usize = 200;

/// A running moto server; killed and reaped on drop.
pub struct MotoProcess {
    child: Child,
    /// Held only so that it closes (and the launcher exits) when this value goes away.
    _stdin: ChildStdin,
    addr: SocketAddr,
    log: Log,
}

impl MotoProcess {
    /// Starts moto with the given virtualenv interpreter and waits until it answers HTTP.
    ///
    /// Panics (naming the command and moto's output) if moto exits or does not answer in time.
    pub fn start(python: &Path) -> MotoProcess {
        for _ in 0..PORT_ATTEMPTS {
            let port = free_port();
            match Self::try_start(python, port) {
                Ok(process) => return process,
                Err(Failure::PortTaken) => continue,
                Err(Failure::Other(message)) => panic!("{message}"),
            }
        }
        panic!("moto could not bind a free port on 127.0.0.1 in {PORT_ATTEMPTS} attempts")
    }

    /// The address moto listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn try_start(python: &Path, port: u16) -> Result<MotoProcess, Failure> {
        let mut command = Command::new(python);
        command
            .arg("-c")
            .arg(LAUNCHER)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let shown = format!(
            "{python:?} -c <launcher> -H 127.0.0.1 -p {port}",
            python = python.display()
        );
        let mut child = command
            .spawn()
            .map_err(|e| Failure::Other(format!("cannot start moto (`{shown}`): {e}")))?;
        let log = Log::default();
        log.drain(child.stdout.take().expect("stdout is piped"));
        log.drain(child.stderr.take().expect("stderr is piped"));
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut process = MotoProcess {
            child,
            _stdin: stdin,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            log,
        };

        let deadline = Instant::now() + READY_DEADLINE;
        loop {
            if let Some(status) = process.child.try_wait().expect("can poll the moto process") {
                let output = process.log.wait_and_text(Duration::from_secs(2));
                if output.contains("Address already in use") || output.contains("is in use") {
                    return Err(Failure::PortTaken);
                }
                return Err(Failure::Other(format!(
                    "moto (`{shown}`) exited with {status} before answering\n--- output ---\n{output}"
                )));
            }
            if answers_as_moto(process.addr) {
                // A different program could answer if it took the port; moto would then exit.
                if process
                    .child
                    .try_wait()
                    .expect("can poll the moto process")
                    .is_none()
                {
                    return Ok(process);
                }
                continue;
            }
            if Instant::now() >= deadline {
                // `process` is dropped here, which kills moto.
                return Err(Failure::Other(format!(
                    "moto (`{shown}`) did not answer on {} within {READY_DEADLINE:?}\n--- output ---\n{}",
                    process.addr,
                    process.log.text()
                )));
            }
            thread::sleep(POLL_INTERVAL);
        }
    }
}

impl Drop for MotoProcess {
    fn drop(&mut self) {
        // Errors mean the process is already gone; nothing else can be done in a destructor.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why one start attempt failed.
enum Failure {
    /// moto reported that the port was taken: try another.
    PortTaken,
    /// Anything else: give up with this message.
    Other(String),
}

/// The last [`LOG_LINES`] lines of moto's stdout and stderr, filled by background threads.
#[derive(Clone, Default)]
struct Log {
    lines: Arc<Mutex<VecDeque<String>>>,
    readers: Arc<Mutex<Vec<thread::JoinHandle<()>>>>,
}

impl Log {
    /// Copies `stream` into the log line by line until end-of-file, so the pipe never fills up.
    fn drain(&self, stream: impl Read + Send + 'static) {
        let lines = Arc::clone(&self.lines);
        let handle = thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                let mut lines = lines.lock().unwrap_or_else(|e| e.into_inner());
                if lines.len() == LOG_LINES {
                    lines.pop_front();
                }
                lines.push_back(line);
            }
        });
        self.readers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(handle);
    }

    /// The output so far.
    fn text(&self) -> String {
        let lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        lines.iter().map(String::as_str).collect::<Vec<_>>().join("\n")
    }

    /// The output after the process exited: waits (boundedly) for the readers to reach EOF.
    fn wait_and_text(&self, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            let readers = self.readers.lock().unwrap_or_else(|e| e.into_inner());
            if readers.iter().all(|h| h.is_finished()) {
                break;
            }
            drop(readers);
            thread::sleep(Duration::from_millis(10));
        }
        self.text()
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("can bind an ephemeral port on 127.0.0.1")
}

/// True if `GET /moto-api/` on `addr` returns 200 (moto's own dashboard route).
fn answers_as_moto(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET /moto-api/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok()
        && (head.starts_with(b"HTTP/1.1 200") || head.starts_with(b"HTTP/1.0 200"))
}
