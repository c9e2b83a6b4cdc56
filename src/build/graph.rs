//! The dependency graph of a build: what each render job reads (pages, sections, tags and the
//! templates it extends or includes), summed up as a signature, so that a rebuild renders again
//! only the jobs whose inputs changed; and which content files link to which.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::model::page::PageKind;
use crate::model::site::Site;
use crate::render::Job;
use crate::source::TemplateFile;

/// A render job named by what it renders, stable from one build to the next (indices are not).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobKey {
    Home,
    /// A section's `_index.md` (from `content/`) and its pagination step.
    Section(String, usize),
    /// A page's file, from `content/`.
    Page(String),
    TagIndex,
    /// A tag's slug.
    Tag(String),
    NotFound,
    /// A job that reads the whole site (feeds, sitemap, the print booklet…), by its name.
    SiteWide(String),
}

pub fn job_key(site: &Site, job: Job) -> JobKey {
    match job {
        Job::Home => JobKey::Home,
        Job::Section(index, step) => {
            JobKey::Section(site.sections[index].content_path.clone(), step)
        }
        Job::Page(index) => JobKey::Page(site.pages[index].content_path.clone()),
        Job::TagIndex => JobKey::TagIndex,
        Job::Tag(index) => JobKey::Tag(site.terms[index].slug.clone()),
        Job::NotFound => JobKey::NotFound,
        #[allow(unreachable_patterns)]
        other => JobKey::SiteWide(format!("{other:?}")),
    }
}

/// Fingerprints of everything a job can read, for one assembled site. Each is a hash of the
/// data itself, so fingerprints from two builds compare equal exactly when the data does.
pub struct Inputs<'a> {
    pub site: &'a Site,
    /// Per page: the whole page as its own job renders it (header, body, quiz, kind, section).
    pub pages: &'a [u64],
    /// Per page: its summary, as listings, tag pages and its neighbours show it.
    pub summaries: &'a [u64],
    /// Per section: its view, as listings show it.
    pub sections: &'a [u64],
    /// Per section: its link, as its pages show it.
    pub section_links: &'a [u64],
    pub templates: &'a TemplateGraph,
    /// Per page: the pages before and after it in its section's reading order.
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Everything above, with every template: what a job reading the whole site reads.
    pub site_wide: u64,
}

impl<'a> Inputs<'a> {
    pub fn new(
        site: &'a Site,
        pages: &'a [u64],
        summaries: &'a [u64],
        sections: &'a [u64],
        section_links: &'a [u64],
        templates: &'a TemplateGraph,
    ) -> Self {
        let mut neighbours = vec![(None, None); site.pages.len()];
        for section in &site.sections {
            for (position, &page) in section.pages.iter().enumerate() {
                neighbours[page] = Site::neighbours_at(section, position);
            }
        }
        let mut hash = DefaultHasher::new();
        (pages, summaries, sections, section_links).hash(&mut hash);
        site.newest_first.hash(&mut hash);
        for page in &site.pages {
            page.section.hash(&mut hash);
        }
        for term in &site.terms {
            (&term.name, &term.slug, &term.pages).hash(&mut hash);
        }
        templates.everything.hash(&mut hash);
        Self {
            site,
            pages,
            summaries,
            sections,
            section_links,
            templates,
            neighbours,
            site_wide: hash.finish(),
        }
    }

