//! Which pages a build publishes: drafts only when asked, pages dated after the build's "now"
//! only when asked (and then marked as scheduled), pages past their `expires` date never.

use crate::model::date::Date;
use crate::model::page::Page;

/// The choice a build makes about drafts, future dates and expiry dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Publication {
    pub include_drafts: bool,
    pub include_future: bool,
    /// The build's "now": pages dated after it are in the future, pages expiring at or before
    /// it are taken down.
    pub now: Date,
}

impl Publication {
    /// Whether `page` is part of the site this build makes.
    pub fn publishes(&self, page: &Page) -> bool {
        (self.include_drafts || !page.draft)
            && (self.include_future || !self.is_scheduled(page))
            && !self.has_expired(page)
    }

    /// Whether `page` is dated after the build's "now".
    pub fn is_scheduled(&self, page: &Page) -> bool {
        page.date.is_some_and(|date| date.is_after(&self.now))
    }

    /// Whether `page`'s `expires` date has come.
    pub fn has_expired(&self, page: &Page) -> bool {
        page.expires
            .is_some_and(|expires| !expires.is_after(&self.now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(date: Option<&str>, expires: Option<&str>, draft: bool) -> Page {
        Page {
            date: date.and_then(Date::parse),
            expires: expires.and_then(Date::parse),
            draft,
            ..Page::default()
        }
    }

    fn publication(drafts: bool, future: bool) -> Publication {
        Publication {
            include_drafts: drafts,
            include_future: future,
            now: Date::parse("2025-06-01T12:00:00Z").unwrap(),
        }
    }

    #[test]
    fn future_pages_only_when_asked() {
        let tomorrow = page(Some("2025-06-02"), None, false);
        let today = page(Some("2025-06-01"), None, false);
        assert!(!publication(false, false).publishes(&tomorrow));
        assert!(publication(false, true).publishes(&tomorrow));
        assert!(publication(false, false).publishes(&today));
        assert!(publication(false, true).is_scheduled(&tomorrow));
        assert!(!publication(false, true).is_scheduled(&today));
    }

    #[test]
    fn expired_pages_are_taken_down_even_with_future_pages() {
        let expired = page(Some("2025-01-01"), Some("2025-06-01"), false);
        let still_up = page(Some("2025-01-01"), Some("2025-06-02"), false);
        assert!(!publication(true, true).publishes(&expired));
        assert!(publication(false, false).publishes(&still_up));
    }

    #[test]
    fn drafts_as_before() {
        let draft = page(None, None, true);
        assert!(!publication(false, true).publishes(&draft));
        assert!(publication(true, false).publishes(&draft));
    }
}
