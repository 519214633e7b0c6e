//! Finds PostgreSQL's server programs (installing Debian's package once per machine when there are
//! none) and prepares the initialised cluster every test server starts from.
//!
//! Where the programs are looked for, first match wins: `$ZOOM_TEST_PG_BINDIR`, then
//! `pg_config --bindir`, then `/usr/lib/postgresql/<version>/bin` (newest version first), then
//! each directory on `PATH`; a directory counts when it has both `initdb` and `postgres`. With
//! none, and running as root, the harness runs `apt-get install -y --no-install-recommends
//! postgresql` (after `apt-get update` only if that fails) under an exclusive lock on
//! `$CARGO_TARGET_TMPDIR/postgres-install.lock`, so parallel test binaries install once.
//!
//! `initdb` costs seconds on a busy machine, so it runs once per PostgreSQL version: its result
//! is kept in `$CARGO_TARGET_TMPDIR/postgres-template-<version>/data` (written under its own lock,
//! marked complete by a file written last) and each server starts from a copy, which takes a
//! fraction of a second. The copies go to `/dev/shm` when it has room (see [`scratch_base`]).
//!
//! PostgreSQL refuses to run as root. When the tests run as root, `initdb` and `postgres` run as
//! the `postgres` account (which Debian's package creates) and the files they use are given to it.

use std::fs::{self, File};
use std::os::unix::fs::{MetadataExt, PermissionsExt, chown};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The server programs to use.
pub struct Binaries {
    /// The directory holding `initdb`, `postgres` (and usually `psql`).
    pub dir: PathBuf,
    /// `postgres --version`, e.g. `postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)`.
    pub version: String,
}

impl Binaries {
    /// A program in [`Binaries::dir`], or on `PATH` when the directory lacks it.
    pub fn program(&self, name: &str) -> PathBuf {
        let inside = self.dir.join(name);
        if inside.is_file() {
            inside
        } else {
            PathBuf::from(name)
        }
    }
}

/// The user and group ids PostgreSQL's processes and files get, when the tests run as root.
#[derive(Clone, Copy)]
pub struct Account {
    /// `postgres`'s uid.
    pub uid: u32,
    /// `postgres`'s primary gid.
    pub gid: u32,
}

/// The environment variable that names the directory of the server programs.
pub const BINDIR_VARIABLE: &str = "ZOOM_TEST_PG_BINDIR";

/// The programs, found or installed on first use.
pub fn binaries() -> &'static Binaries {
    static FOUND: OnceLock<Binaries> = OnceLock::new();
    FOUND.get_or_init(|| {
        let dir = find().unwrap_or_else(install);
        let output = run(
            "reading the server's version",
            Command::new(dir.join("postgres")).arg("--version"),
        );
        let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        Binaries { dir, version }
    })
}

/// `None` when the tests do not run as root; else the `postgres` account.
pub fn account() -> Option<Account> {
    static ACCOUNT: OnceLock<Option<Account>> = OnceLock::new();
    *ACCOUNT.get_or_init(|| {
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            return None;
        }
        // SAFETY: the name is a NUL-terminated literal; the returned record is read at once, before
        // any other call could reuse its static storage (this runs once, under the OnceLock).
        let record = unsafe { libc::getpwnam(c"postgres".as_ptr()) };
        if record.is_null() {
            panic!(
                "PostgreSQL test harness: running as root, and PostgreSQL refuses to run as root, but there \
                 is no `postgres` account to run it as (Debian's `postgresql` package creates one)"
            );
        }
        // SAFETY: non-null, so it points at a valid passwd record.
        let (uid, gid) = unsafe { ((*record).pw_uid, (*record).pw_gid) };
        Some(Account { uid, gid })
    })
}

/// The initialised cluster to copy: `<template>/data`, created on first use.
pub fn template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let binaries = binaries();
        // `15.14` out of `postgres (PostgreSQL) 15.14 (Debian …)`.
        let number = binaries
            .version
            .split_whitespace()
            .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(&binaries.version);
        let name: String = number
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let template = base.join(format!("postgres-template-{name}"));
        let marker = base.join(format!("postgres-template-{name}.ok"));
        if !marker.is_file() {
            let _lock = lock(&base.join(format!("postgres-template-{name}.lock")));
            if !marker.is_file() {
                build_template(binaries, &template);
                fs::write(&marker, &binaries.version)
                    .unwrap_or_else(|e| panic!("cannot write {}: {e}", marker.display()));
            }
        }
        template.join("data")
    })
}

