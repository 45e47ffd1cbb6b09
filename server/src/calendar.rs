//! Loads the working-day calendar: one file per year (`calendar/2026.toml`)
//! with the State Council's public holidays and make-up working days.
//! Checked at start-up like the catalog; every problem names its file and
//! entry. A year without a file counts weekends only (`covers` is false
//! there and staff screens say so).

use crate::catalog::{parse, toml_files, CatalogProblem};
use chrono::{Datelike, NaiveDate, Weekday};
use domain::{CalendarYear, WorkingDayCalendar};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: i32,
    /// The notice the dates come from.
    notice: String,
    #[serde(default)]
    holidays: Vec<HolidayEntry>,
    #[serde(default)]
    makeup_workdays: Vec<MakeupEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    name: String,
    from: String,
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MakeupEntry {
    name: String,
    date: String,
}

/// The longest run of days off one notice gives for one holiday.
const LONGEST_HOLIDAY: i64 = 15;

fn check_year(path: &Path, file: YearFile, problems: &mut Vec<CatalogProblem>) -> CalendarYear {
    let mut problem = |message: String| {
        problems.push(CatalogProblem {
            file: path.to_owned(),
            message,
        })
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem != file.year.to_string() {
        problem(format!(
            "year = {} but the file is named {stem}.toml",
            file.year
        ));
    }
    if file.notice.trim().is_empty() {
        problem("notice: name the State Council notice the dates come from".into());
    }
    let date = |what: &str, s: &str, problem: &mut dyn FnMut(String)| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| problem(format!("{what}: {s:?} is not a date (YYYY-MM-DD)")))
            .ok()
    };
    // Each day off, with the holiday that gives it (to name both entries of a clash).
    let mut days_off: BTreeMap<NaiveDate, String> = BTreeMap::new();
    for h in &file.holidays {
        let what = format!("holiday {:?}", h.name);
        let (Some(from), Some(to)) = (
            date(&what, &h.from, &mut problem),
            date(&what, &h.to, &mut problem),
        ) else {
            continue;
        };
        let length = (to - from).num_days() + 1;
        if !(1..=LONGEST_HOLIDAY).contains(&length) {
            problem(format!(
                "{what}: from {from} to {to} is not a run of 1 to {LONGEST_HOLIDAY} days"
            ));
            continue;
        }
        if from.year() != file.year && to.year() != file.year {
            problem(format!("{what}: {from} to {to} is not in {}", file.year));
        }
        for day in from.iter_days().take(length as usize) {
            if let Some(other) = days_off.insert(day, h.name.clone()) {
                problem(format!(
                    "{what}: {day} is already a day off of holiday {other:?}"
                ));
            }
        }
    }
    let mut makeup = Vec::new();
    for m in &file.makeup_workdays {
        let what = format!("make-up working day {:?}", m.name);
        let Some(day) = date(&what, &m.date, &mut problem) else {
            continue;
        };
        if day.year() != file.year {
            problem(format!("{what}: {day} is not in {}", file.year));
        }
        if let Some(holiday) = days_off.get(&day) {
            problem(format!(
                "{what}: {day} is also a day off of holiday {holiday:?}"
            ));
        }
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            problem(format!(
                "{what}: {day} is a {:?}; make-up days are weekend days",
                day.weekday()
            ));
        }
        makeup.push(day);
    }
    CalendarYear {
        year: file.year,
        holidays: days_off.into_keys().collect(),
        makeup_workdays: makeup,
    }
}

/// Loads and checks every year file in `dir`, reporting every problem:
/// unreadable files, bad dates, a day both off and worked, and a year
/// missing between two that are there.
pub fn load(dir: &Path) -> Result<WorkingDayCalendar, Vec<CatalogProblem>> {
    let mut problems = Vec::new();
    let files: Vec<PathBuf> = toml_files(dir, &mut problems, true);
    if files.is_empty() && problems.is_empty() {
        problems.push(CatalogProblem {
            file: dir.to_owned(),
            message: "no year files (e.g. 2026.toml)".into(),
        });
    }
    let mut years = Vec::new();
    for path in files {
        match parse::<YearFile>(&path) {
            Ok(file) => years.push(check_year(&path, file, &mut problems)),
            Err(p) => problems.push(p),
        }
    }
    years.sort_by_key(|y| y.year);
    for pair in years.windows(2) {
        if pair[1].year == pair[0].year {
            problems.push(CatalogProblem {
                file: dir.to_owned(),
                message: format!("year {} is given twice", pair[0].year),
            });
        }
        for missing in pair[0].year + 1..pair[1].year {
            problems.push(CatalogProblem {
                file: dir.join(format!("{missing}.toml")),
                message: format!(
                    "missing: {} and {} are there, {missing} is not",
                    pair[0].year, pair[1].year
                ),
            });
        }
    }
    if problems.is_empty() {
        Ok(WorkingDayCalendar::from_years(years))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    fn messages(r: Result<WorkingDayCalendar, Vec<CatalogProblem>>) -> Vec<String> {
        r.expect_err("problems")
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn the_shipped_calendar_loads_and_matches_the_notices() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../calendar");
        let cal = load(&dir).unwrap();
        assert!(cal.years().eq([2025, 2026]));
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(!cal.is_working_day(d(2026, 2, 23)));
        assert!(cal.is_working_day(d(2026, 2, 28)));
        assert!(cal.is_working_day(d(2025, 10, 11)));
        assert!(!cal.is_working_day(d(2025, 10, 8)));
        assert_eq!(cal.add_working_days(d(2026, 2, 12), 20), d(2026, 3, 18));
    }

    #[test]
    fn every_problem_names_its_file_and_entry() {
        let dir = dir_with(&[
            (
                "2025.toml",
                r#"year = 2025
notice = "n"
[[holidays]]
name = "春节"
from = "2025-01-28"
to = "2025-02-30"
[[makeup_workdays]]
name = "调休"
date = "2025-01-29"
"#,
            ),
            (
                "2026.toml",
                r#"year = 2026
notice = "n"
[[holidays]]
name = "国庆节"
from = "2026-10-01"
to = "2026-10-07"
[[makeup_workdays]]
name = "国庆节调休"
date = "2026-10-03"
[[makeup_workdays]]
name = "错日"
date = "2026-10-09"
"#,
            ),
            ("2028.toml", "year = 2027\nnotice = \"n\"\n"),
        ]);
        let all = messages(load(dir.path())).join("\n");
        for expected in [
            "2025.toml: holiday \"春节\": \"2025-02-30\" is not a date",
            "2025.toml: make-up working day \"调休\": 2025-01-29 is a Wed; make-up days are weekend days",
            "2026.toml: make-up working day \"国庆节调休\": 2026-10-03 is also a day off of holiday \"国庆节\"",
            "2026.toml: make-up working day \"错日\": 2026-10-09 is a Fri",
            "2028.toml: year = 2027 but the file is named 2028.toml",
        ] {
            assert!(all.contains(expected), "{expected}\n--- got:\n{all}");
        }
    }

    #[test]
    fn a_year_missing_between_two_is_named() {
        let year = |y: i32| format!("year = {y}\nnotice = \"n\"\n");
        let dir = dir_with(&[("2025.toml", &year(2025)), ("2027.toml", &year(2027))]);
        let all = messages(load(dir.path())).join("\n");
        assert!(
            all.contains("2026.toml: missing: 2025 and 2027 are there, 2026 is not"),
            "{all}"
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(messages(load(empty.path()))[0].contains("no year files"));
    }
}
