//! Runs each example in `examples/` against its in-process fake Zoom and checks
//! what it printed against an identical fake (same seed, so the same meetings
//! and bytes).
//!
//! The example binaries are the ones `cargo test` builds next to this test
//! (`target/<profile>/examples/`): `cargo test -p zoom-cloud-recording` builds
//! them first. Run alone (`--test examples_run`), this test needs
//! `cargo build -p zoom-cloud-recording --examples` beforehand, and fails
//! naming the missing binary otherwise; it never passes without running them.

#[path = "../examples/common/mod.rs"]
#[allow(dead_code)]
mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Days;
use fake_zoom::FakeZoom;
use sha2::{Digest, Sha256};

/// A hang guard only: each example finishes in well under a second.
const LIMIT: Duration = Duration::from_secs(120);

fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    // target/<profile>/deps/examples_run-<hash> → target/<profile>/examples/<name>
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is not built: run `cargo test -p zoom-cloud-recording` (it builds the examples) \
         or `cargo build -p zoom-cloud-recording --examples` first",
        path.display()
    );
    path
}

/// Runs an example without any Zoom credentials in its environment and
/// returns its standard output; fails on a non-zero exit or a hang.
fn run(name: &str, args: &[&str]) -> String {
    let mut command = Command::new(binary(name));
    command.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    for var in [
        "ZOOM_ACCOUNT_ID",
        "ZOOM_CLIENT_ID",
        "ZOOM_CLIENT_SECRET",
        "ZOOM_API_BASE_URL",
        "ZOOM_OAUTH_BASE_URL",
        "ZOOM_TOKEN_FILE",
        "WEBHOOK_SECRET_TOKEN",
    ] {
        command.env_remove(var);
    }
    let mut child = command.spawn().expect("the example starts");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("{name} did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("its output");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(
        output.status.success(),
        "{name} failed: {}\n{stdout}\n{stderr}",
        output.status
    );
    stdout.into_owned()
}

async fn fake() -> FakeZoom {
    FakeZoom::start(common::fake_config())
        .await
        .expect("the fake starts")
}

#[tokio::test]
async fn list_range_lists_each_meeting_of_the_last_30_days_once() {
    let out = run("list_range", &[]);
    let zoom = fake().await;
    let me = zoom.users().into_iter().find(|u| u.is_me).unwrap();
    let today = zoom.now().date_naive();
    let range = (today - Days::new(30))..=today;
    // What Zoom lists: `me`'s meetings of the range, not trashed, with a live file or none.
    let expected: BTreeSet<String> = zoom
        .meetings()
        .into_iter()
        .filter(|m| m.host_id == me.id && !m.trashed && range.contains(&m.start_time.date_naive()))
        .filter(|m| {
            let files: Vec<_> = m.files.iter().filter(|f| !f.participant_audio).collect();
            files.is_empty() || files.iter().any(|f| !f.trashed)
        })
        .map(|m| m.uuid)
        .collect();
    let lines: Vec<&str> = out.lines().collect();
    let (summary, meetings) = lines.split_last().expect("output");
    let listed: Vec<String> = meetings
        .iter()
        .map(|line| line.split_whitespace().nth(1).expect("a uuid column").to_owned())
        .collect();
    assert!(!expected.is_empty(), "the examples' fake has recent meetings");
    assert_eq!(listed.len(), expected.len(), "each meeting once:\n{out}");
    assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), expected);
    assert!(
        summary.starts_with(&format!("{} meetings, ", expected.len())),
        "{summary}"
    );
}

#[tokio::test]
async fn download_one_writes_the_whole_file_with_its_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let out = run("download_one", &[dir.path().to_str().unwrap()]);
    let id = out
        .lines()
        .find_map(|l| l.strip_prefix("file "))
        .expect("a `file` line");
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("downloaded "))
        .expect("a `downloaded` line");
    let (path, rest) = line.split_once(" (").unwrap();
    let expected = fake().await.expected_file(id).expect("a file of the fake");
    assert_eq!(
        rest,
        format!("{} bytes, sha256 {})", expected.size, expected.sha256_hex)
    );
    let bytes = std::fs::read(path).expect("the file is there");
    assert_eq!(bytes.len() as u64, expected.size);
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sha, expected.sha256_hex);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no `.part` left behind: {names:?}");
}

#[test]
fn trash_and_recover_moves_the_meeting_to_the_trash_and_back() {
    let out = run("trash_and_recover", &[]);
    let states: Vec<&str> = out
        .lines()
        .map(|l| l.split_once(": ").expect("`what: where`").1)
        .collect();
    let at = |trash: bool, listed: bool| {
        format!("in the trash listing: {trash}, in the recordings listing: {listed}")
    };
    assert_eq!(
        states,
        [at(false, true), at(true, false), at(false, true)],
        "{out}"
    );
}

#[test]
fn custom_token_provider_is_read_once_until_zoom_expires_the_token() {
    let out = run("custom_token_provider", &[]);
    assert!(out.contains("\n3 calls, 1 token file reads\n"), "{out}");
    assert!(
        out.ends_with("after Zoom expired the token: 4 calls, 2 token file reads\n"),
        "{out}"
    );
}

#[test]
fn webhooks_axum_answers_the_challenge_and_refuses_bad_signatures() {
    let out = run("webhooks_axum", &[]);
    for line in [
        "url validation: status 200, accepted by Zoom: true",
        "signed delivery: status 200",
        "delivery signed with another secret: status 401",
        "delivery signed 10 minutes ago: status 401",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} missing:\n{out}");
    }
    let handled: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("recording.completed: "))
        .collect();
    assert_eq!(
        handled.len(),
        1,
        "only the signed delivery reaches the handler:\n{out}"
    );
    assert!(handled[0].ends_with("download token: true"), "{out}");
}
