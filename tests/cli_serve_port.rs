//! `hearth serve` without `--port` moves on from a taken 1111 to the next free port and says
//! which; a port named with `--port` that is taken is an error.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::Fixture;

/// A running `hearth serve`, stopped when dropped.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_taken_default_port_moves_on_to_the_next_free_one() {
    // Whoever holds 1111 (this test, or another program), it is taken while the test runs.
    let _holder = std::net::TcpListener::bind("127.0.0.1:1111");
    let site = Fixture::new("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("serve")
        .current_dir(site.root())
        .env_remove("NO_COLOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hearth serve starts");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let _serving = Serving(child);
    let serving = stdout
        .lines()
        .map_while(Result::ok)
        .find(|line| line.starts_with("Serving the site at "))
        .expect("hearth serve says where it serves");
    let port: u16 = serving
        .strip_prefix("Serving the site at http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix("/ (Ctrl+C to stop)"))
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("{serving}"));
    assert!((1112..1121).contains(&port), "{serving}");
    let first_warning = stderr.lines().map_while(Result::ok).next();
    assert_eq!(
        first_warning.as_deref(),
        Some(
            format!("warning: port 1111 is already in use; serving on port {port} instead")
                .as_str()
        )
    );
}

#[test]
fn a_taken_port_named_with_port_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = Fixture::new("basic");
    let run = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["serve", "--port", &port])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        format!(
            "error: cannot serve on 127.0.0.1:{port}: port {port} is already in use\nhelp: stop what uses it, or pick another port with --port (--port 0 picks a free one)\n"
        )
    );
    assert_eq!(String::from_utf8_lossy(&run.stdout), "");
}

#[test]
fn problems_of_a_build_show_with_their_lines_and_the_site_stays_served() {
    let site = Fixture::new("many_errors");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root().join("content"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hearth serve starts");
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let _serving = Serving(child);
    let mut printed = String::new();
    for line in stderr.lines().map_while(Result::ok) {
        printed.push_str(&line);
        printed.push('\n');
        if line.starts_with("error: could not build the site") {
            break;
        }
    }
    assert_eq!(
        printed,
        "\
error: unknown key `mood` in front matter
 --> content/articles/a.md:3:1
  |
3 | mood = \"sad\"
  | ^^^^
  |
  = help: expected one of: title, description, date, updated, tags, draft, slug, aliases, weight, kind, template, paper, extra, quiz, expires, series, series_order, image, or a key under [extra]

error: `date` is not a date: `someday`
 --> content/articles/b.md:3:1
  |
3 | date = \"someday\"
  | ^^^^
  |
  = help: expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z

error: unknown internal link `@/nowhere.md`; no page at content/nowhere.md
 --> content/articles/c.md:4:5
  |
4 | See [nowhere](@/nowhere.md).
  |     ^

error: could not build the site: 3 errors; it is built again when a file changes
"
    );
}
