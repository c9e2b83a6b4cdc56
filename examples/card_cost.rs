//! Where a social card's time goes: `cargo run --release --example card_cost -- SITE_FOLDER`
//! paints a card for every Markdown file's title under `SITE_FOLDER/content` and prints the
//! mean time per card of each stage (layout, SVG tree with its text, painting, PNG encoding)
//! and of `hearth::cards::paint` as the build calls it. Times are the thread's CPU time
//! (Linux's `/proc/thread-self/schedstat`), so a busy machine slows them little; BENCHMARKS.md
//! quotes its figures.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use hearth::cards::{Card, CardStyle, HEIGHT, WIDTH};
use resvg::{tiny_skia, usvg};

const TITLE_FONT: &[u8] = include_bytes!("../src/cards/fonts/DejaVuSerif-Bold.ttf");
const LABEL_FONT: &[u8] = include_bytes!("../src/cards/fonts/DejaVuSans-Bold.ttf");

fn main() {
    let site = std::env::args()
        .nth(1)
        .expect("usage: card_cost SITE_FOLDER (a folder with content/)");
    let titles = titles(&Path::new(&site).join("content"));
    let count = titles.len() as u32;
    assert!(
        count > 0,
        "no Markdown file with a title under {site}/content"
    );

    let started = CpuClock::now();
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(TITLE_FONT.to_vec());
    fonts.load_font_data(LABEL_FONT.to_vec());
    let options = usvg::Options {
        fontdb: Arc::new(fonts),
        ..usvg::Options::default()
    };
    let font_loading = started.elapsed();

    let style = CardStyle::default();
    let mut stages = [Duration::ZERO; 6];
    let (mut default_bytes, mut fast_bytes) = (0usize, 0usize);
    let mut variant_bytes = [0usize; VARIANTS.len()];
    let mut variant_time = [Duration::ZERO; VARIANTS.len()];
    for title in &titles {
        let card = Card {
            title,
            kind: "Article",
            site_name: "Advice Blog",
        };
        let mut lap = CpuClock::now();
        let mut time = |stage: usize, lap: &mut CpuClock| {
            stages[stage] += lap.elapsed();
            *lap = CpuClock::now();
        };
        let svg = card.svg(&style);
        time(0, &mut lap);
        let tree = usvg::Tree::from_str(&svg, &options).expect("a card's SVG parses");
        time(1, &mut lap);
        let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("a card's size");
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        time(2, &mut lap);
        default_bytes += pixmap.encode_png().expect("encodes").len();
        time(3, &mut lap);
        fast_bytes += fast_rgb_png(&pixmap).len();
        time(4, &mut lap);
        for (index, (deflate, filter)) in VARIANTS.iter().enumerate() {
            let started = CpuClock::now();
            variant_bytes[index] += rgb_png(&pixmap, *deflate, *filter).len();
            variant_time[index] += started.elapsed();
        }
        lap = CpuClock::now();
        std::hint::black_box(hearth::cards::paint(&svg).expect("paints"));
        time(5, &mut lap);
    }
    let per_card = |total: Duration| total.as_secs_f64() * 1000.0 / f64::from(count);
    println!("{count} cards, one thread, CPU time; fonts loaded once in {font_loading:.1?}");
    let names = [
        "layout (Card::svg)",
        "usvg tree (XML + text to paths)",
        "paint (resvg)",
        "PNG, tiny-skia encode_png (RGBA, default)",
        "PNG, RGB, Compression::Fast",
        "hearth::cards::paint, whole",
    ];
    for (name, total) in names.iter().zip(stages) {
        println!("{name:<44} {:>7.2} ms/card", per_card(total));
    }
    for (index, variant) in VARIANTS.iter().enumerate() {
        println!(
            "{variant:?}: {:.2} ms/card, {} KB",
            per_card(variant_time[index]),
            variant_bytes[index] / titles.len() / 1000
        );
    }
    println!(
        "mean size: default {} KB, fast {} KB",
        default_bytes / titles.len() / 1000,
        fast_bytes / titles.len() / 1000
    );
}

const VARIANTS: [(png::DeflateCompression, png::Filter); 6] = [
    (png::DeflateCompression::FdeflateUltraFast, png::Filter::Up),
    (
        png::DeflateCompression::FdeflateUltraFast,
        png::Filter::Adaptive,
    ),
    (png::DeflateCompression::Level(1), png::Filter::Up),
    (png::DeflateCompression::Level(1), png::Filter::Adaptive),
    (png::DeflateCompression::Level(3), png::Filter::Up),
    (png::DeflateCompression::Level(6), png::Filter::Up),
];

fn rgb_png(
    pixmap: &tiny_skia::Pixmap,
    deflate: png::DeflateCompression,
    filter: png::Filter,
) -> Vec<u8> {
    let rgb: Vec<u8> = (pixmap.data().chunks_exact(4))
        .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_deflate_compression(deflate);
    encoder.set_filter(filter);
    let mut writer = encoder.write_header().expect("a header");
    writer.write_image_data(&rgb).expect("encodes");
    writer.finish().expect("finishes");
    bytes
}

/// An opaque card as an RGB PNG with the png crate's fast setting.
fn fast_rgb_png(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    let rgb: Vec<u8> = (pixmap.data().chunks_exact(4))
        .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().expect("a header");
    writer.write_image_data(&rgb).expect("encodes");
    writer.finish().expect("finishes");
    bytes
}

/// The CPU time this thread has run, in nanoseconds.
#[derive(Clone, Copy)]
struct CpuClock(u64);

impl CpuClock {
    fn now() -> Self {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
            .expect("Linux's /proc/thread-self/schedstat");
        let nanos = stat.split(' ').next().and_then(|n| n.parse().ok());
        Self(nanos.expect("schedstat starts with the time run"))
    }

    fn elapsed(self) -> Duration {
        Duration::from_nanos(Self::now().0 - self.0)
    }
}

/// The `title = "…"` of every Markdown file under `dir`.
fn titles(dir: &Path) -> Vec<String> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "md"))
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(file).ok()?;
            let line = text.lines().find(|line| line.starts_with("title = "))?;
            Some(line["title = ".len()..].trim_matches('"').to_string())
        })
        .collect()
}
