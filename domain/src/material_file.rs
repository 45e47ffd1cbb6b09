//! 申请材料 as files: what a file is, decided by its content (never its
//! name), and whether the hall takes it. [`FileInspection`] reads an upload
//! as it streams past, chunk by chunk, so the server never holds a whole
//! file: it keeps at most [`HEAD_BYTES`] to recognise the type and, for
//! images, the pixel count written in the header (an image bomb is refused
//! without decoding a pixel).

use crate::catalog::FileType;
use serde::{Deserialize, Serialize};

/// How much of a file's start is kept to recognise it. An image's size
/// sits in its header, after the EXIF block and colour profiles of a phone
/// photo (each segment at most 64 KB); a header larger than this is refused
/// as unreadable rather than read on.
pub const HEAD_BYTES: usize = 512 * 1024;

impl FileType {
    /// The type the content says, from its first bytes (magic numbers).
    pub fn sniff(head: &[u8]) -> Option<FileType> {
        if head.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpg)
        } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileType::Png)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpg => "jpg",
            FileType::Png => "png",
        }
    }

    pub fn as_str(self) -> &'static str {
        self.extension()
    }

    pub fn parse(s: &str) -> Option<FileType> {
        match s {
            "pdf" => Some(FileType::Pdf),
            "jpg" => Some(FileType::Jpg),
            "png" => Some(FileType::Png),
            _ => None,
        }
    }

    pub fn is_image(self) -> bool {
        !matches!(self, FileType::Pdf)
    }
}

/// An image's size as its header states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimensions {
    Known {
        width: u32,
        height: u32,
    },
    /// The header goes on past the bytes given.
    NeedMore,
    /// Not a header this reader understands, or a zero size.
    Unreadable,
}

/// Reads width and height from a PNG's IHDR or a JPEG's frame header
/// (SOFn), skipping every other JPEG segment by its length.
pub fn image_dimensions(kind: FileType, head: &[u8]) -> Dimensions {
    let be16 = |i: usize| u32::from(head[i]) << 8 | u32::from(head[i + 1]);
    let known = |width: u32, height: u32| {
        if width == 0 || height == 0 {
            Dimensions::Unreadable
        } else {
            Dimensions::Known { width, height }
        }
    };
    match kind {
        FileType::Pdf => Dimensions::Unreadable,
        FileType::Png => {
            if head.len() < 24 {
                return Dimensions::NeedMore;
            }
            if &head[12..16] != b"IHDR" {
                return Dimensions::Unreadable;
            }
            let be32 =
                |i: usize| u32::from_be_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
            known(be32(16), be32(20))
        }
        FileType::Jpg => {
            let mut i = 2;
            loop {
                // Markers may be preceded by any number of 0xFF fill bytes.
                while i < head.len() && head[i] == 0xFF && head.get(i + 1) == Some(&0xFF) {
                    i += 1;
                }
                if i + 1 >= head.len() {
                    return Dimensions::NeedMore;
                }
                if head[i] != 0xFF {
                    return Dimensions::Unreadable;
                }
                let marker = head[i + 1];
                match marker {
                    // Standalone markers: no length follows.
                    0x01 | 0xD0..=0xD7 => i += 2,
                    // Start of scan or end of image before any frame header.
                    0xD8..=0xDA => return Dimensions::Unreadable,
                    0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                        if i + 9 > head.len() {
                            return Dimensions::NeedMore;
                        }
                        return known(be16(i + 7), be16(i + 5));
                    }
                    _ => {
                        if i + 4 > head.len() {
                            return Dimensions::NeedMore;
                        }
                        let len = be16(i + 2) as usize;
                        if len < 2 {
                            return Dimensions::Unreadable;
                        }
                        i += 2 + len;
                    }
                }
            }
        }
    }
}

/// What the hall takes, from configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLimits {
    pub bytes_per_file: u64,
    pub bytes_per_application: u64,
    pub files_per_material: u32,
    /// Decoded pixels (width × height) an image may have.
    pub pixels_per_image: u64,
}

impl Default for FileLimits {
    fn default() -> Self {
        FileLimits {
            bytes_per_file: 20 * 1024 * 1024,
            bytes_per_application: 100 * 1024 * 1024,
            files_per_material: 10,
            // A 50-megapixel phone sensor with room to spare.
            pixels_per_image: 64_000_000,
        }
    }
}

