//! The entry points fuzzed by `fuzz/fuzz_targets/*` and replayed over the committed corpus by
//! `tests/fuzz_corpus.rs`: each takes any bytes and runs them through hearth's parsers the way
//! a build does. A panic anywhere is the failure being looked for; errors are fine.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use arbitrary::{Arbitrary, Unstructured};

use hearth::build::directives::{BlockContext, render_block};
use hearth::build::quiz::{apply_quizzes, render_quizzes};
use hearth::config::Paper;
use hearth::error::{Diagnostic, Location};
use hearth::parse::markdown::{self, DirectiveBlock, MarkdownInput, RenderedMarkdown};
use hearth::parse::{ParsedFile, parse_file};
use hearth::render::templates::Templates;
use hearth::source::{Links, SourceFile, load_theme};

/// What every entry point shares: the default theme's templates, compiled once, so worksheet
/// blocks render through the theme as in a build.
pub struct Harness {
    templates: Templates,
}

impl Harness {
    /// `repository` holds `themes/hearth/`.
    pub fn new(repository: &Path) -> Self {
        let links = Links::new(repository, false);
        let theme = load_theme(repository, "hearth", &links).expect("the default theme loads");
        let templates = Templates::compile(&theme.templates).expect("the default theme compiles");
        Self { templates }
    }

    /// A whole content file: front matter split and parsed as a page and as a section index.
    pub fn front_matter(&self, data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        for content_path in ["articles/fuzzed.md", "articles/_index.md"] {
            let file = SourceFile {
                content_path: content_path.to_string(),
                text: text.to_string(),
            };
            if let Ok(ParsedFile::Page(page, _)) = parse_file(&file, Paper::A4) {
                self.render_quiz(*page);
            }
        }
    }

    /// One worksheet block: the bytes are what follows ```` ```{ ```` in a fenced block.
    pub fn directives(&self, data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let _ = self.markdown_text(
            "content/worksheets/fuzzed.md",
            &format!("```{{{text}\n```\n"),
            7,
        );
    }

    /// A page body through the Markdown stage, with `@/` links and worksheet blocks.
    pub fn markdown(&self, data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let _ = self.markdown_text("content/articles/fuzzed.md", text, 1);
    }

    /// A quiz definition, built from the bytes as typed TOML and parsed as a quiz page's header;
    /// every text of a valid quiz then goes through the Markdown stage.
    pub fn quiz(&self, data: &[u8]) {
        let Ok(spec) = QuizSpec::arbitrary_take_rest(Unstructured::new(data)) else {
            return;
        };
        let file = SourceFile {
            content_path: "quizzes/fuzzed.md".to_string(),
            text: spec.to_file(),
        };
        if let Ok(ParsedFile::Page(page, _)) = parse_file(&file, Paper::A4) {
            self.render_quiz(*page);
        }
    }

    fn render_quiz(&self, page: hearth::model::page::Page) {
        if page.quiz.is_none() {
            return;
        }
        let render = |source: &str, text: &str, line: usize| self.markdown_text(source, text, line);
        let mut pages = [page];
        let rendered = render_quizzes(&pages, &render);
        let _ = apply_quizzes(&mut pages, rendered, &mut Vec::new());
    }

    /// Renders Markdown as `build::content` does: its resolver and worksheet blocks.
    fn markdown_text(
        &self,
        source: &str,
        text: &str,
        first_line: usize,
    ) -> Result<RenderedMarkdown, Vec<Diagnostic>> {
        let resolve = |target: &str| -> Option<String> {
            match target {
                "articles/first.md" => Some("/articles/first/".to_string()),
                "worksheets/before-i-act.md" => Some("/worksheets/before-i-act/".to_string()),
                "_index.md" => Some("/".to_string()),
                _ => None,
            }
        };
        let blocks_seen = AtomicUsize::new(0);
        let directive = |block: &DirectiveBlock| {
            let context = BlockContext {
                page_source: source,
                index: blocks_seen.fetch_add(1, Ordering::Relaxed),
                templates: Some(&self.templates),
            };
            render_block(block, &context)
        };
        let input = MarkdownInput {
            text,
            first_line,
            resolve: &resolve,
            directive: &directive,
            folder: "",
            asset: &|_: &str| None,
            image: &|_: &str| hearth::images::Lookup::AsWritten,
        };
        markdown::render(&input).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| Diagnostic::at(Location::new(source, e.line, e.col), e.message))
                .collect()
        })
    }
}

