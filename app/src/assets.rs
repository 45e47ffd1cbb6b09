//! The build's static files. A release build (`cargo leptos build
//! --release`) names the JS, WASM and CSS after their content hash and
//! writes the hashes to `hash.txt` beside the server binary; URLs with a
//! hash never change content, so they are cached for a year.

use leptos::prelude::LeptosOptions;
use std::path::PathBuf;
use std::sync::OnceLock;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildHashes {
    pub js: Option<String>,
    pub wasm: Option<String>,
    pub css: Option<String>,
}

impl BuildHashes {
    /// Lines `kind: hash`; other lines are ignored.
    pub fn parse(text: &str) -> Self {
        let mut hashes = Self::default();
        for (kind, hash) in text.lines().filter_map(|l| l.split_once(':')) {
            let hash = hash.trim();
            if hash.is_empty()
                || !hash
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                continue;
            }
            match kind.trim() {
                "js" => hashes.js = Some(hash.to_string()),
                "wasm" => hashes.wasm = Some(hash.to_string()),
                "css" => hashes.css = Some(hash.to_string()),
                _ => {}
            }
        }
        hashes
    }
}

/// Where the build writes the hashes (where leptos' own hydration scripts
/// look for them too).
pub fn hash_file_path(file_name: &str) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.to_path_buf()))
        .unwrap_or_default()
        .join(file_name)
}

/// The hashes of this build, read once; none when files are not hashed.
pub fn build_hashes(options: &LeptosOptions) -> &'static BuildHashes {
    static HASHES: OnceLock<BuildHashes> = OnceLock::new();
    HASHES.get_or_init(|| {
        if !options.hash_files {
            return BuildHashes::default();
        }
        std::fs::read_to_string(hash_file_path(&options.hash_file))
            .map(|t| BuildHashes::parse(&t))
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::BuildHashes;

    #[test]
    fn hash_file_is_read() {
        let h = BuildHashes::parse("js: abc123\nwasm: def456\ncss: 0f0f\nmanifest: x\nbad: \n");
        assert_eq!(h.js.as_deref(), Some("abc123"));
        assert_eq!(h.wasm.as_deref(), Some("def456"));
        assert_eq!(h.css.as_deref(), Some("0f0f"));
        assert_eq!(BuildHashes::parse("css: ../etc").css, None);
    }
}
