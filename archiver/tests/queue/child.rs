//! This test binary run again as a child process, to play a second process (or one that gets
//! killed): the child runs one `#[ignore]`d helper test, which does its part only when the
//! variable [`ROLE`] is set, and talks to the parent in lines on its standard output.

use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStdout, Command, Stdio};

/// Set in a child's environment to the helper's argument; a helper without it does nothing.
pub const ROLE: &str = "ZOOM_QUEUE_TEST_CHILD";

/// A running child and its output lines.
pub struct Running {
    pub child: Child,
    pub lines: Lines<BufReader<ChildStdout>>,
}

impl Running {
    /// The next line that starts with `prefix`, without it (skipping the test harness's own
    /// lines); panics if the child ends first.
    pub fn expect(&mut self, prefix: &str) -> String {
        for line in self.lines.by_ref() {
            let line = line.expect("the child's output is readable");
            if let Some(rest) = line.strip_prefix(prefix) {
                return rest.to_owned();
            }
        }
        let status = self.child.wait().expect("the child can be waited for");
        panic!("the child ended ({status}) before printing {prefix:?}")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Errors mean it already exited.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the helper test `name` (its full path, e.g. `harness::child_holds_a_server`) in a child
/// with [`ROLE`] set to `argument`.
pub fn start(name: &str, argument: &str) -> Running {
    let mut child = Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "--quiet",
        ])
        .env(ROLE, argument)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the test binary starts as a child");
    let lines = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
    Running { child, lines }
}

/// The argument this process was given as a child, if it is one.
pub fn role() -> Option<String> {
    std::env::var(ROLE).ok()
}
