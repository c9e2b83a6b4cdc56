//! Smaller stylesheets and scripts: CSS minified by lightningcss, JavaScript by oxc. Both are
//! deterministic: the same bytes in give the same bytes out.

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use oxc::allocator::Allocator;
use oxc::codegen::{Codegen, CodegenOptions};
use oxc::minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc::parser::Parser;
use oxc::span::SourceType;

/// The bytes a copied or generated file is published with: `.css` and `.js` made smaller,
/// everything else as it is. A stylesheet or script that cannot be read is published unchanged.
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
        match std::str::from_utf8(&bytes)
            .ok()
            .and_then(|js| js_min(js).ok())
        {
            Some(small) => small.into_bytes(),
            None => bytes,
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

/// The script minified by oxc: comments and whitespace gone, local names shortened, and only
/// rewrites that keep its meaning (no code dropped as unused, names of functions and classes
/// kept). Top-level names are never renamed: a classic script's are globals other scripts may
/// read. `Err` (with oxc's first message) when the script does not parse.
pub fn js_min(js: &str) -> Result<String, String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, js, SourceType::unambiguous()).parse();
    if parsed.panicked || !parsed.errors.is_empty() {
        return Err(parsed.errors.first().map_or_else(
            || "the script cannot be read".to_string(),
            ToString::to_string,
        ));
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions {
            top_level: Some(false),
            ..MangleOptions::default()
        }),
        compress: Some(CompressOptions::safest()),
    };
    let minified = Minifier::new(options).minify(&allocator, &mut program);
    Ok(Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code)
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
    fn js_loses_comments_whitespace_and_long_local_names() {
        let js = "// Header\n(() => {\n  'use strict';\n  /* a block\n     comment */\n  const answer = document.title; // note\n\n  window.shown = answer;\n})();\n";
        let small = js_min(js).unwrap();
        for gone in ["Header", "block", "note", "answer", "\n "] {
            assert!(!small.contains(gone), "{gone:?} is still in {small:?}");
        }
        for kept in ["use strict", "document.title", "window.shown="] {
            assert!(small.contains(kept), "{kept:?} is missing from {small:?}");
        }
        assert!(small.len() < js.len() / 2, "{small:?}");
    }

    #[test]
    fn js_keeps_top_level_names_strings_and_templates() {
        let js = "function helper(value) { return `one\n  two ${value}`; }\nconst url = 'https://example.org/a'; // where\n";
        let small = js_min(js).unwrap();
        assert!(small.contains("function helper("), "{small}");
        assert!(small.contains("url="), "{small}");
        assert!(small.contains("https://example.org/a"), "{small}");
        assert!(small.contains("two ${"), "{small}");
    }

    #[test]
    fn js_that_does_not_parse_is_published_as_written() {
        let js = "function (";
        assert!(js_min(js).is_err());
        assert_eq!(asset("broken.js", js.as_bytes().to_vec()), js.as_bytes());
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
        let js = include_str!("../../themes/hearth/static/quiz.js");
        assert_eq!(js_min(js).unwrap(), js_min(js).unwrap());
    }
}
