//! Loads the catalog of matters from its files: `departments.toml` and one
//! file per matter in `matters/`. The files are the source of truth; the
//! database holds a copy replaced at every start-up.

use domain::catalog::{Catalog, Department, Matter};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CatalogLoadError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{0}")]
    Inconsistent(domain::catalog::CatalogError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentsFile {
    department: Vec<Department>,
}

fn read(path: &Path) -> Result<String, CatalogLoadError> {
    std::fs::read_to_string(path).map_err(|source| CatalogLoadError::Read {
        path: path.to_owned(),
        source,
    })
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, CatalogLoadError> {
    toml::from_str(&read(path)?).map_err(|e| CatalogLoadError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// Every problem in the directory, not only the first.
pub fn load(dir: &Path) -> Result<Catalog, Vec<CatalogLoadError>> {
    let mut errors = Vec::new();
    let departments = match parse::<DepartmentsFile>(&dir.join("departments.toml")) {
        Ok(f) => f.department,
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    };
    let matters_dir = dir.join("matters");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&matters_dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect(),
        Err(source) => {
            errors.push(CatalogLoadError::Read {
                path: matters_dir.clone(),
                source,
            });
            Vec::new()
        }
    };
    files.sort(); // file names give the catalog's order
    let mut matters: Vec<Matter> = Vec::new();
    for path in &files {
        match parse::<Matter>(path) {
            Ok(m) => matters.push(m),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Catalog::new(departments, matters)
        .map_err(|es| es.into_iter().map(CatalogLoadError::Inconsistent).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn the_shipped_demo_catalog_loads() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        let catalog = load(&dir).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(catalog.matters.len() >= 5);
    }

    #[test]
    fn a_broken_file_is_named_with_the_problem() {
        let tmp = tempfile::tempdir().unwrap();
        write(
            tmp.path(),
            "departments.toml",
            "[[department]]\ncode = \"GA\"\nname = { zh = \"公安局\", en = \"Public Security\" }\n",
        );
        write(tmp.path(), "matters/a.toml", "code = \"GA-1\"\n");
        let errs = load(tmp.path()).unwrap_err();
        assert_eq!(errs.len(), 1);
        let msg = errs[0].to_string();
        assert!(
            msg.contains("a.toml") && msg.contains("missing field"),
            "{msg}"
        );
    }
}
