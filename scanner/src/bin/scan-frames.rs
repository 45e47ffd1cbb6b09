//! `scan-frames DIR`: decodes every PNG or JPEG in DIR with the desk's
//! decoder and prints one line per file: its name, then the decoded text
//! or `none` — so any set of frames can be compared with another decoder.

use std::process::ExitCode;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: scan-frames DIR   (prints: file<TAB>text or none)");
        return ExitCode::from(2);
    };
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg")
                })
            })
            .collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            return ExitCode::FAILURE;
        }
    };
    files.sort();
    let (mut found, total) = (0, files.len());
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match image::open(&path) {
            Ok(img) => {
                let grey = img.to_luma8();
                scanner::decode_luma(&scanner::Luma {
                    width: grey.width() as usize,
                    height: grey.height() as usize,
                    pixels: grey.as_raw(),
                })
            }
            Err(e) => {
                eprintln!("{name}: {e}");
                None
            }
        };
        found += usize::from(text.is_some());
        println!("{name}\t{}", text.unwrap_or_else(|| "none".into()));
    }
    eprintln!("decoded {found} of {total}");
    ExitCode::SUCCESS
}
