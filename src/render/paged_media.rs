//! The site's part of printing: which pages are worksheets (in reading order), and the
//! paged-media facts only the site knows: the site's name and origin (`print.css`, linked for
//! print by every page) and each worksheet's paper size and running header, a named `@page`
//! (`print-sheets.css`, linked by worksheets and the booklet). How they look is the theme's.

use crate::config::Settings;
use crate::model::page::PageKind;
use crate::model::site::Site;
use crate::render::context::print_page_name;
use crate::render::views::Views;

/// The booklet's place in the site.
pub(crate) const BOOKLET_PATH: &str = "print/";

/// Indices of the worksheets, section by section in the order readers see them.
pub(crate) fn worksheets_in_order(site: &Site) -> Vec<usize> {
    site.sections
        .iter()
        .flat_map(|section| section.pages.iter().copied())
        .filter(|&index| site.pages[index].kind == PageKind::Worksheet)
        .collect()
}

/// `print.css`: linked for print by every page, so every printed page can name the site in its
/// footer and print the site's own links as full addresses.
pub(crate) fn stylesheet(views: &Views) -> String {
    let settings = views.settings();
    format!(
        "/* Made by hearth for this site: its name for the printed footer and its origin for\n   \
         printed links. The look is the theme's. */\n\
         :root {{ --print-site-name: {}; --print-site-origin: {}; }}\n",
        css_string(&settings.config.title),
        css_string(&site_origin(settings)),
    )
}

/// `print-sheets.css`: each worksheet's printed pages (paper, running header with its title).
pub(crate) fn sheets_stylesheet(views: &Views) -> String {
    let mut css = String::from(
        "/* Made by hearth for this site: each worksheet's printed pages (paper, running header). */\n",
    );
    for index in views.worksheets() {
        let page = views.page_model(index);
        let name = print_page_name(&page.site_path);
        let size = match page.paper {
            crate::config::Paper::A4 => "A4",
            crate::config::Paper::Letter => "letter",
        };
        css.push_str(&format!(
            "@page {name} {{ size: {size}; @top-center {{ content: {}; }} }}\n\
             @page {name}:first {{ @top-center {{ content: none; }} }}\n\
             html body.{name}, .{name} {{ page: {name}; }}\n",
            css_string(&page.title)
        ));
    }
    css
}

/// The origin the site's links (`/articles/x/`, base path included) are printed after:
/// `https://stillhome.example.org` (empty when the base URL is a bare path).
fn site_origin(settings: &Settings) -> String {
    let url = settings.base_url.as_str();
    let Some((scheme, rest)) = url.split_once("://") else {
        return String::new();
    };
    let host = rest.split('/').next().unwrap_or_default();
    format!("{scheme}://{host}")
}

/// A CSS string literal: quotes and backslashes escaped, line breaks as `\A`.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push_str("\\A "),
            ch if ch.is_control() => {}
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, SiteConfig};

    #[test]
    fn strings_are_escaped_for_css() {
        assert_eq!(css_string("Say \"yes\" \\ no"), r#""Say \"yes\" \\ no""#);
        assert_eq!(css_string("a\nb\u{7}"), "\"a\\A b\"");
    }

    #[test]
    fn the_origin_leaves_out_the_base_path() {
        let at = |base_url: &str| {
            let overrides = Overrides {
                base_url: Some(base_url.to_string()),
                ..Overrides::default()
            };
            let settings =
                Settings::from_config(std::path::Path::new("."), SiteConfig::default(), overrides);
            site_origin(&settings)
        };
        assert_eq!(
            at("https://stillhome.example.org/"),
            "https://stillhome.example.org"
        );
        assert_eq!(at("https://example.org/blog/"), "https://example.org");
        assert_eq!(at("/"), "");
    }
}
