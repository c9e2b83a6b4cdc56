//! A build session kept between runs of `hearth build` (`build::cache`): what it stores, how it
//! is read back with every page hollow (header, summary and heading ids, without the Markdown
//! body, its HTML, table of contents or quiz), and how a hollow page is parsed again when a
//! stage is about to read what it lacks. Every hollow page is a file whose text was unchanged
//! when the run began.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::build::cache::{PartRecord, PartWriter, Parts};
use crate::build::graph::LinkTargets;
use crate::build::session::bodies::BodyCache;
use crate::build::session::jobs::{RenderPlan, StoredPlan};
use crate::build::session::outputs::{Outputs, StoredOutputs};
use crate::build::session::page_parts::{PAGES_PER_PART, StoredPages};
use crate::build::session::sources::{ContentCache, FileRecord, FileState, Plan, text_hash};
use crate::build::session::stages::theme_stamp;
use crate::build::session::{
    BuildOutcome, Changes, Destination, Kept, Session, Signing, ThemeState,
};
use crate::config::Settings;
use crate::error::{BuildError, Diagnostic, Location};
use crate::model::date::Date;
use crate::model::html::Html;
use crate::model::page::{Page, PageKind};
use crate::model::site::{ParsedFile, Site};
use crate::output::Staging;
use crate::parse::parse_file;
use crate::render::search::{KeptIndex, SearchMemo};
use crate::source::{ContentList, FileStamp, FileTime, SourceFile};

/// What a session stores after a build whose every file parsed and placed.
pub struct StoredSession {
    /// Each placed content file: its text's hash, its `@/` links, the kind its header names.
    files: BTreeMap<String, (u64, LinkTargets, Option<PageKind>)>,
    /// The site without its pages, which are `pages`.
    site: Site,
    pages: Vec<Page>,
    bodies: BodyCache,
    plan: StoredPlan,
    outputs: StoredOutputs,
    /// The search index the stored build made, if it made one.
    search: Option<KeptIndex>,
    /// Each placed file's stamp once the stored build was done, and when that build had read
    /// the files: a file with the same stamp, older than that by more than the file system's
    /// step, is not read again.
    stamps: FxHashMap<String, FileStamp>,
    read_at: Option<FileTime>,
    /// The "now" of the build that stored it.
    now: Date,
    /// Read back: the part each run of pages came from. To write: for each run, the part it
    /// came from when that part is the run stored byte for byte (`StoredPages::unchanged`).
    page_parts: Vec<Option<PartRecord>>,
}

/// The first part of a stored session: what says how to read the others.
#[derive(Serialize, Deserialize)]
struct Head {
    read_at: Option<FileTime>,
    #[serde(with = "crate::model::stored::date_fields")]
    now: Date,
    page_parts: usize,
}

impl StoredSession {
    /// Writes the session into the cache as parts, in parallel: the head, the site without its
    /// pages, the rest of the state, then the pages in runs of `PAGES_PER_PART`.
    pub(crate) fn write(&self, out: &PartWriter) -> std::io::Result<()> {
        let page_parts: Vec<&[Page]> = self.pages.chunks(PAGES_PER_PART).collect();
        let head = Head {
            read_at: self.read_at,
            now: self.now,
            page_parts: page_parts.len(),
        };
        type Writing<'a> = &'a (dyn Fn() -> std::io::Result<()> + Sync);
        // The largest first, so that the two ends of the list are done about together.
        let rest: [Writing<'_>; 8] = [
            &|| out.part(6, &self.search),
            &|| out.part(4, &self.plan),
            &|| out.part(5, &self.outputs),
            &|| out.part(2, &self.files),
            &|| out.part(3, &self.bodies),
            &|| out.part(7, &self.stamps),
            &|| out.part(1, &self.site),
            &|| out.part(0, &head),
        ];
        let kept = |index: usize| self.page_parts.get(index).copied().flatten();
        let pages = (page_parts.par_iter().enumerate()).map(|(index, pages)| match kept(index) {
            Some(part) if out.keep(8 + index, part).is_ok() => Ok(()),
            _ => out.part(8 + index, pages),
        });
        (rest.par_iter().map(|write| write()))
            .chain(pages)
            .collect()
    }

