//! Deadline states of 1,000,000 open review tasks on the shipped 2025 and
//! 2026 holiday calendar: what every reviewer's and supervisor's list asks.
//! Run: `cargo bench -p domain --bench deadlines`. Target: ≤ 1 s for all.
//! `-- --smoke`: 10,000 tasks (the test command's check that this still
//! runs; its figures mean nothing).

use chrono::NaiveDate;
use domain::calendar::{CalendarYear, WorkingDayCalendar};
use domain::deadline::Deadline;
use std::time::Instant;

#[derive(serde::Deserialize)]
struct Range {
    from: NaiveDate,
    to: NaiveDate,
}

#[derive(serde::Deserialize)]
struct Day {
    date: NaiveDate,
}

#[derive(serde::Deserialize)]
struct Year {
    year: i32,
    holidays: Vec<Range>,
    makeup_workdays: Vec<Day>,
}

fn shipped_calendar() -> WorkingDayCalendar {
    let years = [
        include_str!("../../calendar/2025.toml"),
        include_str!("../../calendar/2026.toml"),
    ]
    .iter()
    .map(|text| {
        let y: Year = toml::from_str(text).expect("calendar file");
        CalendarYear {
            year: y.year,
            holidays: y
                .holidays
                .iter()
                .flat_map(|r| r.from.iter_days().take_while(move |d| *d <= r.to))
                .collect(),
            makeup_workdays: y.makeup_workdays.iter().map(|d| d.date).collect(),
        }
    });
    WorkingDayCalendar::from_years(years)
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let n = if smoke { 10_000 } else { 1_000_000 };
    let calendar = shipped_calendar();
    let first = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 2, 12).unwrap();
    // Started over the last five months (across National Day and up to the
    // Spring Festival), 3–60 working days, one in three paused once and
    // one in ten still paused.
    let tasks: Vec<Deadline> = (0..n)
        .map(|i| {
            let started = first + chrono::Duration::days((i % 160) as i64);
            let mut d = Deadline::start(started, 3 + (i % 58) as u32);
            if i % 3 == 0 {
                let from = started + chrono::Duration::days(2);
                d.pause(from).unwrap();
                if i % 10 != 0 {
                    d.resume(from + chrono::Duration::days((i % 9) as i64))
                        .unwrap();
                }
            }
            d
        })
        .collect();
    let mut rounds = Vec::new();
    for _ in 0..if smoke { 1 } else { 5 } {
        let start = Instant::now();
        let mut overdue = 0usize;
        for d in &tasks {
            if let domain::deadline::DeadlineState::Overdue { .. } = d.state(today, &calendar) {
                overdue += 1;
            }
        }
        rounds.push(start.elapsed());
        std::hint::black_box(overdue);
    }
    rounds.sort();
    println!(
        "deadline states of {n} tasks: best {:.0} ms, median {:.0} ms, worst {:.0} ms (target ≤ 1000 ms)",
        rounds[0].as_secs_f64() * 1000.0,
        rounds[rounds.len() / 2].as_secs_f64() * 1000.0,
        rounds[rounds.len() - 1].as_secs_f64() * 1000.0,
    );
}
