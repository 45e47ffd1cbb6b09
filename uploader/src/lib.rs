//! The citizen's material uploader. The check here is plain Rust (tested
//! natively); `web` (WASM only) wires it to the page: the materials forms
//! post one file per request with progress, photos are checked and scaled
//! down first, and a kiosk's list of files follows the phone's uploads.

#[cfg(target_arch = "wasm32")]
mod web;

/// Photos are scaled so their longest side is at most this (a document
/// stays readable; a 12-megapixel photo of 5 MB goes up well under 1 MB).
pub const LONGEST_SIDE: u32 = 2000;
/// The check looks at the photo at this size (cheap, and blur at the
/// scale a reader sees it).
pub const CHECK_SIDE: u32 = 512;

/// What may make a photo hard to read. The citizen may still send it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoWarning {
    TooDark,
    TooBlurred,
    TooSmall,
}

/// Mean brightness below this (of 255) is too dark to read.
const DARK_BELOW: f64 = 45.0;
/// Sharpness is the variance of the Laplacian at CHECK_SIDE (the usual
/// focus measure): a sharp page of text scores in the thousands, one
/// blurred over ~13 px under 100. Low contrast lowers it too, which is
/// also hard to read.
const BLURRED_BELOW: f64 = 100.0;
/// A photo whose shorter side is under this many pixels is too small.
const SMALL_BELOW: u32 = 480;

/// The size a photo is sent at: its own, or scaled to [`LONGEST_SIDE`].
pub fn scaled_size(width: u32, height: u32, longest: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= longest || long == 0 {
        return (width, height);
    }
    let scale = f64::from(longest) / f64::from(long);
    (
        ((f64::from(width) * scale).round() as u32).max(1),
        ((f64::from(height) * scale).round() as u32).max(1),
    )
}

/// Brightness and sharpness of a photo (RGBA at check size), and the
/// photo's own size: the first warning that applies, if any.
pub fn check_photo(
    original: (u32, u32),
    width: usize,
    height: usize,
    rgba: &[u8],
) -> Option<PhotoWarning> {
    if original.0.min(original.1) < SMALL_BELOW {
        return Some(PhotoWarning::TooSmall);
    }
    if width < 3 || height < 3 || rgba.len() < width * height * 4 {
        return None;
    }
    let luma: Vec<f64> = rgba
        .chunks_exact(4)
        .take(width * height)
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect();
    let mean = luma.iter().sum::<f64>() / luma.len() as f64;
    if mean < DARK_BELOW {
        return Some(PhotoWarning::TooDark);
    }
    let (mut sum, mut sum_sq, mut n) = (0.0, 0.0, 0.0);
    for y in 1..height - 1 {
        for x in 1..width - 1 {
            let i = y * width + x;
            let l = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4.0 * luma[i];
            sum += l;
            sum_sq += l * l;
            n += 1.0;
        }
    }
    let variance = sum_sq / n - (sum / n) * (sum / n);
    (variance < BLURRED_BELOW).then_some(PhotoWarning::TooBlurred)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of "text": dark strokes on white, at check size.
    fn page(w: usize, h: usize, ink: u8, paper: u8) -> Vec<u8> {
        let mut v = Vec::with_capacity(w * h * 4);
        for y in 0..h {
            for x in 0..w {
                let stroke = (y / 6) % 2 == 0 && (x / 3) % 4 != 0;
                let c = if stroke { ink } else { paper };
                v.extend_from_slice(&[c, c, c, 255]);
            }
        }
        v
    }

    fn box_blur(w: usize, h: usize, rgba: &[u8], radius: usize) -> Vec<u8> {
        let mut out = rgba.to_vec();
        for y in 0..h {
            for x in 0..w {
                let (mut s, mut n) = (0u32, 0u32);
                for dy in y.saturating_sub(radius)..(y + radius + 1).min(h) {
                    for dx in x.saturating_sub(radius)..(x + radius + 1).min(w) {
                        s += u32::from(rgba[(dy * w + dx) * 4]);
                        n += 1;
                    }
                }
                let c = (s / n) as u8;
                out[(y * w + x) * 4..(y * w + x) * 4 + 3].copy_from_slice(&[c, c, c]);
            }
        }
        out
    }

    #[test]
    fn a_sharp_bright_page_passes() {
        assert_eq!(
            check_photo((3000, 4000), 384, 512, &page(384, 512, 20, 235)),
            None
        );
    }

    #[test]
    fn dark_blurred_and_small_photos_are_named() {
        assert_eq!(
            check_photo((3000, 4000), 384, 512, &page(384, 512, 5, 40)),
            Some(PhotoWarning::TooDark)
        );
        let sharp = page(384, 512, 20, 235);
        assert_eq!(
            check_photo((3000, 4000), 384, 512, &box_blur(384, 512, &sharp, 6)),
            Some(PhotoWarning::TooBlurred)
        );
        assert_eq!(
            check_photo((400, 300), 384, 512, &sharp),
            Some(PhotoWarning::TooSmall)
        );
    }

    #[test]
    fn photos_are_scaled_to_the_longest_side() {
        assert_eq!(scaled_size(4000, 3000, 2000), (2000, 1500));
        assert_eq!(scaled_size(1500, 4500, 2000), (667, 2000));
        assert_eq!(scaled_size(1200, 900, 2000), (1200, 900));
    }
}
