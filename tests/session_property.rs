//! A build session rebuilt after each of hundreds of random edits, additions, deletions and
//! renames holds exactly the site a clean build of the same files makes, and reports exactly
//! the output paths whose bytes changed.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::Fixture;
use hearth::build::session::Session;
use hearth::config::{Overrides, Settings};
use hearth::output::{Body, SiteOutput};

/// A small seeded generator (splitmix64), so every run makes the same edits.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const WORDS: &[&str] = &[
    "calm", "trust", "listen", "gently", "evening", "question", "patience", "small", "repair",
];
const TAGS: &[&str] = &["trust", "Trust", "listening", "calm", "hope", "money"];
const FOLDERS: &[&str] = &["articles", "worksheets", "notes", ""];

/// The site being edited, and what it can pick from.
struct Site {
    fixture: Fixture,
    random: Random,
    serial: usize,
}

impl Site {
    fn root(&self) -> &Path {
        self.fixture.root()
    }

    fn markdown_files(&self) -> Vec<String> {
        let content = self.root().join("content");
        walkdir::WalkDir::new(&content)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                let relative = entry.path().strip_prefix(&content).unwrap();
                relative.to_string_lossy().replace('\\', "/")
            })
            .filter(|path| path.ends_with(".md") && !path.contains("/."))
            .collect()
    }

    fn pages(&self) -> Vec<String> {
        let files = self.markdown_files();
        files
            .into_iter()
            .filter(|p| !p.ends_with("_index.md"))
            .collect()
    }

    fn words(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| *self.random.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn link(&mut self) -> String {
        let pages = self.markdown_files();
        let target = self.random.pick(&pages).clone();
        let anchor = match self.random.below(4) {
            0 => "#why-it-matters",
            1 => "#heading-1",
            _ => "",
        };
        format!("[see](@/{target}{anchor})")
    }

    fn new_page(&mut self) -> String {
        self.serial += 1;
        let month = 1 + self.random.below(12);
        let tags: Vec<String> = (0..self.random.below(3))
            .map(|_| format!("\"{}\"", self.random.pick(TAGS)))
            .collect();
        let body = self.words(8);
        let link = if self.random.chance(40) {
            self.link()
        } else {
            String::new()
        };
        format!(
            "+++\ntitle = \"Page {serial}\"\ndate = 2024-{month:02}-{day:02}\ntags = [{tags}]\n+++\n{body}\n\n## Heading {serial}\n\n{link}\n",
            serial = self.serial,
            day = 1 + self.random.below(28),
            tags = tags.join(", "),
        )
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root().join(relative)).unwrap_or_default()
    }

    /// Replaces (or adds) a header line `key = …`.
    fn set_header(&self, relative: &str, key: &str, value: Option<String>) -> PathBuf {
        let text = self.read(relative);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.retain(|line| !line.starts_with(&format!("{key} =")));
        if let Some(value) = value {
            lines.insert(1.min(lines.len()), format!("{key} = {value}"));
        }
        self.write(relative, &(lines.join("\n") + "\n"))
    }

    /// What a writer does after an error: writes the files it names again, correctly.
    fn fix(&mut self, problems: &[String]) -> Vec<PathBuf> {
        let files: BTreeSet<&str> = problems
            .iter()
            .filter_map(|problem| problem.split(':').next())
            .filter(|path| path.starts_with("content/") && self.root().join(path).is_file())
            .collect();
        let mut fixed = Vec::new();
        for file in files {
            let text = if file.ends_with("_index.md") {
                "+++\ntitle = \"A section\"\n+++\nIntro.\n".to_string()
            } else {
                self.new_page()
                    .replace("[see](", "[gone](")
                    .replace("(@/", "(https://example.org/")
            };
            fixed.push(self.write(file, &text));
        }
        fixed
    }

    /// One random change; returns the paths it touched, as a watcher would report them.
    fn change(&mut self) -> Vec<PathBuf> {
        let pages = self.pages();
        let page = format!("content/{}", self.random.pick(&pages));
        match self.random.below(20) {
            0..=3 => {
                let mut text = self.read(&page);
                let count = 1 + self.random.below(12);
                let words = self.words(count);
                text.push_str(&format!("\n{words}\n"));
                if self.random.chance(20) {
                    text.push_str(&format!("\n{}\n", self.link()));
                }
                vec![self.write(&page, &text)]
            }
            4 => {
                let title = format!("\"{}\"", self.words(2));
                vec![self.set_header(&page, "title", Some(title))]
            }
            5 => {
                let date = format!("2024-{:02}-15", 1 + self.random.below(12));
                vec![self.set_header(&page, "date", Some(date))]
            }
            6 => {
                let tags: Vec<String> = (0..self.random.below(3))
                    .map(|_| format!("\"{}\"", self.random.pick(TAGS)))
                    .collect();
                vec![self.set_header(&page, "tags", Some(format!("[{}]", tags.join(", "))))]
            }
            7 => {
                let draft = self.random.chance(50).then(|| "true".to_string());
                vec![self.set_header(&page, "draft", draft)]
            }
            8 => {
                let slug = self
                    .random
                    .chance(60)
                    .then(|| format!("\"{}\"", self.words(1)));
                vec![self.set_header(&page, "slug", slug)]
            }
            9 | 10 => {
                let folder = *self.random.pick(FOLDERS);
                self.serial += 1;
                let name = format!("page-{}.md", self.serial);
                let relative = if folder.is_empty() {
                    format!("content/{name}")
                } else {
                    format!("content/{folder}/{name}")
                };
                let text = self.new_page();
                vec![self.write(&relative, &text)]
            }
            11 if pages.len() > 3 => {
                let path = self.root().join(&page);
                std::fs::remove_file(&path).unwrap();
                vec![path]
            }
            12 => {
                let folder = *self.random.pick(FOLDERS);
                self.serial += 1;
                let to = self
                    .root()
                    .join(format!("content/{folder}/moved-{}.md", self.serial));
                let from = self.root().join(&page);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::rename(&from, &to).unwrap();
                vec![from, to]
            }
            13 => {
                let paginate = match self.random.below(4) {
                    0 => None,
                    n => Some(n.to_string()),
                };
                let sort = format!("\"{}\"", self.random.pick(&["date", "title", "weight"]));
                self.set_header("content/articles/_index.md", "paginate_by", paginate);
                vec![self.set_header("content/articles/_index.md", "sort_by", Some(sort))]
            }
            14 => {
                self.serial += 1;
                let word = self.words(1);
                let mark = format!("<!-- {} {word} -->", self.serial);
                let (template, text) = match self.random.below(4) {
                    0 => {
                        let relative = "themes/hearth/templates/partials/page_card.html";
                        (relative, self.read(relative) + &mark)
                    }
                    1 => {
                        let relative = "themes/hearth/templates/article.html";
                        let text = self.read(relative);
                        (relative, text + &format!("{{# unseen {} #}}", self.serial))
                    }
                    n => {
                        let relative = if n == 2 {
                            "themes/hearth/templates/section.html"
                        } else {
                            "themes/hearth/templates/taxonomy_single.html"
                        };
                        let text =
                            self.read(relative)
                                .replacen("</h1>", &format!("</h1>{mark}"), 1);
                        (relative, text)
                    }
                };
                vec![self.write(template, &text)]
            }
            15 => {
                let css = format!(".x{} {{ color: red; }}\n", self.random.below(1000));
                let target = *self
                    .random
                    .pick(&["static/extra.css", "themes/hearth/static/style.css"]);
                let text = self.read(target) + &css;
                vec![self.write(target, &text)]
            }
            16 => {
                let text = self.read(&page).replacen("+++\n", "+++\ntitle = \n", 1);
                vec![self.write(&page, &text)]
            }
            17 => {
                self.serial += 1;
                let folder = format!("content/topic-{}", self.serial);
                self.write(
                    &format!("{folder}/_index.md"),
                    "+++\ntitle = \"A topic\"\n+++\nIntro.\n",
                );
                let text = self.new_page();
                self.write(&format!("{folder}/one.md"), &text);
                self.write(&format!("{folder}/note.txt"), "a note");
                vec![self.root().join(folder)]
            }
            18 => {
                let (folder, name) = page.rsplit_once('/').unwrap();
                let swap = format!("{folder}/.{name}.swp");
                vec![
                    self.write(&swap, "swap"),
                    self.write(&format!("{page}~"), "backup"),
                ]
            }
            19 if self.random.chance(30) => {
                let title = format!("\"{}\"", self.words(2));
                vec![self.set_header("hearth.toml", "title", Some(title))]
            }
            _ => {
                let text = self.new_page();
                vec![self.write(&page, &text)]
            }
        }
    }
}

