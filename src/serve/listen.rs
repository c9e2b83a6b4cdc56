//! The HTTP listener: every connection is served on its own task by hyper, within limits that
//! keep any one client from holding the server — a request's head must arrive within
//! [`HEADER_TIMEOUT`] (an incomplete or silent connection is closed), and at most
//! [`MAX_CONNECTIONS`] are open at once (the next ones wait in the system's queue until a slot
//! frees up, as a timed-out one does).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a client has to send a whole request head, and to start the next one on a kept
/// connection.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(3);
/// Connections served at once.
pub(crate) const MAX_CONNECTIONS: usize = 512;
/// How long to wait before accepting again when accepting failed (out of file handles, say).
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// Serves `app` on `listener` until the listener fails for good.
pub(crate) async fn serve(listener: TcpListener, app: Router) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                eprintln!("warning: cannot accept a connection: {error}");
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        // Small responses go out at once rather than waiting to fill a packet.
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            // A client that went away or broke the protocol is not the server's problem.
            let _ = connection.await;
            drop(slot);
        });
    }
}
