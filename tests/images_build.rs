//! Images end to end on a fixture with real photos (`tests/fixtures/images_site/`): WebP widths
//! written beside the originals, `<picture>` with the original's width and height, warnings and
//! errors at their places, the image cache making a second build decode nothing, and a build
//! after an image changed equal to a clean one.

mod common;

use std::path::Path;

use common::Fixture;

fn picture_of<'h>(html: &'h str, src: &str) -> &'h str {
    let img = html
        .find(&format!("<img src=\"{src}\""))
        .unwrap_or_else(|| panic!("no <img src=\"{src}\"> in:\n{html}"));
    let start = html[..img]
        .rfind("<picture>")
        .expect("a <picture> around the <img>");
    let end = img + html[img..].find("</picture>").expect("</picture>") + "</picture>".len();
    &html[start..end]
}

/// The srcset of a picture: (URL, width) pairs.
fn srcset(picture: &str) -> Vec<(String, u32)> {
    let start = picture.find("srcset=\"").unwrap() + "srcset=\"".len();
    let end = start + picture[start..].find('"').unwrap();
    picture[start..end]
        .split(", ")
        .map(|entry| {
            let (url, width) = entry.split_once(' ').unwrap();
            (
                url.to_string(),
                width.trim_end_matches('w').parse().unwrap(),
            )
        })
        .collect()
}

fn webp_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::WebP,
        "{}",
        path.display()
    );
    let decoded = image::load_from_memory(&bytes).unwrap();
    (decoded.width(), decoded.height())
}

#[test]
fn a_photo_beside_its_page_gets_webp_widths_and_its_dimensions() {
    let site = Fixture::new("images_site");
    site.build().unwrap();
    let html = site.read("articles/field/index.html");
    let first = picture_of(&html, "sunset.jpg");
    assert!(first.contains("width=\"1440\" height=\"642\""), "{first}");
    assert!(first.contains("alt=\"Paris at dusk, past a gargoyle of Notre-Dame\""));
    assert!(
        !first.contains("loading="),
        "the first image is not lazy: {first}"
    );
    assert!(first.contains("<source type=\"image/webp\""));
    let widths = srcset(first);
    assert_eq!(
        widths.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        vec![480, 800, 1200]
    );
    for (url, width) in &widths {
        let file = site.output().join("articles/field").join(url);
        let height = (642 * width + 720) / 1440;
        assert_eq!(webp_size(&file), (*width, height), "{url}");
        assert!(url.starts_with("sunset-"), "beside the original: {url}");
    }
    assert!(site.output().join("articles/field/sunset.jpg").is_file());

    let logo = picture_of(&html, "../../img/zola.png");
    assert!(
        logo.contains("width=\"300\" height=\"380\" alt=\"\" loading=\"lazy\" decoding=\"async\"")
    );
    let logo_widths = srcset(logo);
    assert_eq!(logo_widths.len(), 1, "never upscaled: {logo}");
    let logo_file = site.output().join("articles/field").join(&logo_widths[0].0);
    assert_eq!(webp_size(&logo_file), (300, 380));

    assert!(
        html.contains("<img src=\"../../img/mark.svg\" alt=\"hearth’s mark\" />"),
        "an SVG passes through as written:\n{html}"
    );
    assert!(!html.contains("/img/mark-"), "no variants of an SVG");
    assert!(!site.output().join("img").read_dir().unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("mark-")
    }));
    let letter = site.read("articles/letter/index.html");
    assert!(
        letter.contains("letter.jpg\" width=\"420\" height=\"600\""),
        "{letter}"
    );
}

#[test]
fn a_figure_block_gives_a_picture_and_its_caption() {
    let site = Fixture::new("images_site");
    site.build().unwrap();
    let html = site.read("articles/field/index.html");
    let start = html.find("<figure class=\"figure\"").expect("a figure");
    let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
    assert!(
        figure.contains("alt=\"The same view of Paris, later\" loading=\"lazy\""),
        "{figure}"
    );
    assert!(figure.contains("width=\"1440\" height=\"642\""));
    assert!(
        figure.contains("<figcaption>The Seine at dusk, <em>an hour later</em>.</figcaption>"),
        "{figure}"
    );
}

#[test]
fn images_without_alt_are_warned_of_at_their_place() {
    let site = Fixture::new("images_site");
    let report = site.build().unwrap();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        vec![
            "content/articles/field/index.md:15:45: warning: image `/img/zola.png` has no alt text; expected a short description of it for readers who cannot see it, as in ![what it shows](…)"
        ]
    );
}