/// Runs `initdb` in a scratch directory the server's account can write, and copies the result to
/// `template` (replacing what an interrupted earlier attempt left).
fn build_template(binaries: &Binaries, template: &Path) {
    let scratch = scratch_dir("zoom-archive-initdb-");
    let data = scratch.path().join("data");
    let mut initdb = Command::new(binaries.dir.join("initdb"));
    initdb
        .arg("-D")
        .arg(&data)
        .args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ])
        // 1 MiB WAL segments instead of 16: less to copy for every server.
        .arg("--wal-segsize=1")
        .env("LC_ALL", "C");
    as_server_account(&mut initdb);
    run("initdb", &mut initdb);
    if template.exists() {
        fs::remove_dir_all(template)
            .unwrap_or_else(|e| panic!("cannot remove the stale template {}: {e}", template.display()));
    }
    fs::create_dir_all(template).unwrap_or_else(|e| panic!("cannot create {}: {e}", template.display()));
    copy_tree(&data, &template.join("data"), None);
}

/// A fresh directory for a cluster, owned by the server's account (see [`scratch_base`]).
pub fn scratch_dir(prefix: &str) -> tempfile::TempDir {
    let base = scratch_base();
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(&base)
        .unwrap_or_else(|e| {
            panic!(
                "cannot create a directory for PostgreSQL in {}: {e}",
                base.display()
            )
        });
    give_to_server(dir.path());
    dir
}

/// Where clusters go: `$ZOOM_TEST_PG_TMPDIR` if set, else `/dev/shm` when it has room (memory
/// is much faster to fill than a disk busy with builds, and nothing here needs to last), else
/// the system's temporary directory. Never the target directory, which the server's account may
/// not be able to reach.
fn scratch_base() -> PathBuf {
    static BASE: OnceLock<PathBuf> = OnceLock::new();
    BASE.get_or_init(|| {
        if let Some(dir) = std::env::var_os(TMPDIR_VARIABLE) {
            return dir.into();
        }
        let shm = Path::new("/dev/shm");
        if free_bytes(shm).is_some_and(|free| free >= SHM_NEEDED) {
            return shm.to_path_buf();
        }
        std::env::temp_dir()
    })
    .clone()
}

/// The environment variable that names where clusters go.
pub const TMPDIR_VARIABLE: &str = "ZOOM_TEST_PG_TMPDIR";

/// Free space `/dev/shm` needs for the harness to use it.
const SHM_NEEDED: u64 = 1 << 30;

/// Bytes an unprivileged user may still write under `dir`, if it is a writable directory.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs only writes into the zeroed struct it is given; the path is NUL-terminated.
    let mut stats: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(path.as_ptr(), &mut stats) } != 0 {
        return None;
    }
    // SAFETY: access only reads the NUL-terminated path.
    if unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) } != 0 {
        return None;
    }
    // The fields' types differ between platforms (u64 on 64-bit Linux).
    #[allow(clippy::useless_conversion)]
    let (blocks, size) = (u64::from(stats.f_bavail), u64::from(stats.f_frsize));
    Some(blocks.saturating_mul(size))
}

/// Makes `command` run as the server's account when the tests run as root.
pub fn as_server_account(command: &mut Command) {
    if let Some(account) = account() {
        std::os::unix::process::CommandExt::uid(command, account.uid);
        std::os::unix::process::CommandExt::gid(command, account.gid);
    }
}

/// Gives `path` to the server's account when the tests run as root.
pub fn give_to_server(path: &Path) {
    if let Some(account) = account() {
        chown(path, Some(account.uid), Some(account.gid))
            .unwrap_or_else(|e| panic!("cannot give {} to the postgres account: {e}", path.display()));
    }
}

