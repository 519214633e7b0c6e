//! The `zoom-archive` binary as a user runs it: child processes against its
//! built-in fake Zoom (no `ZOOM_*` variable set), into temporary folders.
//!
//! Exit codes: 0 everything done, 2 some items failed (or `verify` found
//! problems), 1 could not run. Usage errors that clap itself catches (a value
//! that does not parse as its type, a missing required flag) exit with
//! clap's own code, which is also 2; values clap accepts as text but the
//! archiver refuses (`--users ''`, `--include videos`, `--dest ftp://…`, a
//! range that ends before it starts) exit 1 with the archiver's message.

mod common;

use std::path::Path;

use common::cli::{Run, zoom_archive};
use common::files::{self, snapshot};
use zoom_archiver::ManifestEntry;

/// The manifest entries of the folder archive at `root`.
fn entries(root: &Path) -> Vec<ManifestEntry> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(files::entries(root))
}

/// The numbers of the report table's `total` row: (meetings, fetched, present, failed).
fn total_row(run: &Run) -> (usize, usize, usize, usize) {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("total "))
        .unwrap_or_else(|| panic!("no total row\n{}", run.shown()));
    // total, meetings, fetched, bytes (number, unit), present, bytes (number, unit), failed
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cells.len(), 9, "{line}");
    let number = |i: usize| {
        cells[i]
            .parse::<usize>()
            .unwrap_or_else(|e| panic!("{line}: {e}"))
    };
    (number(1), number(2), number(5), number(8))
}

/// The last JSON line of a `--json` run: its report.
fn report_of(run: &Run) -> serde_json::Value {
    let lines = run.json_lines();
    let last = lines
        .last()
        .unwrap_or_else(|| panic!("no output\n{}", run.shown()))
        .clone();
    assert_eq!(last["event"], "report", "{}", run.shown());
    last
}

#[test]
fn archive_prints_the_report_a_second_run_fetches_nothing_and_verify_finds_a_deleted_file() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("archive");
    let dest_text = dest.to_str().unwrap();

    let first = zoom_archive(&["archive", "--dest", dest_text]);
    assert_eq!(first.code, 0, "{}", first.shown());
    let header = first
        .stdout
        .lines()
        .find(|l| l.starts_with("user "))
        .unwrap_or_else(|| panic!("no table\n{}", first.shown()));
    for column in ["meetings", "fetched", "present", "failed"] {
        assert!(header.contains(column), "{header}");
    }
    assert_eq!(
        first
            .stdout
            .lines()
            .filter(|l| l.contains(" (deactivated) "))
            .count(),
        1,
        "the deactivated user has a row\n{}",
        first.stdout
    );
    let (meetings, fetched, present, failed) = total_row(&first);
    assert!(meetings > 0 && fetched > meetings, "{}", first.stdout);
    assert_eq!((present, failed), (0, 0));
    let archived = entries(&dest);
    assert_eq!(archived.len(), fetched);
    files::assert_on_disk(&dest, &archived);

    let second = zoom_archive(&["archive", "--dest", dest_text]);
    assert_eq!(second.code, 0, "{}", second.shown());
    assert_eq!(total_row(&second), (meetings, 0, fetched, 0), "{}", second.stdout);

    let verified = zoom_archive(&["verify", "--dest", dest_text]);
    assert_eq!(verified.code, 0, "{}", verified.shown());
    assert!(
        verified
            .stdout
            .contains(&format!("verified {fetched} of {fetched} entries intact")),
        "{}",
        verified.shown()
    );

    let gone = &archived[archived.len() / 2];
    std::fs::remove_file(dest.join(&gone.path)).unwrap();
    let verified = zoom_archive(&["verify", "--dest", dest_text]);
    assert_eq!(verified.code, 2, "{}", verified.shown());
    let problems: Vec<&str> = verified
        .stdout
        .lines()
        .filter(|l| l.starts_with("PROBLEM"))
        .collect();
    assert_eq!(problems, vec![format!("PROBLEM {}: missing", gone.path)]);
}

#[test]
fn json_gives_one_object_per_line_ending_with_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("archive");
    let run = zoom_archive(&[
        "archive",
        "--json",
        "--dest",
        dest.to_str().unwrap(),
        "--types",
        "M4A",
        "--include",
        "none",
    ]);
    assert_eq!(run.code, 0, "{}", run.shown());
    let lines = run.json_lines();
    assert!(lines.iter().all(|l| l["event"].is_string()), "{}", run.stdout);
    let events = |name: &str| lines.iter().filter(|l| l["event"] == name).count();
    assert_eq!(events("listed"), 3, "one per user: {}", run.stdout);
    assert_eq!(events("planned"), 1);
    assert_eq!(events("failed"), 0);
    let report = report_of(&run);
    assert_eq!(report["exit_code"], 0);
    assert_eq!(report["dry_run"], false);
    let archived = entries(&dest);
    assert!(!archived.is_empty() && archived.iter().all(|e| e.kind == "M4A"));
    assert_eq!(events("archived"), archived.len());
    assert_eq!(report["totals"]["archived"], archived.len());
    assert_eq!(report["users"].as_array().unwrap().len(), 3);
}

