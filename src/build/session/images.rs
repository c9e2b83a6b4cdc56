//! The site's images in a build session: the catalog the Markdown stage looks images up in,
//! and the resized variants the kept bodies show, copied with the site.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::build::session::Session;
use crate::build::session::outputs;
use crate::config::Settings;
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::images::{Catalog, ImageCache};
use crate::output::OutputPath;

impl Session {
    /// The catalog of this run: every copied file, by output path.
    pub(super) fn image_catalog(&self, settings: &Settings) -> Result<Catalog, BuildError> {
        let copies = outputs::copied_files(self.kept.theme.files.as_ref(), &self.kept.content)?;
        Ok(Catalog::new(
            &settings.root,
            &settings.base_path,
            ImageCache::beside(&settings.output_dir),
            settings.config.images.process,
            copies.iter().map(|(output, file)| (output.as_str(), file)),
        ))
    }

    /// Adds to `copies` the variants of the images the site shows.
    pub(super) fn add_image_variants(
        &self,
        copies: &mut BTreeMap<OutputPath, PathBuf>,
    ) -> Result<(), BuildError> {
        let mut problems = Diagnostics::new();
        for variant in self.kept.bodies.image_variants() {
            match OutputPath::new(variant.output.as_str()) {
                Ok(path) => {
                    copies.insert(path, variant.cached.clone());
                }
                Err(error) => problems.push(Diagnostic::general(format!(
                    "{}: {error}; expected an image name without it",
                    variant.output
                ))),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.into_error())
        }
    }
}
