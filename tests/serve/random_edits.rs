//! Random edits of a copy of the `serve_site` fixture, the way a writer makes them: text
//! added, headers changed, pages added, deleted and moved, templates and stylesheets edited,
//! editors' swap files, mistakes and their fixes. Seeded, so a run can be made again.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::Fixture;

/// A small seeded generator (splitmix64), so every run makes the same edits.
pub struct Random(pub u64);

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

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const WORDS: &[&str] = &[
    "calm", "trust", "listen", "gently", "evening", "question", "patience", "small", "repair",
];
const TAGS: &[&str] = &["trust", "Trust", "listening", "calm", "hope", "money"];
const FOLDERS: &[&str] = &["articles", "worksheets", "notes", ""];

/// The site being edited, and what it can pick from.
pub struct EditedSite {
    pub fixture: Fixture,
    pub random: Random,
    pub serial: usize,
}

impl EditedSite {
    pub fn root(&self) -> &Path {
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
    pub fn fix(&mut self, problems: &[String]) -> Vec<PathBuf> {
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
    pub fn change(&mut self) -> Vec<PathBuf> {
        let pages = self.pages();
        let page = format!("content/{}", self.random.pick(&pages));
        match self.random.below(32) {
            0..=3 => {
                let mut text = self.read(&page);
                // Now and then enough words to change the reading time (every 200 words).
                let most = if self.random.chance(15) { 260 } else { 12 };
                let count = 1 + self.random.below(most);
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
            20 => {
                let updated = (self.random.chance(70))
                    .then(|| format!("2025-{:02}-20", 1 + self.random.below(12)));
                vec![self.set_header(&page, "updated", updated)]
            }
            21 => {
                let description = format!("\"{}\"", self.words(3));
                let description = self.random.chance(80).then_some(description);
                vec![self.set_header(&page, "description", description)]
            }
            22 => {
                let words = self.words(2);
                let text = self.read(&page);
                let text = match text.match_indices("+++\n").nth(1) {
                    Some((at, _)) => format!("{}{words} {}", &text[..at + 4], &text[at + 4..]),
                    None => text,
                };
                vec![self.write(&page, &text)]
            }
            23 => {
                let heading = "\n## Why it matters\n";
                let text = self.read(&page);
                let text = if text.contains(heading) {
                    text.replacen(heading, "\n", 1)
                } else {
                    text + heading
                };
                vec![self.write(&page, &text)]
            }
            24 => {
                let section = *self
                    .random
                    .pick(&["content/articles/_index.md", "content/worksheets/_index.md"]);
                let words = self.words(4);
                let text = self.read(section);
                let text = if text.is_empty() {
                    "+++\ntitle = \"A section\"\n+++\nIntro.\n".to_string()
                } else {
                    text + &format!("\n{words}\n\n## Heading {}\n", self.random.below(3))
                };
                vec![self.write(section, &text)]
            }
            25 => {
                let relative = "themes/hearth/templates/partials/page_card.html";
                let shown = "<span>{{ card.word_count }} words</span>";
                let text = self.read(relative);
                let text = if text.contains(shown) {
                    text.replacen(shown, "", 1)
                } else {
                    text.replacen("</p>", &format!("{shown}</p>"), 1)
                };
                vec![self.write(relative, &text)]
            }
            26 if self.random.chance(40) => {
                let latest = (1 + self.random.below(4)).to_string();
                vec![self.set_header("hearth.toml", "home_latest", Some(latest))]
            }
            27 => self.change_copied_file(),
            28 => self.remove_a_folder_or_section(),
            29 => self.change_a_partial(),
            30 => {
                let weight = self.random.below(5).to_string();
                vec![self.set_header(&page, "weight", Some(weight))]
            }
            _ => {
                let text = self.new_page();
                vec![self.write(&page, &text)]
            }
        }
    }

    /// Adds, edits or deletes a file copied as it is: the site's `static/` or a file beside
    /// the content.
    fn change_copied_file(&mut self) -> Vec<PathBuf> {
        self.serial += 1;
        let folder = *self
            .random
            .pick(&["static/notes", "content/articles", "static"]);
        let existing: Vec<PathBuf> = std::fs::read_dir(self.root().join(folder))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_file() && !path.to_string_lossy().ends_with(".md"))
                    .collect()
            })
            .unwrap_or_default();
        if !existing.is_empty() && self.random.chance(40) {
            let doomed = self.random.pick(&existing).clone();
            std::fs::remove_file(&doomed).unwrap();
            return vec![doomed];
        }
        let text = format!("note {}\n", self.serial);
        vec![self.write(&format!("{folder}/note-{}.txt", self.serial % 4), &text)]
    }

    /// Deletes a whole folder of content made by an earlier change, or a section's `_index.md`.
    fn remove_a_folder_or_section(&mut self) -> Vec<PathBuf> {
        let content = self.root().join("content");
        let topics: Vec<PathBuf> = std::fs::read_dir(&content)
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_dir() && path.to_string_lossy().contains("topic-"))
            .collect();
        if let Some(folder) = topics.first().filter(|_| self.random.chance(70)) {
            std::fs::remove_dir_all(folder).unwrap();
            return vec![folder.clone()];
        }
        let index = content.join("worksheets/_index.md");
        if index.exists() {
            std::fs::remove_file(&index).unwrap();
        } else {
            std::fs::write(
                &index,
                "+++\ntitle = \"Worksheets\"\nsort_by = \"title\"\n+++\n",
            )
            .unwrap();
        }
        vec![index]
    }

    /// Adds, edits or deletes a partial template that the page card includes.
    fn change_a_partial(&mut self) -> Vec<PathBuf> {
        self.serial += 1;
        let card = "themes/hearth/templates/partials/page_card.html";
        let extra = "themes/hearth/templates/partials/extra.html";
        let include = "{% include \"partials/extra.html\" %}";
        let card_text = self.read(card);
        if card_text.contains(include) {
            if self.random.chance(50) {
                let text = format!("<small>{} {{{{ card.title }}}}</small>", self.serial);
                return vec![self.write(extra, &text)];
            }
            let removed = self.root().join(extra);
            std::fs::remove_file(&removed).unwrap();
            return vec![
                self.write(card, &card_text.replacen(include, "", 1)),
                removed,
            ];
        }
        vec![
            self.write(extra, &format!("<small>{}</small>", self.serial)),
            self.write(card, &(card_text + include)),
        ]
    }
}
