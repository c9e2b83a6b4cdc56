//! The corpus of broken sites: every case in `tests/fixtures/broken/<case>/` is a small site
//! with one fault (or a file that looks like one but must build), built end to end. Its
//! `expected.txt` holds the exact diagnostics, one a line; or `builds` and then lines
//! `<output path>: <text it holds>`. A case's `setup.txt` makes what git cannot hold
//! (symbolic links, huge or deep files, folders outside the site). A panic fails the case.
//! Every case also checks that nothing appeared outside the site but what the case allows.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use hearth::config::{Overrides, Settings};

/// One case, copied into `<temp>/site`, with `<temp>/outside` beside it.
struct Case {
    name: String,
    temp: tempfile::TempDir,
    output: Option<PathBuf>,
    force: bool,
}

impl Case {
    fn new(name: &str) -> Self {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let source = common::repo_root().join("tests/fixtures/broken").join(name);
        let site = temp.path().join("site");
        common::copy_tree(&source, &site);
        for own in ["expected.txt", "setup.txt"] {
            let _ = std::fs::remove_file(site.join(own));
        }
        common::copy_tree(&common::repo_root().join("themes"), &site.join("themes"));
        std::fs::create_dir_all(temp.path().join("outside")).unwrap();
        std::fs::write(temp.path().join("outside/secret.txt"), "a private file\n").unwrap();
        Self {
            name: name.to_string(),
            temp,
            output: None,
            force: false,
        }
    }

    fn site(&self) -> PathBuf {
        self.temp.path().join("site")
    }

    fn outside(&self) -> PathBuf {
        self.temp.path().join("outside")
    }

    /// `{site}` and `{outside}` in a case's files stand for the case's folders.
    fn expand(&self, text: &str) -> String {
        text.replace("{site}", &self.site().display().to_string())
            .replace("{outside}", &self.outside().display().to_string())
    }

