//! hearth: a static site generator for advice writers — articles, printable worksheets and private quizzes.

#![warn(unreachable_pub)]

pub mod build;
pub mod cards;
pub mod check;
pub mod cli;
pub mod config;
pub mod error;
pub mod images;
pub mod import;
pub mod model;
pub mod output;
pub mod parse;
pub mod pdf;
pub mod render;
pub mod report;
pub(crate) mod scaffold;
pub(crate) mod serve;
pub(crate) mod slug;
pub mod source;

/// Frees `value` on a thread of its own: freeing a large model takes a noticeable share of a
/// build, and nothing waits for it. Where no thread can be started, it is freed here.
pub(crate) fn drop_apart<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
