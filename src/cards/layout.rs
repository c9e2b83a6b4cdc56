//! A card's SVG: the kind above, the title wrapped to the card's width (measured with the
//! fonts the card is painted with, at most four lines, an ellipsis beyond), the site's name
//! below.

use std::fmt::Write;
use std::sync::OnceLock;

use super::paint::{LABEL_FONT, TITLE_FONT};
use super::{Card, CardStyle, HEIGHT, WIDTH};

const MARGIN: f32 = 96.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
/// Title sizes tried in turn, each with the most lines it may take.
const TITLE_SIZES: [(f32, usize); 2] = [(76.0, 3), (60.0, 4)];
const LINE_HEIGHT: f32 = 1.18;
const TITLE_TOP: f32 = 168.0;
const LABEL_SIZE: f32 = 30.0;
const SITE_SIZE: f32 = 34.0;
/// The site's mark from the theme's header: a house with a flame, on a 32-unit grid.
const MARK: &str = r#"<path d="M16 3 3 13v15a1 1 0 0 0 1 1h24a1 1 0 0 0 1-1V13z" fill="none" stroke-width="2.2" stroke-linejoin="round"/><path d="M16 13c3.2 3 4.6 5.4 4.6 7.6a4.6 4.6 0 0 1-9.2 0c0-1.5.7-2.8 1.7-3.9.2 1.3.9 2.1 1.8 2.4-.4-2.2.1-4.3 1.1-6.1z" stroke="none"/>"#;

pub(super) fn svg(card: &Card, style: &CardStyle) -> String {
    let title_face = face(&TITLE_FACE, TITLE_FONT);
    let label_face = face(&LABEL_FACE, LABEL_FONT);
    let title = collapse_spaces(card.title);
    let (size, lines) = fit_title(&title, title_face);
    let kind = card.kind.to_uppercase();
    let site = fit_line(
        &collapse_spaces(card.site_name),
        label_face,
        SITE_SIZE,
        1000.0,
    );
    let (bg, text, accent, muted) = (
        &style.background.0,
        &style.text.0,
        &style.accent.0,
        &style.muted.0,
    );
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" fill="{bg}"/><rect width="24" height="{HEIGHT}" fill="{accent}"/>"#
    );
    let _ = write!(
        svg,
        r#"<text x="{MARGIN}" y="128" font-family="DejaVu Sans" font-weight="bold" font-size="{LABEL_SIZE}" letter-spacing="3" fill="{accent}">{}</text>"#,
        escape(&kind)
    );
    let _ = write!(
        svg,
        r#"<g font-family="DejaVu Serif" font-weight="bold" font-size="{size}" fill="{text}">"#
    );
    for (index, line) in lines.iter().enumerate() {
        let y = TITLE_TOP + size + index as f32 * size * LINE_HEIGHT;
        let _ = write!(svg, r#"<text x="{MARGIN}" y="{y}">{}</text>"#, escape(line));
    }
    let _ = write!(
        svg,
        r#"</g><rect x="{MARGIN}" y="494" width="{TEXT_WIDTH}" height="2" fill="{muted}" fill-opacity="0.35"/><g transform="translate({MARGIN} 524) scale(1.75)" fill="{accent}" stroke="{accent}">{MARK}</g><text x="{}" y="570" font-family="DejaVu Sans" font-weight="bold" font-size="{SITE_SIZE}" fill="{text}">{}</text></svg>"#,
        MARGIN + 80.0,
        escape(&site)
    );
    svg
}

static TITLE_FACE: OnceLock<ttf_parser::Face<'static>> = OnceLock::new();
static LABEL_FACE: OnceLock<ttf_parser::Face<'static>> = OnceLock::new();

fn face(
    cell: &'static OnceLock<ttf_parser::Face<'static>>,
    font: &'static [u8],
) -> &'static ttf_parser::Face<'static> {
    cell.get_or_init(|| ttf_parser::Face::parse(font, 0).expect("the fonts carried are valid"))
}

/// The title in the largest size whose lines fit, the last line cut with an ellipsis when even
/// the smallest size does not hold it all.
fn fit_title(title: &str, face: &ttf_parser::Face) -> (f32, Vec<String>) {
    let (mut size, mut most) = TITLE_SIZES[0];
    for (candidate, max_lines) in TITLE_SIZES {
        (size, most) = (candidate, max_lines);
        if wrap(title, face, size).len() <= max_lines {
            break;
        }
    }
    let mut lines = wrap(title, face, size);
    if lines.len() > most {
        let rest = lines[most - 1..].join(" ");
        lines.truncate(most - 1);
        lines.push(ellipsis(&rest, face, size, TEXT_WIDTH));
    }
    (size, lines)
}

