//! `hearth serve` holds against clients that misbehave (all on loopback, each loop bounded): an
//! incomplete or silent connection is closed, the reload channel takes a bounded number of
//! listeners, and slow clients do not keep others from being served.

#[path = "serve/client.rs"]
mod client;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use client::{Server, WAIT, site};

/// Reads until the server closes the connection; fails if it is still open after [`WAIT`].
fn closed_by_server(mut stream: TcpStream) -> Vec<u8> {
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut received = Vec::new();
    match stream.read_to_end(&mut received) {
        Ok(_) => received,
        Err(error) if error.kind() == ErrorKind::ConnectionReset => received,
        Err(error) => panic!("the server kept the connection open: {error}"),
    }
}

#[test]
fn an_incomplete_or_silent_request_is_closed() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let mut incomplete = TcpStream::connect(&server.address).unwrap();
    write!(
        incomplete,
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: ",
        server.address
    )
    .unwrap();
    let silent = TcpStream::connect(&server.address).unwrap();
    for (name, stream) in [("incomplete", incomplete), ("silent", silent)] {
        let received = String::from_utf8_lossy(&closed_by_server(stream)).into_owned();
        assert!(
            received.is_empty() || received.starts_with("HTTP/1.1 408"),
            "{name}: {received}"
        );
    }
    assert_eq!(server.get("/").status, 200);
}

/// Opens the reload channel and reads its response head.
fn listen(address: &str) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET /__hearth/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    (stream, String::from_utf8_lossy(&head).into_owned())
}

#[test]
fn the_reload_channel_takes_a_bounded_number_of_listeners() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let mut listening: Vec<TcpStream> = (0..64)
        .map(|n| {
            let (stream, head) = listen(&server.address);
            assert!(head.starts_with("HTTP/1.1 200"), "listener {n}: {head}");
            stream
        })
        .collect();
    let (mut refused, head) = listen(&server.address);
    assert!(head.starts_with("HTTP/1.1 503"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 10"),
        "{head}"
    );
    let mut body = [0; 200];
    let read = refused.read(&mut body).unwrap();
    assert!(String::from_utf8_lossy(&body[..read]).contains(
        "too many pages are listening for reloads (at most 64); close some of the site's tabs"
    ),);
    // Pages still load while the channel is full.
    assert_eq!(server.get("/articles/first/").status, 200);

    // A page that goes away gives its place back, found at the latest when the next messages
    // reach it: each try that is refused edits an article, which sends every listener a message.
    drop(listening.pop());
    drop(listening.pop());
    let deadline = Instant::now() + WAIT;
    let article = dir.path().join("content/articles/first.md");
    for n in 0.. {
        let (_stream, head) = listen(&server.address);
        if head.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(head.starts_with("HTTP/1.1 503"), "{head}");
        assert!(Instant::now() < deadline, "no place was given back: {head}");
        let text = std::fs::read_to_string(&article).unwrap();
        std::fs::write(&article, format!("{text}\nEdit {n}.\n")).unwrap();
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn slow_clients_do_not_keep_others_waiting() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    // More clients that never finish their request than the server serves at once…
    let slow: Vec<TcpStream> = (0..600)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            write!(stream, "GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
            stream
        })
        .collect();
    // …and clients that ask for pages and never read them.
    let unread: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            for _ in 0..20 {
                write!(stream, "GET /articles/first/ HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            }
            stream
        })
        .collect();
    for path in ["/", "/articles/first/", "/style.css"] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
    }
    for stream in slow {
        closed_by_server(stream);
    }
    drop(unread);
    assert_eq!(server.get("/").status, 200);
}