#[test]
fn missing_and_broken_images_are_errors_at_their_places() {
    let site = Fixture::new("images_site");
    std::fs::write(site.root().join("static/img/notes.png"), "not a picture").unwrap();
    site.write(
        "content/articles/broken.md",
        "+++\ntitle = \"Broken\"\n+++\nA photo: ![Gone](/img/gone.jpg)\n\n![Here](missing.jpg)\n\n![Text](/img/notes.png)\n\n```{figure} /img/away.png\n:alt: Away\nCaption.\n```\n",
    );
    let errors = site.build().unwrap_err();
    assert_eq!(
        errors,
        vec![
            "content/articles/broken.md:4:10: missing image `/img/gone.jpg`; no file at static/img/gone.jpg or content/img/gone.jpg",
            "content/articles/broken.md:6:1: missing file `missing.jpg`; no file at content/articles/missing.jpg",
            "content/articles/broken.md:8:1: image `static/img/notes.png` does not decode (The image format could not be determined); expected a JPEG, PNG or WebP file",
            "content/articles/broken.md:10:1: missing image `/img/away.png`; no file at static/img/away.png or content/img/away.png",
            "content/articles/field/index.md:15:45: warning: image `/img/zola.png` has no alt text; expected a short description of it for readers who cannot see it, as in ![what it shows](…)",
        ]
    );
    assert!(!site.output().exists(), "a failed build writes no output");
}

#[test]
fn a_second_build_decodes_nothing_and_a_new_photo_only_itself() {
    let site = Fixture::new("images_site");
    assert_eq!(site.build().unwrap().images_decoded, 3);
    assert_eq!(site.build().unwrap().images_decoded, 0);
    std::fs::remove_dir_all(site.root().join(".output.cache")).unwrap();
    let rebuilt = site.build().unwrap();
    assert_eq!(rebuilt.images_decoded, 0, "the image cache alone is enough");
    let photo = std::fs::read(site.root().join("content/articles/letter.jpg")).unwrap();
    std::fs::write(
        site.root().join("content/articles/field/second.jpg"),
        [&photo[..], b"\n2"].concat(),
    )
    .unwrap();
    site.write(
        "content/articles/second.md",
        "+++\ntitle = \"Second\"\n+++\n![A second page of print](field/second.jpg)\n",
    );
    assert_eq!(site.build().unwrap().images_decoded, 1);
}

#[test]
fn a_build_after_a_photo_changed_equals_a_clean_build() {
    let site = Fixture::new("images_site");
    site.build().unwrap();
    let letter = std::fs::read(site.root().join("content/articles/letter.jpg")).unwrap();
    std::fs::write(
        site.root().join("content/articles/field/sunset.jpg"),
        &letter,
    )
    .unwrap();
    let report = site.build().unwrap();
    assert_eq!(
        report.images_decoded, 0,
        "the same bytes as letter.jpg: already cached"
    );
    let html = site.read("articles/field/index.html");
    assert!(picture_of(&html, "sunset.jpg").contains("width=\"420\" height=\"600\""));

    let clean = tempfile::tempdir().unwrap();
    for part in ["content", "static", "themes", "hearth.toml"] {
        let from = site.root().join(part);
        if from.is_dir() {
            common::copy_tree(&from, &clean.path().join(part));
        } else {
            std::fs::copy(&from, clean.path().join(part)).unwrap();
        }
    }
    let settings = hearth::config::Settings::load(clean.path(), Default::default()).unwrap();
    hearth::build::build(&settings).unwrap();
    let (ours, theirs) = (
        common::tree(&site.output()),
        common::tree(&clean.path().join("output")),
    );
    let differing: Vec<&String> = (ours.keys().chain(theirs.keys()))
        .filter(|path| ours.get(*path) != theirs.get(*path))
        .collect();
    assert!(
        differing.is_empty(),
        "differs from a clean build: {differing:?}"
    );
}

#[test]
fn with_processing_off_images_are_shown_as_written() {
    let site = Fixture::new("images_site");
    let config = std::fs::read_to_string(site.root().join("hearth.toml")).unwrap();
    site.write(
        "hearth.toml",
        &format!("{config}\n[images]\nprocess = false\n"),
    );
    let report = site.build().unwrap();
    assert_eq!(report.images_decoded, 0);
    let html = site.read("articles/field/index.html");
    assert!(
        html.contains(
            "<img src=\"sunset.jpg\" alt=\"Paris at dusk, past a gargoyle of Notre-Dame\""
        )
    );
    assert!(!html.contains("<picture>"));
    assert!(!site.root().join(".output.images").exists());
}

#[test]
fn a_folder_in_the_image_cache_place_that_hearth_did_not_make_is_left_alone() {
    let site = Fixture::new("images_site");
    site.write(".output.images/mine.txt", "my notes");
    let errors = site.build().unwrap_err();
    let errors: Vec<&String> = (errors.iter())
        .filter(|error| !error.contains(": warning: "))
        .collect();
    assert_eq!(errors.len(), 4, "each image, at its place: {errors:#?}");
    for error in &errors {
        assert!(
            error.contains("is not hearth's image cache (it has no CACHEDIR.TAG); expected no folder there, or one hearth made"),
            "{errors:#?}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join(".output.images/mine.txt")).unwrap(),
        "my notes"
    );
}