    /// Reads back what `write` wrote, the parts decoded in parallel; `None` if any is amiss.
    pub(crate) fn read(parts: &Parts<'_>) -> Option<Self> {
        let head: Head = parts.get(0)?;
        if Some(parts.len()) != head.page_parts.checked_add(8) {
            return None;
        }
        let (mut site, mut files, mut bodies, mut plan) = (None, None, None, None);
        let (mut outputs, mut search, mut stamps, mut pages) = (None, None, None, None);
        rayon::scope(|scope| {
            scope.spawn(|_| site = parts.get::<Site>(1));
            scope.spawn(|_| files = parts.get(2));
            scope.spawn(|_| bodies = parts.get(3));
            scope.spawn(|_| plan = parts.get(4));
            scope.spawn(|_| outputs = parts.get(5));
            scope.spawn(|_| search = parts.get(6));
            scope.spawn(|_| stamps = parts.get(7));
            // Spawned last, so taken first: the runs of pages are decoded one after the other,
            // each straight onto the one list of pages.
            scope.spawn(|_| {
                let mut all = Vec::with_capacity(head.page_parts.saturating_mul(PAGES_PER_PART));
                pages = (8..parts.len())
                    .try_for_each(|index| parts.append(index, &mut all))
                    .map(|()| all);
            });
        });
        let pages = pages?;
        Some(Self {
            files: files?,
            site: site?,
            pages,
            bodies: bodies?,
            plan: plan?,
            outputs: outputs?,
            search: search?,
            stamps: stamps?,
            read_at: head.read_at,
            now: head.now,
            page_parts: (8..parts.len()).map(|index| parts.record(index)).collect(),
        })
    }

    /// Whether the site stored is the one a build at `now` places from the same files: no
    /// placed page's date or `expires` lies between the stored build's "now" and this one
    /// (files not placed, drafts and scheduled pages among them, are not stored but read again).
    pub fn holds_at(&self, now: Date) -> bool {
        let (early, late) = if self.now.is_after(&now) {
            (now, self.now)
        } else {
            (self.now, now)
        };
        let crossed = |date: &Option<Date>| {
            date.is_some_and(|date| date.is_after(&early) && !date.is_after(&late))
        };
        !(self.pages.iter()).any(|page| crossed(&page.date) || crossed(&page.expires))
    }
}

impl Session {
    /// A session as a stored one left off, its pages hollow.
    pub fn from_stored(settings: Settings, stored: StoredSession) -> Self {
        let mut session = Session::new(settings);
        let mut site = stored.site;
        let pages = &stored.pages;
        let stored_files = stored.files;
        let files = || {
            (stored_files.into_iter())
                .map(|(path, (text_hash, links, declared))| {
                    let state = FileState::Placed(declared);
                    let record = FileRecord {
                        text_hash,
                        links,
                        state,
                    };
                    (path, record)
                })
                .collect()
        };
        let hollow = || pages.iter().map(|p| p.content_path.clone()).collect();
        let stored_pages = StoredPages {
            count: pages.len(),
            parts: (stored.page_parts.into_iter().collect::<Option<_>>()).unwrap_or_default(),
        };
        let (index, (hollow, files)) = rayon::join(
            || Site::content_path_index(pages),
            || rayon::join(hollow, files),
        );
        site.pages = stored.pages;
        site.page_by_content_path = index;
        let (plan, signed_with) = RenderPlan::from_stored(stored.plan, &site);
        session.kept = Kept {
            complete: true,
            changes: Changes {
                hollow,
                ..Changes::default()
            },
            content: ContentCache {
                files,
                assets: BTreeMap::new(),
                stored_stamps: stored.stamps,
                stored_read_at: stored.read_at,
                ..ContentCache::default()
            },
            site,
            bodies: stored.bodies,
            signing: Signing {
                plan,
                signed: signed_with.is_some(),
                ..Signing::default()
            },
            theme: ThemeState {
                signed_with,
                ..ThemeState::default()
            },
            search: SearchMemo::from_kept(stored.search),
            stored_pages,
            ..Kept::default()
        };
        session.outputs = Outputs::from_stored(stored.outputs);
        session
    }

    /// What to store of this session: nothing unless its last run built the whole site, every
    /// file parsed and placed or left out as a draft.
    pub fn into_stored(self) -> Option<StoredSession> {
        if self.failed.is_some() || !self.kept.changes.unparsed.is_empty() {
            return None;
        }
        let mut kept = self.kept;
        let signing = &kept.signing;
        let signed = signing.signed
            && signing.unsigned_pages.is_empty()
            && signing.unsigned_sections.is_empty();
        let theme = kept
            .theme
            .files
            .as_ref()
            .filter(|_| kept.theme.problems.is_empty());
        let signed_with = theme.filter(|_| signed).map(theme_stamp);
        let mut pages = std::mem::take(&mut kept.site.pages);
        let page_parts = kept.stored_pages.unchanged(&pages, &kept.changes.hollow);
        // The bodies are not stored: freed now, their room serves what is stored next.
        for page in &mut pages {
            page.content.html = Html::default();
        }
        let content_dir = self.settings.as_ref()?.content_dir();
        // A file found unchanged as the run began keeps the stamp it had then: should it have
        // changed since, the next build sees another stamp and reads it.
        let known = &kept.content.stored_stamps;
        let stamps = match kept.content.read_at {
            Some(_) => (kept.content.files.par_iter())
                .filter(|(_, record)| matches!(record.state, FileState::Placed(_)))
                .filter_map(|(path, _)| {
                    let stamp = match known.get(path) {
                        Some(stamp) => *stamp,
                        None => FileStamp::of(&content_dir.join(path))?,
                    };
                    Some((path.clone(), stamp))
                })
                .collect(),
            None => FxHashMap::default(),
        };
        let read_at = kept.content.read_at;
        let placed =
            (kept.content.files.into_iter()).filter_map(|(path, record)| match record.state {
                FileState::Placed(declared) => {
                    Some((path, (record.text_hash, record.links, declared)))
                }
                _ => None,
            });
        Some(StoredSession {
            files: placed.collect(),
            site: kept.site,
            pages,
            bodies: kept.bodies,
            plan: kept.signing.plan.into_stored(signed_with),
            outputs: self.outputs.into_stored(),
            search: kept.search.into_kept(),
            stamps,
            read_at,
            now: self.settings.as_ref()?.now,
            page_parts,
        })
    }

