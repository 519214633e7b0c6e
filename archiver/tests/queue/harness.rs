//! The PostgreSQL test harness itself: a server starts, answers on 127.0.0.1, runs beside
//! another, and goes away (process and files) when dropped or when the test process dies.

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::child;
use crate::support::postgres::Postgres;

/// How long a server may take to go after its owner died (the watchdog's SIGKILL comes at 10 s).
const GONE_DEADLINE: Duration = Duration::from_secs(30);

/// True while `pid` is a live process (not a zombie).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit(") ")
                .next()
                .is_some_and(|rest| !rest.starts_with('Z'))
        })
        .unwrap_or(false)
}

/// True if something accepts connections on 127.0.0.1:`port`.
fn accepts(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)).is_ok()
}

/// Waits (boundedly) until the server that was `pid` on `port` with files in `dir` is gone.
fn wait_until_gone(pid: u32, port: u16, dir: &Path) -> Duration {
    let started = Instant::now();
    while alive(pid) || dir.exists() || accepts(port) {
        assert!(
            started.elapsed() < GONE_DEADLINE,
            "the server (pid {pid}, port {port}, {}) is still there after {GONE_DEADLINE:?}: alive {}, files {}, listening {}",
            dir.display(),
            alive(pid),
            dir.exists(),
            accepts(port)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    started.elapsed()
}

#[test]
fn a_server_starts_and_answers_on_loopback() {
    let started = Instant::now();
    let server = Postgres::start();
    eprintln!("a PostgreSQL server started in {:?}", started.elapsed());
    assert!(alive(server.pid()));
    server.create_database("harness_one");
    assert_eq!(
        server.psql("harness_one", "SELECT current_database()"),
        "harness_one"
    );
    assert_eq!(server.psql("postgres", "SHOW listen_addresses"), "127.0.0.1");
    assert_eq!(server.psql("postgres", "SHOW fsync"), "off");
    let socket = server
        .dir()
        .join("socket")
        .join(format!(".s.PGSQL.{}", server.port()));
    assert!(
        socket.exists(),
        "the Unix socket is inside the server's directory: {}",
        socket.display()
    );
    // Over TCP, the way the queue connects.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sum: i32 = runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(&server.url("harness_one"), tokio_postgres::NoTls)
            .await
            .expect("tokio-postgres connects");
        tokio::spawn(connection);
        client.query_one("SELECT 40 + 2", &[]).await.unwrap().get(0)
    });
    assert_eq!(sum, 42);
}

#[test]
fn two_servers_run_at_once() {
    let started = Instant::now();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(Postgres::start);
        let b = s.spawn(Postgres::start);
        (a.join().unwrap(), b.join().unwrap())
    });
    eprintln!("two PostgreSQL servers started in {:?}", started.elapsed());
    assert_ne!(a.port(), b.port());
    assert_ne!(a.dir(), b.dir());
    a.psql("postgres", "CREATE TABLE only_in_a (x int)");
    let count = "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'";
    assert_eq!(a.psql("postgres", count), "1");
    assert_eq!(b.psql("postgres", count), "0");
}

#[test]
fn a_server_goes_when_dropped() {
    let server = Postgres::start();
    let (pid, port, dir) = (server.pid(), server.port(), server.dir().to_path_buf());
    assert!(alive(pid) && dir.exists() && accepts(port));
    let started = Instant::now();
    drop(server);
    // Dropping waits for the server to exit and removes its files before it returns.
    assert!(!alive(pid), "the postmaster was reaped");
    assert!(!dir.exists(), "{} was removed", dir.display());
    assert!(!accepts(port));
    eprintln!("a PostgreSQL server stopped in {:?}", started.elapsed());
}

#[test]
fn a_server_goes_when_the_test_process_dies() {
    let mut running = child::start("harness::child_holds_a_server", "hold");
    let line = running.expect("server ");
    let mut fields = line.split(' ');
    let pid: u32 = fields.next().unwrap().parse().unwrap();
    let port: u16 = fields.next().unwrap().parse().unwrap();
    let dir = PathBuf::from(fields.next().unwrap());
    assert!(
        alive(pid) && dir.exists() && accepts(port),
        "the child's server runs"
    );
    // SIGKILL: no destructor runs in the child (and its server is a static, never dropped).
    running.child.kill().unwrap();
    running.child.wait().unwrap();
    let took = wait_until_gone(pid, port, &dir);
    eprintln!("the dead process's PostgreSQL server was gone {took:?} after it died");
}

#[test]
#[ignore = "a helper: run as a child by a_server_goes_when_the_test_process_dies"]
fn child_holds_a_server() {
    if child::role().is_none() {
        return;
    }
    let server = Postgres::shared();
    println!(
        "server {} {} {}",
        server.pid(),
        server.port(),
        server.dir().display()
    );
    std::io::stdout().flush().unwrap();
    loop {
        std::thread::park();
    }
}
