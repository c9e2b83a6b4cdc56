//! Quiz definitions: the `[quiz]` table of a quiz page's front matter, typed and checked.

use crate::model::quiz::Quiz;
use crate::parse::front_matter::{FrontMatterError, Split};

/// The page's quiz, if its header has a `[quiz]` table.
pub fn parse(split: &Split) -> Result<Option<Quiz>, Vec<FrontMatterError>> {
    let _ = split;
    Ok(None)
}
