//! Which content files a file links to with `@/…`, read from its raw text: a file linking to
//! one that changed is rendered again.

/// The content files a file's text may link to with `@/…`, found generously in its raw text
/// (header included): every spelling the Markdown stage could read is among them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub(crate) struct LinkTargets {
    /// Each spelling's `path_hash`, sorted, each once. A site holds every file's, so they are
    /// held as hashes; two paths with one hash only make a file be rendered once too often.
    pub paths: Vec<u64>,
    /// A link written in a way the scan cannot read for sure: it may point anywhere.
    pub anywhere: bool,
}

#[cfg(test)]
impl LinkTargets {
    /// Whether `path` may be among the targets.
    fn contains(&self, path: &str) -> bool {
        self.paths.binary_search(&path_hash(path)).is_ok()
    }
}

/// The hash a link target is held by.
pub(crate) fn path_hash(path: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(path)
}

pub(crate) fn link_targets(text: &str) -> LinkTargets {
    let mut targets = LinkTargets::default();
    for at in memchr::memmem::find_iter(text.as_bytes(), b"@/") {
        let rest = &text[at + 2..];
        let token_end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | ']'))
            .unwrap_or(rest.len());
        let token = &rest[..token_end];
        if token.contains('\\') || token.contains('&') {
            targets.anywhere = true;
        }
        let path = token.split('#').next().unwrap_or_default();
        targets.paths.push(path_hash(path));
        for (end, _) in path.match_indices([')', '>']) {
            targets.paths.push(path_hash(&path[..end]));
        }
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        if let Some(spaced) = line.find('>') {
            let spaced = &line[..spaced];
            targets
                .paths
                .push(path_hash(spaced.split('#').next().unwrap_or_default()));
        }
    }
    targets.paths.sort_unstable();
    targets.paths.dedup();
    targets.paths.shrink_to_fit();
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_in_every_spelling() {
        let targets = link_targets(
            "+++\nbody = \"see @/a.md\"\n+++\n[x](@/b.md#part) [y](@/c(1).md) <@/d e.md>\n[r]: @/f.md\n",
        );
        for path in ["a.md", "b.md", "c(1).md", "d", "d e.md", "f.md"] {
            assert!(targets.contains(path), "{path}: {targets:?}");
        }
        assert!(!targets.contains("g.md"));
        assert!(!targets.anywhere);
        assert!(link_targets("[x](@/a\\_b.md)").anywhere);
    }
}
