//! The theme's templates as a graph: what each one extends, includes or imports, followed to
//! the end and summed up as one hash per template; and which fields of a view any template may
//! read.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use crate::build::graph::StampHasher;

use crate::source::TemplateFile;

/// The templates and what each one extends, includes or imports, followed to the end.
#[derive(Debug, Default)]
pub(crate) struct TemplateGraph {
    stamps: HashMap<String, u64>,
    /// Every name the templates' tags and expressions use (variables, fields, filters).
    names: BTreeSet<String>,
    /// Some template reads fields by a name computed as it renders (`x[name]`, `get`, `pairs`,
    /// `for key, value in`, `__tera_context`), so it may read any field.
    reads_computed_fields: bool,
}

/// Templates whose names start with this render worksheet blocks inside Markdown bodies.
const BLOCK_TEMPLATES: &str = "blocks/";

impl TemplateGraph {
    pub(crate) fn new(files: &BTreeMap<String, TemplateFile>) -> Self {
        let names: BTreeSet<&str> = files.keys().map(String::as_str).collect();
        let references: HashMap<&str, Option<BTreeSet<&str>>> = files
            .iter()
            .map(|(name, file)| (name.as_str(), references(&file.text, &names)))
            .collect();
        let stamps = files
            .keys()
            .map(|name| {
                let mut reached = BTreeSet::from([name.as_str()]);
                let mut queue = vec![name.as_str()];
                while let Some(next) = queue.pop() {
                    match &references[next] {
                        Some(used) => {
                            for &other in used {
                                if reached.insert(other) {
                                    queue.push(other);
                                }
                            }
                        }
                        None => reached.clone_from(&names),
                    }
                }
                let mut hash = StampHasher::new();
                for name in reached {
                    (name, &files[name].text).hash(&mut hash);
                }
                (name.clone(), hash.finish())
            })
            .collect();
        let mut names = BTreeSet::new();
        let mut reads_computed_fields = false;
        for file in files.values() {
            let used = names_used(&file.text);
            reads_computed_fields |= used.computed;
            names.extend(used.names);
        }
        Self {
            stamps,
            names,
            reads_computed_fields,
        }
    }

    /// Whether any template may read a field called `field` of a value it is given: it names
    /// it, or reads fields by computed names. (A template that prints a whole object, fields
    /// and all, is not told apart; hearth's views are meant to be read field by field.)
    pub(crate) fn may_read(&self, field: &str) -> bool {
        self.reads_computed_fields || self.names.contains(field)
    }

    /// A hash of the template and of every template it reaches; a missing one has its own.
    pub(crate) fn stamp(&self, name: &str) -> u64 {
        self.stamps.get(name).copied().unwrap_or_else(|| {
            let mut hash = StampHasher::new();
            ("missing template", name).hash(&mut hash);
            hash.finish()
        })
    }

    /// A hash of the templates that worksheet blocks in Markdown bodies can use.
    pub(crate) fn blocks_stamp(&self) -> u64 {
        let mut blocks: Vec<(&String, &u64)> = self
            .stamps
            .iter()
            .filter(|(name, _)| name.starts_with(BLOCK_TEMPLATES))
            .collect();
        blocks.sort();
        let mut hash = StampHasher::new();
        blocks.hash(&mut hash);
        hash.finish()
    }
}

/// The templates a template names in its tags; `None` when it names one by a variable.
fn references<'n>(text: &str, names: &BTreeSet<&'n str>) -> Option<BTreeSet<&'n str>> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let end = after.find("%}").unwrap_or(after.len());
        let tag = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let literals = quoted_strings(tag);
        let names_another = ["extends", "include", "import"]
            .iter()
            .any(|keyword| tag.starts_with(keyword));
        if names_another && literals.is_empty() {
            return None;
        }
        found.extend(
            literals
                .iter()
                .filter_map(|literal| names.get(*literal).copied()),
        );
        rest = &after[end..];
    }
    Some(found)
}

/// The names used in a template's tags and expressions, and whether it reads fields by names
/// computed as it renders.
struct NamesUsed {
    names: BTreeSet<String>,
    computed: bool,
}

/// Filters and variables that read fields whose names the template does not spell out.
const COMPUTED_ACCESS: [&str; 6] = [
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
    "__tera_context",
];

