//! Syntax highlighting of code blocks with syntect, as HTML with CSS classes.
//!
//! The syntax set is loaded lazily, once per process, the first time a page
//! actually has a code block with a language. Output never carries inline
//! styles: every token is a `<span class="hl-…">`, coloured by [`highlight_css`].

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet, SyntaxSetBuilder};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// syntect's default syntaxes have no TOML, which a static site generator's
/// writers use all the time; this small grammar covers it (and INI-like files).
const TOML_SYNTAX: &str = include_str!("toml.sublime-syntax");

/// syntect's default syntaxes (a compressed dump: about a millisecond to load).
fn default_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// TOML, in a set of its own: adding it to the default set would re-link every
/// syntax (a fifth of a second at start-up); a one-syntax set builds at once.
fn toml_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut builder = SyntaxSetBuilder::new();
        if let Ok(toml) = SyntaxDefinition::load_from_str(TOML_SYNTAX, true, None) {
            builder.add(toml);
        }
        builder.build()
    })
}

/// Common names for languages that syntect knows under another token.
fn alias(lang: &str) -> &str {
    match lang {
        "sh" | "shell" | "zsh" | "console" | "shell-session" | "shellsession" | "terminal" => {
            "bash"
        }
        "ts" | "typescript" | "tsx" | "jsx" | "mjs" | "cjs" => "js",
        "jsonc" | "json5" => "json",
        "ini" | "cfg" | "conf" => "toml",
        "yml" => "yaml",
        "htm" | "xhtml" | "svg" => "html",
        "md" => "markdown",
        "py3" | "python3" => "python",
        "golang" => "go",
        "c++" | "hpp" | "cc" => "cpp",
        "make" => "makefile",
        _ => lang,
    }
}

fn find_syntax(lang: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    let lang = lang.trim();
    if lang.is_empty() {
        return None;
    }
    let lower;
    let lang = if lang.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = lang.to_ascii_lowercase();
        lower.as_str()
    } else {
        lang
    };
    match alias(lang) {
        "text" | "txt" | "plain" | "plaintext" | "none" => None,
        "toml" => {
            let set = toml_set();
            set.syntaxes().first().map(|syntax| (set, syntax))
        }
        token => {
            let set = default_set();
            set.find_syntax_by_token(token).map(|syntax| (set, syntax))
        }
    }
}

/// Appends `text` to `out`, HTML-escaped (`&`, `<`, `>`, `"`, `'`).
pub(crate) fn escape_html_into(out: &mut String, text: &str) {
    escape_html_pieces(text, |piece| out.push_str(piece));
}

/// Tells `piece` `text` HTML-escaped, in order: each run without a special character whole,
/// each special character as its entity (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`).
pub(crate) fn escape_html_pieces(text: &str, mut piece: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !ESCAPED[usize::from(b)] {
            continue;
        }
        if start < i {
            piece(&text[start..i]);
        }
        piece(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        start = i + 1;
    }
    if start < text.len() {
        piece(&text[start..]);
    }
}

/// The bytes `escape_html_pieces` replaces.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// Highlights `code` written in `lang` as HTML spans with `hl-` classes (no
/// inline styles). The result goes inside `<pre><code>…</code></pre>`.
/// An unknown or empty `lang` gives the code HTML-escaped as plain text.
pub(crate) fn highlight_code(code: &str, lang: &str) -> String {
    let Some((set, syntax)) = find_syntax(lang) else {
        let mut out = String::with_capacity(code.len() + code.len() / 8);
        escape_html_into(&mut out, code);
        return out;
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            // A grammar failure must not lose the writer's code: fall back to plain text.
            let mut out = String::with_capacity(code.len() + code.len() / 8);
            escape_html_into(&mut out, code);
            return out;
        }
    }
    generator.finalize()
}

