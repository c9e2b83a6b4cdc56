//! Slugs: the URL-safe names of pages, tags and heading anchors.

/// `Don't Rush It — Yet!` → `dont-rush-it-yet`: letters folded to ASCII, lowercase,
/// words joined by `-`, apostrophes and other punctuation dropped.
pub(crate) fn slugify(text: &str) -> String {
    let folded = deunicode::deunicode(text);
    let mut slug = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for ch in folded.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch.to_ascii_lowercase());
        } else if ch.is_whitespace() || ch == '-' || ch == '_' || ch == '/' {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_read_like_the_words() {
        assert_eq!(slugify("Don't Rush It — Yet!"), "dont-rush-it-yet");
        assert_eq!(slugify("Self-care & Wellbeing"), "self-care-wellbeing");
        assert_eq!(slugify("Café für Paare"), "cafe-fur-paare");
        assert_eq!(slugify("  spaced  out  "), "spaced-out");
    }
}