fn names_used(text: &str) -> NamesUsed {
    let mut used = NamesUsed {
        names: BTreeSet::new(),
        computed: false,
    };
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inside = &after[1..];
        let end = inside.find(close).unwrap_or(inside.len());
        let code = without_strings(&inside[..end]);
        let words: Vec<&str> = code
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|word| !word.is_empty())
            .collect();
        // Names in strings count too: `card["word_count"]`, `sort(attribute="word_count")`.
        let spelled = inside[..end]
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|word| !word.is_empty());
        let key_value_loop = words.first() == Some(&"for")
            && code
                .split(" in ")
                .next()
                .is_some_and(|head| head.contains(','));
        let computed_subscript = code.match_indices('[').any(|(at, _)| {
            code[at + 1..]
                .trim_start()
                .starts_with(|c: char| c.is_alphabetic() || c == '_')
        });
        used.computed |= key_value_loop
            || computed_subscript
            || words.iter().any(|word| COMPUTED_ACCESS.contains(word));
        used.names.extend(spelled.map(str::to_string));
        rest = &inside[end..];
    }
    used
}

/// `code` with the text of its string literals left out (their quotes stay).
fn without_strings(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut quote = None;
    for c in code.chars() {
        match quote {
            Some(open) if c == open => {
                quote = None;
                out.push(c);
            }
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => {
                quote = Some(c);
                out.push(c);
            }
            None => out.push(c),
        }
    }
    out
}

fn quoted_strings(tag: &str) -> Vec<&str> {
    let mut strings = Vec::new();
    let mut rest = tag;
    while let Some(open) = rest.find(['"', '\'', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let inner = &rest[open + 1..];
        let Some(close) = inner.find(quote) else {
            break;
        };
        strings.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> BTreeMap<String, TemplateFile> {
        list.iter()
            .map(|(name, text)| (name.to_string(), TemplateFile::new("t", name, *text)))
            .collect()
    }

    #[test]
    fn a_template_changes_with_what_it_extends_and_includes() {
        let before = templates(&[
            (
                "base.html",
                "<main>{% block main %}{% endblock main %}</main>",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}{% include \"card.html\" %}{% endblock main %}",
            ),
            ("card.html", "card"),
            ("404.html", "gone"),
        ]);
        let mut after = before.clone();
        after.get_mut("card.html").unwrap().text = "new card".into();
        let (old, new) = (TemplateGraph::new(&before), TemplateGraph::new(&after));
        assert_ne!(old.stamp("page.html"), new.stamp("page.html"));
        assert_ne!(old.stamp("card.html"), new.stamp("card.html"));
        assert_eq!(old.stamp("base.html"), new.stamp("base.html"));
        assert_eq!(old.stamp("404.html"), new.stamp("404.html"));
    }

    #[test]
    fn a_template_named_by_a_variable_may_be_any_template() {
        let before = templates(&[
            ("page.html", "{% include card_template %}"),
            ("x.html", "x"),
        ]);
        let mut after = before.clone();
        after.get_mut("x.html").unwrap().text = "y".into();
        let (old, new) = (TemplateGraph::new(&before), TemplateGraph::new(&after));
        assert_ne!(old.stamp("page.html"), new.stamp("page.html"));
    }

    #[test]
    fn a_field_may_be_read_when_named_or_reached_by_a_computed_name() {
        let named = templates(&[("card.html", "{{ card.reading_time }} {{ card[\"title\"] }}")]);
        let graph = TemplateGraph::new(&named);
        assert!(graph.may_read("reading_time") && graph.may_read("title"));
        assert!(!graph.may_read("word_count"));
        for computed in [
            "{{ card[field] }}",
            "{{ card | get(key=field) }}",
            "{% for key, value in card %}{{ value }}{% endfor %}",
            "{{ __tera_context }}",
        ] {
            let graph = TemplateGraph::new(&templates(&[("card.html", computed)]));
            assert!(graph.may_read("word_count"), "{computed}");
        }
        let prose = templates(&[("t.html", "<p>word_count</p>{# word_count #}")]);
        assert!(!TemplateGraph::new(&prose).may_read("word_count"));
    }
}