/// Colours for the `hl-` token classes. Every foreground meets WCAG AA
/// (4.5:1) against its theme's background; a unit test checks it.
struct Palette {
    fg: &'static str,
    bg: &'static str,
    comment: &'static str,
    keyword: &'static str,
    string: &'static str,
    constant: &'static str,
    function: &'static str,
    tag: &'static str,
    variable: &'static str,
    invalid: &'static str,
    /// The background of highlighted lines.
    mark: &'static str,
}

const LIGHT: Palette = Palette {
    fg: "#1f2328",
    bg: "#f6f8fa",
    comment: "#57606a",
    keyword: "#b31d28",
    string: "#0a3069",
    constant: "#0550ae",
    function: "#6639ba",
    tag: "#116329",
    variable: "#953800",
    invalid: "#82071e",
    mark: "#fff8c5",
};

const DARK: Palette = Palette {
    fg: "#e6edf3",
    bg: "#161b22",
    comment: "#8b949e",
    keyword: "#ff7b72",
    string: "#a5d6ff",
    constant: "#79c0ff",
    function: "#d2a8ff",
    tag: "#7ee787",
    variable: "#ffa657",
    invalid: "#ffa198",
    mark: "#2e2a1a",
};

fn palette_rules(css: &mut String, p: &Palette, indent: &str, scope: &str) {
    let rules: [(&str, String); 14] = [
        (
            "pre.code",
            format!("color: {}; background-color: {};", p.fg, p.bg),
        ),
        (
            ".hl-comment",
            format!("color: {}; font-style: italic;", p.comment),
        ),
        (".hl-keyword, .hl-storage", format!("color: {};", p.keyword)),
        (".hl-string", format!("color: {};", p.string)),
        (
            ".hl-constant, .hl-support, .hl-string .hl-constant.hl-character.hl-escape",
            format!("color: {};", p.constant),
        ),
        (
            ".hl-entity.hl-name, .hl-entity.hl-other.hl-inherited-class",
            format!("color: {};", p.function),
        ),
        (
            ".hl-entity.hl-name.hl-tag, .hl-markup.hl-inserted",
            format!("color: {};", p.tag),
        ),
        (
            ".hl-variable.hl-parameter, .hl-variable.hl-other.hl-key, .hl-entity.hl-other.hl-attribute-name",
            format!("color: {};", p.variable),
        ),
        (
            ".hl-invalid, .hl-markup.hl-deleted",
            format!("color: {};", p.invalid),
        ),
        (
            ".hl-markup.hl-heading",
            format!("color: {}; font-weight: bold;", p.constant),
        ),
        (".hl-markup.hl-bold", "font-weight: bold;".to_string()),
        (
            // `mark`: syntect names line comments `hl-comment hl-line` too.
            "pre.code mark.hl-line",
            format!(
                "display: inline-block; min-width: 100%; color: inherit; background-color: {};",
                p.mark
            ),
        ),
        (
            "pre.code .ln",
            format!(
                "display: inline-block; min-width: 2.5em; padding-right: 1em; text-align: right; color: {}; user-select: none;",
                p.comment
            ),
        ),
        (".hl-markup.hl-italic", "font-style: italic;".to_string()),
    ];
    for (selector, body) in rules {
        css.push_str(indent);
        let scoped: Vec<String> = selector
            .split(", ")
            .map(|part| format!("{scope}{part}"))
            .collect();
        css.push_str(&scoped.join(", "));
        css.push_str(" { ");
        css.push_str(&body);
        css.push_str(" }\n");
    }
}