fn clean_build(root: &Path) -> Result<SiteOutput, Vec<String>> {
    let settings = Settings::load(root, Overrides::default()).map_err(|e| vec![e.to_string()])?;
    let mut session = Session::new(settings);
    match session.build_all() {
        Ok(_) => Ok(session.output().clone()),
        Err(error) => Err(error.0.iter().map(ToString::to_string).collect()),
    }
}

/// The first differing line of the first differing file, to see what went wrong.
fn first_difference(ours: &SiteOutput, clean: &SiteOutput, paths: &BTreeSet<String>) -> String {
    let Some(path) = paths.first() else {
        return String::new();
    };
    let text = |output: &SiteOutput| match output.files.get(path) {
        Some(body) => String::from_utf8_lossy(&body.read().unwrap()).into_owned(),
        None => "(missing)".to_string(),
    };
    let (ours, clean) = (text(ours), text(clean));
    let at = ours.lines().zip(clean.lines()).position(|(a, b)| a != b);
    match at {
        Some(line) => format!(
            "{path} line {line}:\n  session: {}\n  clean:   {}",
            ours.lines().nth(line).unwrap_or_default(),
            clean.lines().nth(line).unwrap_or_default()
        ),
        None => format!("{path}: one is longer\n{ours}\n----\n{clean}"),
    }
}

