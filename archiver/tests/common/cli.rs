//! Running the `zoom-archive` binary as a child process against its built-in
//! fake Zoom (every `ZOOM_*` variable removed, so it never reaches real Zoom).

use std::process::Command;

/// Every variable that would point the command at a real Zoom (see `sdk/src/env.rs`).
pub const ZOOM_VARIABLES: &[&str] = &[
    "ZOOM_ACCOUNT_ID",
    "ZOOM_CLIENT_ID",
    "ZOOM_CLIENT_SECRET",
    "ZOOM_ACCESS_TOKEN",
    "ZOOM_API_BASE_URL",
    "ZOOM_OAUTH_BASE_URL",
];

/// What one run of the command did.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
}

impl Run {
    /// Both streams, for assertion messages.
    pub fn shown(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Each stdout line parsed as JSON (panics on a line that is not).
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {line}\n{}", self.shown()))
            })
            .collect()
    }
}

/// `zoom-archive ARGS...`, waited for.
pub fn zoom_archive(args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zoom-archive"));
    command.args(args).env_remove("RUST_LOG");
    for name in ZOOM_VARIABLES {
        command.env_remove(name);
    }
    let output = command.output().expect("zoom-archive runs");
    Run {
        code: output
            .status
            .code()
            .expect("zoom-archive exited (not killed by a signal)"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
