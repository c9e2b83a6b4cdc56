//! mdBook's `{{#include file}}`, `{{#rustdoc_include file}}` and `{{#playground file}}`: the
//! file's text put in their place, as mdBook does, and `\{{#…}}` written out as is.

use crate::import::body::{BodyContext, code_ranges};
use crate::import::report::Report;

/// mdBook's `{{#include file}}`, `{{#rustdoc_include file}}` and `{{#playground file}}` replaced
/// by the file's text (whole, a `:start:end` line range or an `:anchor`), in code or not.
pub(super) fn includes(body: &str, context: &BodyContext, report: &mut Report) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    let mut line = context.first_line;
    while let Some(at) = rest.find("{{#") {
        let before = &rest[..at];
        line += before.matches('\n').count();
        if let Some(escaped) = before.strip_suffix('\\') {
            // `\{{#include x}}` is mdBook's way of writing the command itself.
            out.push_str(escaped);
            out.push_str("{{#");
            rest = &rest[at + 3..];
            continue;
        }
        out.push_str(before);
        let Some(end) = rest[at..].find("}}").map(|i| at + i + 2) else {
            out.push_str(&rest[at..]);
            return out;
        };
        let written = &rest[at..end];
        let inner = written[3..written.len() - 2].trim();
        let (command, argument) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let place = format!("{}:{line}", context.path);
        match command {
            "include" | "rustdoc_include" | "playground" | "playpen"
                if !argument.trim().is_empty() =>
            {
                match include_text(argument.trim(), context) {
                    Ok(text) if command.starts_with("play") => {
                        out.push_str(&format!("```rust\n{}\n```", text.trim_end()));
                        report.mapped(
                            place,
                            format!("`{written}` → the file's text in a code block"),
                        );
                    }
                    Ok(text) => {
                        out.push_str(text.trim_end_matches('\n'));
                        report.mapped(place, format!("`{written}` → the file's text"));
                    }
                    Err(why) => {
                        out.push_str(written);
                        report.skipped(place, format!("`{written}` not included: {why}"));
                    }
                }
            }
            "title" => report.mapped(
                place,
                format!("`{written}` dropped: the page's title is its first heading"),
            ),
            _ if in_code(body, body.len() - rest.len() + at) => out.push_str(written),
            _ => {
                out.push_str(written);
                report.skipped(
                    place,
                    format!("`{written}` is an mdBook command hearth does not run"),
                );
            }
        }
        line += written.matches('\n').count();
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn in_code(body: &str, offset: usize) -> bool {
    code_ranges(body)
        .iter()
        .any(|range| range.contains(&offset))
}

fn include_text(argument: &str, context: &BodyContext) -> Result<String, String> {
    let argument = argument.split_whitespace().next().unwrap_or_default();
    let mut parts = argument.split(':');
    let file = parts.next().unwrap_or_default();
    let text = (context.include)(file)?;
    let lines: Vec<&str> = text.lines().collect();
    let selectors: Vec<&str> = parts.collect();
    let selected: Vec<&str> = match selectors.as_slice() {
        [] => lines
            .iter()
            .copied()
            .filter(|l| !is_anchor_line(l))
            .collect(),
        [single] if single.parse::<usize>().is_err() && !single.is_empty() => {
            let start = lines
                .iter()
                .position(|l| anchor_of(l, "ANCHOR:") == Some(single));
            let start = start.ok_or(format!("no `ANCHOR: {single}` in {file}"))?;
            lines[start + 1..]
                .iter()
                .take_while(|l| anchor_of(l, "ANCHOR_END:") != Some(single))
                .copied()
                .filter(|l| !is_anchor_line(l))
                .collect()
        }
        // mdBook's ranges: `:2` is line 2 alone, `:2:` from it to the end, `::4` up to line
        // 4, `:2:4` lines 2 to 4.
        [from, rest @ ..] => {
            let line = from.parse::<usize>().ok();
            let from = line.unwrap_or(1).max(1);
            let to = match rest.first() {
                None => line.unwrap_or(lines.len()),
                Some(to) => to.parse::<usize>().unwrap_or(lines.len()),
            };
            lines
                .iter()
                .skip(from - 1)
                .take(to.saturating_sub(from - 1))
                .copied()
                .collect()
        }
    };
    Ok(selected.join("\n") + "\n")
}

fn anchor_of<'l>(line: &'l str, marker: &str) -> Option<&'l str> {
    let at = line.find(marker)?;
    Some(line[at + marker.len()..].trim())
}

fn is_anchor_line(line: &str) -> bool {
    anchor_of(line, "ANCHOR:").is_some() || anchor_of(line, "ANCHOR_END:").is_some()
}
