//! `scanbench generate DIR [N]`: writes N (default 320) hard 640×480
//! frames as PNG, with `truth.tsv` (file, family, text).
//! `scanbench compare [N]`: decodes the same frames with each decoder and
//! prints, per decoder and family, how many it read correctly and its mean
//! time per frame (native, this build's optimisation).

mod frames;

use frames::{frame, Family, Frame, HEIGHT, WIDTH};
use std::time::Instant;

const SEED: u64 = 2026;

type Decoder = fn(&[u8]) -> Option<String>;

fn ours(p: &[u8]) -> Option<String> {
    scanner::decode_luma(&scanner::Luma {
        width: WIDTH,
        height: HEIGHT,
        pixels: p,
    })
}

fn rqrr_plain(p: &[u8]) -> Option<String> {
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(WIDTH, HEIGHT, |x, y| p[y * WIDTH + x]);
    img.detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok().map(|(_, t)| t))
}

fn quircs(p: &[u8]) -> Option<String> {
    let mut decoder = quircs::Quirc::default();
    let codes = decoder.identify(WIDTH, HEIGHT, p);
    for code in codes.flatten() {
        if let Ok(data) = code.decode() {
            if let Ok(text) = String::from_utf8(data.payload) {
                return Some(text);
            }
        }
    }
    None
}

fn rxing(p: &[u8]) -> Option<String> {
    let mut hints = rxing::DecodeHints {
        TryHarder: Some(true),
        AlsoInverted: Some(true),
        ..Default::default()
    };
    rxing::helpers::detect_in_luma_with_hints(
        p.to_vec(),
        WIDTH as u32,
        HEIGHT as u32,
        Some(rxing::BarcodeFormat::QR_CODE),
        &mut hints,
    )
    .ok()
    .map(|r| r.getText().to_string())
}

fn bardecoder(p: &[u8]) -> Option<String> {
    let grey = image024::GrayImage::from_raw(WIDTH as u32, HEIGHT as u32, p.to_vec())?;
    let img = image024::DynamicImage::ImageLuma8(grey);
    bardecoder::default_decoder()
        .decode(&img)
        .into_iter()
        .find_map(Result::ok)
}

const DECODERS: [(&str, Decoder); 5] = [
    (
        "scanner: rxing QR readers, then inverted, stretched, smoothed; rqrr last",
        ours,
    ),
    ("rqrr 0.9", rqrr_plain),
    ("quircs 0.10", quircs),
    ("rxing 0.7 (try harder, also inverted)", rxing),
    ("bardecoder 0.5", bardecoder),
];

fn frames(n: usize) -> Vec<Frame> {
    (0..n).map(|i| frame(SEED, i)).collect()
}

fn generate(dir: &str, n: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut truth = String::new();
    for (i, f) in frames(n).iter().enumerate() {
        let name = format!("{i:04}-{}.png", f.family.name());
        image::GrayImage::from_raw(WIDTH as u32, HEIGHT as u32, f.pixels.clone())
            .ok_or_else(|| std::io::Error::other("frame size"))?
            .save(std::path::Path::new(dir).join(&name))
            .map_err(std::io::Error::other)?;
        truth.push_str(&format!("{name}\t{}\t{}\n", f.family.name(), f.text));
    }
    std::fs::write(std::path::Path::new(dir).join("truth.tsv"), truth)
}

fn compare(n: usize) {
    let set = frames(n);
    println!("{n} frames of {WIDTH}×{HEIGHT}, seed {SEED}\n");
    let mut header = String::from("| decoder | read | ms/frame |");
    for f in Family::ALL {
        header.push_str(&format!(" {} |", f.name()));
    }
    println!("{header}");
    println!("|{}", "---|".repeat(3 + Family::ALL.len()));
    for (name, decode) in DECODERS {
        let mut right = [0usize; 10];
        let mut total = [0usize; 10];
        let started = Instant::now();
        for f in &set {
            let k = Family::ALL.iter().position(|x| *x == f.family).unwrap_or(0);
            total[k] += 1;
            if decode(&f.pixels).as_deref() == Some(f.text.as_str()) {
                right[k] += 1;
            }
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let all: usize = right.iter().sum();
        let mut line = format!(
            "| {name} | {all}/{n} ({:.1}%) | {ms:.1} |",
            100.0 * all as f64 / n as f64
        );
        for k in 0..Family::ALL.len() {
            line.push_str(&format!(" {}/{} |", right[k], total[k]));
        }
        println!("{line}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = |i: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(320);
    match args.first().map(String::as_str) {
        Some("generate") if args.len() >= 2 => {
            if let Err(e) = generate(&args[1], count(2)) {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        Some("compare") => compare(count(1)),
        _ => {
            eprintln!("usage: scanbench generate DIR [N] | scanbench compare [N]");
            std::process::exit(2);
        }
    }
}
