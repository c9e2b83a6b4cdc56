//! The site as plain data: pages, sections and tags, knowing nothing of files, Markdown or templates.

pub mod date;
pub mod page;
pub mod quiz;
pub mod schedule;
pub mod section;
pub mod series;
pub mod site;
pub mod taxonomy;
pub mod toc;
