//! A throwaway HTTP server on 127.0.0.1 that serves a site built in memory to the Chromium that
//! prints it: GET only, files of the site only, gone when dropped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use crate::output::{Body, OutputPath, SiteOutput};

/// A running server; stops when dropped.
pub(super) struct Server {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `site`, whose URLs start with `base_path` (`/` or `/blog/`).
    pub(super) fn start(site: SiteOutput, base_path: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let files = Arc::new(Files {
            files: site.files,
            base_path: base_path.to_string(),
        });
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let files = Arc::clone(&files);
                    std::thread::spawn(move || files.answer(stream));
                }
            }
        });
        Ok(Self {
            address,
            stop,
            thread: Some(thread),
        })
    }

    /// The URL of a site path (`worksheets/x/`).
    pub(super) fn url(&self, url_path: &str) -> String {
        format!("http://{}{url_path}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Files {
    files: BTreeMap<OutputPath, Body>,
    base_path: String,
}

impl Files {
    fn answer(&self, stream: TcpStream) {
        let mut reader = BufReader::new(&stream);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            return;
        }
        // The headers are read and ignored.
        let mut header = String::new();
        while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
            header.clear();
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let found = match method {
            "GET" | "HEAD" => self.lookup(target),
            _ => None,
        };
        let mut stream = &stream;
        let _ = match found {
            Some((path, bytes)) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    content_type(&path),
                    bytes.len()
                );
                stream
                    .write_all(head.as_bytes())
                    .and_then(|()| match method {
                        "HEAD" => Ok(()),
                        _ => stream.write_all(&bytes),
                    })
            }
            None => stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            ),
        };
    }

    /// The output file a request path names, and its bytes: the same path rules as `hearth serve`.
    fn lookup(&self, target: &str) -> Option<(String, Vec<u8>)> {
        let path = target.split(['?', '#']).next().unwrap_or("");
        let in_site = path.strip_prefix(self.base_path.trim_end_matches('/'))?;
        let path = crate::serve::http::output_path(in_site).ok()?;
        let bytes = self.files.get(&path)?.read().ok()?.into_owned();
        Some((path, bytes))
    }
}

fn content_type(path: &str) -> String {
    let guess = mime_guess::from_path(path).first_or_octet_stream();
    match guess.type_() {
        mime_guess::mime::TEXT => format!("{guess}; charset=utf-8"),
        _ if guess.subtype() == mime_guess::mime::JAVASCRIPT => format!("{guess}; charset=utf-8"),
        _ => guess.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn serves_the_site_under_its_base_path_and_nothing_else() {
        let mut site = SiteOutput::default();
        site.files.insert(
            "a/index.html".try_into().unwrap(),
            Body::Bytes(b"<p>a</p>".to_vec()),
        );
        let server = Server::start(site, "/blog/").unwrap();
        let get = |path: &str| {
            let mut stream = TcpStream::connect(server.address).unwrap();
            write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            answer
        };
        let found = get("/blog/a/");
        assert!(found.starts_with("HTTP/1.1 200 OK\r\n"), "{found}");
        assert!(found.contains("text/html") && found.ends_with("<p>a</p>"));
        assert!(get("/a/").starts_with("HTTP/1.1 404"));
        assert!(get("/blog/../a/").starts_with("HTTP/1.1 404"));
        assert_eq!(
            server.url("/blog/a/"),
            format!("http://{}/blog/a/", server.address)
        );
    }
}