    /// Builds into `staging` what changed since the stored build this session came from:
    /// content files (as `listed`, the content folder listed as this run began) whose text
    /// differs, appeared or went away, the theme and copied files; the files of jobs whose
    /// inputs did not change are kept from the output folder.
    pub fn build_changes_into(
        &mut self,
        staging: &Staging,
        listed: ContentList,
    ) -> Result<BuildOutcome, BuildError> {
        // Files are read from the time their stamps were taken: one that changes after is
        // read again by the next build.
        let Some(read_at) = listed.stamped_at() else {
            return self.build_into(Destination::Folder(staging));
        };
        let stored = &self.kept.content;
        let unchanged = |path: &str, stamp: Option<FileStamp>| {
            let (Some(kept), Some(read)) = (stored.stored_stamps.get(path), stored.stored_read_at)
            else {
                return false;
            };
            kept.latest().well_before(read) && stamp == Some(*kept)
        };
        let reading = std::time::Instant::now();
        let (content, unchanged) = listed
            .read_but(&unchanged, &|file| file)
            .map_err(BuildError)?;
        self.progress.finished(&[("changed", reading.elapsed())]);
        self.kept.content.read_at = Some(read_at);
        self.sources_read = content.markdown.len();
        let mut changed = BTreeSet::new();
        let mut present: FxHashSet<&str> = unchanged.iter().map(String::as_str).collect();
        (self.kept.content.stored_stamps).retain(|path, _| present.contains(path.as_str()));
        for file in &content.markdown {
            present.insert(file.content_path.as_str());
            let same = (self.kept.content.files.get(&file.content_path))
                .is_some_and(|record| record.text_hash == text_hash(&file.text));
            if !same {
                changed.insert(file.content_path.clone());
            }
        }
        let gone = self.kept.content.files.keys();
        changed.extend(
            gone.filter(|path| !present.contains(path.as_str()))
                .cloned(),
        );
        self.kept.content.assets = content.assets;
        let plan = Plan {
            theme: true,
            content: changed,
            ..Plan::default()
        };
        self.run(plan, Destination::Folder(staging))
    }

    /// Parses again the hollow pages among `paths` (files from `content/`), for the next body
    /// stage to render; a file whose text changed since the run began stops the run.
    pub(super) fn hydrate<'p>(
        &mut self,
        settings: &Settings,
        paths: impl IntoIterator<Item = &'p String>,
    ) -> Result<(), BuildError> {
        let kept = &mut self.kept;
        for path in paths {
            let Some(&index) = kept.site.page_by_content_path.get(path) else {
                continue;
            };
            if !kept.changes.hollow.remove(path) {
                continue;
            }
            let source = format!("content/{path}");
            let stopped = |what: String| {
                BuildError::single(Diagnostic::at(Location::new(&source, 1, 1), what))
            };
            let text = std::fs::read_to_string(settings.content_dir().join(path))
                .map_err(|error| stopped(format!("cannot read the file again: {error}")))?;
            let known = kept.content.files.get(path).map(|record| record.text_hash);
            if known != Some(text_hash(&text)) {
                return Err(stopped(
                    "the file changed during the build; expected it to stay as it was, build again"
                        .into(),
                ));
            }
            let file = SourceFile {
                content_path: path.clone(),
                text,
            };
            let Ok(ParsedFile::Page(mut page, _)) = parse_file(&file, settings.config.print.paper)
            else {
                return Err(stopped("the file no longer parses as it did".into()));
            };
            let old = &kept.site.pages[index];
            page.section = old.section;
            page.kind = old.kind;
            kept.site.pages[index] = *page;
            kept.changes.pending.insert(path.clone());
        }
        Ok(())
    }
}
