//! `hearth build` killed (SIGKILL) at random moments of a large build: `output/` is always a
//! complete build — the one before, or the one that was running if it had finished — and the
//! build after the kills equals a clean build. Slow (a generated site of a few thousand pages):
//! run by `.ci/run` with `--ignored`.

#[path = "serve/client.rs"]
mod client;
#[path = "serve/generated.rs"]
mod generated;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use generated::Random;

const ARTICLES: usize = 2000;
const KILLS: usize = 20;

/// Every file under `dir`, by path from it, with its bytes' hash.
fn snapshot(dir: &Path) -> BTreeMap<String, blake3::Hash> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path().strip_prefix(dir).unwrap();
            let bytes = std::fs::read(entry.path()).unwrap();
            (path.to_string_lossy().into_owned(), blake3::hash(&bytes))
        })
        .collect()
}

fn build(root: &Path, output: Option<&Path>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hearth"));
    command.args(["build", "--root"]).arg(root);
    if let Some(output) = output {
        command.arg("--output").arg(output);
    }
    let done = command.output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
}

/// What the article that changes between versions says in version `version`.
fn set_version(root: &Path, version: usize) {
    let body = format!(
        "{}\nVersion {version} of this article.\n",
        generated::article_body(0, 1)
    );
    let text = format!(
        "+++\ntitle = \"Article number 0, version {version}\"\ndate = 2023-01-01\ntags = [\"trust\"]\n+++\n{body}"
    );
    std::fs::write(root.join("content/articles/a-0.md"), text).unwrap();
}

#[test]
#[ignore = "slow: crash and load"]
fn a_build_killed_at_any_moment_leaves_the_previous_complete_output() {
    let dir = client::site("serve_site");
    let root = dir.path();
    generated::add_articles(root, ARTICLES);
    let clean = tempfile::tempdir().unwrap();

    // The complete output of each of two versions of the site: the second built apart, the
    // first into output/, where the kills will happen.
    set_version(root, 1);
    let apart = clean.path().join("version-1");
    build(root, Some(&apart));
    let second = snapshot(&apart);
    set_version(root, 0);
    let started = Instant::now();
    build(root, None);
    let full = started.elapsed();
    let output = root.join("output");
    let complete = [snapshot(&output), second];
    assert_ne!(complete[0], complete[1]);
    println!(
        "a full build of {ARTICLES} articles took {} ms",
        full.as_millis()
    );

    let mut random = Random::from_env();
    let mut previous = 0;
    let mut current = 0;
    let (mut cut_short, mut finished) = (0, 0);
    for kill in 0..KILLS {
        let version = 1 - previous;
        set_version(root, version);
        current = version;
        let window = full.as_micros() as u64 * 5 / 4;
        let moment = Duration::from_micros(random.below(window));
        // Without the build cache every build is a whole one, as long as the one timed above:
        // with it, one changed article would be rebuilt in a moment and most kills come after.
        let _ = std::fs::remove_dir_all(root.join(".output.cache"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .args(["build", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(moment);
        let ended_alone = child.try_wait().unwrap().is_some();
        child.kill().unwrap_or_default();
        child.wait().unwrap();
        let now = snapshot(&output);
        if now == complete[version] {
            finished += 1;
            previous = version;
        } else {
            assert!(
                !ended_alone,
                "kill {kill}: a finished build left another output"
            );
            let missing = complete[previous]
                .iter()
                .filter(|(path, hash)| now.get(*path) != Some(*hash))
                .count();
            let extra = now.len().saturating_sub(complete[previous].len());
            assert!(
                now == complete[previous],
                "kill {kill} at {} ms: output/ is neither build ({missing} files differ from the previous one, {extra} more files)",
                moment.as_millis()
            );
            cut_short += 1;
        }
    }
    println!(
        "{KILLS} kills: {cut_short} cut a build short (output/ was the previous build), {finished} came after it finished"
    );
    assert!(
        cut_short >= KILLS / 2,
        "most kills must land inside a build"
    );

    build(root, None);
    assert!(
        snapshot(&output) == complete[current],
        "the build after the kills equals a clean build"
    );
}
