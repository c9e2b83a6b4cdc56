//! The site as plain data: pages, sections and tags, knowing nothing of files, Markdown or templates.

pub mod date;
pub mod page;
pub mod quiz;
pub mod section;
pub mod site;
pub mod stored;
pub mod taxonomy;
pub mod toc;
