//! The issuing desk's QR decoder. One function, [`decode_luma`], over a
//! grey frame (one byte per pixel), so the same code decodes camera frames
//! in the browser (WASM, `web` below) and folders of photos natively
//! (`scan-frames`). Which decoder and which retries: chosen by measured
//! success on hard frames (docs/BENCHMARKS.md, `scanbench`).

#[cfg(target_arch = "wasm32")]
mod web;

/// A grey frame: `width × height` bytes, row by row.
pub struct Luma<'a> {
    pub width: usize,
    pub height: usize,
    pub pixels: &'a [u8],
}

fn rqrr_once(width: usize, height: usize, pixels: &[u8]) -> Option<String> {
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    img.detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// ZXing's QR readers (the `rxing` port: zxing-cpp's, then Java
/// ZXing's) alone, not its every-format reader: local (hybrid) thresholds,
/// trying harder.
fn rxing_once(width: usize, height: usize, pixels: Vec<u8>) -> Option<String> {
    use rxing::common::HybridBinarizer;
    use rxing::qrcode::cpp_port::QrReader;
    use rxing::qrcode::QRCodeReader;
    use rxing::{BinaryBitmap, DecodeHints, Luma8LuminanceSource, Reader};
    let hints = DecodeHints {
        TryHarder: Some(true),
        ..Default::default()
    };
    let source = Luma8LuminanceSource::new(pixels, width as u32, height as u32);
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    QrReader
        .decode_with_hints(&mut bitmap, &hints)
        .or_else(|_| QRCodeReader.decode_with_hints(&mut bitmap, &hints))
        .ok()
        .map(|r| r.getText().to_string())
}

/// The retries after a plain read, each answering a trouble the
/// measurements showed (docs/BENCHMARKS.md): light modules on dark
/// (inverted), a dim or washed-out code (contrast stretched), sensor noise
/// (smoothed), and rqrr's different finder last.
const RETRIES: usize = 4;

fn retry(k: usize, w: usize, h: usize, p: &[u8]) -> Option<String> {
    match k {
        0 => rxing_once(w, h, p.iter().map(|v| 255 - v).collect()),
        1 => stretched(p).and_then(|s| rxing_once(w, h, s)),
        2 => rxing_once(w, h, smoothed(w, h, p)),
        _ => rqrr_once(w, h, p),
    }
}

fn checked<'a>(frame: &Luma<'a>) -> Option<(usize, usize, &'a [u8])> {
    let (w, h, p) = (frame.width, frame.height, frame.pixels);
    (w > 0 && h > 0 && p.len() >= w * h).then(|| (w, h, &p[..w * h]))
}

/// The text of the first QR code found, after every retry if need be
/// (a photo, a folder of frames).
pub fn decode_luma(frame: &Luma<'_>) -> Option<String> {
    let (w, h, p) = checked(frame)?;
    rxing_once(w, h, p.to_vec()).or_else(|| (0..RETRIES).find_map(|k| retry(k, w, h, p)))
}

/// For a camera's stream: the plain read, then only the `turn`-th retry
/// (in rotation), so an empty frame costs two reads, not five, and a code
/// that needs a retry is read within four frames of coming into view.
pub fn decode_luma_turn(frame: &Luma<'_>, turn: usize) -> Option<String> {
    let (w, h, p) = checked(frame)?;
    rxing_once(w, h, p.to_vec()).or_else(|| retry(turn % RETRIES, w, h, p))
}

/// Brightness spread over the whole range (None: a flat frame).
fn stretched(p: &[u8]) -> Option<Vec<u8>> {
    let (lo, hi) = percentiles(p);
    if hi <= lo + 8 {
        return None;
    }
    let span = u32::from(hi - lo);
    Some(
        p.iter()
            .map(|&v| (u32::from(v.clamp(lo, hi) - lo) * 255 / span) as u8)
            .collect(),
    )
}

/// A 3×3 mean: sensor noise averaged away, edges kept well enough for
/// modules of 2 pixels and more.
fn smoothed(w: usize, h: usize, p: &[u8]) -> Vec<u8> {
    let mut out = p.to_vec();
    for y in 1..h.saturating_sub(1) {
        for x in 1..w.saturating_sub(1) {
            let mut sum = 0u32;
            for dy in 0..3 {
                for dx in 0..3 {
                    sum += u32::from(p[(y + dy - 1) * w + x + dx - 1]);
                }
            }
            out[y * w + x] = (sum / 9) as u8;
        }
    }
    out
}

/// The 2nd and 98th percentiles of the frame's brightness.
fn percentiles(p: &[u8]) -> (u8, u8) {
    let mut hist = [0usize; 256];
    for &v in p {
        hist[usize::from(v)] += 1;
    }
    let (lo_n, hi_n) = (p.len() / 50, p.len() - p.len() / 50);
    let (mut seen, mut lo, mut hi) = (0, 0u8, 255u8);
    for (v, &n) in hist.iter().enumerate() {
        if seen <= lo_n {
            lo = v as u8;
        }
        seen += n;
        if seen >= hi_n {
            hi = v as u8;
            break;
        }
    }
    (lo, hi)
}

/// RGBA (a canvas's `ImageData`) to grey, by the usual luma weights.
pub fn luma_of_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|px| {
            ((u32::from(px[0]) * 77 + u32::from(px[1]) * 150 + u32::from(px[2]) * 29) >> 8) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::{Color, EcLevel, QrCode};

    const TOKEN: &str = "HP1-AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYHI6D4QCAAAAA";

    /// The code drawn 5 pixels a module on a 320×240 grey frame.
    fn frame(text: &str, invert: bool) -> Vec<u8> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let (w, h, m, n) = (320, 240, 5, code.width());
        let colors = code.to_colors();
        let mut p = vec![128u8; w * h];
        let side = (n + 8) * m;
        for y in 0..side {
            for x in 0..side {
                let (u, v) = ((x / m) as isize - 4, (y / m) as isize - 4);
                let dark = (0..n as isize).contains(&u)
                    && (0..n as isize).contains(&v)
                    && colors[v as usize * n + u as usize] == Color::Dark;
                let value = if dark ^ invert { 20 } else { 235 };
                p[(y + 20) * w + x + 40] = value;
            }
        }
        p
    }

    fn luma(p: &[u8]) -> Luma<'_> {
        Luma {
            width: 320,
            height: 240,
            pixels: p,
        }
    }

    #[test]
    fn reads_a_pickup_token_plain_and_inverted() {
        assert_eq!(
            decode_luma(&luma(&frame(TOKEN, false))).as_deref(),
            Some(TOKEN)
        );
        assert_eq!(
            decode_luma(&luma(&frame(TOKEN, true))).as_deref(),
            Some(TOKEN)
        );
        // The camera's mode reads the inverted one on its turn.
        let inverted = frame(TOKEN, true);
        assert_eq!(
            decode_luma_turn(&luma(&inverted), 0).as_deref(),
            Some(TOKEN)
        );
    }

    #[test]
    fn an_empty_or_short_frame_reads_nothing() {
        assert_eq!(decode_luma(&luma(&[128u8; 320 * 240])), None);
        assert_eq!(decode_luma(&luma(&[0u8; 10])), None);
        assert_eq!(
            decode_luma(&Luma {
                width: 0,
                height: 0,
                pixels: &[]
            }),
            None
        );
    }

    #[test]
    fn rgba_becomes_grey_by_luma_weights() {
        assert_eq!(luma_of_rgba(&[255, 255, 255, 255, 0, 0, 0, 255]), [255, 0]);
        assert_eq!(luma_of_rgba(&[255, 0, 0, 255]), [76]);
    }
}
