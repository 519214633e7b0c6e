//! `zoom-archive serve` as a child process of a test, pointed at an
//! in-test fake Zoom through the `ZOOM_*` variables.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use fake_zoom::FakeZoom;

use super::cli::ZOOM_VARIABLES;
use super::serve::{SECRET, sample};

/// Where the child keeps its queue.
pub enum QueueAt<'a> {
    /// The embedded SQLite queue under this folder.
    State(&'a Path),
    /// A PostgreSQL database.
    Postgres(&'a str),
}

/// A `zoom-archive serve` child.
pub struct Serve {
    child: Child,
    /// Where it listens.
    pub addr: String,
}

impl Serve {
    /// Its process id (its workers are named after it in the queue).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Serve {
    /// Starts `zoom-archive serve` for `zoom` into the folder `dest` and
    /// waits for its first line (where it listens).
    pub fn start(zoom: &FakeZoom, dest: &Path, queue: QueueAt<'_>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_zoom-archive"));
        for name in ZOOM_VARIABLES {
            command.env_remove(name);
        }
        command
            .args(["serve", "--json", "--listen", "127.0.0.1:0", "--workers", "3"])
            .args(["--lease", "2", "--poll-ms", "50", "--retry-base-ms", "20"])
            .arg("--dest")
            .arg(dest)
            .env("ZOOM_ACCOUNT_ID", zoom.account_id())
            .env("ZOOM_CLIENT_ID", zoom.client_id())
            .env("ZOOM_CLIENT_SECRET", zoom.client_secret())
            .env("ZOOM_API_BASE_URL", zoom.api_base_url())
            .env("ZOOM_OAUTH_BASE_URL", zoom.oauth_base_url())
            .env("ZOOM_WEBHOOK_SECRET_TOKEN", SECRET)
            .env("RUST_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        match queue {
            QueueAt::State(dir) => command.arg("--state").arg(dir),
            QueueAt::Postgres(url) => command.arg("--queue").arg(url),
        };
        let mut child = command.spawn().expect("zoom-archive serve starts");
        let stdout = child.stdout.take().expect("its stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("it says where it listens");
        let event: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"));
        let addr = event["addr"].as_str().expect("an address").to_owned();
        Self { child, addr }
    }

    /// `http://ADDR/zoom/webhooks`.
    pub fn webhook_url(&self) -> String {
        format!("http://{}/zoom/webhooks", self.addr)
    }

    /// A sample of `GET /metrics`, or `None` while it cannot answer.
    pub async fn metric(&self, name: &str) -> Option<u64> {
        let text = reqwest::get(format!("http://{}/metrics", self.addr))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        sample(&text, name)
    }

    /// SIGKILL, and the exit reaped.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        let status = self.child.wait().expect("reaped");
        assert!(!status.success(), "killed, not exited: {status:?}");
    }

    /// SIGTERM would do; the last one is killed too: nothing depends on a clean stop.
    pub fn finish(self) {
        self.kill();
    }
}
