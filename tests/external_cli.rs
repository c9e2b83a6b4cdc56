//! `hearth check --external` from the command line, against a loopback server started by the
//! test: a summary, each broken link at its place, success unless `--strict`.

mod cli_support;
mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use cli_support::{piped, text};
use common::Fixture;

/// Answers `/ok` with 200 and everything else with 404, for as long as the test runs.
fn start_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = reader.read_line(&mut request);
            let mut header = String::from("x");
            while reader.read_line(&mut header).unwrap_or(0) > 0 && !header.ends_with("\r\n\r\n") {}
            let status = if request.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    address
}

/// A site whose `content/links.md` links to `/ok` and `/gone` on `server`; and the column of
/// the broken link on its line 3.
fn site_linking_to(server: &str) -> (Fixture, usize) {
    let site = Fixture::new("basic");
    let line = format!("A [good one](http://{server}/ok) and a [gone one](http://{server}/gone).");
    site.write("content/links.md", &format!("# Links\n\n{line}\n"));
    let col = line.find(&format!("http://{server}/gone")).unwrap() + 1;
    (site, col)
}

#[test]
fn broken_links_are_warnings_with_a_summary() {
    let server = start_server();
    let (site, col) = site_linking_to(&server);
    let run = piped(
        site.root(),
        &["check", "--external", "--message-format", "short"],
        &[],
    );
    let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
    assert_eq!(run.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("2 links checked: 1 ok, 1 broken, 0 unreachable"),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "content/links.md:3:{col}: warning: broken link http://{server}/gone: HTTP 404 Not Found"
        )),
        "{stderr}"
    );
}

#[test]
fn strict_fails_on_a_broken_link() {
    let server = start_server();
    let (site, col) = site_linking_to(&server);
    let run = piped(
        site.root(),
        &[
            "check",
            "--external",
            "--strict",
            "--message-format",
            "short",
        ],
        &[],
    );
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "content/links.md:3:{col}: warning: broken link http://{server}/gone"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--strict: broken links"), "{stderr}");
}

#[test]
fn strict_needs_external() {
    let site = Fixture::new("basic");
    let run = piped(site.root(), &["check", "--strict"], &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("--external"));
}
