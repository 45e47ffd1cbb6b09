//! Catalog search over a generated 5,000-matter catalog.
//! Run: `cargo bench -p domain --bench search`. Target: ≤ 20 ms a query.
//! `-- --smoke`: one round over 50 matters (the test command's check that
//! this still runs; its figures mean nothing).

use domain::search::{SearchEntry, SearchIndex};
use std::time::{Duration, Instant};

const SYLLABLES: [(&str, &str); 16] = [
    ("营", "ying"),
    ("业", "ye"),
    ("执", "zhi"),
    ("照", "zhao"),
    ("食", "shi"),
    ("品", "pin"),
    ("经", "jing"),
    ("许", "xu"),
    ("可", "ke"),
    ("登", "deng"),
    ("记", "ji"),
    ("户", "hu"),
    ("口", "kou"),
    ("迁", "qian"),
    ("移", "yi"),
    ("证", "zheng"),
];

/// Deterministic pseudo-random names of 6–12 characters.
fn catalog(n: usize) -> SearchIndex {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let entries = (0..n)
        .map(|i| {
            let len = 6 + (next() % 7) as usize;
            let (mut zh, mut py, mut ini) = (String::new(), String::new(), String::new());
            for _ in 0..len {
                let (c, p) = SYLLABLES[(next() % SYLLABLES.len() as u64) as usize];
                zh.push_str(c);
                py.push_str(p);
                ini.push_str(&p[..1]);
            }
            SearchEntry::new(
                &format!("GEN-{i:05}"),
                &zh,
                &format!("Generated matter {i}"),
                &ini,
                &py,
            )
        })
        .collect();
    SearchIndex::new(entries)
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let index = catalog(if smoke { 50 } else { 5_000 });
    let queries = [
        "yyzz",
        "营业执照",
        "户口迁移",
        "food",
        "GEN-04999",
        "shipin",
        "zzz",
        "登记",
    ];
    let mut times: Vec<Duration> = Vec::new();
    let mut hits = 0;
    for _round in 0..if smoke { 1 } else { 50 } {
        for q in queries {
            let start = Instant::now();
            hits += index.search(q, 20).len();
            times.push(start.elapsed());
        }
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!(
        "search, {} matters, {} queries: p50 {:?}, p99 {:?}, max {:?} ({} hits)",
        index.len(),
        times.len(),
        pct(0.5),
        pct(0.99),
        times[times.len() - 1],
        hits
    );
}
