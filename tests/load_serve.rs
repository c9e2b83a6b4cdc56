//! `hearth serve` under load while its files change: 200 clients on kept-alive connections ask
//! for pages for 20 seconds while articles are edited, added, renamed and deleted. No response
//! may be a server error or a page cut short, and memory must stay flat. Slow: run by `.ci/run`
//! with `--ignored`.

#[path = "serve/client.rs"]
mod client;
#[path = "serve/generated.rs"]
mod generated;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client::{Server, WAIT, site};
use generated::Random;

const ARTICLES: usize = 300;
const CLIENTS: usize = 200;
const RUN_FOR: Duration = Duration::from_secs(20);

#[derive(Default)]
struct Tally {
    requests: AtomicU64,
    server_errors: AtomicU64,
    half_pages: AtomicU64,
    not_found: AtomicU64,
    broken_connections: AtomicU64,
}

/// One response on a kept-alive connection: its status, content type and body.
fn fetch(reader: &mut BufReader<TcpStream>, path: &str) -> std::io::Result<(u16, String, Vec<u8>)> {
    write!(
        reader.get_mut(),
        "GET {path} HTTP/1.1\r\nHost: load\r\n\r\n"
    )?;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let (mut length, mut kind) = (0, String::new());
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let Some((name, value)) = line.trim_end().split_once(':') else {
            break;
        };
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "content-type" => kind = value.trim().to_string(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, kind, body))
}

fn connect(address: &str) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    BufReader::new(stream)
}

fn client(address: String, seed: u64, stop: Arc<AtomicBool>, tally: Arc<Tally>) {
    let mut random = Random::seeded(seed);
    let mut reader = connect(&address);
    while !stop.load(Ordering::Relaxed) {
        let n = random.below(ARTICLES as u64 + 20);
        let path = match n % 10 {
            0 => "/".to_string(),
            1 => "/articles/".to_string(),
            2 => "/tags/trust/".to_string(),
            3 => "/style.css".to_string(),
            4 => format!("/articles/extra-{}/", n % 20),
            _ => format!("/articles/a-{}/", n % ARTICLES as u64),
        };
        match fetch(&mut reader, &path) {
            Ok((status, kind, body)) => {
                tally.requests.fetch_add(1, Ordering::Relaxed);
                if status >= 500 || status == 0 {
                    tally.server_errors.fetch_add(1, Ordering::Relaxed);
                }
                if status == 404 {
                    tally.not_found.fetch_add(1, Ordering::Relaxed);
                }
                let text = String::from_utf8_lossy(&body);
                if kind.starts_with("text/html") && !text.trim_end().ends_with("</html>") {
                    eprintln!("half page at {path}: {status}, {} bytes", body.len());
                    tally.half_pages.fetch_add(1, Ordering::Relaxed);
                }
            }
            Err(error) => {
                eprintln!("{path}: {error}");
                tally.broken_connections.fetch_add(1, Ordering::Relaxed);
                reader = connect(&address);
            }
        }
    }
}

/// Edits, adds, renames and deletes articles until stopped; returns how many changes it made.
fn editor(root: &Path, seed: u64, stop: &AtomicBool) -> u64 {
    let mut random = Random::seeded(seed);
    let articles = root.join("content/articles");
    let mut changes = 0;
    while !stop.load(Ordering::Relaxed) {
        let n = random.below(20);
        let extra = articles.join(format!("extra-{n}.md"));
        let moved = articles.join(format!("moved-{n}.md"));
        if extra.exists() {
            match random.below(3) {
                0 => std::fs::rename(&extra, &moved).unwrap(),
                1 => std::fs::remove_file(&extra).unwrap(),
                _ => {
                    let text = std::fs::read_to_string(&extra).unwrap();
                    std::fs::write(&extra, text + "\nOne more line.\n").unwrap();
                }
            }
        } else if moved.exists() {
            std::fs::rename(&moved, &extra).unwrap();
        } else {
            let text = format!(
                "+++\ntitle = \"Extra {n}\"\ndate = 2024-02-02\ntags = [\"trust\"]\n+++\nAn extra article.\n"
            );
            std::fs::write(&extra, text).unwrap();
        }
        let edited = articles.join(format!("a-{}.md", random.below(ARTICLES as u64)));
        let text = std::fs::read_to_string(&edited).unwrap();
        std::fs::write(&edited, text + "\nEdited while serving.\n").unwrap();
        changes += 2;
        std::thread::sleep(Duration::from_millis(40));
    }
    changes
}

/// The server's resident memory in KiB, from /proc.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
#[ignore = "slow: crash and load"]
fn two_hundred_clients_while_files_change_get_whole_pages_and_no_errors() {
    let dir = site("serve_site");
    generated::add_articles(dir.path(), ARTICLES);
    let server = Server::start(dir.path(), &[]);
    let mut random = Random::from_env();
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (address, seed) = (server.address.clone(), random.next());
            let (stop, tally) = (Arc::clone(&stop), Arc::clone(&tally));
            std::thread::spawn(move || client(address, seed, stop, tally))
        })
        .collect();
    let samples = Arc::new(Mutex::new(Vec::new()));
    let sampler = {
        let (stop, samples, pid) = (Arc::clone(&stop), Arc::clone(&samples), server.pid());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                samples.lock().unwrap().push(resident_kib(pid));
                std::thread::sleep(Duration::from_millis(250));
            }
        })
    };
    let editing = {
        let (root, seed, stop) = (dir.path().to_path_buf(), random.next(), Arc::clone(&stop));
        std::thread::spawn(move || editor(&root, seed, &stop))
    };
    let started = Instant::now();
    while started.elapsed() < RUN_FOR {
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let changes = editing.join().unwrap();
    sampler.join().unwrap();

    let samples = samples.lock().unwrap().clone();
    let peak = samples.iter().copied().max().unwrap_or(0);
    let quarter = samples.len() / 4;
    let early = samples[quarter..2 * quarter]
        .iter()
        .copied()
        .max()
        .unwrap_or(0);
    let late = samples[3 * quarter..].iter().copied().max().unwrap_or(0);
    let requests = tally.requests.load(Ordering::Relaxed);
    let server_errors = tally.server_errors.load(Ordering::Relaxed);
    let half_pages = tally.half_pages.load(Ordering::Relaxed);
    let broken = tally.broken_connections.load(Ordering::Relaxed);
    println!(
        "{requests} requests from {CLIENTS} clients in {} s while {changes} files changed: {server_errors} server errors, {half_pages} half pages, {broken} broken connections, {} not found; resident memory peak {} MiB (second quarter {} MiB, last quarter {} MiB)",
        RUN_FOR.as_secs(),
        tally.not_found.load(Ordering::Relaxed),
        peak / 1024,
        early / 1024,
        late / 1024,
    );
    assert!(requests > CLIENTS as u64, "{requests} requests");
    assert_eq!(server_errors, 0);
    assert_eq!(half_pages, 0);
    assert_eq!(broken, 0);
    assert!(
        late <= early + early / 2,
        "memory grew: {early} KiB in the second quarter, {late} KiB in the last"
    );
    let printed: Vec<String> = server.errors.try_iter().collect();
    assert!(
        !printed.iter().any(|line| line.contains("panicked")),
        "{printed:?}"
    );
}
