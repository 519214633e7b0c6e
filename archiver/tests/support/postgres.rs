//! A real PostgreSQL server on 127.0.0.1 for tests, set up by the tests themselves: on a fresh
//! machine `cargo test` finds Debian's server programs or installs them (see [`binaries`]), and
//! every server starts from a copy of one `initdb` run kept under the target directory.
//!
//! ```ignore
//! let server = Postgres::start();              // a server of its own, stopped on drop
//! let url = server.fresh_database();           // postgres://postgres@127.0.0.1:PORT/test_…
//! let shared = Postgres::shared();             // one server for the whole test binary
//! shared.create_database("replicas");
//! let url = shared.url("replicas");
//! ```
//!
//! Authentication is `trust` (any password is accepted and ignored) for the superuser
//! `postgres`; durability is off, as nothing outlives the test. A server is stopped and its files
//! removed when its [`Postgres`] is dropped, and also when the test process dies without dropping
//! it (a watchdog process sees the test process go; see [`server`]). A start takes a few hundred
//! milliseconds once the template exists; the first one on a machine also runs `initdb` (a few
//! seconds) and, if PostgreSQL is missing, installs it.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

pub mod binaries;
pub mod server;

use server::Server;

/// A PostgreSQL server on 127.0.0.1 (see the module docs).
pub struct Postgres {
    server: Server,
}

impl Postgres {
    /// Starts a server of its own (installing and initialising PostgreSQL first if needed) and
    /// returns once it accepts connections. Blocking; panics with a clear message on failure.
    pub fn start() -> Postgres {
        Postgres {
            server: Server::start(),
        }
    }

    /// One server shared by every test of this test binary, started on first use and removed by
    /// its watchdog when the process exits. Give each test its own database.
    pub fn shared() -> &'static Postgres {
        static SHARED: OnceLock<Postgres> = OnceLock::new();
        SHARED.get_or_init(Postgres::start)
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.server.port()
    }

    /// The server's directory (cluster, socket and log), removed when the server stops.
    pub fn dir(&self) -> &Path {
        self.server.dir()
    }

    /// The postmaster's process id.
    pub fn pid(&self) -> u32 {
        self.server.pid()
    }

    /// What the server logged so far (for failure messages).
    pub fn log(&self) -> String {
        self.server.log()
    }

    /// `postgres://postgres@127.0.0.1:PORT/DATABASE`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port())
    }

    /// The same URL with a password in it (ignored by the server: authentication is `trust`).
    pub fn url_with_password(&self, database: &str, password: &str) -> String {
        format!(
            "postgres://postgres:{password}@127.0.0.1:{}/{database}",
            self.port()
        )
    }

    /// Creates the database `name` (lower-case letters, digits and `_`). Panics if it exists.
    pub fn create_database(&self, name: &str) {
        assert!(
            !name.is_empty()
                && name.len() < 64
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "PostgreSQL test harness: {name:?} is not a plain database name"
        );
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
    }

    /// Creates a database no other call in this process has named, and returns its URL.
    pub fn fresh_database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        self.create_database(&name);
        self.url(&name)
    }

    /// Runs one SQL command in `database` with `psql`, panicking with its output if it fails;
    /// returns what it printed (unaligned, tuples only).
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let mut command = Command::new(binaries::binaries().program("psql"));
        command
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
            ])
            .args(["-p", &self.port().to_string(), "-d", database, "-c", sql])
            .env_remove("PGPASSWORD")
            .env_remove("PGSERVICE")
            .env("PGCONNECT_TIMEOUT", "10");
        let output = binaries::run("psql", &mut command);
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}
