//! The images of one build run: which URL is which file, and each file processed once (the
//! first page to show it decodes it, or finds its variants in the cache), however many pages
//! show it and on however many threads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::cache::ImageCache;
use super::picture::Picture;
use super::process::{decode, webp_at};
use super::{UsedImage, Variant, is_processed, variant_widths};

/// What a page's image link is.
#[derive(Debug)]
pub enum Lookup {
    /// Shown as written: an image on another site, an SVG or a GIF, a link already reported as
    /// broken, or image processing is off.
    AsWritten,
    /// A processed image, and what it used (for the build's record).
    Picture(Picture, UsedImage),
    /// What is wrong (no such file, a file that does not decode), for the link's place.
    Problem(String),
}

/// A processed source file: its content hash, size and cached variants.
#[derive(Debug, Clone)]
struct Processed {
    hash: String,
    size: (u32, u32),
    variants: Vec<(u32, PathBuf)>,
}

type Slot = Arc<OnceLock<Result<Processed, String>>>;

pub(crate) struct Catalog {
    /// Every file copied with the site, by output path (`articles/tea.jpg`): its path from the
    /// site's root (`content/articles/tea.jpg`) and on disk.
    files: HashMap<String, (String, PathBuf)>,
    /// The same files by path from the site's root.
    by_source: HashMap<String, PathBuf>,
    base_path: String,
    cache: ImageCache,
    /// Whether images are resized at all (`[images] process` in `hearth.toml`).
    process: bool,
    processed: Mutex<HashMap<PathBuf, Slot>>,
    decoded: AtomicUsize,
}

impl Catalog {
    /// `copies` are the site's copied files (output path → file on disk) under `root`.
    pub(crate) fn new<'c>(
        root: &Path,
        base_path: &str,
        cache: ImageCache,
        process: bool,
        copies: impl IntoIterator<Item = (&'c str, &'c PathBuf)>,
    ) -> Self {
        let files: HashMap<String, (String, PathBuf)> = (copies.into_iter())
            .filter(|(output, _)| is_processed(output))
            .map(|(output, file)| {
                let from_root = file.strip_prefix(root).unwrap_or(file);
                let source = from_root.to_string_lossy().replace('\\', "/");
                (output.to_string(), (source, file.clone()))
            })
            .collect();
        let by_source = (files.values())
            .map(|(source, file)| (source.clone(), file.clone()))
            .collect();
        Self {
            files,
            by_source,
            base_path: base_path.to_string(),
            cache,
            process,
            processed: Mutex::new(HashMap::new()),
            decoded: AtomicUsize::new(0),
        }
    }

    /// What the image at `url` (as the page links it, `@/` and relative links resolved) is.
    pub(crate) fn lookup(&self, url: &str) -> Lookup {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let elsewhere = path.contains("://") || path.starts_with("//") || path.contains(':');
        if !self.process || elsewhere || !path.starts_with('/') || !is_processed(path) {
            return Lookup::AsWritten;
        }
        let output = (path.strip_prefix(self.base_path.as_str()))
            .or_else(|| path.strip_prefix('/'))
            .unwrap_or(path);
        let Some((source, file)) = self.files.get(output) else {
            return Lookup::Problem(format!(
                "missing image `{url}`; no file at static/{output} or content/{output}"
            ));
        };
        let processed = match self.processed(source, file) {
            Ok(processed) => processed,
            Err(message) => return Lookup::Problem(message),
        };
        let (folder, name) = output.rsplit_once('/').unwrap_or(("", output));
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let short_hash = &processed.hash[..10];
        let url_folder = &path[..path.len() - name.len()];
        let mut webp = Vec::new();
        let mut variants = Vec::new();
        for (width, cached) in processed.variants {
            let file_name = format!("{stem}-{width}.{short_hash}.webp");
            let output = match folder {
                "" => file_name.clone(),
                folder => format!("{folder}/{file_name}"),
            };
            webp.push((format!("{url_folder}{file_name}"), width));
            variants.push(Variant {
                width,
                output,
                cached,
            });
        }
        let picture = Picture {
            src: url.to_string(),
            width: processed.size.0,
            height: processed.size.1,
            webp,
        };
        let used = UsedImage {
            source: source.clone(),
            hash: processed.hash.clone(),
            variants,
        };
        Lookup::Picture(picture, used)
    }

    /// How many images this run decoded (the others were found in the cache).
    pub(crate) fn decoded(&self) -> usize {
        self.decoded.load(Ordering::Relaxed)
    }

    /// Whether a page showing `used` would show it as it did: the file has the same content and
    /// its variants are in the cache (else the page is rendered again).
    pub(crate) fn is_current(&self, used: &UsedImage) -> bool {
        if used.hash.is_empty() || !self.process {
            return false;
        }
        let Some(file) = self.by_source.get(&used.source) else {
            return false;
        };
        self.processed(&used.source, file).is_ok_and(|processed| {
            processed.hash == used.hash
                && (used.variants.iter()).all(|variant| variant.cached.is_file())
        })
    }

    /// The file processed, once per run.
    fn processed(&self, source: &str, file: &Path) -> Result<Processed, String> {
        let slot = {
            let mut processed = self.processed.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(processed.entry(file.to_path_buf()).or_default())
        };
        slot.get_or_init(|| self.process_file(source, file)).clone()
    }

    /// Reads the file and finds its variants in the cache; decodes it and makes them only when
    /// some are missing.
    fn process_file(&self, source: &str, file: &Path) -> Result<Processed, String> {
        self.cache.open()?;
        let bytes =
            std::fs::read(file).map_err(|error| format!("cannot read {source}: {error}"))?;
        let hash = blake3::hash(&bytes).to_hex()[..20].to_string();
        let cached = |size: (u32, u32)| {
            let variants: Vec<(u32, PathBuf)> = variant_widths(size.0)
                .into_iter()
                .map(|width| (width, self.cache.variant(&hash, width)))
                .collect();
            Processed {
                hash: hash.clone(),
                size,
                variants,
            }
        };
        if let Some(size) = self.cache.size(&hash) {
            let found = cached(size);
            if found.variants.iter().all(|(_, path)| path.is_file()) {
                return Ok(found);
            }
        }
        self.decoded.fetch_add(1, Ordering::Relaxed);
        let image = decode(&bytes).map_err(|error| {
            format!("image `{source}` does not decode ({error}); expected a JPEG, PNG or WebP file")
        })?;
        let found = cached((image.width(), image.height()));
        for (width, path) in &found.variants {
            if !path.is_file() {
                let bytes = webp_at(&image, *width)
                    .map_err(|error| format!("cannot resize image `{source}`: {error}"))?;
                self.cache.write_variant(&hash, *width, &bytes)?;
            }
        }
        self.cache.record_size(&hash, found.size)?;
        Ok(found)
    }
}
