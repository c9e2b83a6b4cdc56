//! `hearth pdf`: worksheets and the booklet printed to PDF by an installed Chromium.

use clap::Args;

use crate::error::{BuildError, Diagnostic};

#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: std::path::PathBuf,
}

pub fn run(args: &PdfArgs) -> Result<(), BuildError> {
    let _ = args;
    Err(Diagnostic::general("hearth pdf is not available in this build").into())
}
