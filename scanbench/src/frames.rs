//! Hard 640×480 frames of pickup QR codes, made reproducibly from a seed:
//! each frame is one family of trouble a desk camera meets (plus a little
//! random rotation, position and background so no two are alike).

use qrcode::{Color, EcLevel, QrCode};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub const WIDTH: usize = 640;
pub const HEIGHT: usize = 480;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    SmallModules,
    Blur,
    Rotation,
    Perspective,
    Glare,
    LowContrast,
    Noise,
    Jpeg,
    Inverted,
    PhoneScreen,
}

impl Family {
    pub const ALL: [Family; 10] = [
        Family::SmallModules,
        Family::Blur,
        Family::Rotation,
        Family::Perspective,
        Family::Glare,
        Family::LowContrast,
        Family::Noise,
        Family::Jpeg,
        Family::Inverted,
        Family::PhoneScreen,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::SmallModules => "small-modules",
            Family::Blur => "blur",
            Family::Rotation => "rotation",
            Family::Perspective => "perspective",
            Family::Glare => "glare",
            Family::LowContrast => "low-contrast",
            Family::Noise => "noise",
            Family::Jpeg => "jpeg",
            Family::Inverted => "inverted",
            Family::PhoneScreen => "phone-screen",
        }
    }
}

pub struct Frame {
    pub family: Family,
    pub text: String,
    /// Grey, WIDTH × HEIGHT.
    pub pixels: Vec<u8>,
}

