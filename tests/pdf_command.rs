//! `hearth pdf` as a writer runs it: one PDF per worksheet and the booklet, linked from their
//! pages; a clear message naming the package when no Chromium is installed. The printing tests
//! run where Chromium is (they say so and pass when it is not: `cargo test` needs only Rust).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Fixture;

fn hearth(root: &Path, args: &[&str], path: &std::ffi::OsStr) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("pdf")
        .arg("--root")
        .arg(root)
        .args(args)
        .env("PATH", path)
        .env_remove("HEARTH_CHROMIUM")
        .output()
        .expect("hearth runs")
}

/// Chromium on this machine's PATH, if any.
fn chromium() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    hearth::pdf::chromium::find(None, Some(path)).ok()
}

/// What poppler's `pdfinfo` says of a PDF (installed with Chromium: `apt-get install poppler-utils`).
fn pdfinfo(file: &Path) -> String {
    let output = Command::new("pdfinfo").arg(file).output();
    let output = output.expect("needs poppler's pdfinfo: apt-get install poppler-utils");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn without_chromium_it_fails_and_names_the_package_to_install() {
    let site = Fixture::repository_site();
    let empty = tempfile::tempdir().unwrap();
    let output = hearth(site.root(), &[], empty.path().as_os_str());
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.lines().next().unwrap_or_default(),
        "error: no Chromium found to print with: looked for chromium, chromium-browser, google-chrome-stable, google-chrome, chrome on PATH; install it (Debian, Ubuntu: `apt-get install chromium`) or set HEARTH_CHROMIUM to its path"
    );
    assert!(!site.output().exists(), "nothing is written");
}

#[test]
#[ignore = "needs chromium"]
fn it_prints_every_worksheet_the_booklet_and_every_quiz_and_links_them() {
    assert!(
        chromium().is_some(),
        "needs Chromium: apt-get install chromium"
    );
    let site = Fixture::repository_site();
    let path = std::env::var_os("PATH").unwrap();
    let output = hearth(site.root(), &[], &path);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("Printed 6 PDFs in ")
            && stdout.trim_end().ends_with(
                ": before-i-act.pdf, how-much-do-i-care.pdf, is-this-still-healthy.pdf, booklet.pdf, how-caring-are-you.pdf, he-left-what-helps-and-what-hurts.pdf"
            ),
        "{stdout}"
    );
    for name in [
        "before-i-act",
        "how-much-do-i-care",
        "is-this-still-healthy",
        "booklet",
        "how-caring-are-you",
        "he-left-what-helps-and-what-hurts",
    ] {
        let file = site.output().join(format!("pdf/{name}.pdf"));
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(bytes.starts_with(b"%PDF"), "{name}.pdf is a PDF");
        // Links in the PDF lead to the published site, never to the local server that served it.
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("127.0.0.1"),
            "{name}.pdf links to the local server"
        );
        let info = pdfinfo(&file);
        assert!(
            info.contains("Page size:       594.96 x 841.92 pts (A4)"),
            "{name}: {info}"
        );
    }
    // A quiz's paper version: its questions, then its scoring key, which is closed on screen.
    let quiz = site.output().join("pdf/how-caring-are-you.pdf");
    {
        let text = Command::new("pdftotext").arg(&quiz).arg("-").output();
        let text = text.expect("pdftotext runs: apt-get install poppler-utils");
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("I chit-chat with my spouse"), "{text}");
        assert!(text.contains("What your score means"), "{text}");
        assert!(
            text.contains("Still Home"),
            "the footer names the site: {text}"
        );
        assert!(text.contains("Page 1 of "), "{text}");
    }
    assert!(site.read("quizzes/how-caring-are-you/index.html").contains(
        "<a href=\"../../pdf/how-caring-are-you.pdf\" download data-path=\"/pdf/how-caring-are-you.pdf\">Download the paper version (PDF)</a>"
    ));
    let page = site.read("worksheets/before-i-act/index.html");
    assert!(page.contains("<a class=\"button button-quiet\" href=\"../../pdf/before-i-act.pdf\" download data-path=\"/pdf/before-i-act.pdf\">Download the PDF</a>"));
    assert!(
        site.read("print/index.html")
            .contains("href=\"../pdf/booklet.pdf\" download data-path=\"/pdf/booklet.pdf\">")
    );
    assert!(
        site.read("index.html").contains("<h1"),
        "the rest of the site is written too"
    );

    // One page on other paper: the others printed before are kept, and still linked.
    let output = hearth(site.root(), &["--paper", "letter", "before-i-act"], &path);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Kept from before: pdf/how-much-do-i-care.pdf, pdf/is-this-still-healthy.pdf, pdf/booklet.pdf"),
        "{stdout}"
    );
    let info = pdfinfo(&site.output().join("pdf/before-i-act.pdf"));
    assert!(
        info.contains("Page size:       612 x 792 pts (letter)"),
        "{info}"
    );
    assert!(
        site.read("worksheets/how-much-do-i-care/index.html")
            .contains("href=\"../../pdf/how-much-do-i-care.pdf\"")
    );
}

#[test]
#[ignore = "needs chromium"]
fn an_unknown_page_is_named_with_the_ones_there_are() {
    assert!(
        chromium().is_some(),
        "needs Chromium: apt-get install chromium"
    );
    let site = Fixture::repository_site();
    let output = hearth(site.root(), &["nope"], &std::env::var_os("PATH").unwrap());
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.lines().take(2).collect::<Vec<_>>(),
        [
            "error: no page `nope` to print",
            "help: expected a worksheet or quiz (before-i-act, how-much-do-i-care, is-this-still-healthy, how-caring-are-you, he-left-what-helps-and-what-hurts, booklet), a page's file or its URL"
        ]
    );
}
