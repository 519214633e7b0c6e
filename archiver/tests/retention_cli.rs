//! `zoom-archive` retention flags as a user runs them: child processes
//! against the built-in fake Zoom (no `ZOOM_*` variable set), into
//! temporary folders. Each process starts its own fake from the same seed,
//! so a later process sees every recording live again.

mod common;

use std::process::{Command, Stdio};

use common::cli::{Run, ZOOM_VARIABLES, zoom_archive};
use common::files::snapshot;

/// A small slice of the fake's account: one user, its last two months.
const SLICE: [&str; 4] = ["--users", "me", "--from", "2026-10-01"];

fn with_slice<'a>(args: &[&'a str]) -> Vec<&'a str> {
    args.iter().copied().chain(SLICE).collect()
}

#[test]
fn archive_then_trash_prints_a_retention_line_and_prune_dry_run_lists_what_it_would_trash() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("archive");
    let dest_text = dest.to_str().unwrap();

    let first = zoom_archive(&with_slice(&["archive", "--dest", dest_text, "--then", "trash"]));
    assert_eq!(first.code, 0, "{}", first.shown());
    let line = first
        .stdout
        .lines()
        .find(|l| l.starts_with("retention: trashed "))
        .unwrap_or_else(|| panic!("no retention line\n{}", first.shown()));
    let trashed: usize = line
        .trim_start_matches("retention: trashed ")
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|e| panic!("{line}: {e}"));
    assert!(trashed > 0, "{}", first.shown());
    assert!(dest.join("retention.jsonl").is_file());

    // A new process: a new fake, everything live again; the dry run lists it
    // and changes nothing in the destination.
    let before = snapshot(&dest);
    let dry = zoom_archive(&with_slice(&["prune", "--dest", dest_text, "--dry-run"]));
    assert_eq!(dry.code, 0, "{}", dry.shown());
    let would: Vec<&str> = dry
        .stdout
        .lines()
        .filter(|l| l.starts_with("would trash "))
        .collect();
    assert!(!would.is_empty(), "{}", dry.shown());
    assert!(
        dry.stdout
            .lines()
            .any(|l| l.starts_with("retention: would trash ")),
        "{}",
        dry.shown()
    );
    assert!(
        !dry.stdout.lines().any(|l| l.starts_with("trashed ")),
        "{}",
        dry.shown()
    );
    assert_eq!(snapshot(&dest), before, "a dry run writes nothing");
}

#[test]
fn then_delete_without_yes_and_without_a_terminal_exits_1_naming_yes() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("archive");
    let mut command = Command::new(env!("CARGO_BIN_EXE_zoom-archive"));
    command
        .args(with_slice(&[
            "archive",
            "--dest",
            dest.to_str().unwrap(),
            "--then",
            "delete",
        ]))
        .env_remove("RUST_LOG")
        .stdin(Stdio::null());
    for name in ZOOM_VARIABLES {
        command.env_remove(name);
    }
    let output = command.output().unwrap();
    let run = Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_eq!(run.code, 1, "{}", run.shown());
    assert!(run.stderr.contains("--yes"), "{}", run.shown());
    assert!(!dest.exists(), "nothing was archived or removed");
}
