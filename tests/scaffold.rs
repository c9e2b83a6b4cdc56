//! `hearth init` and `hearth new`: a new site and new pages of every kind build as they are.

use std::process::Command;

fn hearth(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(args)
        .output()
        .expect("hearth runs")
}

#[test]
fn a_new_site_with_a_page_of_every_kind_builds() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    let site_arg = site.to_str().unwrap();
    assert!(hearth(&["init", site_arg]).status.success());
    for (kind, title) in [
        ("article", "Don't Rush It"),
        ("worksheet", "Before I act"),
        ("quiz", "How caring are you?"),
        ("page", "About"),
    ] {
        let run = hearth(&["new", kind, title, "--root", site_arg]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert!(site.join("content/worksheets/before-i-act.md").is_file());
    let build = hearth(&["build", "--root", site_arg]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    for page in [
        "articles/dont-rush-it/index.html",
        "worksheets/before-i-act/index.html",
        "quizzes/how-caring-are-you/index.html",
        "about/index.html",
    ] {
        assert!(site.join("output").join(page).is_file(), "{page}");
    }
    let again = hearth(&["init", site_arg]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a site"));
}
