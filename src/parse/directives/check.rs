//! What every directive block is checked for — its options, a number argument, the Markdown in
//! it (no `@/` links there), a CSS length — with each problem kept at its line.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag};

use super::Directive;
use crate::parse::markdown::{DirectiveBlock, DirectiveError, options};

/// One block being checked: every problem found is kept, so all are reported at once.
pub(super) struct Check<'b, 'a> {
    pub(super) block: &'b DirectiveBlock<'a>,
    errors: Vec<DirectiveError>,
}

impl<'b, 'a> Check<'b, 'a> {
    pub(super) fn new(block: &'b DirectiveBlock<'a>) -> Self {
        Self {
            block,
            errors: Vec::new(),
        }
    }

    pub(super) fn finish(self, directive: Directive) -> Result<Directive, Vec<DirectiveError>> {
        if self.errors.is_empty() {
            Ok(directive)
        } else {
            Err(self.errors)
        }
    }

    pub(super) fn error(&mut self, line: usize, message: String) {
        self.errors.push(DirectiveError::new(line, message));
    }

    /// The value of option `key`, after checking that only `allowed` options are given.
    pub(super) fn options(&mut self, allowed: &[&str]) -> BTreeMap<String, String> {
        let block = self.block;
        let mut found = BTreeMap::new();
        for (index, (key, value)) in block.options.iter().enumerate() {
            let line = block.line + 1 + index;
            if !allowed.contains(&key.as_str()) {
                let expected = match allowed {
                    [] => "it takes no options".to_string(),
                    [one] => format!("expected `:{one}:`"),
                    _ => format!("expected one of `:{}:`", allowed.join(":`, `:")),
                };
                let message = format!(
                    "unknown option `:{key}:` for `{{{}}}`; {expected}",
                    block.name
                );
                self.error(line, message);
            } else if found.insert(key.clone(), value.clone()).is_some() {
                self.error(line, format!("option `:{key}:` is given twice"));
            }
        }
        found
    }

    /// A whole number argument from `min` to `max`.
    pub(super) fn count(&mut self, what: &str, example: &str, min: usize, max: usize) -> usize {
        let (name, args) = (self.block.name, self.block.args);
        if args.is_empty() {
            let message =
                format!("`{{{name}}}` needs the number of {what}, e.g. ```{{{name}}} {example}");
            self.error(self.block.line, message);
            return min;
        }
        match args.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                let message = format!(
                    "`{{{name}}}` expects a number of {what} from {min} to {max}, found `{args}`"
                );
                self.error(self.block.line, message);
                min
            }
        }
    }

    /// Markdown from the block's body as HTML; `inline` drops the paragraph around one paragraph.
    pub(super) fn markdown(&mut self, text: &str, line: usize, inline: bool) -> String {
        let text = text.trim();
        let mut internal_link = false;
        let events: Vec<Event> = Parser::new_ext(text, options())
            .inspect(|event| {
                if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                    event
                {
                    internal_link |= dest_url.starts_with("@/");
                }
            })
            .collect();
        if internal_link {
            let message = format!(
                "links to other pages (`@/…`) cannot be used inside `{{{}}}`; put the link in the text before the block",
                self.block.name
            );
            self.error(line, message);
        }
        let mut html = String::with_capacity(text.len() + 16);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if inline
            && let Some(inner) = html
                .strip_prefix("<p>")
                .and_then(|rest| rest.strip_suffix("</p>\n"))
            && !inner.contains("<p>")
        {
            return inner.to_string();
        }
        html.trim_end().to_string()
    }

    pub(super) fn prompt(&mut self) -> String {
        self.markdown(self.block.body, self.block.body_line, true)
    }

    /// The file line of option `key`.
    pub(super) fn option_line(&self, key: &str) -> usize {
        let index = self.block.options.iter().position(|(k, _)| k == key);
        self.block.line + 1 + index.unwrap_or(0)
    }
}

/// The tallest box that still fits on a printed page (A4 or Letter, inside the margins).
pub(super) const MAX_BOX_MM: f64 = 220.0;

/// A positive CSS length of a unit that prints (`6cm`, `2.5in`, `12em`), in millimetres
/// (`em`/`rem` counted at 12pt), or `None` when it is not one.
pub(super) fn css_length_mm(text: &str) -> Option<f64> {
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return None;
    }
    let value: f64 = number.parse().ok().filter(|v: &f64| *v > 0.0)?;
    let mm_per_unit = match unit {
        "mm" => 1.0,
        "cm" => 10.0,
        "in" => 25.4,
        "pt" => 25.4 / 72.0,
        "pc" => 25.4 / 6.0,
        "px" => 25.4 / 96.0,
        "em" | "rem" => 12.0 * 25.4 / 72.0,
        _ => return None,
    };
    Some(value * mm_per_unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_lengths_that_print() {
        assert_eq!(css_length_mm("6cm"), Some(60.0));
        assert_eq!(css_length_mm("2.5in"), Some(63.5));
        assert!(css_length_mm("12em").is_some());
        for bad in [
            "6", "cm", "6 cm", "-2cm", "0mm", "1.cm", ".5cm", "6vh", "6cm;x", "50%",
        ] {
            assert_eq!(css_length_mm(bad), None, "{bad}");
        }
    }
}
