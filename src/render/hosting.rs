//! Files static hosts read (Netlify, Cloudflare Pages and others that share their format):
//! `_headers`, a strict Content-Security-Policy and other safety headers for every path, and
//! `_redirects`, each page's aliases as permanent (301) redirects. Hosts that read neither
//! still have the alias pages (`feeds::redirect`).

use std::fmt::Write;

/// The policy every page of the site satisfies: everything from the site itself, no inline
/// script or style, no plugins, no framing by other sites, forms only to the site.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// `_headers`: the same headers for every path of the site under `base_path`.
pub(crate) fn headers(base_path: &str) -> String {
    let mut text = String::from(
        "# Headers for hosts that read this file (Netlify, Cloudflare Pages); made by hearth.\n",
    );
    let _ = writeln!(text, "{base_path}*");
    let _ = writeln!(text, "  Content-Security-Policy: {CONTENT_SECURITY_POLICY}");
    text.push_str("  X-Content-Type-Options: nosniff\n");
    text.push_str("  Referrer-Policy: no-referrer\n");
    text.push_str("  Permissions-Policy: camera=(), microphone=(), geolocation=()\n");
    text
}

/// `_redirects`: one `from to 301` line per alias, in the order given.
pub(crate) fn redirects(moves: &[(String, String)]) -> String {
    let mut text = String::from(
        "# Redirects for hosts that read this file (Netlify, Cloudflare Pages); made by hearth.\n",
    );
    for (from, to) in moves {
        let _ = writeln!(text, "{from} {to} 301");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_gets_the_policy() {
        let text = headers("/blog/");
        assert!(text.contains("\n/blog/*\n  Content-Security-Policy: default-src 'self';"));
        assert!(!text.contains("unsafe-inline"));
    }

    #[test]
    fn aliases_are_permanent() {
        let moves = [("/old/first/".to_string(), "/articles/first/".to_string())];
        assert!(redirects(&moves).ends_with("\n/old/first/ /articles/first/ 301\n"));
    }
}