#[test]
fn plan_writes_nothing_and_counts_what_is_there() {
    let dir = tempfile::tempdir().unwrap();

    // Against a folder that does not exist: it stays that way.
    let absent = dir.path().join("absent");
    let run = zoom_archive(&["plan", "--dest", absent.to_str().unwrap(), "--include", "none"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert!(
        run.stdout.contains("dry run: nothing was written"),
        "{}",
        run.stdout
    );
    let (_, would_fetch, present, _) = total_row(&run);
    assert!(would_fetch > 0 && present == 0, "{}", run.stdout);
    assert!(!absent.exists());

    // Against an archive of the audio files: nothing changes, and they count as present.
    let dest = dir.path().join("archive");
    let dest_text = dest.to_str().unwrap();
    let audio = zoom_archive(&["archive", "--quiet", "--dest", dest_text, "--types", "M4A"]);
    assert_eq!(audio.code, 0, "{}", audio.shown());
    let archived = entries(&dest).len();
    let before = snapshot(&dest);
    let run = zoom_archive(&["plan", "--json", "--dest", dest_text]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert_eq!(snapshot(&dest), before, "the plan wrote nothing");
    let report = report_of(&run);
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["totals"]["archived"], 0);
    assert_eq!(report["totals"]["already_archived"], archived);
    assert!(report["totals"]["to_fetch"].as_u64().unwrap() > 0);
}

#[test]
fn bad_flags_exit_with_a_message_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("archive");
    let dest = dest.to_str().unwrap();
    // (arguments, exit code, what the message must name). Exit 2 here is
    // clap's own usage error (a value that is not a date, a missing flag);
    // exit 1 is the archiver refusing a value clap accepted as text.
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["archive", "--dest", dest, "--users", ""], 1, "--users"),
        (
            vec!["archive", "--dest", dest, "--include", "videos"],
            1,
            "\"videos\"",
        ),
        (vec!["archive", "--dest", "ftp://x/y"], 1, "ftp://"),
        (vec!["verify", "--dest", "ftp://x/y"], 1, "ftp://"),
        (
            vec![
                "archive",
                "--dest",
                dest,
                "--from",
                "2026-05-01",
                "--to",
                "2026-04-01",
            ],
            1,
            "--from 2026-05-01 is after --to 2026-04-01",
        ),
        (
            vec!["plan", "--dest", dest, "--fake-faults", "2"],
            1,
            "--fake-faults",
        ),
        (
            vec!["archive", "--dest", dest, "--from", "2026-13-01"],
            2,
            "--from",
        ),
        (vec!["archive", "--users", "all"], 2, "--dest"),
        (
            vec!["verify", "--dest", dest, "--concurrency", "many"],
            2,
            "--concurrency",
        ),
    ];
    for (args, code, named) in cases {
        let run = zoom_archive(&args);
        assert_eq!(run.code, code, "{args:?}\n{}", run.shown());
        assert!(
            run.stderr.contains(named),
            "{args:?} should name {named}\n{}",
            run.shown()
        );
        assert!(run.stderr.contains("error"), "{args:?}\n{}", run.shown());
    }
    assert!(!Path::new(dest).exists(), "nothing was written");

    // With --json, a run that cannot run still ends with one JSON object.
    let run = zoom_archive(&["archive", "--json", "--dest", "ftp://x/y"]);
    assert_eq!(run.code, 1, "{}", run.shown());
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{}", run.shown());
    assert_eq!(lines[0]["event"], "error");
    assert_eq!(lines[0]["exit_code"], 1);
    assert!(lines[0]["error"].as_str().unwrap().contains("ftp://"));
}

#[test]
fn each_subcommand_help_shows_an_example() {
    for subcommand in ["archive", "plan", "verify"] {
        let run = zoom_archive(&[subcommand, "--help"]);
        assert_eq!(run.code, 0, "{}", run.shown());
        assert!(run.stdout.contains("--dest"), "{}", run.stdout);
        let example = run
            .stdout
            .split_once("Example:")
            .unwrap_or_else(|| panic!("{subcommand} --help has no example\n{}", run.stdout))
            .1;
        assert!(
            example.contains(&format!("zoom-archive {subcommand} --dest ")),
            "{subcommand}: {example}"
        );
    }
}
