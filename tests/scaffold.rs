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

#[test]
fn init_refuses_a_folder_with_files_unless_forced_and_never_replaces_one() {
    let temp = tempfile::tempdir().unwrap();
    let folder = temp.path().join("notes");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("todo.txt"), "mine").unwrap();
    let folder_arg = folder.to_str().unwrap();
    let refused = hearth(&["init", folder_arg]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!(
            "error: {folder_arg} is not empty\nhelp: expected an empty or new folder (or `--force` to add a site beside what is there)\n\nerror: could not create the site\n"
        )
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

    std::fs::write(folder.join(".gitignore"), "*.tmp\n").unwrap();
    let forced = hearth(&["init", "--force", folder_arg]);
    assert!(forced.status.success(), "{forced:?}");
    assert_eq!(
        String::from_utf8_lossy(&forced.stderr),
        format!(
            "warning: {folder_arg} already has a .gitignore, kept as it is: add /output/ /.output.staging/ /.output.hashes /.output.* to it\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(folder.join(".gitignore")).unwrap(),
        "*.tmp\n"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("todo.txt")).unwrap(),
        "mine"
    );
    assert!(folder.join("themes/hearth/templates/base.html").is_file());

    let other = temp.path().join("other");
    std::fs::create_dir_all(other.join("content")).unwrap();
    std::fs::write(other.join("content/_index.md"), "my home page").unwrap();
    let clash = hearth(&["init", "--force", other.to_str().unwrap()]);
    assert!(!clash.status.success());
    assert!(
        String::from_utf8_lossy(&clash.stderr).starts_with(&format!(
            "error: {} already holds content/_index.md\n",
            other.display()
        )),
        "{clash:?}"
    );
    assert_eq!(
        std::fs::read_to_string(other.join("content/_index.md")).unwrap(),
        "my home page"
    );
    assert!(!other.join("hearth.toml").exists(), "nothing is written");
}

#[test]
fn init_keeps_what_hearth_builds_out_of_version_control() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    let run = hearth(&["init", site.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        format!(
            "Created a new site in {0}: `cd {0}` and run `hearth serve` to see it\n",
            site.display()
        )
    );
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    let patterns: Vec<&str> = ignored.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        patterns,
        [
            "/output/",
            "/.output.staging/",
            "/.output.hashes",
            "/.output.*"
        ]
    );
    let build = hearth(&["build", "--root", site.to_str().unwrap()]);
    assert!(build.status.success());
    for made in std::fs::read_dir(&site).unwrap() {
        let name = made.unwrap().file_name().into_string().unwrap();
        let kept_out = name == "output" || name.starts_with(".output.");
        let source = ["hearth.toml", ".gitignore", "content", "themes"].contains(&name.as_str());
        assert!(kept_out || source, "{name} is neither a source nor ignored");
    }
}

#[test]
fn a_new_draft_is_built_only_with_drafts() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    let root = site.to_str().unwrap();
    assert!(hearth(&["init", root]).status.success());
    let run = hearth(&["new", "article", "Not yet", "--draft", "--root", root]);
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "Wrote content/articles/not-yet.md (a draft)\n"
    );
    let text = std::fs::read_to_string(site.join("content/articles/not-yet.md")).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Not yet\"\ndescription = \"\"\ndraft = true\ndate = "),
        "{text}"
    );
    assert!(hearth(&["build", "--root", root]).status.success());
    assert!(!site.join("output/articles/not-yet/index.html").exists());
    assert!(
        hearth(&["build", "--drafts", "--root", root])
            .status
            .success()
    );
    assert!(site.join("output/articles/not-yet/index.html").is_file());
}
