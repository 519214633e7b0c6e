//! What every test proxy here starts with: a listener on a free port of
//! 127.0.0.1 that hands each accepted connection to its own task, reaps the
//! finished ones, and on drop stops accepting and aborts every connection.

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// A running listener; dropping it stops it and its connections.
pub struct Listening {
    addr: SocketAddr,
    accept: JoinHandle<()>,
}

impl Listening {
    /// Listens on 127.0.0.1 and runs `handle(connection)` for each client on a task of its own.
    pub async fn start<F, Fut>(what: &str, handle: F) -> Listening
    where
        F: Fn(TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .unwrap_or_else(|e| panic!("can bind the {what} on 127.0.0.1: {e}"));
        let addr = listener.local_addr().expect("the listener has an address");
        let accept = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((client, _)) = accepted else { continue };
                        connections.spawn(handle(client));
                    }
                    // Reap finished connection tasks so the set does not grow without bound.
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        Listening { addr, accept }
    }

    /// Its address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        // Aborting the accept task drops its JoinSet, which aborts every connection task.
        self.accept.abort();
    }
}
