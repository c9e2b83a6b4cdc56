//! hearth: a static site generator for advice writers — articles, printable worksheets and private quizzes.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod error;
pub mod import;
pub mod model;
pub mod output;
pub mod parse;
pub mod pdf;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod source;