    /// The signature of everything `job` reads: equal signatures give equal output.
    /// Keep in step with `render::Renderer::render`.
    pub fn signature(&self, job: Job) -> u64 {
        let site = self.site;
        let mut hash = DefaultHasher::new();
        // A summary names its page (its URL is in it), so listing summaries lists pages.
        let listed = |hash: &mut DefaultHasher, pages: &[usize]| {
            pages.len().hash(hash);
            for &page in pages {
                hash.write_u64(self.summaries[page]);
            }
        };
        match job {
            Job::Home => {
                let home = site.home();
                self.templates.stamp(home.template()).hash(&mut hash);
                self.sections[0].hash(&mut hash);
                let latest: Vec<usize> = site
                    .newest_first
                    .iter()
                    .copied()
                    .filter(|&page| site.pages[page].kind == PageKind::Article)
                    .collect();
                listed(&mut hash, &latest);
                for &section in &home.subsections {
                    self.sections[section].hash(&mut hash);
                }
            }
            Job::Section(index, step) => {
                let section = &site.sections[index];
                self.templates.stamp(section.template()).hash(&mut hash);
                self.sections[index].hash(&mut hash);
                (step, section.pages.len()).hash(&mut hash);
                let size = section.paginate_by.unwrap_or(section.pages.len().max(1));
                let start = ((step - 1) * size).min(section.pages.len());
                let end = (start + size).min(section.pages.len());
                listed(&mut hash, &section.pages[start..end]);
            }
            Job::Page(index) => {
                let page = &site.pages[index];
                self.templates.stamp(page.template()).hash(&mut hash);
                self.pages[index].hash(&mut hash);
                self.section_links[page.section].hash(&mut hash);
                let (before, after) = self.neighbours[index];
                for neighbour in [before, after] {
                    listed(&mut hash, neighbour.as_slice());
                }
            }
            Job::TagIndex => {
                self.templates.stamp("taxonomy_list.html").hash(&mut hash);
                for term in &site.terms {
                    (&term.name, &term.slug, term.pages.len()).hash(&mut hash);
                }
            }
            Job::Tag(index) => {
                let term = &site.terms[index];
                self.templates.stamp("taxonomy_single.html").hash(&mut hash);
                (&term.name, &term.slug).hash(&mut hash);
                listed(&mut hash, &term.pages);
            }
            Job::NotFound => self.templates.stamp("404.html").hash(&mut hash),
            // Feeds, the sitemap, the print booklet, and any job added later: the whole site.
            #[allow(unreachable_patterns)]
            _ => self.site_wide.hash(&mut hash),
        }
        hash.finish()
    }
}

/// A hash of a value's `Debug` text: every field counts, including ones added later.
pub fn debug_stamp(value: &impl std::fmt::Debug) -> u64 {
    struct Writer(DefaultHasher);
    impl std::fmt::Write for Writer {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.write(text.as_bytes());
            Ok(())
        }
    }
    let mut writer = Writer(DefaultHasher::new());
    let _ = std::fmt::write(&mut writer, format_args!("{value:?}"));
    writer.0.finish()
}

/// A hash of what templates see of a value (its serialized form).
pub fn view_stamp(value: &impl serde::Serialize) -> u64 {
    let mut hash = DefaultHasher::new();
    match serde_json::to_vec(value) {
        Ok(bytes) => bytes.hash(&mut hash),
        Err(error) => error.to_string().hash(&mut hash),
    }
    hash.finish()
}

/// The templates and what each one extends, includes or imports, followed to the end.
#[derive(Debug, Default)]
pub struct TemplateGraph {
    stamps: HashMap<String, u64>,
    /// A hash of every template.
    everything: u64,
}

/// Templates whose names start with this render worksheet blocks inside Markdown bodies.
const BLOCK_TEMPLATES: &str = "blocks/";

impl TemplateGraph {
    pub fn new(files: &BTreeMap<String, TemplateFile>) -> Self {
        let names: BTreeSet<&str> = files.keys().map(String::as_str).collect();
        let references: HashMap<&str, Option<BTreeSet<&str>>> = files
            .iter()
            .map(|(name, file)| (name.as_str(), references(&file.text, &names)))
            .collect();
        let stamps = files
            .keys()
            .map(|name| {
                let mut reached = BTreeSet::from([name.as_str()]);
                let mut queue = vec![name.as_str()];
                while let Some(next) = queue.pop() {
                    match &references[next] {
                        Some(used) => {
                            for &other in used {
                                if reached.insert(other) {
                                    queue.push(other);
                                }
                            }
                        }
                        None => reached.clone_from(&names),
                    }
                }
                let mut hash = DefaultHasher::new();
                for name in reached {
                    (name, &files[name].text).hash(&mut hash);
                }
                (name.clone(), hash.finish())
            })
            .collect();
        let mut hash = DefaultHasher::new();
        for file in files.values() {
            (&file.name, &file.text).hash(&mut hash);
        }
        Self {
            stamps,
            everything: hash.finish(),
        }
    }

    /// A hash of the template and of every template it reaches; a missing one has its own.
    pub fn stamp(&self, name: &str) -> u64 {
        self.stamps.get(name).copied().unwrap_or_else(|| {
            let mut hash = DefaultHasher::new();
            ("missing template", name).hash(&mut hash);
            hash.finish()
        })
    }

    /// A hash of the templates that worksheet blocks in Markdown bodies can use.
    pub fn blocks_stamp(&self) -> u64 {
        let mut blocks: Vec<(&String, &u64)> = self
            .stamps
            .iter()
            .filter(|(name, _)| name.starts_with(BLOCK_TEMPLATES))
            .collect();
        blocks.sort();
        let mut hash = DefaultHasher::new();
        blocks.hash(&mut hash);
        hash.finish()
    }
}