fn differing_paths(before: &SiteOutput, after: &SiteOutput) -> BTreeSet<String> {
    let keys: BTreeSet<&String> = before.files.keys().chain(after.files.keys()).collect();
    keys.into_iter()
        .filter(|key| before.files.get(*key) != after.files.get(*key))
        .cloned()
        .collect()
}

/// The seed: fixed, or `SESSION_SEED` to explore other sequences.
fn seed() -> u64 {
    std::env::var("SESSION_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x005E_ED0F_4EA7)
}

#[test]
fn a_session_after_random_changes_equals_a_clean_build() {
    let mut site = Site {
        fixture: Fixture::new("serve_site"),
        random: Random(seed()),
        serial: 0,
    };
    let mut session = Session::open(site.root(), Overrides::default());
    session.build_all().expect("the fixture builds");
    let (mut built, mut failed) = (0, 0);
    let mut problems: Vec<String> = Vec::new();
    for step in 0..240 {
        let mut changes = Vec::new();
        if !problems.is_empty() && site.random.chance(70) {
            changes = site.fix(&problems);
        }
        if changes.is_empty() {
            changes = site.change();
        }
        problems.clear();
        let before = session.output().clone();
        let incremental = session.rebuild(&changes);
        let clean = clean_build(site.root());
        let what = format!("step {step}, after changing {changes:?}");
        match (incremental, clean) {
            (Ok(outcome), Ok(clean)) => {
                built += 1;
                let differing = differing_paths(session.output(), &clean);
                assert!(
                    differing.is_empty(),
                    "{what}: the session differs from a clean build: {differing:?}\n{}",
                    first_difference(session.output(), &clean, &differing)
                );
                let reported: BTreeSet<String> = outcome.changed.iter().cloned().collect();
                let differing = differing_paths(&before, &clean);
                assert!(
                    differing.is_subset(&reported),
                    "{what}: changed but not reported: {:?}",
                    differing.difference(&reported).collect::<Vec<_>>()
                );
                for path in reported.difference(&differing) {
                    assert!(
                        matches!(clean.files.get(path), Some(Body::Copy(_))),
                        "{what}: {path} reported as changed, but its bytes are the same"
                    );
                }
            }
            (Err(incremental), Err(clean)) => {
                failed += 1;
                let incremental: Vec<String> =
                    incremental.0.iter().map(ToString::to_string).collect();
                assert_eq!(incremental, clean, "{what}: the problems differ");
                problems = clean;
                assert!(
                    session.output() == &before,
                    "{what}: a failed rebuild changed the output"
                );
            }
            (incremental, clean) => panic!(
                "{what}: the session says {:?} but a clean build says {:?}",
                incremental.map(|o| o.changed),
                clean.map(|o| o.files.len())
            ),
        }
    }
    assert!(
        built >= 150 && failed >= 5,
        "{built} good builds, {failed} failed ones"
    );
}
