//! `hearth new` and `hearth init`: a new page from its kind's skeleton, and a new site with the default theme.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::model::date::Date;
use crate::model::page::PageKind;
use crate::slug::slugify;

/// The default theme, carried inside the binary so that `hearth init` works anywhere.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/hearth");

/// Writes `content/<section>/<slug>.md` for a new page of `kind`; returns its path.
pub fn new_page(root: &Path, kind: PageKind, title: &str, today: Date) -> Result<PathBuf, String> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!(
            "the title `{title}` has no letters or digits; expected a title such as \"Before I act\""
        ));
    }
    let folder = match kind {
        PageKind::Article => "content/articles",
        PageKind::Worksheet => "content/worksheets",
        PageKind::Quiz => "content/quizzes",
        PageKind::Page => "content",
    };
    let path = root.join(folder).join(format!("{slug}.md"));
    if path.exists() {
        return Err(format!(
            "{} already exists; expected a title not used yet",
            path.display()
        ));
    }
    let text = skeleton(kind, title, today);
    std::fs::create_dir_all(path.parent().unwrap_or(root))
        .map_err(|error| format!("{}: {error}", folder))?;
    std::fs::write(&path, text).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(path)
}

/// The text of a new page: front matter and a body that shows what the kind can hold.
pub fn skeleton(kind: PageKind, title: &str, today: Date) -> String {
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

/// Creates a new site in `dir`: configuration, a home page, the three sections and the default theme.
pub fn init_site(dir: &Path, today: Date) -> Result<(), String> {
    if dir.join("hearth.toml").exists() || dir.join("content").exists() {
        return Err(format!(
            "{} already holds a site; expected an empty or new folder",
            dir.display()
        ));
    }
    let write = |relative: &str, text: &str| -> Result<(), String> {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap_or(dir))
            .map_err(|error| format!("{}: {error}", path.display()))?;
        std::fs::write(&path, text).map_err(|error| format!("{}: {error}", path.display()))
    };
    write("hearth.toml", SITE_CONFIG)?;
    write(
        "content/_index.md",
        "+++\ntitle = \"My advice site\"\n+++\n\nA few words on what readers will find here.\n",
    )?;
    write(
        "content/articles/_index.md",
        "+++\ntitle = \"Articles\"\nsort_by = \"date\"\npaginate_by = 10\nweight = 1\n+++\n",
    )?;
    write(
        "content/worksheets/_index.md",
        "+++\ntitle = \"Worksheets\"\nsort_by = \"weight\"\npage_kind = \"worksheet\"\nweight = 2\n+++\n",
    )?;
    write(
        "content/quizzes/_index.md",
        "+++\ntitle = \"Quizzes\"\nsort_by = \"weight\"\npage_kind = \"quiz\"\nweight = 3\n+++\n",
    )?;
    write(
        "content/articles/welcome.md",
        &skeleton(PageKind::Article, "Welcome", today),
    )?;
    extract_default_theme(dir)
}

/// Writes the default theme into `dir/themes/hearth`.
pub fn extract_default_theme(dir: &Path) -> Result<(), String> {
    let theme = dir.join("themes/hearth");
    DEFAULT_THEME
        .extract(&theme)
        .map_err(|error| format!("{}: {error}", theme.display()))
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
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_page_gets_a_slug_and_todays_date() {
        let temp = tempfile::tempdir().unwrap();
        let today = Date::parse("2026-11-29").unwrap();
        let path = new_page(temp.path(), PageKind::Article, "Don't Rush It", today).unwrap();
        assert!(path.ends_with("content/articles/dont-rush-it.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(
            "+++\ntitle = \"Don't Rush It\"\ndescription = \"\"\ndate = 2026-11-29\n"
        ));
        let again = new_page(temp.path(), PageKind::Article, "Don't rush it", today).unwrap_err();
        assert!(
            again.ends_with("already exists; expected a title not used yet"),
            "{again}"
        );
    }
}
