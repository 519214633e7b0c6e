//! Installs moto's server into a private Python virtualenv, once per target directory.
//!
//! The virtualenv lives at `$CARGO_TARGET_TMPDIR/moto-venv-<MOTO_VERSION>` (Cargo sets
//! `CARGO_TARGET_TMPDIR` to `<target dir>/tmp` for integration tests and benchmarks, so it follows
//! `CARGO_TARGET_DIR` and is removed by `cargo clean`). Putting the pinned version in the directory
//! name means that bumping [`MOTO_VERSION`] builds a fresh virtualenv next to the old one.
//!
//! Several test binaries (and several tests inside one binary) may ask for the server at once, so
//! the installation is guarded by an exclusive lock on `moto-venv-<MOTO_VERSION>.lock` (an OS file
//! lock, released automatically if the process dies) and is considered done only when the marker
//! file `<venv>/.installed-ok` exists. The marker is written (atomically, by rename) only after
//! `pip install` succeeded; a virtualenv without it is left over from an interrupted or failed
//! attempt and is deleted and rebuilt.
//!
//! Setup failures panic with the command that failed and its output: this is test setup, and a
//! panic with a clear message is the most useful thing a test can do when Python is missing.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The moto release the harness installs (`pip install "moto[server]==MOTO_VERSION"`).
///
/// Checked on this machine with Python 3.11: pip resolves it together with Flask 3.1.3,
/// Werkzeug 3.1.9 and boto3/botocore 1.44.8.
pub const MOTO_VERSION: &str = "5.2.5";

/// The Python interpreter used to create the virtualenv (looked up on `PATH`).
const SYSTEM_PYTHON: &str = "python3";

/// Name of the marker file written inside the virtualenv once `pip install` succeeded.
const DONE_MARKER: &str = ".installed-ok";

/// Returns the path of the virtualenv's Python interpreter, installing moto first if needed.
///
/// Blocks while another process (or thread) is installing; the first call on a fresh machine
/// takes a minute or two (pip downloads moto and its dependencies), later calls return at once.
pub fn ensure_moto_python() -> PathBuf {
    let venv = venv_dir();
    let python = venv_python(&venv);
    if venv.join(DONE_MARKER).is_file() {
        return python;
    }

    let parent = venv.parent().expect("the virtualenv directory has a parent");
    fs::create_dir_all(parent)
        .unwrap_or_else(|e| panic!("cannot create {} for moto's virtualenv: {e}", parent.display()));
    let lock_path = parent.join(format!("moto-venv-{MOTO_VERSION}.lock"));
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap_or_else(|e| panic!("cannot open the install lock {}: {e}", lock_path.display()));
    lock.lock()
        .unwrap_or_else(|e| panic!("cannot lock {}: {e}", lock_path.display()));

    // Somebody else may have finished while we waited for the lock.
    if !venv.join(DONE_MARKER).is_file() {
        install(&venv, &python);
    }
    // Dropping `lock` closes the file, which releases the lock.
    drop(lock);
    python
}

/// `$CARGO_TARGET_TMPDIR/moto-venv-<version>`.
fn venv_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("moto-venv-{MOTO_VERSION}"))
}

/// The interpreter inside a virtualenv (`bin/python`, or `Scripts\python.exe` on Windows).
fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// Builds the virtualenv from scratch and installs the pinned moto into it. Caller holds the lock.
fn install(venv: &Path, python: &Path) {
    if venv.exists() {
        fs::remove_dir_all(venv)
            .unwrap_or_else(|e| panic!("cannot remove the incomplete virtualenv {}: {e}", venv.display()));
    }
    run(Command::new(SYSTEM_PYTHON).arg("-m").arg("venv").arg(venv));
    run(Command::new(python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        &format!("moto[server]=={MOTO_VERSION}"),
    ]));

    let marker = venv.join(DONE_MARKER);
    let partial = venv.join(format!("{DONE_MARKER}.partial"));
    fs::write(&partial, format!("moto[server]=={MOTO_VERSION}\n"))
        .and_then(|()| fs::rename(&partial, &marker))
        .unwrap_or_else(|e| panic!("cannot write the install marker {}: {e}", marker.display()));
}

/// Runs a setup command to completion, panicking with its command line and output if it fails.
fn run(command: &mut Command) {
    let shown = format!("{command:?}");
    match command.output() {
        Ok(Output { status, .. }) if status.success() => {}
        Ok(Output {
            status,
            stdout,
            stderr,
        }) => panic!(
            "S3 test harness setup failed: `{shown}` exited with {status}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            String::from_utf8_lossy(&stderr),
            String::from_utf8_lossy(&stdout),
        ),
        Err(e) => panic!("S3 test harness setup failed: cannot run `{shown}`: {e} (is Python 3 installed?)"),
    }
}
