//! The floor of a static site build, for the benchmark: read every Markdown file under a content
//! folder, render its body with pulldown-cmark alone (hearth's options) and write one HTML file
//! per page, in the same folder shape as a site (`a/b.md` → `a/b/index.html`). No templates, no
//! links, no lists: what is left of a build when everything but Markdown and the disk is free.
//!
//! ```text
//! floor --content DIR --out DIR [--serial]
//! ```
//!
//! `--serial` renders on one thread; otherwise every file is read, rendered and written on all
//! cores (rayon). The output folder may exist: files are overwritten in place.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

/// The options hearth's Markdown stage turns on (src/parse/markdown.rs).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The text after a `+++` (TOML) or `---` (YAML) front matter block, or all of it.
fn body(text: &str) -> &str {
    for fence in ["+++", "---"] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest
            .strip_prefix('\n')
            .or_else(|| rest.strip_prefix("\r\n"))
        else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            offset += line.len();
            if line.trim_end() == fence {
                return &rest[offset..];
            }
        }
    }
    text
}

/// `a/b.md` → `a/b/index.html`; `a/_index.md` → `a/index.html`.
fn target(out: &Path, relative: &Path) -> PathBuf {
    let parent = relative.parent().unwrap_or(Path::new(""));
    let stem = relative.file_stem().unwrap_or_default();
    if stem == "_index" || stem == "index" {
        out.join(parent).join("index.html")
    } else {
        out.join(parent).join(stem).join("index.html")
    }
}

/// Reads, renders and writes one page; returns the bytes written.
fn page(content: &Path, out: &Path, path: &Path) -> std::io::Result<usize> {
    let text = std::fs::read_to_string(path)?;
    let markdown = body(&text);
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, Parser::new_ext(markdown, options()));
    let relative = path.strip_prefix(content).expect("walked under content");
    let target = target(out, relative);
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::write(&target, html_out.as_bytes())?;
    Ok(html_out.len())
}

fn main() -> ExitCode {
    let mut content = None;
    let mut out = None;
    let mut serial = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--content" => content = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "--serial" => serial = true,
            _ => {
                eprintln!(
                    "floor: unknown argument `{arg}`; usage: floor --content DIR --out DIR [--serial]"
                );
                return ExitCode::from(2);
            }
        }
    }
    let (Some(content), Some(out)) = (content, out) else {
        eprintln!("floor: usage: floor --content DIR --out DIR [--serial]");
        return ExitCode::from(2);
    };

    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        match entry {
            Ok(entry)
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|e| e == "md") =>
            {
                files.push(entry.into_path())
            }
            Ok(_) => {}
            Err(error) => {
                eprintln!("floor: {error}");
                return ExitCode::FAILURE;
            }
        }
    }

    let written: std::io::Result<Vec<usize>> = if serial {
        files
            .iter()
            .map(|path| page(&content, &out, path))
            .collect()
    } else {
        files
            .par_iter()
            .map(|path| page(&content, &out, path))
            .collect()
    };
    match written {
        Ok(sizes) => {
            let bytes: usize = sizes.iter().sum();
            println!(
                "floor: {} pages, {} bytes of HTML ({})",
                sizes.len(),
                bytes,
                if serial { "1 thread" } else { "all cores" }
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("floor: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_front_matter() {
        assert_eq!(body("+++\ntitle = \"x\"\n+++\n\n# Hi\n"), "\n# Hi\n");
        assert_eq!(body("---\ntitle: x\n---\nbody"), "body");
        assert_eq!(body("# no front matter"), "# no front matter");
    }

    #[test]
    fn page_paths() {
        let out = Path::new("o");
        assert_eq!(
            target(out, Path::new("a/b.md")),
            Path::new("o/a/b/index.html")
        );
        assert_eq!(
            target(out, Path::new("a/_index.md")),
            Path::new("o/a/index.html")
        );
        assert_eq!(
            target(out, Path::new("_index.md")),
            Path::new("o/index.html")
        );
    }
}
