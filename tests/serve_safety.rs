//! `hearth serve` is safe by default: nothing outside the site is served, whatever the path;
//! missing pages get the site's 404 page; a busy port is a clear error; the reload script is
//! never part of the built site.

#[path = "serve/client.rs"]
mod client;

use std::process::Command;

use client::{Server, site};

#[test]
fn paths_that_leave_the_site_are_refused() {
    let dir = site("serve_site");
    let secret = dir
        .path()
        .parent()
        .unwrap()
        .join(format!("hearth-secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "the secret outside the site").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, dir.path().join("static/leak.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", dir.path().join("static/etc")).unwrap();
    }
    let server = Server::start(dir.path(), &[]);
    let name = secret.file_name().unwrap().to_string_lossy().into_owned();
    let attempts = [
        format!("/../{name}"),
        format!("/articles/../../{name}"),
        format!("/%2e%2e/{name}"),
        format!("/%2e%2e%2f{name}"),
        format!("/..%2F{name}"),
        "//etc/passwd".to_string(),
        "/%2Fetc%2Fpasswd".to_string(),
        "/..\\..\\etc\\passwd".to_string(),
        format!("http://{}/../{name}", server.address),
        "/leak.txt".to_string(),
        "/etc/passwd".to_string(),
    ];
    for attempt in &attempts {
        let response = server.request("GET", attempt);
        assert!(response.status >= 400, "{attempt}: {}", response.status);
        assert!(!response.body.contains("the secret"), "{attempt}");
        assert!(!response.body.contains("root:"), "{attempt}");
    }
    std::fs::remove_file(&secret).unwrap();
}

#[test]
fn files_have_their_types_head_works_and_missing_pages_get_the_404_page() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let page = server.get("/articles/first/");
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.body
            .contains("<script src=\"/__hearth/livereload.js\"")
    );
    let style = server.get("/style.css");
    assert_eq!(
        style.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(server.get("/atom.xml").status, 200);
    assert_eq!(
        server.get("/__hearth/livereload.js").header("content-type"),
        Some("text/javascript; charset=utf-8")
    );

    let head = server.request("HEAD", "/articles/first/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), page.header("content-length"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404 page"
    );
    assert!(
        missing
            .body
            .contains("<script src=\"/__hearth/livereload.js\"")
    );
    assert_eq!(server.request("POST", "/").status, 405);
    let moved = server.get("/articles");
    assert_eq!(moved.status, 308);
    assert_eq!(moved.header("location"), Some("/articles/"));
}

#[test]
fn a_port_in_use_is_a_clear_error_naming_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = site("serve_site");
    let output = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["serve", "--port", &port, "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port} is already in use")),
        "{stderr}"
    );
}

#[test]
fn listening_beyond_this_machine_warns() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &["--bind", "0.0.0.0"]);
    let warning = server.errors.recv_timeout(client::WAIT).unwrap();
    assert!(
        warning.starts_with("warning: listening on 0.0.0.0:"),
        "{warning}"
    );
}

#[test]
fn the_reload_script_never_lands_in_the_built_site() {
    let dir = site("serve_site");
    let built = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(built.status.success());
    for entry in walkdir::WalkDir::new(dir.path().join("output")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("__hearth"), "{}", entry.path().display());
        }
    }
}
