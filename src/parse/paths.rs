//! Checks of where a page's header says it is written: its aliases and its own URL must name
//! files inside the site, each problem at the line where it is written.

use crate::error::{Diagnostic, Location, line_col};
use crate::model::page::Alias;
use crate::output::OutputPath;
use crate::parse::front_matter::{Split, key_position};

/// The page's aliases with their places, and an error for each that cannot be written.
pub(crate) fn aliases(
    split: &Split,
    source: &str,
    written: &[String],
) -> (Vec<Alias>, Vec<Diagnostic>) {
    let mut places = AliasPlaces::new(split);
    let mut aliases = Vec::with_capacity(written.len());
    let mut errors = Vec::new();
    for url in written {
        let (line, col) = places.next(url);
        if let Err(error) = OutputPath::for_url(url) {
            errors.push(Diagnostic::at(
                Location::new(source, line, col),
                format!(
                    "alias `{}` cannot be written: {}; expected a path inside the site such as `/old-name/`",
                    url.escape_debug(),
                    error.reason
                ),
            ));
        }
        aliases.push(Alias {
            url: url.clone(),
            line,
            col,
        });
    }
    (aliases, errors)
}

/// An error when the page's URL (from its folders and slug) cannot be a folder of the site.
pub(crate) fn site_path(site_path: &str, source: &str) -> Option<Diagnostic> {
    let error = OutputPath::for_url(site_path).err()?;
    Some(Diagnostic::at(
        Location::new(source, 1, 1),
        format!(
            "the page's URL /{} cannot be written: {}; expected folder names without it",
            site_path.escape_debug(),
            error.reason
        ),
    ))
}

/// Finds each alias where it is written, in order, after the `aliases` key.
struct AliasPlaces<'s, 'a> {
    split: &'s Split<'a>,
    /// Byte offset in the header where the next alias is looked for.
    cursor: usize,
    key: (usize, usize),
}

impl<'s, 'a> AliasPlaces<'s, 'a> {
    fn new(split: &'s Split<'a>) -> Self {
        let key = key_position(split, "aliases");
        let key_line = key.0.saturating_sub(split.header_first_line);
        let cursor = (split.header.split_inclusive('\n'))
            .take(key_line)
            .map(str::len)
            .sum();
        Self { split, cursor, key }
    }

    /// The file line and column of `url` (its opening quote when it has one); the key's place
    /// when it is not written as is (escaped characters).
    fn next(&mut self, url: &str) -> (usize, usize) {
        let header = self.split.header;
        let rest = header.get(self.cursor..).unwrap_or_default();
        let Some(found) = rest.find(url).filter(|_| !url.is_empty()) else {
            return self.key;
        };
        let mut start = self.cursor + found;
        self.cursor = start + url.len();
        if header[..start].ends_with(['"', '\'']) {
            start -= 1;
        }
        let (line, col) = line_col(header, start);
        (self.split.header_first_line + line - 1, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::front_matter::split;

    fn errors_of(text: &str) -> Vec<String> {
        let split = split(text).unwrap();
        let header: crate::parse::front_matter::PageHeader =
            crate::parse::front_matter::parse_header(&split).unwrap();
        let (_, errors) = aliases(&split, "content/a.md", &header.aliases);
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn each_alias_that_leaves_the_site_is_an_error_at_its_own_line() {
        let text = "+++\ntitle = \"A\"\naliases = [\n  \"/old/\",\n  \"../../../elsewhere/page\",\n  \"/x//y\",\n]\n+++\n";
        assert_eq!(
            errors_of(text),
            [
                "content/a.md:5:3: alias `../../../elsewhere/page` cannot be written: it has a `..` part, which leads out of the site; expected a path inside the site such as `/old-name/`",
                "content/a.md:6:3: alias `/x//y` cannot be written: it has an empty part (`//` or a `/` at the end); expected a path inside the site such as `/old-name/`",
            ]
        );
    }

    #[test]
    fn yaml_aliases_are_found_too() {
        let text = "---\ntitle: A\naliases:\n  - /fine/\n  - C:/Windows/x.html\n---\n";
        assert_eq!(
            errors_of(text),
            [
                "content/a.md:5:5: alias `C:/Windows/x.html` cannot be written: it holds a `:` (a drive, a stream or a URL scheme); expected a path inside the site such as `/old-name/`"
            ]
        );
    }

    #[test]
    fn aliases_inside_the_site_are_kept_with_their_places() {
        let split = split("+++\naliases = [\"/a/\", \"/b.html\"]\n+++\n").unwrap();
        let (aliases, errors) = aliases(&split, "content/a.md", &["/a/".into(), "/b.html".into()]);
        assert!(errors.is_empty());
        let places: Vec<_> = aliases.iter().map(|a| (a.line, a.col)).collect();
        assert_eq!(places, [(2, 12), (2, 19)]);
    }
}