/// A `[quiz]` table as typed values; written out as TOML so that nearly every input is a quiz
/// the parser reads far enough to check.
#[derive(Debug, Arbitrary)]
pub struct QuizSpec {
    knowledge: bool,
    scale: Option<Vec<String>>,
    questions: Vec<QuestionSpec>,
    results: Vec<BandSpec>,
}

#[derive(Debug, Arbitrary)]
struct QuestionSpec {
    id: Option<String>,
    kind: Option<u8>,
    prompt: String,
    options: Vec<OptionSpec>,
    scale: Option<Vec<String>>,
    reverse: Option<bool>,
    answer: Option<bool>,
    explanation: Option<String>,
    subscale: Option<String>,
}

#[derive(Debug, Arbitrary)]
struct OptionSpec {
    text: String,
    points: Option<i64>,
    correct: bool,
    feedback: Option<String>,
}

#[derive(Debug, Arbitrary)]
struct BandSpec {
    range: Vec<i64>,
    title: String,
    body: Option<String>,
    urgent: bool,
}

const KINDS: [&str; 6] = ["single", "multiple", "scale", "yesno", "text", "ranking"];

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn list(texts: &[String]) -> String {
    let items: Vec<String> = texts.iter().map(|text| quoted(text)).collect();
    format!("[{}]", items.join(", "))
}

impl QuizSpec {
    /// The quiz page this spec describes.
    pub fn to_file(&self) -> String {
        let mut out = String::from("+++\ntitle = \"Fuzzed quiz\"\nkind = \"quiz\"\n\n[quiz]\n");
        let mode = if self.knowledge {
            "knowledge"
        } else {
            "assessment"
        };
        out.push_str(&format!("mode = \"{mode}\"\n"));
        if let Some(scale) = &self.scale {
            out.push_str(&format!("scale = {}\n", list(scale)));
        }
        for question in &self.questions {
            out.push_str("\n[[quiz.questions]]\n");
            if let Some(id) = &question.id {
                out.push_str(&format!("id = {}\n", quoted(id)));
            }
            if let Some(kind) = question.kind {
                let kind = KINDS[usize::from(kind) % KINDS.len()];
                out.push_str(&format!("type = \"{kind}\"\n"));
            }
            out.push_str(&format!("prompt = {}\n", quoted(&question.prompt)));
            if let Some(scale) = &question.scale {
                out.push_str(&format!("scale = {}\n", list(scale)));
            }
            if let Some(reverse) = question.reverse {
                out.push_str(&format!("reverse = {reverse}\n"));
            }
            if let Some(answer) = question.answer {
                let answer = if answer { "yes" } else { "no" };
                out.push_str(&format!("answer = \"{answer}\"\n"));
            }
            if let Some(explanation) = &question.explanation {
                out.push_str(&format!("explanation = {}\n", quoted(explanation)));
            }
            if let Some(subscale) = &question.subscale {
                out.push_str(&format!("subscale = {}\n", quoted(subscale)));
            }
            for option in &question.options {
                out.push_str("\n[[quiz.questions.options]]\n");
                out.push_str(&format!("text = {}\n", quoted(&option.text)));
                if let Some(points) = option.points {
                    out.push_str(&format!("points = {points}\n"));
                }
                out.push_str(&format!("correct = {}\n", option.correct));
                if let Some(feedback) = &option.feedback {
                    out.push_str(&format!("feedback = {}\n", quoted(feedback)));
                }
            }
        }
        for band in &self.results {
            out.push_str("\n[[quiz.results]]\n");
            let range: Vec<String> = band.range.iter().map(ToString::to_string).collect();
            out.push_str(&format!("range = [{}]\n", range.join(", ")));
            out.push_str(&format!("title = {}\n", quoted(&band.title)));
            if let Some(body) = &band.body {
                out.push_str(&format!("body = {}\n", quoted(body)));
            }
            out.push_str(&format!("urgent = {}\n", band.urgent));
        }
        out.push_str("+++\nThe quiz's introduction.\n");
        out
    }
}