const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A text shaped like a pickup token (`HP1-` and 55 base32 characters:
/// QR version 3, error correction M, alphanumeric mode).
fn token(rng: &mut StdRng) -> String {
    let body: String = (0..55)
        .map(|_| char::from(BASE32[rng.gen_range(0..32)]))
        .collect();
    format!("HP1-{body}")
}

/// Solves the 8 unknowns of the homography taking `from[i]` to `to[i]`.
fn homography(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> [f64; 9] {
    let mut a = [[0f64; 9]; 8];
    for i in 0..4 {
        let ((x, y), (u, v)) = (from[i], to[i]);
        a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    for col in 0..8 {
        let pivot = (col..8)
            .max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        let d = a[col][col];
        for v in &mut a[col][col..] {
            *v /= d;
        }
        let pivot_row = a[col];
        for (row, r) in a.iter_mut().enumerate() {
            if row != col {
                let f = r[col];
                for (v, p) in r[col..].iter_mut().zip(&pivot_row[col..]) {
                    *v -= f * p;
                }
            }
        }
    }
    let h: Vec<f64> = (0..8).map(|i| a[i][8]).collect();
    [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0]
}

fn apply(h: &[f64; 9], x: f64, y: f64) -> (f64, f64) {
    let w = h[6] * x + h[7] * y + h[8];
    (
        (h[0] * x + h[1] * y + h[2]) / w,
        (h[3] * x + h[4] * y + h[5]) / w,
    )
}

struct Placement {
    /// Pixels per module along the code's top edge, before perspective.
    module: f64,
    rotation: f64,
    /// Foreshortening of the far edge (0: none).
    tilt: f64,
    dark: f64,
    light: f64,
}

/// Renders the code into a frame: its corners (quiet zone included)
/// placed by rotation and tilt around a random centre, each pixel the
/// mean of 3×3 samples of the module grid, the rest a soft background.
fn render(code: &QrCode, p: &Placement, rng: &mut StdRng) -> Vec<u8> {
    let n = code.width() as f64;
    let quiet = 4.0;
    let side = (n + 2.0 * quiet) * p.module;
    let half = side / 2.0;
    let margin = half * 1.5;
    let cx = rng.gen_range(
        margin.min(WIDTH as f64 / 2.0)..=(WIDTH as f64 - margin).max(WIDTH as f64 / 2.0),
    );
    let cy = rng.gen_range(
        margin.min(HEIGHT as f64 / 2.0)..=(HEIGHT as f64 - margin).max(HEIGHT as f64 / 2.0),
    );
    let (s, c) = p.rotation.sin_cos();
    let t = p.tilt;
    // The far (top) edge foreshortened.
    let square = [
        (-half * (1.0 - t), -half * (1.0 - t / 2.0)),
        (half * (1.0 - t), -half * (1.0 - t / 2.0)),
        (half, half),
        (-half, half),
    ];
    let corners = square.map(|(x, y)| (cx + x * c - y * s, cy + x * s + y * c));
    let code_corners = [
        (-quiet, -quiet),
        (n + quiet, -quiet),
        (n + quiet, n + quiet),
        (-quiet, n + quiet),
    ];
    let to_code = homography(corners, code_corners);
    let colors = code.to_colors();
    let width = code.width();
    let dark_at = |u: f64, v: f64| -> Option<bool> {
        if u < -quiet || v < -quiet || u >= n + quiet || v >= n + quiet {
            return None;
        }
        if u < 0.0 || v < 0.0 || u >= n || v >= n {
            return Some(false);
        }
        Some(colors[v as usize * width + u as usize] == Color::Dark)
    };
    let bg_a = rng.gen_range(90.0..200.0);
    let bg_b = rng.gen_range(90.0..200.0);
    let mut out = vec![0u8; WIDTH * HEIGHT];
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let (mut dark, mut inside) = (0u32, 0u32);
            for sy in 0..3 {
                for sx in 0..3 {
                    let (u, v) = apply(
                        &to_code,
                        x as f64 + (sx as f64 + 0.5) / 3.0,
                        y as f64 + (sy as f64 + 0.5) / 3.0,
                    );
                    if let Some(d) = dark_at(u, v) {
                        inside += 1;
                        dark += u32::from(d);
                    }
                }
            }
            let bg = bg_a + (bg_b - bg_a) * (x as f64 / WIDTH as f64);
            let code_value =
                p.light + (p.dark - p.light) * f64::from(dark) / f64::from(inside.max(1));
            let f = f64::from(inside) / 9.0;
            out[y * WIDTH + x] = (code_value * f + bg * (1.0 - f)).clamp(0.0, 255.0) as u8;
        }
    }
    out
}

fn box_blur(p: &mut [u8], r: usize) {
    if r == 0 {
        return;
    }
    let mut tmp = vec![0u8; p.len()];
    for pass in 0..2 {
        let (w, h) = (WIDTH, HEIGHT);
        for y in 0..h {
            for x in 0..w {
                let (mut sum, mut count) = (0u32, 0u32);
                for d in 0..=2 * r {
                    let (xx, yy) = if pass == 0 {
                        ((x + d).checked_sub(r), Some(y))
                    } else {
                        (Some(x), (y + d).checked_sub(r))
                    };
                    if let (Some(xx), Some(yy)) = (xx, yy) {
                        if xx < w && yy < h {
                            sum += u32::from(p[yy * w + xx]);
                            count += 1;
                        }
                    }
                }
                tmp[y * w + x] = (sum / count.max(1)) as u8;
            }
        }
        p.copy_from_slice(&tmp);
    }
}

fn gaussian(rng: &mut StdRng) -> f64 {
    let (u1, u2): (f64, f64) = (rng.gen_range(1e-9..1.0), rng.gen());
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn noise(p: &mut [u8], sigma: f64, rng: &mut StdRng) {
    for v in p.iter_mut() {
        *v = (f64::from(*v) + gaussian(rng) * sigma).clamp(0.0, 255.0) as u8;
    }
}

fn glare(p: &mut [u8], rng: &mut StdRng) {
    let (gx, gy) = (
        rng.gen_range(0.0..WIDTH as f64),
        rng.gen_range(0.0..HEIGHT as f64),
    );
    let radius = rng.gen_range(60.0..160.0);
    let strength = rng.gen_range(120.0..220.0);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let d2 = (x as f64 - gx).powi(2) + (y as f64 - gy).powi(2);
            let add = strength * (-d2 / (2.0 * radius * radius)).exp();
            let v = &mut p[y * WIDTH + x];
            *v = (f64::from(*v) + add).min(255.0) as u8;
        }
    }
}