/// Greedy wrapping at spaces; a word wider than a line is cut where it overflows.
fn wrap(text: &str, face: &ttf_parser::Face, size: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&joined, face, size) <= TEXT_WIDTH {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if width(&line, face, size) > TEXT_WIDTH {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` on one line of `max` pixels: whole words followed by an ellipsis when it must be
/// cut; only a first word wider than the line is cut inside.
fn ellipsis(text: &str, face: &ttf_parser::Face, size: f32, max: f32) -> String {
    if width(text, face, size) <= max {
        return text.to_string();
    }
    let words: Vec<&str> = text.split(' ').collect();
    for count in (1..words.len()).rev() {
        let kept = words[..count].join(" ");
        let trimmed = kept.trim_end_matches([' ', ',', ';', ':', '—', '–', '-']);
        let candidate = format!("{trimmed}…");
        if !trimmed.is_empty() && width(&candidate, face, size) <= max {
            return candidate;
        }
    }
    let mut cut = words[0].to_string();
    while !cut.is_empty() {
        cut.pop();
        let candidate = format!("{cut}…");
        if width(&candidate, face, size) <= max {
            return candidate;
        }
    }
    "…".to_string()
}

fn fit_line(text: &str, face: &ttf_parser::Face, size: f32, max: f32) -> String {
    ellipsis(text, face, size, max)
}

/// The width of `text` set in `face` at `size` pixels (advances, without kerning, plus a
/// little room for it).
fn width(text: &str, face: &ttf_parser::Face, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|glyph| face.glyph_hor_advance(glyph))
                .map_or(u32::from(face.units_per_em()) / 2, u32::from)
        })
        .sum();
    units as f32 * size / f32::from(face.units_per_em()) * 1.02
}

/// Whitespace runs become one space; characters XML cannot hold are dropped.
fn collapse_spaces(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| !c.is_control() || c.is_whitespace())
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_lines(title: &str) -> (f32, Vec<String>) {
        fit_title(&collapse_spaces(title), face(&TITLE_FACE, TITLE_FONT))
    }

    #[test]
    fn a_short_title_takes_one_line_at_the_largest_size() {
        assert_eq!(
            title_lines("When to step back"),
            (76.0, vec!["When to step back".to_string()])
        );
    }

    #[test]
    fn a_long_title_wraps_within_the_card_and_ends_in_an_ellipsis_beyond_four_lines() {
        let title = "A very long title about caring for a marriage when everything seems to go wrong at once, and about what to do first, what to leave for later, and how to know when to stop trying";
        let (size, lines) = title_lines(title);
        assert_eq!(size, 60.0);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'), "{lines:?}");
        let face = face(&TITLE_FACE, TITLE_FONT);
        for line in &lines {
            assert!(width(line, face, size) <= TEXT_WIDTH, "{line}");
        }
        assert!(
            lines[..3]
                .join(" ")
                .starts_with("A very long title about caring")
        );
    }

    /// The words of `text`, without the punctuation an ellipsis may take the place of.
    fn words(text: &str) -> Vec<String> {
        let text = text.trim_end_matches('…');
        (text
            .split(' ')
            .map(|word| word.trim_end_matches([',', ':', ';'])))
        .map(str::to_string)
        .collect()
    }

    #[test]
    fn a_cut_title_ends_with_whole_words_and_an_ellipsis() {
        let home = "Gentle, practical advice for wives going through a hard time in their marriage: articles, printable worksheets and private self-assessment quizzes.";
        let (_, lines) = title_lines(home);
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[3], "articles, printable…");
        let shown = words(&lines.join(" "));
        assert_eq!(shown[..], words(home)[..shown.len()], "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|line| !line.starts_with(' ') && !line.ends_with(' '))
        );

        let site = "Still Home, a site with a name far too long to hold on the card's one line";
        let label = face(&LABEL_FACE, LABEL_FONT);
        let line = fit_line(site, label, SITE_SIZE, 1000.0);
        assert_eq!(line, "Still Home, a site with a name far too long to…");
    }

    #[test]
    fn a_word_wider_than_the_card_is_cut() {
        let (_, lines) = title_lines(&"w".repeat(50));
        assert!(lines.len() > 1);
        assert!(lines.concat().chars().all(|c| c == 'w'), "{lines:?}");
    }

    #[test]
    fn text_is_escaped_for_svg() {
        let card = Card {
            title: "A & \"B\" </text><i>",
            kind: "Article",
            site_name: "A <b> site",
        };
        let svg = card.svg(&CardStyle::default());
        assert!(
            svg.contains("A &amp; &quot;B&quot; &lt;/text&gt;&lt;i&gt;"),
            "{svg}"
        );
        assert!(svg.contains("A &lt;b&gt; site"));
        assert!(!svg.contains("<i>"));
    }
}
