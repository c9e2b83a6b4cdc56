//! A WordPress export read as a stream of XML events (no tree in memory): the channel's fields,
//! its authors and its items, with the line each item starts on. Namespaces are told by their
//! URI, whatever prefix the file gives them; entities a DOCTYPE declares are never expanded.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::import::report::Report;

/// One `<item>` of the export, as written.
#[derive(Debug, Default)]
pub(super) struct Item {
    pub line: usize,
    pub fields: BTreeMap<String, String>,
    /// (domain, text) of each `<category>`.
    pub terms: Vec<(String, String)>,
    pub comments: usize,
}

impl Item {
    pub(super) fn get(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", |value| value.trim())
    }
}

/// What the channel says besides its items.
#[derive(Debug, Default)]
pub(super) struct Channel {
    pub fields: BTreeMap<String, String>,
    /// Author login → display name.
    pub authors: BTreeMap<String, String>,
    pub items: Vec<Item>,
    pub wxr: bool,
}

/// Streams the XML into the channel's fields and items.
pub(super) fn read_channel(
    text: &str,
    shown: &str,
    report: &mut Report,
) -> Result<Channel, String> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut lines = Lines::default();
    let mut channel = Channel::default();
    let mut path: Vec<String> = Vec::new();
    let mut item: Option<Item> = None;
    let mut author: (String, String) = Default::default();
    let mut buffer = String::new();
    loop {
        let event = reader.read_resolved_event();
        let (resolved, event) = match event {
            Ok(pair) => pair,
            Err(error) => {
                let line = lines.at(text, reader.error_position() as usize);
                return Err(format!(
                    "{shown}:{line}: malformed XML: {error}; expected a well-formed WordPress export"
                ));
            }
        };
        let name_of = |resolved: &ResolveResult, local: &str| qualified(resolved, local);
        match event {
            Event::Start(start) => {
                let name = name_of(&resolved, start.local_name().as_ref());
                buffer.clear();
                if name == "item" && item.is_none() {
                    let line = lines.at(text, reader.buffer_position() as usize);
                    item = Some(Item {
                        line,
                        ..Item::default()
                    });
                }
                if name == "category"
                    && let Some(item) = &mut item
                {
                    let domain = start
                        .try_get_attribute("domain")
                        .ok()
                        .flatten()
                        .and_then(|attribute| {
                            attribute
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                        .unwrap_or_default();
                    item.terms.push((domain, String::new()));
                }
                path.push(name);
            }
            Event::Text(text_event) => buffer.push_str(&text_event.xml10_content()),
            Event::CData(data) => buffer.push_str(&data.into_inner()),
            Event::GeneralRef(reference) => match reference.resolve_char_ref() {
                Ok(Some(c)) => buffer.push(c),
                _ => {
                    let name = reference.into_inner();
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(value) => buffer.push_str(value),
                        None => {
                            buffer.push('&');
                            buffer.push_str(&name);
                            buffer.push(';');
                        }
                    }
                }
            },
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = std::mem::take(&mut buffer);
                let parent = path.last().map_or("", String::as_str);
                if name == "wp:wxr_version" {
                    channel.wxr = true;
                }
                if let Some(current) = &mut item {
                    match name.as_str() {
                        "item" => channel.items.push(item.take().unwrap_or_default()),
                        "category" => {
                            if let Some(last) = current.terms.last_mut() {
                                last.1 = value;
                            }
                        }
                        "wp:comment" => current.comments += 1,
                        _ if parent == "item" => {
                            current.fields.insert(name, value);
                        }
                        _ => {}
                    }
                } else if parent == "wp:author" {
                    match name.as_str() {
                        "wp:author_login" => author.0 = value,
                        "wp:author_display_name" => author.1 = value,
                        _ => {}
                    }
                } else if name == "wp:author" {
                    let (login, display) = std::mem::take(&mut author);
                    channel.authors.insert(login, display);
                } else if parent == "channel" {
                    channel.fields.insert(name, value);
                }
            }
            Event::DocType(_) => report.skipped(
                format!(
                    "{shown}:{}",
                    lines.at(text, reader.buffer_position() as usize)
                ),
                "a DOCTYPE: the entities it declares are not expanded",
            ),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(channel)
}

/// `wp:post_type`, `content:encoded`, `dc:creator`…: the usual prefix of the element's namespace,
/// whatever prefix the file binds it to.
fn qualified(resolved: &ResolveResult, local: &str) -> String {
    let prefix = match resolved {
        ResolveResult::Bound(namespace) => {
            let uri: &str = namespace.as_ref();
            if uri.contains("/export/") && uri.contains("excerpt") {
                "excerpt"
            } else if uri.contains("wordpress.org/export") {
                "wp"
            } else if uri.contains("modules/content") {
                "content"
            } else if uri.contains("purl.org/dc") {
                "dc"
            } else {
                "other"
            }
        }
        ResolveResult::Unbound => return local.to_string(),
        ResolveResult::Unknown(prefix) => return format!("{prefix}:{local}"),
    };
    format!("{prefix}:{local}")
}

/// Line numbers of byte offsets that only grow.
#[derive(Default)]
struct Lines {
    offset: usize,
    line: usize,
}

impl Lines {
    fn at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset < self.offset {
            *self = Self::default();
        }
        self.line += text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line + 1
    }
}