    fn path(&self, written: &str) -> PathBuf {
        let expanded = self.expand(written);
        let path = Path::new(&expanded);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.site().join(path)
        }
    }

    /// Runs `setup.txt`: `link PATH TARGET`, `file PATH TEXT`, `bytes PATH HEX`,
    /// `big PATH MEGABYTES`, `yesno PATH COUNT`, `deep LEVELS`, `output DIR`, `force`.
    fn set_up(&mut self, setup: &str) {
        for line in setup.lines().filter(|line| !line.trim().is_empty()) {
            let mut words = line.splitn(3, ' ');
            let verb = words.next().unwrap_or_default();
            let first = words.next().unwrap_or_default();
            let rest = words.next().unwrap_or_default();
            match verb {
                "link" => {
                    let link = self.path(first);
                    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
                    std::os::unix::fs::symlink(self.expand(rest), link).unwrap();
                }
                "file" => {
                    let file = self.path(first);
                    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                    std::fs::write(file, rest.replace("\\n", "\n")).unwrap();
                }
                "big" => {
                    let megabytes: usize = rest.parse().unwrap();
                    let paragraph = "I listen with real interest when my spouse talks about their day, and I answer with care.\n\n";
                    let mut text = String::from("+++\ntitle = \"A very long article\"\n+++\n");
                    while text.len() < megabytes << 20 {
                        text.push_str(paragraph);
                    }
                    let file = self.path(first);
                    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                    std::fs::write(file, text).unwrap();
                }
                "yesno" => {
                    let count: usize = rest.parse().unwrap();
                    let mut text = String::from("+++\ntitle = \"Q\"\nkind = \"quiz\"\n[quiz]\n");
                    for number in 1..=count {
                        text.push_str(&format!(
                            "[[quiz.questions]]\ntype = \"yesno\"\nprompt = \"Statement {number}\"\n"
                        ));
                    }
                    let half = count / 2;
                    text.push_str(&format!(
                        "[[quiz.results]]\nrange = [0, {half}]\ntitle = \"Low\"\nbody = \"Low.\"\n[[quiz.results]]\nrange = [{}, {count}]\ntitle = \"High\"\nbody = \"High.\"\n+++\n",
                        half + 2
                    ));
                    let file = self.path(first);
                    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                    std::fs::write(file, text).unwrap();
                }
                "deep" => {
                    let levels: usize = first.parse().unwrap();
                    let mut folder = self.site().join("content");
                    for level in 1..=levels {
                        folder.push(format!("level{level}"));
                    }
                    std::fs::create_dir_all(&folder).unwrap();
                    std::fs::write(
                        folder.join("bottom.md"),
                        "+++\ntitle = \"At the bottom\"\n+++\nDeep down.\n",
                    )
                    .unwrap();
                }
                "output" => self.output = Some(self.path(first)),
                "force" => self.force = true,
                other => panic!("{}: unknown setup verb `{other}`", self.name),
            }
        }
    }

    /// Everything outside the site: names and bytes.
    fn outside_snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(self.temp.path()).unwrap() {
            let entry = entry.unwrap();
            if entry.file_name() == "site" {
                continue;
            }
            let path = entry.path();
            if path.is_dir() && !path.is_symlink() {
                for (name, bytes) in common::snapshot(&path) {
                    found.push((
                        format!("{}/{name}", entry.file_name().to_string_lossy()),
                        bytes,
                    ));
                }
            } else {
                found.push((entry.file_name().to_string_lossy().into_owned(), Vec::new()));
            }
        }
        found.sort();
        found
    }

    /// Builds the case; its diagnostics as printed on failure.
    fn build(&self) -> Result<(), Vec<String>> {
        let overrides = Overrides {
            output_dir: self.output.clone(),
            force_output: self.force,
            ..Overrides::default()
        };
        let settings =
            Settings::load(&self.site(), overrides).map_err(|error| vec![error.to_string()])?;
        hearth::build::build(&settings)
            .map(|_| ())
            .map_err(|error| error.0.iter().map(ToString::to_string).collect())
    }

    fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.site().join("output"))
    }

    /// What is wrong with the case's outcome, if anything.
    fn run(mut self) -> Result<(), String> {
        let dir = common::repo_root()
            .join("tests/fixtures/broken")
            .join(&self.name);
        if let Ok(setup) = std::fs::read_to_string(dir.join("setup.txt")) {
            self.set_up(&setup);
        }
        let expected = match std::fs::read_to_string(dir.join("expected.txt")) {
            Ok(expected) => expected,
            Err(_) if std::env::var_os("HEARTH_BLESS").is_some() => {
                let got = match catch_unwind(AssertUnwindSafe(|| self.build())) {
                    Ok(Ok(())) => "builds\n".to_string(),
                    Ok(Err(errors)) => errors.join("\n") + "\n",
                    Err(_) => "PANIC\n".to_string(),
                };
                let got = got
                    .replace(&self.outside().display().to_string(), "{outside}")
                    .replace(&self.site().display().to_string(), "{site}");
                std::fs::write(dir.join("expected.txt"), got).unwrap();
                return Ok(());
            }
            Err(error) => return Err(format!("no expected.txt: {error}")),
        };
        let output_before = self.output.as_ref().map(|dir| tree(dir));
        let outside_before = self.outside_snapshot();
        let built = catch_unwind(AssertUnwindSafe(|| self.build()))
            .map_err(|_| "the build panicked".to_string())?;
        let writes_outside = self
            .output
            .as_ref()
            .is_some_and(|dir| !dir.starts_with(self.site()));
        let expected = self.expand(&expected);
        let mut lines = expected.lines();
        let outcome = if lines.next() == Some("builds") {
            let Err(errors) = built else {
                return self.check_built(lines);
            };
            Err(format!("expected a build, got:\n{}", errors.join("\n")))
        } else {
            let wanted: Vec<&str> = expected.lines().collect();
            match built {
                Ok(()) => Err(format!("expected errors, but the site built:\n{expected}")),
                Err(errors) if errors != wanted => Err(format!(
                    "expected:\n{}\ngot:\n{}",
                    wanted.join("\n"),
                    errors.join("\n")
                )),
                Err(_) if self.output.is_none() && self.output_dir().exists() => {
                    Err("a failed build wrote output/".to_string())
                }
                Err(_)
                    if output_before.is_some()
                        && output_before != self.output.as_ref().map(|dir| tree(dir)) =>
                {
                    Err("a refused build changed the folder it was pointed at".to_string())
                }
                Err(_) => Ok(()),
            }
        };
        if !writes_outside && self.outside_snapshot() != outside_before {
            return Err("something appeared or changed outside the site".to_string());
        }
        outcome
    }

    fn check_built<'a>(&self, lines: impl Iterator<Item = &'a str>) -> Result<(), String> {
        for line in lines.filter(|line| !line.is_empty()) {
            let (path, text) = line
                .split_once(": ")
                .ok_or_else(|| format!("expected.txt: `{line}` is not `path: text`"))?;
            let file = self.output_dir().join(path);
            let found = std::fs::read_to_string(&file)
                .map_err(|error| format!("output/{path}: {error}"))?;
            if !found.contains(text) {
                return Err(format!("output/{path} does not hold `{text}`"));
            }
        }
        Ok(())
    }
}

