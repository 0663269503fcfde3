//! `/metrics`, `/healthz` and `/readyz` over HTTP/1.1, for a service with no server of its own
//! (and for `evt consume --metrics-addr`).
//!
//! Three GET endpoints do not justify an HTTP stack in the library, so this is a small
//! responder on a tokio `TcpListener`, bounded against whatever connects: a request head is
//! at most [`MAX_REQUEST_HEAD`] bytes and must arrive within [`READ_TIMEOUT`], at most
//! [`MAX_CONNECTIONS`] are served at once (more wait in the kernel's backlog), every response
//! closes its connection. A service that has a server hands it [`super::Metrics::encode`]
//! instead.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinHandle;
use tracing::debug;

use super::{Metrics, CONTENT_TYPE};

/// Largest request head (request line and headers) read; a longer one gets 431.
pub const MAX_REQUEST_HEAD: usize = 8 * 1024;
/// Time a client has to send its request head, and to take the response.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 32;

/// A yes/no question asked on each probe (connected? every handler bound?).
pub type Probe = Arc<dyn Fn() -> bool + Send + Sync>;

/// Why the endpoints could not be served.
#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    #[error("cannot listen for metrics on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// The running endpoints; stopped by [`EndpointServer::shutdown`] or when dropped.
#[derive(Debug)]
pub struct EndpointServer {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl EndpointServer {
    /// The address actually bound (port 0 picks a free one).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting and wait for the accept loop to end.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for EndpointServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Bind `addr` and serve `/metrics` (the text of `metrics`), `/healthz` (200 while `healthy`)
/// and `/readyz` (200 while `ready`); 503 otherwise.
pub async fn serve(
    addr: SocketAddr,
    metrics: Metrics,
    healthy: Probe,
    ready: Probe,
) -> Result<EndpointServer, EndpointError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| EndpointError::Bind { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| EndpointError::Bind { addr, source })?;
    let (stop, mut stop_rx) = watch::channel(false);
    let routes = Arc::new(Routes {
        metrics,
        healthy,
        ready,
    });
    let task = tokio::spawn(async move {
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        loop {
            let permit = tokio::select! {
                _ = crate::subscriber::stopped(&mut stop_rx) => return,
                p = slots.clone().acquire_owned() => p,
            };
            let Ok(permit) = permit else { return };
            let conn = tokio::select! {
                _ = crate::subscriber::stopped(&mut stop_rx) => return,
                c = listener.accept() => c,
            };
            match conn {
                Ok((socket, peer)) => {
                    let routes = routes.clone();
                    tokio::spawn(async move {
                        if let Err(e) = answer(socket, &routes).await {
                            debug!(%peer, error = %e, "metrics connection ended early");
                        }
                        drop(permit);
                    });
                }
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    debug!(error = %e, "metrics accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    });
    Ok(EndpointServer {
        addr: bound,
        stop,
        task: Some(task),
    })
}

struct Routes {
    metrics: Metrics,
    healthy: Probe,
    ready: Probe,
}

struct Response {
    status: &'static str,
    content_type: &'static str,
    body: String,
}

impl Response {
    fn text(status: &'static str, body: &str) -> Self {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{body}\n"),
        }
    }
}

async fn answer(mut socket: TcpStream, routes: &Routes) -> std::io::Result<()> {
    let head = tokio::time::timeout(READ_TIMEOUT, read_head(&mut socket)).await;
    let (resp, head_only) = match head {
        Err(_) => (
            Response::text("408 Request Timeout", "request timeout"),
            false,
        ),
        Ok(Err(e)) => return Err(e),
        Ok(Ok(None)) => (
            Response::text(
                "431 Request Header Fields Too Large",
                "request head too large",
            ),
            false,
        ),
        Ok(Ok(Some(head))) => route(&head, routes),
    };
    let mut out = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n",
        resp.status,
        resp.content_type,
        resp.body.len()
    );
    if !head_only {
        out.push_str(&resp.body);
    }
    tokio::time::timeout(READ_TIMEOUT, async {
        socket.write_all(out.as_bytes()).await?;
        socket.shutdown().await
    })
    .await
    .unwrap_or(Ok(()))
}

/// The request head up to its blank line; `None` if it exceeds [`MAX_REQUEST_HEAD`].
async fn read_head(socket: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if buf.windows(4).any(|w| w == b"\r\n\r\n") || buf.windows(2).any(|w| w == b"\n\n") {
            return Ok(Some(buf));
        }
        if buf.len() >= MAX_REQUEST_HEAD {
            return Ok(None);
        }
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            // A client may half-close after its request line; answer what we have.
            return Ok(Some(buf));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The response, and whether it is for HEAD (head only).
fn route(head: &[u8], routes: &Routes) -> (Response, bool) {
    let line = head
        .split(|b| *b == b'\n')
        .next()
        .map(|l| String::from_utf8_lossy(l).trim_end().to_string())
        .unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return (Response::text("400 Bad Request", "bad request line"), false);
    };
    if !version.starts_with("HTTP/1.") {
        return (Response::text("400 Bad Request", "HTTP/1.x only"), false);
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return (
                Response::text("405 Method Not Allowed", "GET or HEAD only"),
                false,
            )
        }
    };
    let path = target.split('?').next().unwrap_or("");
    let probe = |ok: bool, yes: &str, no: &str| {
        if ok {
            Response::text("200 OK", yes)
        } else {
            Response::text("503 Service Unavailable", no)
        }
    };
    let resp = match path {
        "/metrics" => Response {
            status: "200 OK",
            content_type: CONTENT_TYPE,
            body: routes.metrics.encode(),
        },
        "/healthz" => probe((routes.healthy)(), "ok", "not connected"),
        "/readyz" => probe((routes.ready)(), "ready", "not ready"),
        _ => Response::text(
            "404 Not Found",
            "not found: try /metrics, /healthz, /readyz",
        ),
    };
    (resp, head_only)
}
