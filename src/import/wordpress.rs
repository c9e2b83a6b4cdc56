//! A WordPress export (WXR, the `.xml` file of Tools → Export), read as a stream of XML events:
//! posts become articles, pages become pages, categories and tags become tags; drafts stay
//! drafts, scheduled posts keep their future date, old permalinks become `aliases`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::import::report::Report;
use crate::import::site::{NewSite, PageFront, SectionFront, markdown_file};
use crate::import::wp_html::{self, Media, decode_entities};
use crate::parse::markdown::relative::percent_decode;
use crate::slug::slugify;

use crate::import::wxr::{Channel, Item, read_channel};

pub(super) fn import(source: &Path, report: &mut Report) -> Result<NewSite, String> {
    let shown = source.file_name().map_or_else(
        || source.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = std::fs::read(source)
        .map_err(|error| format!("cannot read {}: {error}", source.display()))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let line = error.as_bytes()[..error.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        format!("{shown}:{line}: not UTF-8 text; expected a WordPress export (WXR) file")
    })?;
    let channel = read_channel(&text, &shown, report)?;
    if !channel.wxr {
        return Err(format!(
            "{shown}: not a WordPress export: no `wp:wxr_version`; expected the file made by Tools → Export in WordPress"
        ));
    }
    Ok(convert(&channel, &shown, report))
}

/// The channel's items as a hearth site.
fn convert(channel: &Channel, shown: &str, report: &mut Report) -> NewSite {
    let title = channel
        .fields
        .get("title")
        .map_or("Imported blog", |t| t.trim());
    let mut site = NewSite::new(if title.is_empty() {
        "Imported blog"
    } else {
        title
    });
    let base = channel
        .fields
        .get("link")
        .map(|link| link.trim().trim_end_matches('/').to_string())
        .unwrap_or_default();
    if base.starts_with("http") {
        site.config.base_url = format!("{base}/");
    }
    site.config.description = channel
        .fields
        .get("description")
        .cloned()
        .unwrap_or_default();
    let media = Media {
        by_id: channel
            .items
            .iter()
            .filter(|item| item.get("wp:post_type") == "attachment")
            .map(|item| {
                (
                    item.get("wp:post_id").to_string(),
                    (
                        item.get("wp:attachment_url").to_string(),
                        item.get("title").to_string(),
                        item.get("wp:post_parent").to_string(),
                    ),
                )
            })
            .collect(),
    };
    let home = SectionFront {
        title: Some(site.config.title.clone()),
        description: site.config.description.clone(),
        ..SectionFront::default()
    };
    site.add("content/_index.md", markdown_file(&home, ""));
    let articles = SectionFront {
        title: Some("Articles".to_string()),
        sort_by: Some("date".to_string()),
        paginate_by: Some(10),
        weight: Some(1),
        ..SectionFront::default()
    };
    site.add("content/articles/_index.md", markdown_file(&articles, ""));
    let mut taken: BTreeSet<String> = ["articles", "tags", "print"]
        .iter()
        .map(|s| format!("{s}/"))
        .collect();
    for item in &channel.items {
        let at = format!("{shown}:{}", item.line);
        let kind = item.get("wp:post_type");
        match kind {
            "post" | "page" => {}
            "attachment" => {
                report.attachment(&at, item.get("wp:attachment_url"));
                continue;
            }
            "nav_menu_item"
            | "revision"
            | "custom_css"
            | "customize_changeset"
            | "oembed_cache"
            | "wp_global_styles"
            | "wp_navigation"
            | "wp_template"
            | "wp_template_part"
            | "wp_block"
            | "user_request" => {
                report.skipped(&at, format!("`{kind}`: WordPress's own data, not writing"));
                continue;
            }
            other => {
                report.skipped(
                    &at,
                    format!(
                        "post type `{other}` (\"{}\"): hearth has articles and pages only",
                        item.get("title")
                    ),
                );
                continue;
            }
        }
        let status = item.get("wp:status");
        if matches!(status, "trash" | "auto-draft" | "inherit") {
            report.skipped(
                &at,
                format!(
                    "\"{}\" has status `{status}`: not published, not imported",
                    item.get("title")
                ),
            );
            continue;
        }
        let (path, text) = page_of(item, channel, &media, &base, &at, &mut taken, report);
        site.add(path, text);
    }
    site.menu_from_sections();
    site
}

