//! Hugo's and Zola's escaped shortcodes (`{{</* x */>}}`, `{{/* x */}}`): those tools show
//! them as the shortcode's text, so the import writes that text.

use crate::import::body::BodyContext;
use crate::import::report::Report;

/// Hugo's and Zola's escaped shortcodes (`{{</* x */>}}`, `{{/* x */}}`), which those tools
/// show as the shortcode's text, written as that text.
pub(super) fn unescaped(body: &str, context: &BodyContext, report: &mut Report) -> String {
    const ESCAPES: [(&str, [&str; 4]); 4] = [
        ("Hugo", ["{{</*", "*/>}}", "{{<", ">}}"]),
        ("Hugo", ["{{%/*", "*/%}}", "{{%", "%}}"]),
        ("Zola", ["{{/*", "*/}}", "{{", "}}"]),
        ("Zola", ["{%/*", "*/%}", "{%", "%}"]),
    ];
    let mut text = body.to_string();
    for (tool, [open, close, open_shown, close_shown]) in ESCAPES {
        if !context.runs.contains(&tool) || !text.contains(open) {
            continue;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(open) {
            let after = &rest[at + open.len()..];
            let line = &after[..after.find('\n').unwrap_or(after.len())];
            out.push_str(&rest[..at]);
            match line.find(close) {
                Some(end) => {
                    out.push_str(open_shown);
                    out.push_str(&after[..end]);
                    out.push_str(close_shown);
                    rest = &after[end + close.len()..];
                }
                None => {
                    out.push_str(open);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        text = out;
        report.mapped(
            context.path,
            format!("escaped shortcodes `{open} … {close}` → the text {tool} shows for them"),
        );
    }
    text
}
