//! One `postgres` process on 127.0.0.1, its files in a temporary directory, and the watchdog that
//! removes both if the test process dies without cleaning up.
//!
//! The server listens on a port that was free a moment ago (`listen_addresses=127.0.0.1`, its Unix
//! socket inside its own directory) with durability switched off (`fsync`, `synchronous_commit`,
//! `full_page_writes`: nothing here survives the test anyway). It is ready when its
//! `postmaster.pid` says so (the file `pg_ctl -w` reads), polled every few milliseconds up to
//! [`READY_DEADLINE`]. If another program took the port first, the server exits saying so and the
//! harness tries a new port.
//!
//! The watchdog is a small `sh` script whose standard input is a pipe from the test process: it
//! blocks reading it. [`Server`]'s `Drop` stops the server itself and then writes `done` to the
//! pipe, and the watchdog exits. If the test process dies first (SIGKILL, abort, or a
//! `static` server that is never dropped), the kernel closes the pipe, the watchdog reads
//! end-of-file and stops the server (SIGQUIT, SIGKILL after 10 s), then removes its directory.
//! Both run in their own process groups, so a Ctrl-C meant for the tests reaches neither and the
//! cleanup still happens in order.

use std::fs::{self, File};
use std::io::Write;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::binaries::{self, Binaries};

/// How long a server may take to become ready (usually well under a second).
pub const READY_DEADLINE: Duration = Duration::from_secs(60);
/// Pause between readiness checks.
const POLL_INTERVAL: Duration = Duration::from_millis(5);
/// How long a stopping server may take before it is killed.
const STOP_DEADLINE: Duration = Duration::from_secs(10);
/// Attempts with a fresh port when the server reports that its port was taken.
const PORT_ATTEMPTS: usize = 5;

