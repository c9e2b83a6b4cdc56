//! `hearth new` and `hearth init`: a new page from its kind's skeleton, and a new site with the default theme.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::model::date::Date;
use crate::model::page::PageKind;
use crate::slug::slugify;

/// The default theme, carried inside the binary so that `hearth init` works anywhere.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/hearth");

/// What `hearth new` is asked for.
#[derive(Debug, Clone)]
pub(crate) struct NewPage<'a> {
    pub kind: PageKind,
    pub title: &'a str,
    /// The folder under `content/` to write into (`articles`, `""` for `content/` itself);
    /// `None`: the kind's own folder.
    pub folder: Option<String>,
    /// Start the page as a draft (`draft = true`): built only with `--drafts`.
    pub draft: bool,
    pub today: Date,
}

/// The folder under `content/` where pages of `kind` go by default.
pub(crate) fn kind_folder(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Article => "articles",
        PageKind::Worksheet => "worksheets",
        PageKind::Quiz => "quizzes",
        PageKind::Page => "",
    }
}

/// Writes `content/<folder>/<slug>.md` for a new page; returns its path.
pub(crate) fn new_page(root: &Path, page: &NewPage) -> Result<PathBuf, String> {
    let slug = slugify(page.title);
    if slug.is_empty() {
        return Err(format!(
            "the title `{}` has no letters or digits; expected a title such as \"Before I act\"",
            page.title
        ));
    }
    let default_folder = kind_folder(page.kind);
    let folder = page.folder.as_deref().unwrap_or(default_folder);
    let dir = root.join("content").join(folder);
    let path = dir.join(format!("{slug}.md"));
    if path.symlink_metadata().is_ok() {
        let shown = path.strip_prefix(root).unwrap_or(&path);
        return Err(format!(
            "{} already exists; expected a title not used yet",
            shown.display()
        ));
    }
    let mut text = skeleton(page.kind, page.title, page.today);
    // Outside its kind's folder, a page says its kind: the section's default may be another.
    if folder != default_folder && page.kind != PageKind::Page {
        text = text.replacen(
            "tags = []\n",
            &format!("tags = []\nkind = \"{}\"\n", kind_name(page.kind)),
            1,
        );
    }
    if page.draft {
        text = text.replacen(
            "description = \"\"\n",
            "description = \"\"\ndraft = true\n",
            1,
        );
    }
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    write_new(&path, text.as_bytes())?;
    Ok(path)
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Article => "article",
        PageKind::Worksheet => "worksheet",
        PageKind::Quiz => "quiz",
        PageKind::Page => "page",
    }
}

/// Writes a file that must not exist yet: a file hearth did not make is never replaced.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} already exists; expected a place hearth has not written yet",
                path.display()
            ),
            _ => format!("{}: {error}", path.display()),
        })?;
    file.write_all(bytes)
        .map_err(|error| format!("{}: {error}", path.display()))
}

/// The text of a new page: front matter and a body that shows what the kind can hold.
pub(crate) fn skeleton(kind: PageKind, title: &str, today: Date) -> String {
    let quoted_title = toml::Value::String(title.to_string());
    let mut header = format!(
        "+++\ntitle = {quoted_title}\ndescription = \"\"\ndate = {}\ntags = []\n",
        today.iso()
    );
    if kind == PageKind::Page {
        header = format!("+++\ntitle = {quoted_title}\ndescription = \"\"\nkind = \"page\"\n");
    }
    let body = match kind {
        PageKind::Article => ARTICLE_BODY,
        PageKind::Worksheet => WORKSHEET_BODY,
        PageKind::Quiz => QUIZ_HEADER_AND_BODY,
        PageKind::Page => PAGE_BODY,
    };
    if kind == PageKind::Quiz {
        return format!("{header}{body}");
    }
    format!("{header}+++\n\n{body}")
}

const ARTICLE_BODY: &str = "The first paragraph is the summary shown in listings.\n\n<!-- more -->\n\n## A first heading\n\nWrite here.\n";

const PAGE_BODY: &str = "Write here.\n";

const WORKSHEET_BODY: &str = "One or two sentences on how to use this worksheet.\n\n## A first part\n\n```{lines} 3\nA question to answer in writing.\n```\n\n```{scale} 1-5\n:labels: Never | Always\nA statement to rate.\n```\n\n- [ ] Something to tick off.\n";

const QUIZ_HEADER_AND_BODY: &str = r#"
[quiz]
mode = "assessment"
scale = ["Never", "Rarely", "Sometimes", "Often", "Always"]

[[quiz.questions]]
prompt = "A first statement to rate."

[[quiz.questions]]
prompt = "A second statement, scored the other way round."
reverse = true

[[quiz.results]]
range = [0, 3]
title = "A first result"
body = "What a low score means, and what to read next."

[[quiz.results]]
range = [4, 8]
title = "A second result"
body = "What a high score means, and what to read next."
+++

One or two sentences on what this quiz is for. Answers stay in the reader's browser.
"#;

/// What `.gitignore` keeps out of version control: the output and the files hearth keeps
/// beside it (its staging folder, its table of hashes, the previous output while swapping).
const GITIGNORE: &str = "# Made by `hearth build`: the site, and the files kept beside it to build it again.\n/output/\n/.output.staging/\n/.output.hashes\n/.output.*\n";

