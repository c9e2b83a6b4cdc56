//! The site as plain data: pages, sections and tags, knowing nothing of files, Markdown or templates.

pub mod date;
pub mod document;
pub mod html;
pub mod page;
pub(crate) mod quiz;
pub(crate) mod schedule;
pub(crate) mod section;
pub(crate) mod series;
pub(crate) mod site;
pub(crate) mod stored;
pub(crate) mod taxonomy;
pub(crate) mod toc;