#[allow(clippy::too_many_arguments)]
fn page_of(
    item: &Item,
    channel: &Channel,
    media: &Media,
    base: &str,
    at: &str,
    taken: &mut BTreeSet<String>,
    report: &mut Report,
) -> (String, String) {
    let is_post = item.get("wp:post_type") == "post";
    let title = decode_entities(item.get("title"));
    // WordPress keeps a slug in other scripts percent-encoded (`%e6%97%a5…`).
    let mut slug = slugify(&percent_decode(item.get("wp:post_name")));
    if slug.is_empty() {
        slug = slugify(&title);
    }
    if slug.is_empty() {
        slug = format!("post-{}", item.get("wp:post_id"));
    }
    let folder = if is_post { "articles/" } else { "" };
    let mut unique = slug.clone();
    let mut n = 2;
    while taken.contains(&format!("{folder}{unique}/")) {
        unique = format!("{slug}-{n}");
        n += 1;
    }
    if unique != slug {
        report.mapped(
            at,
            format!("slug `{slug}` is taken: the page is `{unique}`"),
        );
    }
    taken.insert(format!("{folder}{unique}/"));
    let mut front = PageFront {
        title: Some(if title.is_empty() {
            unique.clone()
        } else {
            title.clone()
        }),
        slug: Some(unique.clone()).filter(|u| *u != slug || item.get("wp:post_name").is_empty()),
        date: date_of(item),
        kind: (!is_post).then(|| "page".to_string()),
        ..PageFront::default()
    };
    if title.is_empty() {
        report.mapped(at, format!("untitled: titled `{unique}`"));
    }
    match item.get("wp:status") {
        "draft" | "pending" | "private" => {
            front.draft = true;
            report.mapped(
                at,
                format!("status `{}` → `draft = true`", item.get("wp:status")),
            );
        }
        "future" => report.mapped(at, "scheduled (`future`): kept with its future date"),
        _ => {}
    }
    if !item.get("wp:post_password").is_empty() && !front.draft {
        // A static site cannot ask for the password: the page stays unpublished until the
        // writer decides what to do with it.
        front.draft = true;
        report.mapped(
            at,
            "protected by a password, which a static site cannot ask for → `draft = true`",
        );
    }
    for (domain, name) in &item.terms {
        let name = decode_entities(name.trim());
        let name = name.as_str();
        if (domain == "category" || domain == "post_tag") && !name.is_empty() {
            if name.eq_ignore_ascii_case("uncategorized") {
                continue;
            }
            if !front.tags.iter().any(|tag| slugify(tag) == slugify(name))
                && !slugify(name).is_empty()
            {
                front.tags.push(name.to_string());
            }
        } else if !domain.is_empty() && !name.is_empty() {
            report.skipped(
                at,
                format!("term `{name}` of taxonomy `{domain}`: hearth has tags only"),
            );
        }
    }
    let creator = item.get("dc:creator");
    if !creator.is_empty() {
        let name = channel
            .authors
            .get(creator)
            .filter(|n| !n.trim().is_empty())
            .map_or(creator, |n| n.trim());
        front
            .extra
            .insert("author".to_string(), toml::Value::String(name.to_string()));
    }
    front.description = wp_html::plain_text(item.get("excerpt:encoded"));
    let link = item.get("link");
    let old_path = link.strip_prefix(base).unwrap_or(link);
    let old_path = old_path.split_once("://").map_or(old_path, |(_, rest)| {
        rest.find('/').map_or("", |i| &rest[i..])
    });
    // The redirect is a folder of that name: a server decodes the address it is asked for.
    let old_path = &percent_decode(old_path);
    if old_path.contains('?') {
        report.skipped(
            at,
            format!("old address `{link}` has a query: hearth cannot answer it with a redirect"),
        );
    } else if !old_path.trim_matches('/').is_empty()
        && old_path.trim_matches('/') != format!("{folder}{unique}").trim_matches('/')
    {
        let old = old_path.trim_matches('/');
        if taken.contains(&format!("{old}/")) {
            report.skipped(
                at,
                format!("old address `/{old}/` is the new site's own: no redirect from it"),
            );
        } else {
            front.aliases.push(format!("/{old}/"));
        }
    }
    if item.comments > 0 {
        report.skipped(
            at,
            format!(
                "{} comment(s): hearth sites have no comments",
                item.comments
            ),
        );
    }
    let body = wp_html::to_markdown(
        item.get("content:encoded"),
        item.get("wp:post_id"),
        media,
        base,
        at,
        report,
    );
    report.converted(
        at,
        format!(
            "{} \"{}\" → content/{folder}{unique}.md",
            if is_post { "post" } else { "page" },
            title
        ),
    );
    (
        format!("content/{folder}{unique}.md"),
        markdown_file(&front, &body),
    )
}

/// `2010-10-09T15:12:29`, the time the writer saw (`post_date`, as the blog showed it and
/// its dated addresses used it), else the UTC `post_date_gmt`.
fn date_of(item: &Item) -> Option<String> {
    let usable = |text: &str| !text.is_empty() && !text.starts_with("0000");
    let local = item.get("wp:post_date");
    if usable(local) {
        return Some(local.replace(' ', "T"));
    }
    let gmt = item.get("wp:post_date_gmt");
    usable(gmt).then(|| format!("{}Z", gmt.replace(' ', "T")))
}