/// The templates a template names in its tags; `None` when it names one by a variable.
fn references<'n>(text: &str, names: &BTreeSet<&'n str>) -> Option<BTreeSet<&'n str>> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let end = after.find("%}").unwrap_or(after.len());
        let tag = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let literals = quoted_strings(tag);
        let names_another = ["extends", "include", "import"]
            .iter()
            .any(|keyword| tag.starts_with(keyword));
        if names_another && literals.is_empty() {
            return None;
        }
        found.extend(
            literals
                .iter()
                .filter_map(|literal| names.get(*literal).copied()),
        );
        rest = &after[end..];
    }
    Some(found)
}

fn quoted_strings(tag: &str) -> Vec<&str> {
    let mut strings = Vec::new();
    let mut rest = tag;
    while let Some(open) = rest.find(['"', '\'', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let inner = &rest[open + 1..];
        let Some(close) = inner.find(quote) else {
            break;
        };
        strings.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    strings
}

/// The content files a file's text may link to with `@/…`, found generously in its raw text
/// (header included): every spelling the Markdown stage could read is among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkTargets {
    pub paths: BTreeSet<String>,
    /// A link written in a way the scan cannot read for sure: it may point anywhere.
    pub anywhere: bool,
}

pub fn link_targets(text: &str) -> LinkTargets {
    let mut targets = LinkTargets::default();
    for (at, _) in text.match_indices("@/") {
        let rest = &text[at + 2..];
        let token_end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | ']'))
            .unwrap_or(rest.len());
        let token = &rest[..token_end];
        if token.contains('\\') || token.contains('&') {
            targets.anywhere = true;
        }
        let path = token.split('#').next().unwrap_or_default();
        targets.paths.insert(path.to_string());
        for (end, _) in path.match_indices([')', '>']) {
            targets.paths.insert(path[..end].to_string());
        }
        if let Some(spaced) = rest.find('>') {
            let spaced = &rest[..spaced];
            targets
                .paths
                .insert(spaced.split('#').next().unwrap_or_default().to_string());
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> BTreeMap<String, TemplateFile> {
        list.iter()
            .map(|(name, text)| {
                let file = TemplateFile {
                    name: name.to_string(),
                    source: format!("themes/t/templates/{name}"),
                    text: text.to_string(),
                };
                (name.to_string(), file)
            })
            .collect()
    }

    #[test]
    fn a_template_changes_with_what_it_extends_and_includes() {
        let before = templates(&[
            (
                "base.html",
                "<main>{% block main %}{% endblock main %}</main>",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}{% include \"card.html\" %}{% endblock main %}",
            ),
            ("card.html", "card"),
            ("404.html", "gone"),
        ]);
        let mut after = before.clone();
        after.get_mut("card.html").unwrap().text = "new card".into();
        let (old, new) = (TemplateGraph::new(&before), TemplateGraph::new(&after));
        assert_ne!(old.stamp("page.html"), new.stamp("page.html"));
        assert_ne!(old.stamp("card.html"), new.stamp("card.html"));
        assert_eq!(old.stamp("base.html"), new.stamp("base.html"));
        assert_eq!(old.stamp("404.html"), new.stamp("404.html"));
    }

    #[test]
    fn a_template_named_by_a_variable_may_be_any_template() {
        let before = templates(&[
            ("page.html", "{% include card_template %}"),
            ("x.html", "x"),
        ]);
        let mut after = before.clone();
        after.get_mut("x.html").unwrap().text = "y".into();
        let (old, new) = (TemplateGraph::new(&before), TemplateGraph::new(&after));
        assert_ne!(old.stamp("page.html"), new.stamp("page.html"));
    }

    #[test]
    fn links_are_found_in_every_spelling() {
        let targets = link_targets(
            "+++\nbody = \"see @/a.md\"\n+++\n[x](@/b.md#part) [y](@/c(1).md) <@/d e.md>\n[r]: @/f.md\n",
        );
        for path in ["a.md", "b.md", "c(1).md", "d", "d e.md", "f.md"] {
            assert!(targets.paths.contains(path), "{path}: {targets:?}");
        }
        assert!(!targets.anywhere);
        assert!(link_targets("[x](@/a\\_b.md)").anywhere);
    }
}
