//! Series: pages that share a `series = "…"` name, read in order as parts 1 to N.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::model::page::Page;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
pub struct Series {
    /// The name as the first page (in source order) writes it.
    pub name: String,
    /// Indices in `Site::pages`, in reading order: part 1 first.
    pub pages: Vec<usize>,
}

impl Series {
    /// The 1-based part number of `page` in this series.
    pub fn part_of(&self, page: usize) -> Option<usize> {
        self.pages.iter().position(|&p| p == page).map(|at| at + 1)
    }
}

/// Gathers every series from the pages: by name (letter case and surrounding spaces aside),
/// each in the order `series_order` gives (lighter first; pages without one after), then oldest
/// first, then by title. Sorted by name.
pub(crate) fn collect_series(pages: &[Page]) -> Vec<Series> {
    let mut by_key: BTreeMap<String, Series> = BTreeMap::new();
    for (index, page) in pages.iter().enumerate() {
        let Some(name) = &page.series else { continue };
        let series = by_key
            .entry(name.trim().to_lowercase())
            .or_insert_with(|| Series {
                name: name.trim().to_string(),
                pages: Vec::new(),
            });
        series.pages.push(index);
    }
    let mut all: Vec<Series> = by_key.into_values().collect();
    for series in &mut all {
        series
            .pages
            .sort_by(|&a, &b| reading_order(&pages[a], &pages[b]));
    }
    all
}

fn reading_order(a: &Page, b: &Page) -> Ordering {
    let order = match (a.series_order, b.series_order) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let date = match (a.date, b.date) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    order
        .then(date)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.content_path.cmp(&b.content_path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Date;
    use crate::model::document::Document;

    fn page(title: &str, series: Option<&str>, order: Option<i64>, date: &str) -> Page {
        Page {
            doc: Document {
                title: title.to_string(),
                content_path: format!("{title}.md"),
                ..Document::default()
            },
            series: series.map(str::to_string),
            series_order: order,
            date: Date::parse(date),
            ..Page::default()
        }
    }

    #[test]
    fn parts_follow_the_order_then_the_date() {
        let pages = vec![
            page("late", Some("Starting over"), None, "2024-01-01"),
            page("second", Some("starting over "), Some(2), "2024-05-01"),
            page("alone", None, None, "2024-01-01"),
            page("first", Some("Starting over"), Some(1), "2024-09-01"),
            page("other", Some("Trust"), None, "2024-01-01"),
        ];
        let series = collect_series(&pages);
        let names: Vec<_> = series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Starting over", "Trust"]);
        assert_eq!(series[0].pages, [3, 1, 0]);
        assert_eq!(series[0].part_of(1), Some(2));
        assert_eq!(series[0].part_of(2), None);
    }
}
