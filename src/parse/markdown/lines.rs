//! Code blocks line by line, for fences that number or highlight lines (Zola's `linenos` and
//! `hl_lines`): each line of the highlighted HTML its own element.

use crate::parse::highlight::highlight_code;

/// Highlights `code` line by line: each line its own element, so that lines can be numbered
/// (`first_number`, as Zola's `linenos` does) and highlighted (`<mark class="hl-line">`, as
/// Zola's `hl_lines`). Token spans that cross a line break are closed and opened again.
pub(crate) fn highlight_lines(
    code: &str,
    lang: &str,
    first_number: Option<usize>,
    is_highlighted: impl Fn(usize) -> bool,
) -> String {
    let html = highlight_code(code, lang);
    let mut out = String::with_capacity(html.len() * 5 / 4 + 64);
    for (index, line) in split_lines(&html).iter().enumerate() {
        let marked = is_highlighted(index + 1);
        out.push_str(if marked {
            "<mark class=\"hl-line\">"
        } else {
            "<span class=\"line\">"
        });
        if let Some(first) = first_number {
            out.push_str("<span class=\"ln\" aria-hidden=\"true\">");
            out.push_str(&(first + index).to_string());
            out.push_str("</span>");
        }
        out.push_str(line);
        out.push_str(if marked { "</mark>\n" } else { "</span>\n" });
    }
    out
}

/// Highlighted HTML cut at its line breaks, every line with the spans open at its start opened
/// again and closed at its end. A last empty line (the code's final newline) is dropped.
fn split_lines(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("<span") {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            open.push(&rest[..end]);
            current.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if rest.starts_with("</span>") {
            open.pop();
            current.push_str("</span>");
            rest = &rest["</span>".len()..];
        } else if c == '\n' {
            current.push_str(&"</span>".repeat(open.len()));
            lines.push(std::mem::take(&mut current));
            for tag in &open {
                current.push_str(tag);
            }
            rest = &rest[1..];
        } else {
            let end = rest[c.len_utf8()..]
                .find(['<', '\n'])
                .map_or(rest.len(), |i| i + c.len_utf8());
            current.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    let only_tags = current.replace("</span>", "");
    if !only_tags
        .split('<')
        .all(|part| part.is_empty() || part.ends_with('>'))
    {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_highlighted_with_spans_closed_on_each() {
        let html = highlight_lines("/* a\nb */\nx\n", "c", Some(7), |line| line == 2);
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(lines.len(), 3, "{html}");
        assert!(
            lines[0].starts_with(
                "<span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">7</span>"
            )
        );
        assert!(lines[1].starts_with("<mark class=\"hl-line\"><span class=\"ln\" aria-hidden=\"true\">8</span><span class=\"hl-"), "{html}");
        for line in lines {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count(),
                "{line}"
            );
        }
        assert_eq!(
            highlight_lines("a\nb", "", None, |_| false),
            "<span class=\"line\">a</span>\n<span class=\"line\">b</span>\n"
        );
    }
}