/// What the watchdog runs (`$1` the server's pid, `$2` its directory).
const WATCHDOG: &str = r#"
read -r word
[ "$word" = done ] && exit 0
alive() {
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
    [ -n "$state" ] && [ "$state" != Z ]
}
kill -QUIT "$1" 2>/dev/null
n=0
while alive "$1" && [ "$n" -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
kill -KILL "$1" 2>/dev/null
rm -rf "$2"
"#;

/// A running server; stopped, and its files removed, on drop.
pub struct Server {
    postgres: Child,
    watchdog: Child,
    /// The pipe the watchdog reads; closing it without `done` makes it clean up.
    watchdog_input: Option<ChildStdin>,
    dir: tempfile::TempDir,
    port: u16,
}

impl Server {
    /// Starts a server from a copy of the template cluster.
    pub fn start() -> Server {
        let binaries = binaries::binaries();
        let template = binaries::template();
        for _ in 0..PORT_ATTEMPTS {
            match Self::try_start(binaries, template, free_port()) {
                Ok(server) => return server,
                Err(Failure::PortTaken) => continue,
                Err(Failure::Other(message)) => panic!("PostgreSQL test harness: {message}"),
            }
        }
        panic!("PostgreSQL test harness: no free port on 127.0.0.1 in {PORT_ATTEMPTS} attempts")
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's directory (`data/`, `socket/`, `postgres.log`).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The postmaster's process id.
    pub fn pid(&self) -> u32 {
        self.postgres.id()
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("postgres.log")).unwrap_or_default()
    }

    fn try_start(binaries: &Binaries, template: &Path, port: u16) -> Result<Server, Failure> {
        let dir = binaries::scratch_dir("zoom-archive-pg-");
        let data = dir.path().join("data");
        binaries::copy_tree(template, &data, binaries::account());
        let socket = dir.path().join("socket");
        fs::create_dir(&socket)
            .map_err(|e| Failure::Other(format!("cannot create {}: {e}", socket.display())))?;
        binaries::give_to_server(&socket);
        let log_path = dir.path().join("postgres.log");
        let log = File::create(&log_path)
            .map_err(|e| Failure::Other(format!("cannot create {}: {e}", log_path.display())))?;
        let log_copy = log
            .try_clone()
            .map_err(|e| Failure::Other(format!("cannot share {}: {e}", log_path.display())))?;

        let mut command = Command::new(binaries.dir.join("postgres"));
        command
            .arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string()])
            .args(["-c", "listen_addresses=127.0.0.1"])
            .arg("-c")
            .arg(format!("unix_socket_directories={}", socket.display()))
            .args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ])
            .args(["-c", "shared_buffers=32MB"])
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .stdout(log_copy)
            .stderr(log)
            .process_group(0);
        binaries::as_server_account(&mut command);
        let shown = format!("{command:?}");
        let postgres = command
            .spawn()
            .map_err(|e| Failure::Other(format!("cannot start `{shown}`: {e}")))?;
        let (watchdog, watchdog_input) = match spawn_watchdog(postgres.id(), dir.path()) {
            Ok(spawned) => spawned,
            Err(e) => {
                let mut postgres = postgres;
                let _ = postgres.kill();
                let _ = postgres.wait();
                return Err(Failure::Other(format!("cannot start the watchdog (sh): {e}")));
            }
        };
        let mut server = Server {
            postgres,
            watchdog,
            watchdog_input: Some(watchdog_input),
            dir,
            port,
        };

        let deadline = Instant::now() + READY_DEADLINE;
        loop {
            if let Some(status) = server.postgres.try_wait().expect("can poll the postgres process") {
                let log = server.log();
                if log.contains("Address already in use") || log.contains("could not bind") {
                    return Err(Failure::PortTaken);
                }
                return Err(Failure::Other(format!(
                    "`{shown}` exited with {status} before it was ready\n--- its log ---\n{log}"
                )));
            }
            if is_ready(&data) {
                return Ok(server);
            }
            if Instant::now() >= deadline {
                return Err(Failure::Other(format!(
                    "`{shown}` was not ready within {READY_DEADLINE:?}\n--- its log ---\n{}",
                    server.log()
                )));
            }
            thread::sleep(POLL_INTERVAL);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Immediate shutdown: nothing in the cluster is worth a checkpoint. Errors below mean the
        // process is already gone; nothing else can be done in a destructor.
        if let Ok(pid) = i32::try_from(self.postgres.id()) {
            // SAFETY: sending a signal to our own child (not yet reaped, so the pid is still its).
            unsafe { libc::kill(pid, libc::SIGQUIT) };
        }
        let deadline = Instant::now() + STOP_DEADLINE;
        while matches!(self.postgres.try_wait(), Ok(None)) {
            if Instant::now() >= deadline {
                let _ = self.postgres.kill();
                let _ = self.postgres.wait();
                break;
            }
            thread::sleep(POLL_INTERVAL);
        }
        if let Some(mut input) = self.watchdog_input.take() {
            let _ = input.write_all(b"done\n");
        }
        let _ = self.watchdog.wait();
        // `dir` (a TempDir) removes the files when it drops, after this.
    }
}

/// Why one start attempt failed.
enum Failure {
    /// The server reported that the port was taken: try another.
    PortTaken,
    /// Anything else: give up with this message.
    Other(String),
}

/// Starts the watchdog for the server `pid` whose files are in `dir`.
fn spawn_watchdog(pid: u32, dir: &Path) -> std::io::Result<(Child, ChildStdin)> {
    let mut watchdog = Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG)
        .arg("postgres-watchdog")
        .arg(pid.to_string())
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()?;
    let input = watchdog.stdin.take().expect("the watchdog's stdin is piped");
    Ok((watchdog, input))
}

/// True once `data/postmaster.pid` says the server accepts connections (its 8th line, `ready`).
fn is_ready(data: &Path) -> bool {
    fs::read_to_string(data.join("postmaster.pid"))
        .map(|text| text.lines().nth(7).is_some_and(|status| status.trim() == "ready"))
        .unwrap_or(false)
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("can bind an ephemeral port on 127.0.0.1")
}