fn jpeg(p: &[u8], quality: u8) -> Vec<u8> {
    let img =
        image::GrayImage::from_raw(WIDTH as u32, HEIGHT as u32, p.to_vec()).unwrap_or_default();
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality);
    if img.write_with_encoder(encoder).is_err() {
        return p.to_vec();
    }
    image::load_from_memory(&bytes)
        .map(|i| i.to_luma8().into_raw())
        .unwrap_or_else(|_| p.to_vec())
}

/// A photo of a phone's screen: the pixel grid's stripes and a moiré.
fn phone_screen(p: &mut [u8], rng: &mut StdRng) {
    let (fx, fy) = (rng.gen_range(0.02..0.09), rng.gen_range(0.02..0.09));
    let depth = rng.gen_range(0.10..0.22);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let moire = 1.0
                - depth
                    * (0.5
                        + 0.5
                            * (2.0 * std::f64::consts::PI * (x as f64 * fx + y as f64 * fy)).sin());
            let stripe = if x % 3 == 0 { 0.9 } else { 1.0 };
            let v = &mut p[y * WIDTH + x];
            *v = (f64::from(*v) * moire * stripe).clamp(0.0, 255.0) as u8;
        }
    }
}

/// Frame `i` of a set made from `seed` (families in turn).
pub fn frame(seed: u64, i: usize) -> Frame {
    let family = Family::ALL[i % Family::ALL.len()];
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
    let text = token(&mut rng);
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .unwrap_or_else(|_| unreachable!("a 59-character token fits version 3-M"));
    let mut place = Placement {
        module: rng.gen_range(4.0..7.0),
        rotation: rng.gen_range(-0.15..0.15),
        tilt: rng.gen_range(0.0..0.08),
        dark: rng.gen_range(10.0..50.0),
        light: rng.gen_range(200.0..245.0),
    };
    match family {
        Family::SmallModules => place.module = rng.gen_range(1.8..2.6),
        Family::Rotation => {
            place.rotation = rng.gen_range(0.3..1.4) * if rng.gen() { 1.0 } else { -1.0 }
        }
        Family::Perspective => place.tilt = rng.gen_range(0.2..0.38),
        Family::LowContrast => {
            place.dark = rng.gen_range(95.0..120.0);
            place.light = place.dark + rng.gen_range(28.0..45.0);
        }
        Family::PhoneScreen => {
            place.dark = rng.gen_range(30.0..60.0);
            place.light = rng.gen_range(150.0..200.0);
            place.tilt = rng.gen_range(0.05..0.2);
        }
        _ => {}
    }
    let mut pixels = render(&code, &place, &mut rng);
    match family {
        // Out of focus up to about half a module (two passes of a box of
        // that radius): past it the modules run together for any decoder,
        // and for a person; the camera refocuses.
        Family::Blur => {
            let r = (place.module * rng.gen_range(0.4..0.6)).round().max(2.0) as usize;
            box_blur(&mut pixels, r)
        }
        Family::Glare => glare(&mut pixels, &mut rng),
        Family::Noise => noise(&mut pixels, rng.gen_range(25.0..40.0), &mut rng),
        Family::Jpeg => pixels = jpeg(&pixels, rng.gen_range(8..=20)),
        Family::Inverted => {
            for v in pixels.iter_mut() {
                *v = 255 - *v;
            }
        }
        Family::PhoneScreen => {
            phone_screen(&mut pixels, &mut rng);
            box_blur(&mut pixels, 1);
        }
        _ => {}
    }
    // Every camera adds a little sensor noise.
    noise(&mut pixels, 3.0, &mut rng);
    Frame {
        family,
        text,
        pixels,
    }
}