/// Why a file is not taken. Language-free; the page says it in the
/// reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FileProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the application's files would exceed {limit} bytes")]
    ApplicationFull { limit: u64 },
    #[error("this material already has {limit} files")]
    TooManyFiles { limit: u32 },
    #[error("the content is not one of the allowed types")]
    WrongType { allowed: Vec<FileType> },
    #[error("the image's size cannot be read")]
    UnreadableImage,
    #[error("the image has more than {limit} pixels")]
    TooManyPixels { limit: u64 },
    #[error("the upload stopped before the end of the file")]
    Interrupted,
    #[error("no file was chosen")]
    NoFile,
}

/// A file that passed inspection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InspectedFile {
    pub kind: FileType,
    pub bytes: u64,
    /// For images.
    pub dimensions: Option<(u32, u32)>,
}

/// Inspects a file as it streams: size against the limit at every chunk,
/// type and image size as soon as the head holds them.
#[derive(Debug)]
pub struct FileInspection {
    allowed: Vec<FileType>,
    limit: u64,
    limit_is_application: bool,
    max_pixels: u64,
    head: Vec<u8>,
    bytes: u64,
    decided: Option<(FileType, Option<(u32, u32)>)>,
}

impl FileInspection {
    /// `room`: what the application may still take; the smaller of it and
    /// the per-file limit bounds this file.
    pub fn new(allowed: &[FileType], limits: &FileLimits, room: u64) -> Self {
        let (limit, limit_is_application) = if room < limits.bytes_per_file {
            (room, true)
        } else {
            (limits.bytes_per_file, false)
        };
        FileInspection {
            allowed: allowed.to_vec(),
            limit,
            limit_is_application,
            max_pixels: limits.pixels_per_image,
            head: Vec::new(),
            bytes: 0,
            decided: None,
        }
    }

    fn over(&self, limits: &FileLimits) -> FileProblem {
        if self.limit_is_application {
            FileProblem::ApplicationFull {
                limit: limits.bytes_per_application,
            }
        } else {
            FileProblem::TooLarge { limit: self.limit }
        }
    }

    /// The next chunk; an error means: stop reading and throw away what
    /// was written.
    pub fn feed(&mut self, chunk: &[u8], limits: &FileLimits) -> Result<(), FileProblem> {
        self.bytes += chunk.len() as u64;
        if self.bytes > self.limit {
            return Err(self.over(limits));
        }
        if self.decided.is_none() {
            let take = chunk.len().min(HEAD_BYTES - self.head.len());
            self.head.extend_from_slice(&chunk[..take]);
            self.decide(false)?;
        }
        Ok(())
    }

    fn decide(&mut self, at_end: bool) -> Result<(), FileProblem> {
        let full = at_end || self.head.len() >= HEAD_BYTES;
        if self.head.len() < 8 && !full {
            return Ok(());
        }
        let wrong = || FileProblem::WrongType {
            allowed: self.allowed.clone(),
        };
        let kind = FileType::sniff(&self.head).ok_or_else(wrong)?;
        if !self.allowed.contains(&kind) {
            return Err(wrong());
        }
        if !kind.is_image() {
            self.decided = Some((kind, None));
        } else {
            match image_dimensions(kind, &self.head) {
                Dimensions::Known { width, height } => {
                    if u64::from(width) * u64::from(height) > self.max_pixels {
                        return Err(FileProblem::TooManyPixels {
                            limit: self.max_pixels,
                        });
                    }
                    self.decided = Some((kind, Some((width, height))));
                }
                Dimensions::NeedMore if !full => return Ok(()),
                _ => return Err(FileProblem::UnreadableImage),
            }
        }
        // Decided: the head is no longer needed.
        self.head = Vec::new();
        Ok(())
    }

    /// The whole file has been fed.
    pub fn finish(mut self) -> Result<InspectedFile, FileProblem> {
        if self.bytes == 0 {
            return Err(FileProblem::Empty);
        }
        if self.decided.is_none() {
            self.decide(true)?;
        }
        let (kind, dimensions) = self.decided.ok_or(FileProblem::UnreadableImage)?;
        Ok(InspectedFile {
            kind,
            bytes: self.bytes,
            dimensions,
        })
    }
}

