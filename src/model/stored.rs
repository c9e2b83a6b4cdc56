//! How the build cache stores model values whose serde form is made for templates: dates
//! (templates see `2024-05-01`, the cache keeps the time too) and `[extra]` tables (JSON values
//! need a self-describing format; the cache's is not, so they are kept as JSON text), and a
//! page's document without its Markdown, HTML and table of contents (a page read from the cache
//! is hollow).

/// `Option<Date>` as its fields.
pub(crate) mod date {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::date::Date;

    type Fields = Option<(u16, u8, u8, Option<(u8, u8, u8)>)>;

    pub(crate) fn serialize<S: Serializer>(date: &Option<Date>, to: S) -> Result<S::Ok, S::Error> {
        let fields: Fields = date.map(|d| (d.year, d.month, d.day, d.time));
        fields.serialize(to)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        from: D,
    ) -> Result<Option<Date>, D::Error> {
        let fields = Fields::deserialize(from)?;
        Ok(fields.map(|(year, month, day, time)| Date {
            year,
            month,
            day,
            time,
        }))
    }
}

/// A `Date` as its fields.
pub(crate) mod date_fields {
    use serde::{Deserializer, Serializer};

    use crate::model::date::Date;

    pub(crate) fn serialize<S: Serializer>(date: &Date, to: S) -> Result<S::Ok, S::Error> {
        super::date::serialize(&Some(*date), to)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Date, D::Error> {
        let date = super::date::deserialize(from)?;
        date.ok_or_else(|| serde::de::Error::custom("a date was expected"))
    }
}

/// A JSON object as its text.
pub(crate) mod json_map {
    use serde::{Deserialize, Deserializer, Serializer};

    type Map = serde_json::Map<String, serde_json::Value>;

    pub(crate) fn serialize<S: Serializer>(map: &Map, to: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(map).map_err(serde::ser::Error::custom)?;
        to.serialize_str(&text)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Map, D::Error> {
        let text = String::deserialize(from)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// A page's `Document` without its Markdown, HTML and table of contents.
pub(crate) mod hollow_document {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::document::Document;
    use crate::model::page::{Anchors, Content, SearchText};

    type Fields = (
        String,
        String,
        String,
        String,
        String,
        i64,
        Option<String>,
        String,
        usize,
        (String, Anchors, usize, Option<String>, SearchText),
    );

    pub(crate) fn serialize<S: Serializer>(doc: &Document, to: S) -> Result<S::Ok, S::Error> {
        let extra = serde_json::to_string(&doc.extra).map_err(serde::ser::Error::custom)?;
        let content = &doc.content;
        let fields = (
            &doc.source,
            &doc.content_path,
            &doc.site_path,
            &doc.title,
            &doc.description,
            doc.weight,
            &doc.template,
            &extra,
            doc.body_first_line,
            (
                &content.summary_html,
                &content.anchors,
                content.word_count,
                &content.image,
                &content.search_text,
            ),
        );
        fields.serialize(to)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Document, D::Error> {
        let (
            source,
            content_path,
            site_path,
            title,
            description,
            weight,
            template,
            extra,
            body_first_line,
            content,
        ) = Fields::deserialize(from)?;
        let (summary_html, anchors, word_count, image, search_text) = content;
        Ok(Document {
            source,
            content_path,
            site_path,
            title,
            description,
            weight,
            template,
            extra: serde_json::from_str(&extra).map_err(serde::de::Error::custom)?,
            body: String::new(),
            body_first_line,
            content: Content {
                html: Default::default(),
                summary_html,
                toc: Vec::new(),
                anchors,
                word_count,
                image,
                search_text,
            },
        })
    }
}
