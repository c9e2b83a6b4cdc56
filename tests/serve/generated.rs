//! A generated site for crash and load tests: the `serve_site` fixture and the repository's
//! themes, plus as many articles as asked, with tags, headings and links between them, and a
//! small random number source so that a failing run can be repeated from its seed.

#![allow(dead_code)]

use std::path::Path;

/// Writes `count` articles (`content/articles/a-<n>.md`) into the fixture site at `root`, with
/// social cards off: these sites test kills and load, and painting a card for each of thousands
/// of pages in a debug build would multiply the time of every build they time out on.
pub fn add_articles(root: &Path, count: usize) {
    let config = root.join("hearth.toml");
    let mut text = std::fs::read_to_string(&config).unwrap_or_default();
    text.push_str("\n[cards]\nenabled = false\n");
    std::fs::write(&config, text).unwrap();
    let tags = [
        "trust",
        "listening",
        "money",
        "family",
        "time",
        "anger",
        "repair",
    ];
    for n in 0..count {
        let next = (n + 1) % count;
        let text = format!(
            "+++\ntitle = \"Article number {n}\"\ndescription = \"Generated article {n}.\"\ndate = 2023-{:02}-{:02}\ntags = [\"{}\", \"{}\"]\n+++\n{}",
            n % 12 + 1,
            n % 28 + 1,
            tags[n % tags.len()],
            tags[(n / 7) % tags.len()],
            article_body(n, next)
        );
        std::fs::write(root.join(format!("content/articles/a-{n}.md")), text).unwrap();
    }
}

/// The Markdown of article `n`, linking to article `next`.
pub fn article_body(n: usize, next: usize) -> String {
    let mut body = format!(
        "Opening paragraph of article {n}, with *emphasis* and a [link](@/articles/a-{next}.md#part-two).\n\n"
    );
    for part in ["one", "two", "three"] {
        body.push_str(&format!("## Part {part}\n\n"));
        for sentence in 0..6 {
            body.push_str(&format!(
                "Sentence {sentence} of part {part} in article {n} says something a reader may need today. "
            ));
        }
        body.push_str("\n\n- a first point\n- a second point\n\n");
    }
    body
}

/// A small random number generator (xorshift), seeded for repeatable runs.
pub struct Random(u64);

impl Random {
    /// Seeded from `HEARTH_TEST_SEED` if set, from the clock otherwise; the seed is printed.
    pub fn from_env() -> Self {
        let seed = std::env::var("HEARTH_TEST_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        println!("random seed: {seed} (HEARTH_TEST_SEED={seed} repeats this run)");
        Self(seed | 1)
    }

    pub fn seeded(seed: u64) -> Self {
        Self(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}