/// The name a citizen's file had, fit to show (escaped) in a list: no
/// folders, no control or direction-changing characters, at most 80
/// characters. Never used to name anything stored or sent.
pub fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| {
            !c.is_control()
                && !matches!(*c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        })
        .take(80)
        .collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    clean.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        v.extend_from_slice(b"IHDR");
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        v
    }

    fn jpeg(width: u16, height: u16, app_segment: usize) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        // An APP1 (EXIF) segment in 64 KB pieces before the frame header.
        let mut left = app_segment;
        while left > 0 {
            let n = left.min(65_533);
            v.extend_from_slice(&[0xFF, 0xE1]);
            v.extend_from_slice(&((n + 2) as u16).to_be_bytes());
            v.extend(std::iter::repeat_n(0u8, n));
            left -= n;
        }
        v.extend_from_slice(&[0xFF, 0xFF, 0xC0, 0, 17, 8]);
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&[3; 12]);
        v.extend_from_slice(&[0xFF, 0xDA, 0, 2, 1, 2, 3, 0xFF, 0xD9]);
        v
    }

    fn inspect(
        bytes: &[u8],
        allowed: &[FileType],
        chunk: usize,
    ) -> Result<InspectedFile, FileProblem> {
        let limits = FileLimits::default();
        let mut i = FileInspection::new(allowed, &limits, limits.bytes_per_application);
        for c in bytes.chunks(chunk.max(1)) {
            i.feed(c, &limits)?;
        }
        i.finish()
    }

    const ALL: [FileType; 3] = [FileType::Pdf, FileType::Jpg, FileType::Png];

    #[test]
    fn types_come_from_content() {
        assert_eq!(
            inspect(b"%PDF-1.7\n...", &ALL, 3).unwrap().kind,
            FileType::Pdf
        );
        assert_eq!(
            inspect(&png(800, 600), &ALL, 5).unwrap().dimensions,
            Some((800, 600))
        );
        let j = inspect(&jpeg(4000, 3000, 150_000), &ALL, 4096).unwrap();
        assert_eq!((j.kind, j.dimensions), (FileType::Jpg, Some((4000, 3000))));
        // An executable named photo.jpg is what its bytes say.
        assert!(matches!(
            inspect(b"MZ\x90\0\x03\0\0\0\x04\0", &ALL, 4),
            Err(FileProblem::WrongType { .. })
        ));
        // A real PDF where only images are allowed.
        assert_eq!(
            inspect(b"%PDF-1.4 x", &[FileType::Jpg], 100),
            Err(FileProblem::WrongType {
                allowed: vec![FileType::Jpg]
            })
        );
        assert!(matches!(
            inspect(b"%PD", &ALL, 100),
            Err(FileProblem::WrongType { .. })
        ));
    }

    #[test]
    fn empty_large_and_full_are_told_apart() {
        assert_eq!(inspect(b"", &ALL, 10), Err(FileProblem::Empty));
        let limits = FileLimits {
            bytes_per_file: 100,
            ..FileLimits::default()
        };
        let mut i = FileInspection::new(&ALL, &limits, 1000);
        assert_eq!(
            i.feed(&[b'%'; 101], &limits),
            Err(FileProblem::TooLarge { limit: 100 })
        );
        let mut i = FileInspection::new(&ALL, &limits, 50);
        assert_eq!(
            i.feed(&[b'%'; 60], &limits),
            Err(FileProblem::ApplicationFull {
                limit: limits.bytes_per_application
            })
        );
    }

    #[test]
    fn image_bombs_are_refused_from_the_header() {
        assert_eq!(
            inspect(&png(100_000, 100_000), &ALL, 7),
            Err(FileProblem::TooManyPixels { limit: 64_000_000 })
        );
        assert_eq!(
            inspect(&jpeg(65_000, 65_000, 0), &ALL, 7),
            Err(FileProblem::TooManyPixels { limit: 64_000_000 })
        );
        assert_eq!(
            inspect(&png(0, 10), &ALL, 7),
            Err(FileProblem::UnreadableImage)
        );
        // A JPEG that ends before any frame header.
        assert_eq!(
            inspect(&[0xFF, 0xD8, 0xFF, 0xD9], &ALL, 7),
            Err(FileProblem::UnreadableImage)
        );
        // Header bigger than what is kept to read it.
        assert_eq!(
            inspect(&jpeg(10, 10, HEAD_BYTES), &ALL, 65_536),
            Err(FileProblem::UnreadableImage)
        );
    }

    #[test]
    fn every_split_of_a_header_reads_the_same() {
        let j = jpeg(1200, 900, 1000);
        for chunk in 1..40 {
            assert_eq!(
                inspect(&j, &ALL, chunk).unwrap().dimensions,
                Some((1200, 900))
            );
        }
    }

    #[test]
    fn names_are_only_for_showing() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\Users\\me\\营业执照.jpg"), "营业执照.jpg");
        assert_eq!(display_name("evil\u{202E}gpj.exe"), "evilgpj.exe");
        assert_eq!(display_name("a\r\nb\0.pdf"), "ab.pdf");
        assert_eq!(display_name("..."), "");
        assert_eq!(display_name(&"x".repeat(300)).chars().count(), 80);
    }
}
