//! Loads the catalog from its files: `departments.toml`, one file per
//! matter in `matters/`, one per life-event bundle in `bundles/`. The files
//! are the source of truth; the database holds a copy replaced at start-up.
//! Every problem names its file and the element that is wrong.

use domain::catalog::{Bundle, Catalog, CatalogError, Department, Matter};
use domain::search::{SearchEntry, SearchIndex};
use pinyin::ToPinyin;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct CatalogProblem {
    pub file: PathBuf,
    pub message: String,
}

impl fmt::Display for CatalogProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentsFile {
    department: Vec<Department>,
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, CatalogProblem> {
    let text = std::fs::read_to_string(path).map_err(|e| CatalogProblem {
        file: path.to_owned(),
        message: format!("cannot read: {e}"),
    })?;
    // toml's message names the element and the line, e.g.
    // "missing field `promised_days`" or "unknown field `promsied_days`".
    toml::from_str(&text).map_err(|e| CatalogProblem {
        file: path.to_owned(),
        message: e.to_string().trim_end().replace('\n', "\n    "),
    })
}

pub(crate) fn toml_files(
    dir: &Path,
    problems: &mut Vec<CatalogProblem>,
    required: bool,
) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort(); // file names give the catalog's order
            files
        }
        Err(_) if !required => Vec::new(),
        Err(e) => {
            problems.push(CatalogProblem {
                file: dir.to_owned(),
                message: format!("cannot read directory: {e}"),
            });
            Vec::new()
        }
    }
}

