//! Smaller stylesheets and scripts: CSS minified by lightningcss, JavaScript stripped of comments
//! and indentation. Both are deterministic: the same bytes in give the same bytes out.

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};

/// The bytes a copied or generated file is published with: `.css` and `.js` made smaller,
/// everything else as it is. A stylesheet lightningcss cannot read is published unchanged.
pub fn asset(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".css") {
        match std::str::from_utf8(&bytes)
            .ok()
            .and_then(|css| css_min(css).ok())
        {
            Some(small) => small.into_bytes(),
            None => bytes,
        }
    } else if lower.ends_with(".js") || lower.ends_with(".mjs") {
        match std::str::from_utf8(&bytes) {
            Ok(js) => js_min(js).into_bytes(),
            Err(_) => bytes,
        }
    } else {
        bytes
    }
}

/// The stylesheet minified: same rules, fewer bytes. Rules lightningcss does not know
/// (new at-rules, pseudo-elements) are kept as written rather than dropped.
pub fn css_min(css: &str) -> Result<String, String> {
    let options = ParserOptions {
        error_recovery: true,
        ..ParserOptions::default()
    };
    let mut sheet = StyleSheet::parse(css, options).map_err(|error| error.to_string())?;
    sheet
        .minify(MinifyOptions::default())
        .map_err(|error| error.to_string())?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .map_err(|error| error.to_string())?;
    Ok(printed.code)
}

/// The script without comment lines, indentation or blank lines. Line breaks stay where they
/// were, so automatic semicolon insertion reads the script exactly as before; lines inside a
/// template literal (`` ` `` … `` ` `` over several lines) are kept byte for byte. Nothing
/// inside a line is touched, so strings and regular expressions cannot be broken — the
/// reason to prefer this to a full minifier for a few kilobytes of theme script.
pub fn js_min(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_template = false;
    let mut in_block_comment = false;
    for line in js.lines() {
        if in_template {
            out.push_str(line);
            out.push('\n');
            in_template = odd_backticks(line) != in_template;
            continue;
        }
        let trimmed = line.trim();
        if in_block_comment {
            in_block_comment = !trimmed.contains("*/") || !trimmed.ends_with("*/");
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with("//") {
            continue;
        }
        if trimmed.starts_with("/*") && !trimmed.contains('`') {
            in_block_comment = !trimmed.ends_with("*/");
            continue;
        }
        out.push_str(trimmed);
        out.push('\n');
        in_template = odd_backticks(trimmed);
    }
    out
}

/// Whether a line opens (or closes) a template literal: an odd number of unescaped backticks.
fn odd_backticks(line: &str) -> bool {
    let mut count = 0;
    let mut escaped = false;
    for ch in line.chars() {
        match ch {
            '\\' if !escaped => escaped = true,
            '`' if !escaped => count += 1,
            _ => escaped = false,
        }
        if ch != '\\' {
            escaped = false;
        }
    }
    count % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_keeps_its_rules_in_fewer_bytes() {
        let css = "/* note */\n:root {\n  --bg: #ffffff;\n}\n\n@media print {\n  a { color: #000000; }\n}\n";
        assert_eq!(
            css_min(css).unwrap(),
            ":root{--bg:#fff}@media print{a{color:#000}}"
        );
    }

    #[test]
    fn css_keeps_page_margin_boxes() {
        let css = "@page { margin: 20mm; @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); } }";
        let small = css_min(css).unwrap();
        assert!(small.contains("@bottom-right"), "{small}");
        assert!(small.contains("counter(pages)"), "{small}");
    }

    #[test]
    fn js_loses_comments_and_indentation_but_not_its_lines() {
        let js = "// Header\n(() => {\n  'use strict';\n  /* a block\n     comment */\n  const a = 1; // kept\n\n  return a;\n})();\n";
        assert_eq!(
            js_min(js),
            "(() => {\n'use strict';\nconst a = 1; // kept\nreturn a;\n})();\n"
        );
    }

    #[test]
    fn js_template_literals_keep_their_lines() {
        let js = "const t = `one\n    two ${x}\n  three`;\n    next();\n";
        assert_eq!(
            js_min(js),
            "const t = `one\n    two ${x}\n  three`;\nnext();\n"
        );
    }

    #[test]
    fn js_strings_with_slashes_are_untouched() {
        let js = "  const url = 'https://example.org/a'; // where\n";
        assert_eq!(
            js_min(js),
            "const url = 'https://example.org/a'; // where\n"
        );
    }

    #[test]
    fn other_files_pass_through() {
        assert_eq!(asset("a.svg", b"<svg/>  ".to_vec()), b"<svg/>  ".to_vec());
        assert_eq!(
            asset("a.css", b"a { color: red; }".to_vec()),
            b"a{color:red}".to_vec()
        );
    }

    #[test]
    fn minifying_is_deterministic() {
        let css = include_str!("../../themes/hearth/static/style.css");
        assert_eq!(css_min(css).unwrap(), css_min(css).unwrap());
    }
}
