//! QR codes as inline SVG. Encoding is the expensive part (the encoder
//! scores all eight masks to pick the most readable): a code depends only
//! on what it encodes, so each is made once and kept in a bounded cache.
//! The SVG draws each row's runs of dark modules as one path (a few KB).

use crate::errors::AppError;
use qrcode::{Color, EcLevel, QrCode};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, LazyLock, Mutex};

/// Modules of white border on each side (the standard's quiet zone).
const QUIET: usize = 4;
/// At least this many pixels wide, in whole pixels per module.
const MIN_SIZE: usize = 200;
/// Codes kept: receipts, progress pages and saved drafts looked at again.
const CAPACITY: usize = 2048;

pub static QR_CODES: LazyLock<QrCodes> = LazyLock::new(|| QrCodes::new(CAPACITY));

/// An inline SVG QR code (error correction M) for `data`.
pub fn qr_svg(data: &str) -> Result<String, AppError> {
    QR_CODES.svg(data).map(|svg| svg.to_string())
}

/// The codes by their text, and their texts oldest first.
type Cache = (HashMap<String, Arc<str>>, VecDeque<String>);

pub struct QrCodes {
    capacity: usize,
    inner: Mutex<Cache>,
}

impl QrCodes {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            inner: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    pub fn svg(&self, data: &str) -> Result<Arc<str>, AppError> {
        if let Some(svg) = self.lock().0.get(data) {
            return Ok(svg.clone());
        }
        let svg: Arc<str> = render(data)?.into();
        let mut guard = self.lock();
        let (map, order) = &mut *guard;
        if map.insert(data.to_string(), svg.clone()).is_none() {
            order.push_back(data.to_string());
            while order.len() > self.capacity {
                if let Some(oldest) = order.pop_front() {
                    map.remove(&oldest);
                }
            }
        }
        Ok(svg)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        // A panic elsewhere while holding it leaves a usable cache.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn render(data: &str) -> Result<String, AppError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).map_err(|e| {
        tracing::error!(error = %e, "QR encoding failed");
        AppError::Internal
    })?;
    let width = code.width();
    let colors = code.to_colors();
    let dim = width + 2 * QUIET;
    let scale = MIN_SIZE.div_ceil(dim);
    let px = scale * dim;
    let mut path = String::with_capacity(width * width);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let run = x - start;
                path.push_str(&format!("M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET));
            } else {
                x += 1;
            }
        }
    }
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" aria-hidden="true" focusable="false" width="{px}" height="{px}" viewBox="0 0 {dim} {dim}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_drawn_once_and_the_cache_stays_bounded() {
        let codes = QrCodes::new(2);
        let a = codes.svg("https://hall.example/applications/A").unwrap();
        assert!(a.starts_with("<svg") && a.contains("<path"));
        assert!(Arc::ptr_eq(
            &a,
            &codes.svg("https://hall.example/applications/A").unwrap()
        ));
        codes.svg("B").unwrap();
        codes.svg("C").unwrap();
        assert_eq!(codes.lock().0.len(), 2);
        assert!(!codes
            .lock()
            .0
            .contains_key("https://hall.example/applications/A"));
    }

    #[test]
    fn the_modules_drawn_are_the_codes_dark_modules() {
        let data = "https://hall.example/applications/23456789AB";
        let svg = render(data).unwrap();
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).unwrap();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count();
        // Every run "h{n}" covers n modules; together, every dark module.
        let drawn: usize = svg
            .split('h')
            .skip(1)
            .filter_map(|s| s.split('v').next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(drawn, dark);
    }

    #[test]
    fn a_reader_decodes_what_was_drawn() {
        let data = "https://hall.example.gov.cn/applications/23456789AB";
        let svg = render(data).unwrap();
        let dim: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        // Rasterise the path at 4 px a module.
        let scale = 4;
        let mut dark = vec![false; dim * dim];
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for cmd in d.split('M').filter(|c| !c.is_empty()) {
            let (xy, rest) = cmd.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let run: usize = rest.split('v').next().unwrap().parse().unwrap();
            for i in x..x + run {
                dark[y * dim + i] = true;
            }
        }
        let size = dim * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
            if dark[(y / scale) * dim + x / scale] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, data);
    }
}
