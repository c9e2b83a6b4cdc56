//! `hearth check --external` against a server on the loopback interface started by the test:
//! a page that answers, one that is missing, a redirect, a server that never answers, a closed
//! port, a HEAD-refusing server and a redirect loop. Never the internet.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use hearth::build::progress::{Progress, Silent};
use hearth::check::external::{Answer, Checker};
use hearth::check::links::outside_links;
use hearth::error::Location;

/// Serves forever (the test process ends it) on a free loopback port; returns its address.
fn start_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    address
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, location) = match (method, path) {
        (_, "/ok") => ("200 OK", None),
        (_, "/moved") => ("301 Moved Permanently", Some("/ok")),
        (_, "/loop") => ("301 Moved Permanently", Some("/loop")),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", None),
        ("GET", "/no-head") => ("200 OK", None),
        (_, "/silent") => {
            // Never answers: holds the connection until the client gives up.
            let _ = reader.read(&mut [0; 64]);
            return;
        }
        _ => ("404 Not Found", None),
    };
    let location = location.map_or(String::new(), |to| format!("Location: {to}\r\n"));
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{location}Content-Length: 2\r\nConnection: close\r\n\r\nhi"
    );
}

/// A port nothing listens on: bound, then let go.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn checker() -> Checker {
    Checker {
        timeout: Duration::from_secs(2),
        ..Checker::default()
    }
}

#[test]
fn every_kind_of_answer_is_told_apart() {
    let server = start_server();
    let closed = closed_port();
    let url = |path: &str| format!("http://{server}{path}");
    let mut links = BTreeMap::new();
    for (index, target) in [
        url("/ok"),
        url("/missing"),
        url("/moved"),
        url("/silent"),
        format!("http://127.0.0.1:{closed}/"),
        url("/no-head"),
        url("/loop"),
    ]
    .into_iter()
    .enumerate()
    {
        links.insert(target, vec![Location::new("content/a.md", index + 1, 3)]);
    }
    let report = checker().check(&links, &Silent);
    assert_eq!(report.answers[&url("/ok")], Answer::Ok);
    assert_eq!(
        report.answers[&url("/missing")],
        Answer::Broken("HTTP 404 Not Found".into())
    );
    assert_eq!(report.answers[&url("/moved")], Answer::Ok);
    assert_eq!(report.answers[&url("/no-head")], Answer::Ok);
    assert_eq!(
        report.answers[&url("/loop")],
        Answer::Broken("too many redirects".into())
    );
    assert_eq!(
        report.answers[&url("/silent")],
        Answer::Unreachable("no answer in time".into())
    );
    assert!(matches!(
        report.answers[&format!("http://127.0.0.1:{closed}/")],
        Answer::Unreachable(_)
    ));
    assert_eq!(
        report.summary(),
        "7 links checked: 3 ok, 2 broken, 2 unreachable"
    );
    let shown: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert!(shown.contains(&format!(
        "content/a.md:2:3: warning: broken link {}: HTTP 404 Not Found",
        url("/missing")
    )));
}

/// Counts what the checker tells its progress bar.
#[derive(Default)]
struct Counted(std::sync::Mutex<(Option<usize>, usize)>);

impl Progress for Counted {
    fn stage(&self, _name: &'static str, total: Option<usize>) {
        self.0.lock().unwrap().0 = total;
    }
    fn advance(&self) {
        self.0.lock().unwrap().1 += 1;
    }
}

#[test]
fn a_link_used_in_several_places_is_asked_once_and_reported_at_each() {
    let server = start_server();
    let site = tempfile::tempdir().unwrap();
    let content = site.path().join("content");
    std::fs::create_dir_all(content.join("articles")).unwrap();
    std::fs::write(site.path().join("hearth.toml"), "title = \"T\"\n").unwrap();
    let missing = format!("http://{server}/missing");
    std::fs::write(
        content.join("articles/a.md"),
        format!("# A\n\nRead [this]({missing}) and [that](http://{server}/ok).\n"),
    )
    .unwrap();
    std::fs::write(
        content.join("b.md"),
        format!("# B\n\nAgain: <{missing}>.\n"),
    )
    .unwrap();
    let links = outside_links(site.path());
    assert_eq!(links.len(), 2);
    let progress = Counted::default();
    let report = checker().check(&links, &progress);
    assert_eq!(*progress.0.lock().unwrap(), (Some(2), 2));
    let shown: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        vec![
            format!(
                "content/articles/a.md:3:13: warning: broken link {missing}: HTTP 404 Not Found"
            ),
            format!("content/b.md:3:9: warning: broken link {missing}: HTTP 404 Not Found"),
        ]
    );
    assert_eq!(
        report.summary(),
        "2 links checked: 1 ok, 1 broken, 0 unreachable"
    );
}