/// Copies the directory tree `from` to `to` (which must not exist), keeping modes, giving every
/// entry to `owner` when given.
pub fn copy_tree(from: &Path, to: &Path, owner: Option<Account>) {
    let fail = |what: &str, path: &Path, e: std::io::Error| -> ! {
        panic!("PostgreSQL test harness: cannot {what} {}: {e}", path.display())
    };
    let mode = fs::metadata(from)
        .unwrap_or_else(|e| fail("read", from, e))
        .mode();
    fs::create_dir(to).unwrap_or_else(|e| fail("create", to, e));
    fs::set_permissions(to, fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| fail("set the mode of", to, e));
    for entry in fs::read_dir(from).unwrap_or_else(|e| fail("list", from, e)) {
        let entry = entry.unwrap_or_else(|e| fail("list", from, e));
        let source = entry.path();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap_or_else(|e| fail("read", &source, e));
        if kind.is_dir() {
            copy_tree(&source, &target, owner);
            continue;
        } else if kind.is_symlink() {
            let link = fs::read_link(&source).unwrap_or_else(|e| fail("read", &source, e));
            std::os::unix::fs::symlink(link, &target).unwrap_or_else(|e| fail("create", &target, e));
        } else {
            fs::copy(&source, &target).unwrap_or_else(|e| fail("copy", &source, e));
        }
        if let Some(account) = owner {
            std::os::unix::fs::lchown(&target, Some(account.uid), Some(account.gid))
                .unwrap_or_else(|e| fail("chown", &target, e));
        }
    }
    if let Some(account) = owner {
        chown(to, Some(account.uid), Some(account.gid)).unwrap_or_else(|e| fail("chown", to, e));
    }
}

/// The first directory holding both `initdb` and `postgres`.
fn find() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os(BINDIR_VARIABLE) {
        candidates.push(dir.into());
    }
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output()
        && output.status.success()
    {
        candidates.push(PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()));
    }
    if let Ok(entries) = fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<(u32, PathBuf)> = entries
            .flatten()
            .filter_map(|entry| {
                let version = entry.file_name().to_str()?.parse().ok()?;
                Some((version, entry.path().join("bin")))
            })
            .collect();
        versions.sort_by_key(|(version, _)| std::cmp::Reverse(*version));
        candidates.extend(versions.into_iter().map(|(_, dir)| dir));
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path));
    }
    candidates
        .into_iter()
        .find(|dir| dir.join("initdb").is_file() && dir.join("postgres").is_file())
}

/// Installs Debian's server package (once per machine, under a lock) and finds it again.
fn install() -> PathBuf {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
    fs::create_dir_all(base).unwrap_or_else(|e| panic!("cannot create {}: {e}", base.display()));
    let _lock = lock(&base.join("postgres-install.lock"));
    if let Some(dir) = find() {
        return dir;
    }
    let missing = "PostgreSQL's server programs (initdb, postgres) are needed by these tests and were not \
                   found; install Debian's `postgresql` package (`apt-get install postgresql`) or set \
                   ZOOM_TEST_PG_BINDIR to the directory that holds them";
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 || !Path::new("/usr/bin/apt-get").is_file() {
        panic!("{missing} (not running as root with apt-get, so the harness cannot install it itself)");
    }
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output()
            .map(|output| (output.status.success(), output))
    };
    let install = [
        "install",
        "-y",
        "--no-install-recommends",
        "-o",
        "DPkg::Lock::Timeout=300",
        "postgresql",
    ];
    if !matches!(apt(&install), Ok((true, _))) {
        // The package lists may be missing or stale on a fresh machine.
        let _ = apt(&["update", "-o", "DPkg::Lock::Timeout=300"]);
        match apt(&install) {
            Ok((true, _)) => {}
            Ok((false, output)) => panic!(
                "{missing}; `apt-get install postgresql` failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ),
            Err(e) => panic!("{missing}; cannot run apt-get: {e}"),
        }
    }
    find().unwrap_or_else(|| {
        panic!("{missing}; apt-get installed `postgresql` but its programs are still not found")
    })
}

/// An exclusive lock on `path`, released when the returned file is dropped (or the process dies).
fn lock(path: &Path) -> File {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("cannot open the lock {}: {e}", path.display()));
    file.lock()
        .unwrap_or_else(|e| panic!("cannot lock {}: {e}", path.display()));
    file
}

/// Runs a setup command to completion, panicking with its command line and output if it fails.
pub fn run(what: &str, command: &mut Command) -> Output {
    let shown = format!("{command:?}");
    match command.output() {
        Ok(output) if output.status.success() => output,
        Ok(output) => panic!(
            "PostgreSQL test harness: {what} failed: `{shown}` exited with {}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout),
        ),
        Err(e) => panic!("PostgreSQL test harness: {what} failed: cannot run `{shown}`: {e}"),
    }
}
