//! Text that looks like another tool's shortcode or template tag — Hugo's `{{< … >}}` and
//! `{{% … %}}`, Zola's `{{ name(…) }}` and `{% … %}`, mdBook's `{{#include …}}` — found outside
//! code, so that it is named instead of being shown as literal text without a word.

use std::ops::Range;

/// One shortcode-like piece of text: where it starts, as written (shortened), and whose syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shortcode {
    pub offset: usize,
    pub text: String,
    pub tool: &'static str,
    /// The shortcode's name (`youtube`, `include`), when it has one.
    pub name: String,
}

impl Shortcode {
    /// The warning a page gets for it.
    pub(crate) fn message(&self) -> String {
        let article = if self.tool == "mdBook" { "an" } else { "a" };
        format!(
            "`{}` looks like {article} {} shortcode, which hearth does not run: it is shown as written; expected Markdown (a link, an image, a code block or a worksheet block)",
            self.text, self.tool
        )
    }
}

/// Every shortcode-like piece of `text` outside the byte ranges in `code`.
pub(crate) fn find(text: &str, code: &[Range<usize>]) -> Vec<Shortcode> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find('{').map(|i| from + i) {
        from = at + 1;
        if code.iter().any(|range| range.contains(&at)) {
            continue;
        }
        let rest = &text[at..];
        let Some((tool, close)) = kind(rest) else {
            continue;
        };
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let end = rest[..line_end]
            .find(close)
            .map_or(line_end, |i| i + close.len());
        let written = rest[..end].trim_end();
        let shown: String = if written.chars().count() > 60 {
            written.chars().take(57).chain("…".chars()).collect()
        } else {
            written.to_string()
        };
        found.push(Shortcode {
            offset: at,
            text: shown,
            tool,
            name: name_of(written),
        });
        from = at + end.max(1);
    }
    found
}

/// Whose syntax `rest` (starting with `{`) opens, and the text that closes it.
fn kind(rest: &str) -> Option<(&'static str, &'static str)> {
    if rest.starts_with("{{<") {
        return Some(("Hugo", ">}}"));
    }
    if rest.starts_with("{{%") {
        return Some(("Hugo", "%}}"));
    }
    if let Some(command) = rest.strip_prefix("{{#") {
        let word = command.split(|c: char| !c.is_ascii_alphabetic()).next()?;
        return (!word.is_empty()).then_some(("mdBook", "}}"));
    }
    if let Some(inner) = rest.strip_prefix("{{") {
        let inner = inner.trim_start();
        let name_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let after = &inner[name_len..];
        if name_len > 0 && after.starts_with('(') {
            return Some(("Zola", "}}"));
        }
        // `{{ mdbook-version }}`: a placeholder some other tool fills in.
        let word_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(inner.len());
        let is_word = inner.starts_with(|c: char| c.is_ascii_alphabetic());
        return (is_word && inner[word_len..].trim_start().starts_with("}}"))
            .then_some(("template", "}}"));
    }
    if let Some(inner) = rest.strip_prefix("{%") {
        let word = inner.trim_start().trim_start_matches('-').trim_start();
        let is_tag = word.starts_with(|c: char| c.is_ascii_alphabetic());
        return (is_tag && rest.lines().next()?.contains("%}")).then_some(("Zola", "%}"));
    }
    None
}

/// `{{< youtube id >}}` → `youtube`; `{{ resize_image(…) }}` → `resize_image`.
fn name_of(written: &str) -> String {
    let inner = written.trim_start_matches(['{', '<', '%', '#', ' ', '-']);
    let inner = inner.trim_start_matches('/').trim_start();
    inner
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .next()
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, &'static str, String)> {
        find(text, &[])
            .into_iter()
            .map(|found| (found.text, found.tool, found.name))
            .collect()
    }

    #[test]
    fn every_kind_is_found_with_its_text() {
        let text = "A {{< youtube w7Ft2ymGmfc >}} and {{% notice tip %}}x{{% /notice %}}\n{{ resize_image(path=\"a.png\") }}\n{% note() %}\n{{#include ../listing.rs}}\nVersion {{ mdbook-version }}\n";
        let found = names(text);
        let short: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|(text, tool, name)| (text.as_str(), *tool, name.as_str()))
            .collect();
        assert_eq!(
            short,
            [
                ("{{< youtube w7Ft2ymGmfc >}}", "Hugo", "youtube"),
                ("{{% notice tip %}}", "Hugo", "notice"),
                ("{{% /notice %}}", "Hugo", "notice"),
                ("{{ resize_image(path=\"a.png\") }}", "Zola", "resize_image"),
                ("{% note() %}", "Zola", "note"),
                ("{{#include ../listing.rs}}", "mdBook", "include"),
                ("{{ mdbook-version }}", "template", "mdbook-version"),
            ]
        );
    }

    #[test]
    fn code_and_plain_braces_are_not_shortcodes() {
        let text = "`{{< x >}}` and {a} and {{ 1 + 2 }} and { % not } {{#}}";
        let code = vec![std::ops::Range { start: 0, end: 11 }];
        assert_eq!(find(text, &code), []);
    }
}
