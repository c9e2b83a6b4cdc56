//! Source locations, internal `@/` links and same-page anchors, and directive
//! info strings, for the Markdown stage (`markdown.rs`).

/// Maps byte offsets of the Markdown text to 1-based line/column in the FILE.
/// Offsets mostly arrive in increasing order (events come in source order), so
/// it keeps a cursor and counts newlines forward from it (a vectorised byte
/// count); an earlier offset restarts from the top. Pages that never need a
/// location pay nothing.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    first_line: usize,
    /// Byte offset up to which newlines have been counted.
    pos: usize,
    /// Newlines in `text[..pos]`.
    newlines: usize,
    /// Byte offset where the line holding `pos` starts.
    line_start: usize,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str, first_line: usize) -> Self {
        LineIndex {
            text,
            first_line: first_line.max(1),
            pos: 0,
            newlines: 0,
            line_start: 0,
        }
    }

    /// 1-based (line, column) of byte `offset`; the column counts chars.
    pub(crate) fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            self.pos = 0;
            self.newlines = 0;
            self.line_start = 0;
        }
        let bytes = &self.text.as_bytes()[self.pos..offset];
        let count = bytes.iter().filter(|&&b| b == b'\n').count();
        if count > 0 {
            self.newlines += count;
            // The last newline before `offset`: found scanning back, never past it.
            let last = bytes.iter().rposition(|&b| b == b'\n').unwrap_or(0);
            self.line_start = self.pos + last + 1;
        }
        self.pos = offset;
        let start = self.line_start;
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (self.first_line + self.newlines, col)
    }
}

/// An `@/path.md#anchor` destination split in its parts.
pub(crate) struct InternalLink<'d> {
    pub path: &'d str,
    pub anchor: &'d str,
}

pub(crate) fn parse_internal(dest: &str) -> Option<InternalLink<'_>> {
    let rest = dest.strip_prefix("@/")?;
    Some(match rest.find('#') {
        Some(i) => InternalLink {
            path: &rest[..i],
            anchor: &rest[i + 1..],
        },
        None => InternalLink {
            path: rest,
            anchor: "",
        },
    })
}

pub(crate) fn unknown_link_message(path: &str) -> String {
    format!("unknown internal link `@/{path}`; no page at content/{path}")
}

/// The message for a `#anchor` link that matches no id on its page.
pub(crate) fn unknown_anchor_message(anchor: &str, heading_ids: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut msg = format!("unknown anchor `#{anchor}` on this page; ");
    if heading_ids.is_empty() {
        msg.push_str("it has no headings");
        return msg;
    }
    msg.push_str("headings here are: ");
    for (i, id) in heading_ids.iter().take(SHOWN).enumerate() {
        if i > 0 {
            msg.push_str(", ");
        }
        msg.push_str(id);
    }
    if heading_ids.len() > SHOWN {
        msg.push_str(&format!(" and {} more", heading_ids.len() - SHOWN));
    }
    msg
}

/// Calls `found` with every `id="…"` / `id='…'` attribute value in raw HTML,
/// so that same-page links to hand-written anchors are not reported.
pub(crate) fn scan_html_ids(html: &str, mut found: impl FnMut(&str)) {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(pos) = html[from..].find("id=") {
        let at = from + pos;
        from = at + 3;
        let before_ok = at == 0 || bytes[at - 1].is_ascii_whitespace();
        let Some(&quote) = bytes.get(at + 3) else {
            break;
        };
        if !before_ok || (quote != b'"' && quote != b'\'') {
            continue;
        }
        let value_start = at + 4;
        if let Some(len) = html[value_start..].find(quote as char) {
            found(&html[value_start..value_start + len]);
            from = value_start + len + 1;
        }
    }
}

/// A directive's parsed info string: ```` ```{name} args ````.
pub(crate) fn parse_directive_info(info: &str) -> Result<(&str, &str), String> {
    let info = info.trim();
    let bad = || {
        format!(
            "malformed directive `{info}`: expected `{{name}}` and optional arguments, e.g. ```{{lines}} 4"
        )
    };
    let inner = info.strip_prefix('{').ok_or_else(bad)?;
    let close = inner.find('}').ok_or_else(bad)?;
    let name = inner[..close].trim();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(bad());
    }
    Ok((name, inner[close + 1..].trim()))
}

/// Splits the leading `:key: value` lines off a directive's body. A blank line
/// right after the options is dropped too.
pub(crate) fn split_options(body: &str) -> (Vec<(String, String)>, &str) {
    let mut options = Vec::new();
    let mut rest = body;
    loop {
        let (line, after) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let Some(option) = line.trim_end().strip_prefix(':') else {
            break;
        };
        let Some(colon) = option.find(':') else { break };
        let key = &option[..colon];
        if key.is_empty() || key.contains(char::is_whitespace) {
            break;
        }
        options.push((key.to_string(), option[colon + 1..].trim().to_string()));
        rest = after;
        if rest.is_empty() {
            break;
        }
    }
    if !options.is_empty() {
        let (line, after) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        if line.trim().is_empty() {
            rest = after;
        }
    }
    (options, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_lines_and_chars() {
        let text = "ab\nçé[x]\n\nlast";
        let mut idx = LineIndex::new(text, 5);
        assert_eq!(idx.locate(0), (5, 1));
        assert_eq!(idx.locate(1), (5, 2));
        assert_eq!(idx.locate(3), (6, 1));
        assert_eq!(idx.locate(text.find('[').unwrap()), (6, 3));
        assert_eq!(idx.locate(text.find("last").unwrap()), (8, 1));
        assert_eq!(idx.locate(text.find("last").unwrap() + 2), (8, 3));
        // Going back restarts from the top.
        assert_eq!(idx.locate(text.find('[').unwrap()), (6, 3));
        assert_eq!(idx.locate(text.len()), (8, 5));
        assert_eq!(idx.locate(text.len() + 10), (8, 5));
    }

    #[test]
    fn html_ids() {
        let mut ids = Vec::new();
        scan_html_ids("<div id=\"a\" data-id=\"no\" grid='x'><a\nid='b'>", |id| {
            ids.push(id.to_string())
        });
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn directive_info() {
        assert_eq!(parse_directive_info("{lines} 4").unwrap(), ("lines", "4"));
        assert_eq!(parse_directive_info("{quiz}").unwrap(), ("quiz", ""));
        assert!(
            parse_directive_info("{lines 4")
                .unwrap_err()
                .starts_with("malformed directive `{lines 4`")
        );
        assert!(parse_directive_info("{} x").is_err());
        assert!(parse_directive_info("{a b} x").is_err());
    }

    #[test]
    fn options() {
        let (o, b) = split_options(":label: Name\n:rows: 3\n\nbody\n:not: option\n");
        assert_eq!(
            o,
            [
                ("label".to_string(), "Name".to_string()),
                ("rows".into(), "3".into())
            ]
        );
        assert_eq!(b, "body\n:not: option\n");
        let (o, b) = split_options("plain\n");
        assert!(o.is_empty());
        assert_eq!(b, "plain\n");
        let (o, b) = split_options(":only: yes\n");
        assert_eq!(o.len(), 1);
        assert_eq!(b, "");
    }
}
