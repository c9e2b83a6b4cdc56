//! Test helpers for `hearth serve`: the real binary started on a copy of a fixture site, plain
//! HTTP requests over a socket, and a listener on the reload channel (server-sent events).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Generous: a rebuild takes milliseconds, but tests share two cores.
pub const WAIT: Duration = Duration::from_secs(30);

/// A running `hearth serve --port 0`, stopped when dropped.
pub struct Server {
    child: Child,
    pub address: String,
    pub errors: Receiver<String>,
}

impl Server {
    pub fn start(root: &Path, extra: &[&str]) -> Self {
        Self::start_with_env(root, extra, &[])
    }

    /// Starts the server with these environment variables set.
    pub fn start_with_env(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .envs(env.iter().copied())
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("hearth serve starts");
        let (lines, printed) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let (problems, errors) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = problems.send(line);
            }
        });
        let deadline = Instant::now() + WAIT;
        loop {
            let Ok(line) = printed.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("hearth serve did not print its address");
            };
            if let Some(url) = line.strip_prefix("Serving the site at http://") {
                let address = url.split('/').next().unwrap().to_string();
                return Self {
                    child,
                    address,
                    errors,
                };
            }
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    /// Sends the request line exactly as given (no normalising of `..`).
    pub fn request(&self, method: &str, path: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("a response");
        Response::parse(&raw)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Listens to the reload channel.
    pub fn events(&self) -> Events {
        Events::connect(&self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Self {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        Self {
            status,
            headers,
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// One message of the reload channel: its name, its id (the build number) and its data.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub build: u64,
    pub data: serde_json::Value,
}

impl Event {
    pub fn paths(&self) -> Vec<String> {
        self.data["paths"]
            .as_array()
            .map(|paths| {
                paths
                    .iter()
                    .filter_map(|p| p.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn problems(&self) -> Vec<String> {
        self.data["problems"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|p| p.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub struct Events {
    received: Receiver<Event>,
}

impl Events {
    fn connect(address: &str) -> Self {
        let mut stream = TcpStream::connect(address).expect("connect to the reload channel");
        write!(
            stream,
            "GET /__hearth/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (sender, received) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let mut pending = String::new();
            let (mut name, mut build, mut data) = (String::new(), 0, String::new());
            loop {
                let mut size = String::new();
                if reader.read_line(&mut size).map_or(true, |n| n == 0) {
                    return;
                }
                let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
                    return;
                };
                let mut chunk = vec![0; size + 2];
                if reader.read_exact(&mut chunk).is_err() {
                    return;
                }
                pending.push_str(&String::from_utf8_lossy(&chunk[..size]));
                while let Some(end) = pending.find('\n') {
                    let line: String = pending.drain(..=end).collect();
                    let line = line.trim_end_matches(['\r', '\n']);
                    if line.is_empty() {
                        if !name.is_empty() {
                            let data = serde_json::from_str(&data).unwrap_or_default();
                            let event = Event {
                                name: std::mem::take(&mut name),
                                build,
                                data,
                            };
                            if sender.send(event).is_err() {
                                return;
                            }
                        }
                        data.clear();
                    } else if let Some(value) = line.strip_prefix("event: ") {
                        name = value.to_string();
                    } else if let Some(value) = line.strip_prefix("id: ") {
                        build = value.parse().unwrap_or(0);
                    } else if let Some(value) = line.strip_prefix("data: ") {
                        data.push_str(value);
                    }
                }
            }
        });
        let events = Self { received };
        let hello = events.next();
        assert_eq!(hello.name, "hello", "the reload channel greets first");
        events
    }

    /// The next message, waiting at most [`WAIT`].
    pub fn next(&self) -> Event {
        self.received
            .recv_timeout(WAIT)
            .expect("a message on the reload channel")
    }

    /// The next message that satisfies `wanted`, skipping others.
    pub fn until(&self, wanted: impl Fn(&Event) -> bool) -> Event {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let event = self
                .received
                .recv_timeout(left)
                .expect("the awaited message on the reload channel");
            if wanted(&event) {
                return event;
            }
        }
    }
}

/// A copy of `tests/fixtures/<case>/` with the repository's themes, in a temporary folder.
pub fn site(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&manifest.join("tests/fixtures").join(case), dir.path());
    copy_tree(&manifest.join("themes"), &dir.path().join("themes"));
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if !target.exists() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