/// The stylesheet for [`highlight_code`]'s classes: a light theme, and a dark
/// one inside `@media (prefers-color-scheme: dark)` unless the reader chose light
/// (`<html data-theme="light">`), or whenever they chose dark. Both themes style
/// the same selectors, so no light colour leaks into the dark theme.
pub(crate) fn highlight_css() -> String {
    let mut css = String::with_capacity(4096);
    css.push_str("/* Code highlighting (hearth). Light theme. */\n");
    palette_rules(&mut css, &LIGHT, "", "");
    css.push_str("\n/* Dark theme. */\n@media (prefers-color-scheme: dark) {\n");
    palette_rules(&mut css, &DARK, "  ", ":root:not([data-theme=\"light\"]) ");
    css.push_str("}\n");
    palette_rules(&mut css, &DARK, "", ":root[data-theme=\"dark\"] ");
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
        let ch = |shift: u32| {
            let c = ((v >> shift) & 0xff) as f64 / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(16) + 0.7152 * ch(8) + 0.0722 * ch(0)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn rust_code_has_classes_and_no_inline_style() {
        let html = highlight_code("fn main() { let x = \"<hi>\"; }\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(
            html.contains("hl-keyword") || html.contains("hl-storage"),
            "{html}"
        );
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("&lt;hi&gt;"), "{html}");
    }

    #[test]
    fn a_line_comment_is_not_styled_as_a_marked_line() {
        // syntect's scope for `// …` is `comment.line.double-slash`: a class `hl-line` of its own.
        let html = highlight_code("// This is a comment.\nfn main() {}\n", "rust");
        assert!(html.contains("<span class=\"hl-comment hl-line"), "{html}");
        let css = highlight_css();
        let marked: Vec<&str> = (css.lines())
            .filter(|line| line.contains(".hl-line") && line.contains('{'))
            .collect();
        assert!(!marked.is_empty(), "{css}");
        assert!(
            marked.iter().all(|rule| rule.contains("mark.hl-line")),
            "{marked:?}"
        );
    }

    #[test]
    fn toml_is_highlighted() {
        let html = highlight_code("# site\n[site]\ntitle = \"Hearth\"\ncount = 3\n", "toml");
        assert!(html.contains("hl-comment"), "{html}");
        assert!(html.contains("hl-string"), "{html}");
        assert!(html.contains("hl-entity hl-name hl-section"), "{html}");
        assert!(html.contains("hl-constant hl-numeric"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn aliases_and_case() {
        assert!(highlight_code("echo hi\n", "sh").contains("hl-"));
        assert!(highlight_code("echo hi\n", "Bash").contains("hl-"));
        assert!(highlight_code("a: 1\n", "yml").contains("hl-"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(
            highlight_code("a < b && c\n", "nosuchlang"),
            "a &lt; b &amp;&amp; c\n"
        );
        assert_eq!(highlight_code("<x>", ""), "&lt;x&gt;");
        assert_eq!(highlight_code("<x>", "text"), "&lt;x&gt;");
    }

    #[test]
    fn highlighted_lines_keep_their_contrast() {
        for p in [&LIGHT, &DARK] {
            for c in [
                p.fg, p.comment, p.keyword, p.string, p.constant, p.function, p.tag,
            ] {
                assert!(contrast(c, p.mark) >= 4.5, "{c} on {}", p.mark);
            }
        }
    }

    #[test]
    fn css_has_light_and_dark_themes() {
        let css = highlight_css();
        assert!(css.contains("@media (prefers-color-scheme: dark) {"));
        assert!(css.contains(".hl-comment {"));
        assert!(css.contains("pre.code {"));
        let dark = css.split("@media").nth(1).unwrap();
        assert!(dark.contains(".hl-string {"));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }

    #[test]
    fn palettes_meet_wcag_aa() {
        for p in [&LIGHT, &DARK] {
            for c in [
                p.fg, p.comment, p.keyword, p.string, p.constant, p.function, p.tag, p.variable,
                p.invalid,
            ] {
                let r = contrast(c, p.bg);
                assert!(r >= 4.5, "{c} on {}: {r:.2}", p.bg);
                // Also on the plain and tinted page backgrounds a theme may give code blocks.
                let others: &[&str] = if p.bg == LIGHT.bg {
                    &["#ffffff", "#f3eee6"]
                } else {
                    &["#0d1117", "#24211d"]
                };
                for page in others {
                    assert!(contrast(c, page) >= 4.5, "{c} on {page}");
                }
            }
        }
    }
}