/// The files at or under `path` with their bytes (nothing when it does not exist).
fn tree(path: &Path) -> Vec<(String, Vec<u8>)> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => common::snapshot(path),
        Ok(_) => vec![(String::new(), std::fs::read(path).unwrap_or_default())],
        Err(_) => Vec::new(),
    }
}

#[test]
fn every_broken_site_fails_with_its_exact_message_and_never_panics() {
    let corpus = common::repo_root().join("tests/fixtures/broken");
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .expect("tests/fixtures/broken/")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| corpus.join(name).is_dir())
        .collect();
    names.sort();
    assert!(names.len() >= 60, "the corpus has {} cases", names.len());
    let failures: Vec<String> = names
        .iter()
        .filter_map(|name| {
            Case::new(name)
                .run()
                .err()
                .map(|problem| format!("── {name}: {problem}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

/// A disk that fails (here: a file size limit, as a full disk refuses the next write) stops the
/// build at the first write with one message naming the output folder and the cause.
#[test]
fn a_failing_disk_stops_the_build_with_one_message() {
    let fixture = common::Fixture::repository_site();
    let root = fixture.root().display().to_string();
    let hearth = env!("CARGO_BIN_EXE_hearth");
    // An ignored SIGXFSZ stays ignored through `exec`, so a write past the limit fails instead.
    let script = format!("trap '' XFSZ; ulimit -f 8; exec '{hearth}' build --root '{root}'");
    let run = std::process::Command::new("sh")
        .args(["-c", &script])
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "the build succeeded: {stderr}");
    let output = fixture.output();
    let first = format!(
        "cannot write the site into {}: File too large",
        output.display()
    );
    let lines: Vec<&str> = stderr.lines().filter(|line| !line.is_empty()).collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].contains(&first), "{stderr}");
    assert!(
        lines[0].ends_with("; the build stopped there and the folder holds the previous site"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("error: ") && lines[1].ends_with(": 1 error"),
        "{stderr}"
    );
    assert!(!output.exists(), "a failed first build left output/");
}

/// `hearth build --output` refuses the site's sources and folders of other files, and
/// `--force` takes over the latter.
#[test]
fn the_command_line_refuses_folders_it_does_not_own_and_force_takes_them_over() {
    let fixture = common::Fixture::new("basic");
    let hearth = env!("CARGO_BIN_EXE_hearth");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "--root"];
        let root = fixture.root().to_str().unwrap();
        args.push(root);
        args.extend_from_slice(extra);
        std::process::Command::new(hearth)
            .args(&args)
            .output()
            .unwrap()
    };
    let content_before = common::snapshot(&fixture.root().join("content"));
    let content = fixture.root().join("content");
    let refused = build(&["--output", content.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("inside the site's content/ folder"));
    assert_eq!(
        common::snapshot(&content),
        content_before,
        "content/ was touched"
    );

    let mine = fixture.root().join("mine");
    fixture.write("mine/notes.txt", "my only copy");
    let refused = build(&["--output", mine.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && stderr.contains("`--force`"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "my only copy"
    );

    let forced = build(&["--output", mine.to_str().unwrap(), "--force"]);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert!(mine.join("index.html").is_file() && mine.join(".hearth-output").is_file());
    let again = build(&["--output", mine.to_str().unwrap()]);
    assert!(again.status.success(), "a folder hearth made is its own");
}

/// A rebuild (as `hearth serve` runs after an edit) refuses a link to a file outside the site
/// as a first build does, and builds again once it is gone.
#[test]
fn a_rebuild_refuses_a_new_link_outside_the_site() {
    let fixture = common::Fixture::new("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0\n").unwrap();
    let mut session = hearth::build::session::Session::open(fixture.root(), Overrides::default());
    session.build_all().expect("the site builds");
    let link = fixture.root().join("content/articles/passwd.md");
    std::os::unix::fs::symlink(outside.path().join("passwd"), &link).unwrap();
    let errors: Vec<String> = match session.rebuild(std::slice::from_ref(&link)) {
        Ok(_) => panic!("a link outside the site was published"),
        Err(error) => error.0.iter().map(ToString::to_string).collect(),
    };
    let target = outside.path().canonicalize().unwrap().join("passwd");
    assert_eq!(
        errors,
        [format!(
            "content/articles/passwd.md is a symbolic link to {}, outside the site's folder; expected a file inside the site, or `allow_outside_links = true` in hearth.toml to publish it",
            target.display()
        )]
    );
    assert!(
        !(session.output().files.keys()).any(|path| path.contains("passwd")),
        "the file outside reached the served site"
    );
    std::fs::remove_file(&link).unwrap();
    session.rebuild(&[link]).expect("the site builds again");
}
