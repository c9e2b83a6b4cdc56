//! mdBook's nested chapters: `hello.md` beside the folder `hello/` of its sub-chapters, as Rust
//! by Example lays out its book (the lines below are its own), imported so that the chapter is
//! the folder's section page and every link between the chapters still leads where it did.

use std::path::Path;

use hearth::config::{Overrides, Settings};
use hearth::import::{SourceKind, import};

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_chapter_beside_the_folder_of_its_sub_chapters_is_that_folder_s_page() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    write(&book, "book.toml", "[book]\ntitle = \"Rust By Example\"\n");
    write(
        &book,
        "src/SUMMARY.md",
        "# Summary\n\n- [Hello World](hello.md)\n    - [Comments](hello/comment.md)\n    - [Formatted print](hello/print.md)\n        - [Debug](hello/print/print_debug.md)\n",
    );
    write(
        &book,
        "src/hello.md",
        "# Hello World\n\nThis is the source code of the traditional Hello World program.\n\nSee [comments](hello/comment.md) and [formatted print][print].\n\n[print]: hello/print.md\n",
    );
    write(
        &book,
        "src/hello/comment.md",
        "# Comments\n\nAny program requires comments, back to [Hello World](../hello.md).\n",
    );
    write(
        &book,
        "src/hello/print.md",
        "# Formatted print\n\nPrinting is handled by a series of [`macros`][macros]; see [Debug](print/print_debug.html).\n\n[macros]: ../hello.md\n",
    );
    write(
        &book,
        "src/hello/print/print_debug.md",
        "# Debug\n\nAll types which want to use `std::fmt` formatting `traits` require an implementation to be printable; [up](../print.md).\n",
    );
    let root = dir.path().join("site");
    let report = import(SourceKind::Markdown, &book, &root).unwrap_or_else(|e| panic!("{e}"));
    for (made, from) in [
        ("content/hello/_index.md", "src/hello.md"),
        ("content/hello/print/_index.md", "src/hello/print.md"),
    ] {
        assert!(root.join(made).is_file(), "{made}");
        let said = format!("the folder's index → {made}");
        assert!(
            (report.mapped.iter()).any(|entry| entry.place == from && entry.what == said),
            "{report}"
        );
    }
    assert!(!root.join("content/hello.md").exists());
    let config = std::fs::read_to_string(root.join("hearth.toml")).unwrap();
    assert!(
        config.contains("[[menu]]\nname = \"Hello World\"\nurl = \"/hello/\""),
        "the menu names the chapter by its heading: {config}"
    );
    let settings = Settings::load(&root, Overrides::default()).unwrap();
    hearth::build::build(&settings).unwrap_or_else(|e| panic!("the book does not build:\n{e}"));
    let read = |path: &str| std::fs::read_to_string(root.join("output").join(path)).unwrap();
    let hello = read("hello/index.html");
    assert!(hello.contains("traditional Hello World program"), "{hello}");
    assert!(hello.contains("href=\"comment/\""), "{hello}");
    assert!(hello.contains("href=\"print/\""), "{hello}");
    let comment = read("hello/comment/index.html");
    assert!(comment.contains("href=\"../\""), "{comment}");
    let print = read("hello/print/index.html");
    assert!(print.contains("href=\"print-debug/\""), "{print}");
    assert!(print.contains("href=\"../\""), "{print}");
    let debug = read("hello/print/print-debug/index.html");
    assert!(debug.contains("href=\"../\""), "{debug}");
}
