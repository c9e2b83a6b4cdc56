//! Code fence attributes as Zola and Hugo write them — ```` ```rust,linenos,hl_lines=2 8 ````,
//! ```` ```go {linenos=table,hl_lines=[2,"4-5"],linenostart=10} ````, ```` ```{hl_lines=[2,8]} ```` —
//! read into the language, line numbers and highlighted lines of a code block.

/// What a code fence's info string asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Fence {
    pub lang: String,
    pub linenos: bool,
    /// The number shown on the first line.
    pub linenostart: usize,
    /// Lines to highlight, counted from the block's first line (1), as inclusive ranges.
    pub highlighted: Vec<(usize, usize)>,
}

impl Fence {
    /// Whether the block needs more than plain highlighting.
    pub(super) fn has_lines(&self) -> bool {
        self.linenos || !self.highlighted.is_empty()
    }

    pub(super) fn is_highlighted(&self, line: usize) -> bool {
        self.highlighted
            .iter()
            .any(|&(from, to)| (from..=to).contains(&line))
    }
}

/// Whether an info string starting with `{` holds code attributes (`{hl_lines=[2]}`,
/// `{.python}`, `{linenos}`) rather than naming a worksheet block (`{lines} 4`).
pub(crate) fn is_code_attributes(info: &str) -> bool {
    let Some(inner) = info.trim().strip_prefix('{') else {
        return false;
    };
    let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
    inner.contains('=') || inner.trim_start().starts_with('.') || inner.trim() == "linenos"
}

pub(crate) fn parse(info: &str) -> Fence {
    let info = info.trim();
    let mut fence = Fence {
        linenostart: 1,
        ..Fence::default()
    };
    let attributes: Vec<String> = match info.find('{') {
        Some(open) => {
            fence.lang = info[..open].trim().trim_end_matches(',').to_string();
            let inner = &info[open + 1..];
            let inner = &inner[..inner.rfind('}').unwrap_or(inner.len())];
            split_top_level(inner, |c| c == ',' || c.is_whitespace())
        }
        None => {
            let mut parts = split_top_level(info, |c| c == ',').into_iter();
            let first = parts.next().unwrap_or_default();
            let mut rest: Vec<String> = parts.collect();
            if first.contains('=') || first == "linenos" {
                rest.insert(0, first);
            } else {
                fence.lang = first
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
            }
            rest
        }
    };
    for attribute in attributes {
        let (key, value) = match attribute.split_once('=') {
            Some((key, value)) => (key.trim(), value.trim()),
            None => (attribute.trim(), ""),
        };
        match key {
            "linenos" => fence.linenos = !matches!(value, "false" | "\"false\""),
            "linenostart" => {
                fence.linenostart = value.trim_matches('"').parse().unwrap_or(1);
            }
            "hl_lines" => fence.highlighted = line_ranges(value),
            class if class.starts_with('.') && fence.lang.is_empty() => {
                fence.lang = class[1..].to_string();
            }
            _ => {}
        }
    }
    fence
}

/// Splits at `separator` characters that are outside `[…]` and quotes.
fn split_top_level(text: &str, separator: impl Fn(char) -> bool) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let (mut depth, mut quoted) = (0usize, false);
    for c in text.chars() {
        match c {
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            '"' => quoted = !quoted,
            c if depth == 0 && !quoted && separator(c) => {
                if !current.trim().is_empty() {
                    parts.push(current.trim().to_string());
                }
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_string());
    }
    parts
}

/// `1 3-5 9`, `[2,8]`, `[8,"15-17"]`, `"2-3"` → inclusive ranges.
fn line_ranges(value: &str) -> Vec<(usize, usize)> {
    value
        .split(|c: char| c == ',' || c.is_whitespace() || matches!(c, '[' | ']' | '"'))
        .filter(|item| !item.is_empty())
        .filter_map(|item| match item.split_once('-') {
            Some((from, to)) => Some((from.parse().ok()?, to.parse().ok()?)),
            None => item.parse().ok().map(|line| (line, line)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_attributes() {
        let fence = parse("rust,linenos,hl_lines=1 3-5 9,linenostart=10");
        assert_eq!(fence.lang, "rust");
        assert!(fence.linenos);
        assert_eq!(fence.linenostart, 10);
        assert_eq!(fence.highlighted, [(1, 1), (3, 5), (9, 9)]);
        assert_eq!(parse("rust,hl_lines=2 8").highlighted, [(2, 2), (8, 8)]);
        assert!(!parse("python").has_lines());
    }

    #[test]
    fn hugo_attributes() {
        let fence = parse("go {linenos=table,hl_lines=[8,\"15-17\"],linenostart=199}");
        assert_eq!(fence.lang, "go");
        assert!(fence.linenos);
        assert_eq!(fence.linenostart, 199);
        assert_eq!(fence.highlighted, [(8, 8), (15, 17)]);
        let fence = parse("{hl_lines=[2,8]}");
        assert_eq!(
            (fence.lang.as_str(), fence.highlighted),
            ("", vec![(2, 2), (8, 8)])
        );
        assert_eq!(parse("{.python linenos=false}").lang, "python");
    }

    #[test]
    fn code_attributes_are_told_from_worksheet_blocks() {
        assert!(is_code_attributes("{hl_lines=[2,8]}"));
        assert!(is_code_attributes("{.python}"));
        assert!(is_code_attributes("{linenos}"));
        assert!(!is_code_attributes("{lines} 4"));
        assert!(!is_code_attributes("{scale} 1-5"));
        assert!(!is_code_attributes("rust"));
    }
}
