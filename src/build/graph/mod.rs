//! The dependency graph of a build: what each render job read (recorded as it rendered), the
//! stamps of those inputs summed up as its signature, and the other way round, which jobs read
//! each page and section, so that a rebuild signs and renders again only the jobs whose inputs
//! changed; and which content files link to which.

mod links;
mod prints;
mod readers;
mod templates;

use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::model::site::Site;
use crate::render::Job;
pub(crate) use links::{LinkTargets, link_targets, path_hash};
pub(crate) use prints::Fingerprints;
pub(crate) use readers::{Readers, Records};
pub(crate) use templates::TemplateGraph;

/// What every stamp of a build's inputs is hashed with: XXH3, 64 bits of a well-mixed hash at a
/// fraction of SipHash's cost on the many small writes a stamp is made of. Stamps are only
/// compared with stamps of the same executable (the build cache's key holds it).
pub(crate) type StampHasher = xxhash_rust::xxh3::Xxh3Default;

/// A render job named by what it renders, stable from one build to the next (indices are not).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum JobKey {
    Home,
    /// A section's `_index.md` (from `content/`) and its pagination step.
    Section(String, usize),
    /// A page's file, from `content/`.
    Page(String),
    TagIndex,
    /// A tag's slug.
    Tag(String),
    NotFound,
    /// A job that reads the whole site (sitemap, the print booklet…), by its name.
    SiteWide(String),
    /// The feed of a section (its `_index.md`, from `content/`).
    SectionFeed(String),
    /// The feed of a tag (its slug).
    TagFeed(String),
}

pub(crate) fn job_key(site: &Site, job: Job) -> JobKey {
    match job {
        Job::Home => JobKey::Home,
        Job::Section(index, step) => {
            JobKey::Section(site.sections[index].content_path.clone(), step)
        }
        Job::Page(index) => JobKey::Page(site.pages[index].content_path.clone()),
        Job::TagIndex => JobKey::TagIndex,
        Job::Tag(index) => JobKey::Tag(site.terms[index].slug.clone()),
        Job::NotFound => JobKey::NotFound,
        Job::SectionFeed(index) => JobKey::SectionFeed(site.sections[index].content_path.clone()),
        Job::TagFeed(index) => JobKey::TagFeed(site.terms[index].slug.clone()),
        #[allow(unreachable_patterns)]
        other => JobKey::SiteWide(format!("{other:?}")),
    }
}

/// A hash of what templates see of a value (its serialized form).
pub(crate) fn view_stamp(value: &impl serde::Serialize) -> u64 {
    let mut hash = StampHasher::new();
    match serde_json::to_vec(value) {
        Ok(bytes) => bytes.hash(&mut hash),
        Err(error) => error.to_string().hash(&mut hash),
    }
    hash.finish()
}