/// Loads and checks the whole directory, reporting every problem.
pub fn load(dir: &Path) -> Result<Catalog, Vec<CatalogProblem>> {
    let mut problems = Vec::new();
    let departments_file = dir.join("departments.toml");
    let departments = parse::<DepartmentsFile>(&departments_file)
        .map(|f| f.department)
        .unwrap_or_else(|e| {
            problems.push(e);
            Vec::new()
        });
    let mut files: BTreeMap<(&'static str, String), Vec<PathBuf>> = BTreeMap::new();
    for d in &departments {
        files
            .entry(("department", d.code.to_string()))
            .or_default()
            .push(departments_file.clone());
    }
    let mut matters: Vec<Matter> = Vec::new();
    for path in toml_files(&dir.join("matters"), &mut problems, true) {
        match parse::<Matter>(&path) {
            Ok(m) => {
                files
                    .entry(("matter", m.code.to_string()))
                    .or_default()
                    .push(path);
                matters.push(m);
            }
            Err(e) => problems.push(e),
        }
    }
    let mut bundles: Vec<Bundle> = Vec::new();
    for path in toml_files(&dir.join("bundles"), &mut problems, false) {
        match parse::<Bundle>(&path) {
            Ok(b) => {
                files
                    .entry(("bundle", b.code.to_string()))
                    .or_default()
                    .push(path);
                bundles.push(b);
            }
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Catalog::new(departments, matters, bundles)
        .map_err(|errors| errors.into_iter().map(|e| locate(e, &files, dir)).collect())
}

/// Names the file(s) a cross-file problem is in.
fn locate(
    e: CatalogError,
    files: &BTreeMap<(&'static str, String), Vec<PathBuf>>,
    dir: &Path,
) -> CatalogProblem {
    let paths = e
        .subject()
        .and_then(|(what, code)| files.get(&(what, code.to_string())));
    let file = match paths {
        Some(p) if p.len() == 1 => p[0].clone(),
        Some(p) => PathBuf::from(
            p.iter()
                .map(|x| x.display().to_string())
                .collect::<Vec<_>>()
                .join(" and "),
        ),
        None => dir.to_owned(),
    };
    CatalogProblem {
        file,
        message: format!("{}: {e}", e.field()),
    }
}

/// Pinyin of a Chinese name: (initials, full), other characters kept as
/// they are when they are letters or digits.
fn pinyin_of(name: &str) -> (String, String) {
    let (mut initials, mut full) = (String::new(), String::new());
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                initials.push_str(p.first_letter());
                full.push_str(p.plain());
            }
            None if c.is_ascii_alphanumeric() => {
                initials.push(c);
                full.push(c);
            }
            None => {}
        }
    }
    (initials, full)
}

pub fn search_index(catalog: &Catalog) -> SearchIndex {
    SearchIndex::new(
        catalog
            .matters
            .iter()
            .map(|m| {
                let (initials, full) = pinyin_of(&m.name.zh);
                SearchEntry::new(m.code.as_str(), &m.name.zh, &m.name.en, &initials, &full)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog")
    }

    #[test]
    fn the_shipped_demo_catalog_is_valid_and_big_enough() {
        let catalog = load(&shipped()).unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        assert!(
            catalog.matters.len() >= 20,
            "{} matters",
            catalog.matters.len()
        );
        assert!(catalog.departments.len() >= 6);
        assert!(catalog.bundles.len() >= 3);
        let days = |code: &str| {
            catalog
                .matters
                .iter()
                .find(|m| m.code.as_str() == code)
                .map(|m| m.promised_days)
        };
        // "3550" of seed 000: a company in 3 working days, real estate in 5.
        // Its 50 days are a whole industrial project's approval chain; the
        // construction permit alone is 《建筑法》第八条's (promised 3).
        assert_eq!(days("SCJG-XK-001"), Some(3));
        assert_eq!(days("ZRZY-DJ-001"), Some(5));
        assert_eq!(days("ZJ-XK-001"), Some(3));
    }

    #[test]
    fn pinyin_initials_are_computed_from_chinese_names() {
        assert_eq!(
            pinyin_of("营业执照"),
            ("yyzz".to_string(), "yingyezhizhao".to_string())
        );
        assert_eq!(pinyin_of("企业设立登记（营业执照）").0, "qysldjyyzz");
        let index = search_index(&load(&shipped()).unwrap());
        assert!(!index.search("yyzz", 5).is_empty());
    }

    const DEPTS: &str =
        "[[department]]\ncode = \"GA\"\nname = { zh = \"公安局\", en = \"Public Security\" }\n";

    #[test]
    fn a_missing_element_is_named_with_its_file() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "departments.toml", DEPTS);
        write(tmp.path(), "matters/a.toml", "code = \"GA-1\"\n");
        let errs = load(tmp.path()).unwrap_err();
        assert_eq!(errs.len(), 1);
        let msg = errs[0].to_string();
        assert!(
            msg.contains("a.toml") && msg.contains("missing field"),
            "{msg}"
        );
    }

    #[test]
    fn cross_file_problems_name_the_files() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "departments.toml", DEPTS);
        let matter =
            std::fs::read_to_string(shipped().join("matters/050-ga-residence-transfer.toml"))
                .unwrap();
        write(tmp.path(), "matters/a.toml", &matter);
        write(tmp.path(), "matters/b.toml", &matter);
        write(
            tmp.path(),
            "matters/c.toml",
            &matter
                .replace("GA-HJ-001", "GA-HJ-002")
                .replace("department = \"GA\"", "department = \"XX\""),
        );
        write(tmp.path(), "bundles/x.toml", "code = \"B-1\"\nname = { zh = \"x\", en = \"x\" }\naudience = \"personal\"\nsummary = { zh = \"\", en = \"\" }\nmatters = [\"GA-HJ-001\", \"NOPE-1\"]\n");
        let errs: Vec<String> = load(tmp.path())
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert!(
            errs.iter().any(|e| e.contains("a.toml and")
                && e.contains("b.toml")
                && e.contains("duplicate matter code GA-HJ-001")),
            "{errs:#?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("c.toml: department: matter GA-HJ-002: unknown department XX")),
            "{errs:#?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("x.toml: matters: bundle B-1: unknown matter NOPE-1")),
            "{errs:#?}"
        );
    }

    #[test]
    fn a_misspelt_element_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "departments.toml", DEPTS);
        let matter =
            std::fs::read_to_string(shipped().join("matters/050-ga-residence-transfer.toml"))
                .unwrap();
        write(
            tmp.path(),
            "matters/a.toml",
            &matter.replace("promised_days", "promsied_days"),
        );
        let msg = load(tmp.path()).unwrap_err()[0].to_string();
        assert!(msg.contains("unknown field `promsied_days`"), "{msg}");
    }
}
