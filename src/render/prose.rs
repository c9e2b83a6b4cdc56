//! What a page's or section's HTML holds that the theme loads a stylesheet for, found in one
//! pass over it (the theme used to ask the same text for each mark in turn).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// The marks looked for, and which of `ProseParts` each sets.
const MARKS: [(&str, Part); 10] = [
    ("class=\"hl-", Part::Code),
    ("<table", Part::Rich),
    ("<pre", Part::Rich),
    ("footnote-", Part::Rich),
    ("class=\"anchor\"", Part::Anchors),
    ("class=\"callout", Part::Extras),
    ("type=\"checkbox\"", Part::Extras),
    ("<blockquote", Part::Extras),
    ("<hr", Part::Extras),
    ("<img", Part::Extras),
];

#[derive(Clone, Copy)]
enum Part {
    Code,
    Rich,
    Anchors,
    Extras,
}

/// Matches are found leftmost and apart, which is fast: a mark hidden by another match would have
/// to overlap it, and the only marks that can overlap (`class="callout` then `type="checkbox"`)
/// set the same part.
static FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(MARKS.iter().map(|(mark, _)| mark))
        .expect("the marks are few and short")
});

/// Which optional parts a text has.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProseParts {
    /// Highlighted code (`highlight.css`).
    pub code: bool,
    /// A table, a code block or footnotes (the theme's long-read rules).
    pub rich: bool,
    /// Heading anchors.
    pub anchors: bool,
    /// Callouts, task lists, quotes, rules or images.
    pub extras: bool,
}

impl ProseParts {
    pub(crate) fn of(html: &str) -> Self {
        let mut parts = Self::default();
        for found in FINDER.find_iter(html) {
            match MARKS[found.pattern().as_usize()].1 {
                Part::Code => parts.code = true,
                Part::Rich => parts.rich = true,
                Part::Anchors => parts.anchors = true,
                Part::Extras => parts.extras = true,
            }
            if parts
                == (Self {
                    code: true,
                    rich: true,
                    anchors: true,
                    extras: true,
                })
            {
                break;
            }
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the theme asked of the text before, mark by mark.
    fn asked_in_turn(html: &str) -> ProseParts {
        let any = |part: &dyn Fn(Part) -> bool| {
            (MARKS.iter()).any(|&(mark, of)| part(of) && html.contains(mark))
        };
        ProseParts {
            code: any(&|of| matches!(of, Part::Code)),
            rich: any(&|of| matches!(of, Part::Rich)),
            anchors: any(&|of| matches!(of, Part::Anchors)),
            extras: any(&|of| matches!(of, Part::Extras)),
        }
    }

    #[test]
    fn one_pass_finds_what_asking_mark_by_mark_finds() {
        let texts = [
            "",
            "<p>Plain words.</p>",
            "<pre><code class=\"hl-rust\">x</code></pre>",
            "<h2 id=\"a\"><a class=\"anchor\" href=\"#a\">#</a>A</h2><hr>",
            "<table><tr><td>1</td></tr></table><blockquote>q</blockquote>",
            "<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
            "<div class=\"callout note\"><input type=\"checkbox\" disabled></div><img src=a.png>",
            "<hr<hr<pre<img",
            "class=\"anchor\"class=\"hl-<table<blockquote",
            "class=\"callouttype=\"checkbox\"",
            "<p>footnote-</p><preface>",
        ];
        for text in texts {
            assert_eq!(ProseParts::of(text), asked_in_turn(text), "{text}");
        }
    }
}
