//! A quiz: its questions, how answers score, and the results a score leads to.

use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Quiz {}
