//! `zoom-archive archive --then trash --json` as a child process pointed at a fake Zoom of the
//! test (through the `ZOOM_*` variables the SDK reads), killed with SIGKILL part-way.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use fake_zoom::FakeZoom;

/// Longest a child may run before the test gives up on it.
const PATIENCE: Duration = Duration::from_secs(60);

/// How a child run ended.
#[derive(Debug)]
pub struct Ended {
    /// Killed by the test (else it exited by itself).
    pub killed: bool,
    /// JSON lines it printed.
    pub lines: usize,
    /// Its exit code, when it exited.
    pub code: Option<i32>,
}

/// A running child.
pub struct Running {
    child: Child,
    lines: Receiver<String>,
    seen: usize,
}

/// Starts `zoom-archive --json archive --then trash ARGS...` against `zoom`, with `env` added
/// (the store's variables).
pub fn start(zoom: &FakeZoom, args: &[String], env: &[(String, String)]) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zoom-archive"));
    command
        .arg("--json")
        .args(["archive", "--then", "trash"])
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("ZOOM_ACCESS_TOKEN")
        .env("ZOOM_ACCOUNT_ID", zoom.account_id())
        .env("ZOOM_CLIENT_ID", zoom.client_id())
        .env("ZOOM_CLIENT_SECRET", zoom.client_secret())
        .env("ZOOM_API_BASE_URL", zoom.api_base_url())
        .env("ZOOM_OAUTH_BASE_URL", zoom.oauth_base_url())
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().expect("zoom-archive starts");
    let stdout = child.stdout.take().expect("the child's stdout is piped");
    let (send, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    Running {
        child,
        lines,
        seen: 0,
    }
}

impl Running {
    /// Takes the lines printed so far; `true` once stdout is closed.
    fn drain(&mut self) -> bool {
        loop {
            match self.lines.try_recv() {
                Ok(line) => {
                    let value: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| {
                        panic!("zoom-archive --json printed a non-JSON line ({e}): {line}")
                    });
                    assert!(
                        value.get("event").is_some(),
                        "a JSON line without `event`: {line}"
                    );
                    self.seen += 1;
                }
                Err(TryRecvError::Empty) => return false,
                Err(TryRecvError::Disconnected) => return true,
            }
        }
    }

    /// Polls until `kill_when(json lines so far)` holds (then SIGKILLs it) or it exits.
    pub async fn kill_when(mut self, mut kill_when: impl FnMut(usize) -> bool) -> Ended {
        let started = Instant::now();
        loop {
            let closed = self.drain();
            if kill_when(self.seen) {
                // SIGKILL: no destructor, no flush, no fold runs in the child.
                let _ = self.child.kill();
                let _ = self.child.wait();
                return Ended {
                    killed: true,
                    lines: self.seen,
                    code: None,
                };
            }
            if let Some(status) = self.child.try_wait().expect("can wait for the child") {
                if !closed {
                    // Take what it printed last.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    self.drain();
                }
                return Ended {
                    killed: false,
                    lines: self.seen,
                    code: status.code(),
                };
            }
            assert!(started.elapsed() < PATIENCE, "zoom-archive ran over {PATIENCE:?}");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
}
