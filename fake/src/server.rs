//! The two listeners and their accept loops (hyper HTTP/1.1 over tokio).

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tower::Service;

use crate::config::Config;
use crate::middleware::{ConnAbort, Host, observe};
use crate::state::App;
use crate::{api, files};

/// A running pair of servers.
pub(crate) struct Running {
    pub app: Arc<App>,
    pub api_addr: SocketAddr,
    pub files_addr: SocketAddr,
    pub shutdown: watch::Sender<bool>,
    pub tasks: Vec<JoinHandle<()>>,
}

fn files_router(app: Arc<App>) -> Router {
    Router::new()
        .route("/{fileId}", get(files::serve))
        .layer(from_fn_with_state((app.clone(), Host::Files), observe))
        .with_state(app)
}

/// Binds both listeners on 127.0.0.1, seeds the state and starts serving.
pub(crate) async fn start(cfg: Config) -> io::Result<Running> {
    let api = TcpListener::bind(("127.0.0.1", cfg.api_port)).await?;
    let files = TcpListener::bind(("127.0.0.1", cfg.file_host_port)).await?;
    let (api_addr, files_addr) = (api.local_addr()?, files.local_addr()?);
    let app = Arc::new(App::new(
        cfg,
        format!("http://{api_addr}"),
        format!("http://{files_addr}"),
    ));
    let (shutdown, rx) = watch::channel(false);
    let tasks = vec![
        tokio::spawn(accept(api, api::router(app.clone()), rx.clone())),
        tokio::spawn(accept(files, files_router(app.clone()), rx)),
    ];
    Ok(Running {
        app,
        api_addr,
        files_addr,
        shutdown,
        tasks,
    })
}

async fn accept(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(connection(stream, router.clone(), shutdown.clone()));
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(5)).await,
            },
            _ = shutdown.changed() => break,
        }
    }
}

/// Serves one connection until it ends, a fault aborts it, or the fake stops.
async fn connection(stream: TcpStream, router: Router, mut shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let abort = ConnAbort(Arc::new(Notify::new()));
    let for_requests = abort.clone();
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(for_requests.clone());
        let mut router = router.clone();
        async move { Ok::<_, Infallible>(router.call(req).await.unwrap_or_else(|e| match e {})) }
    });
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = conn => {}
        _ = abort.0.notified() => {}
        _ = shutdown.changed() => {}
    }
}