/// Creates a new site in `dir`: configuration, `.gitignore`, a home page, the three sections
/// and the default theme. A folder that holds anything is refused unless `force`; even then,
/// no file that is already there is replaced (a `.gitignore` there is kept, and the returned
/// note says what to add to it).
pub(crate) fn init_site(dir: &Path, today: Date, force: bool) -> Result<Option<String>, String> {
    if dir.join("hearth.toml").exists() {
        return Err(format!(
            "{} already holds a site (its hearth.toml); expected an empty or new folder",
            dir.display()
        ));
    }
    let holds_something = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if holds_something && !force {
        return Err(format!(
            "{} is not empty; expected an empty or new folder (or `--force` to add a site beside what is there)",
            dir.display()
        ));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        ("hearth.toml".into(), SITE_CONFIG.into()),
        (".gitignore".into(), GITIGNORE.into()),
        (
            "content/_index.md".into(),
            "+++\ntitle = \"My advice site\"\n+++\n\nA few words on what readers will find here.\n".into(),
        ),
        (
            "content/articles/_index.md".into(),
            "+++\ntitle = \"Articles\"\nsort_by = \"date\"\npaginate_by = 10\nweight = 1\n+++\n".into(),
        ),
        (
            "content/worksheets/_index.md".into(),
            "+++\ntitle = \"Worksheets\"\nsort_by = \"weight\"\npage_kind = \"worksheet\"\nweight = 2\n+++\n".into(),
        ),
        (
            "content/quizzes/_index.md".into(),
            "+++\ntitle = \"Quizzes\"\nsort_by = \"weight\"\npage_kind = \"quiz\"\nweight = 3\n+++\n".into(),
        ),
        (
            "content/articles/welcome.md".into(),
            skeleton(PageKind::Article, "Welcome", today).into(),
        ),
    ];
    files.extend(theme_files(&DEFAULT_THEME));
    let mut note = None;
    if dir.join(".gitignore").symlink_metadata().is_ok() {
        files.retain(|(relative, _)| relative != Path::new(".gitignore"));
        let patterns: Vec<&str> = GITIGNORE.lines().filter(|l| !l.starts_with('#')).collect();
        note = Some(format!(
            "{} already has a .gitignore, kept as it is: add {} to it",
            dir.display(),
            patterns.join(" ")
        ));
    }
    let taken: Vec<String> = files
        .iter()
        .filter(|(relative, _)| dir.join(relative).symlink_metadata().is_ok())
        .map(|(relative, _)| relative.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(format!(
            "{} already holds {}; expected a folder without the files of a new site",
            dir.display(),
            taken.join(", ")
        ));
    }
    for (relative, bytes) in &files {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap_or(dir))
            .map_err(|error| format!("{}: {error}", path.display()))?;
        write_new(&path, bytes)?;
    }
    Ok(note)
}

/// Writes the default theme into `dir/themes/hearth` (a folder hearth is making).
pub(crate) fn extract_default_theme(dir: &Path) -> Result<(), String> {
    for (relative, bytes) in theme_files(&DEFAULT_THEME) {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap_or(dir))
            .map_err(|error| format!("{}: {error}", path.display()))?;
        std::fs::write(&path, bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    }
    Ok(())
}

/// Every file of the embedded theme, by path from the site's root.
fn theme_files(theme: &Dir<'static>) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![theme];
    while let Some(folder) = folders.pop() {
        for entry in folder.entries() {
            match entry {
                include_dir::DirEntry::Dir(inner) => folders.push(inner),
                include_dir::DirEntry::File(file) => files.push((
                    Path::new("themes/hearth").join(file.path()),
                    file.contents().to_vec(),
                )),
            }
        }
    }
    files.sort();
    files
}

const SITE_CONFIG: &str = r#"title = "My advice site"
description = ""
base_url = "https://example.org/"
language = "en"
author = ""
theme = "hearth"

[[menu]]
name = "Articles"
url = "/articles/"
[[menu]]
name = "Worksheets"
url = "/worksheets/"
[[menu]]
name = "Quizzes"
url = "/quizzes/"

[print]
paper = "a4"

[help]
text = "A quiz here is not a diagnosis. If you are struggling, talk to a counsellor or therapist."

# An "Exit this page" button on every page (and Shift pressed three times) that leaves for a
# neutral site at once, for readers who may not be safe being seen here. Off until you say so.
[safety]
exit = false
exit_url = "https://www.bbc.co.uk/weather"
advice = ""
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_page_gets_a_slug_and_todays_date() {
        let temp = tempfile::tempdir().unwrap();
        let today = Date::parse("2026-11-29").unwrap();
        let page = |title| NewPage {
            kind: PageKind::Article,
            title,
            folder: None,
            draft: false,
            today,
        };
        let path = new_page(temp.path(), &page("Don't Rush It")).unwrap();
        assert!(path.ends_with("content/articles/dont-rush-it.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(
            "+++\ntitle = \"Don't Rush It\"\ndescription = \"\"\ndate = 2026-11-29\n"
        ));
        let again = new_page(temp.path(), &page("Don't rush it")).unwrap_err();
        assert!(
            again.ends_with("already exists; expected a title not used yet"),
            "{again}"
        );
    }
}
