//! 限时办结: deadlines counted in working days.
//!
//! Weekends are days off except make-up working days (调休上班); public
//! holidays are days off even on weekdays. The holiday table itself is data
//! (loaded from configuration), not code.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// Plain arithmetic rather than chrono, so the browser's copy stays small.
pub fn is_valid_ymd(y: i32, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// A calendar day without chrono (the browser's copy of the validators
/// stays small): ordered by year, month, day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDay {
    year: i32,
    month: u32,
    day: u32,
}

impl CalendarDay {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        is_valid_ymd(year, month, day).then_some(Self { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Self::new(
            s[..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..].parse().ok()?,
        )
    }
}

impl std::fmt::Display for CalendarDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl From<NaiveDate> for CalendarDay {
    fn from(d: NaiveDate) -> Self {
        Self {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct WorkingDayCalendar {
    holidays: BTreeSet<NaiveDate>,
    makeup_workdays: BTreeSet<NaiveDate>,
}

impl WorkingDayCalendar {
    /// Weekends off, no holidays.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    pub fn new(
        holidays: impl IntoIterator<Item = NaiveDate>,
        makeup_workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        Self {
            holidays: holidays.into_iter().collect(),
            makeup_workdays: makeup_workdays.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.makeup_workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains(&day) {
            return false;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The day by which something started on `start` must be done when it
    /// has `days` working days: counting begins the next working day, as
    /// the promise "3 working days" is read at a service window.
    pub fn add_working_days(&self, start: NaiveDate, days: u32) -> NaiveDate {
        let mut day = start;
        let mut left = days;
        while left > 0 {
            day = day.checked_add_days(Days::new(1)).unwrap_or(day);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekends_are_skipped() {
        let cal = WorkingDayCalendar::weekends_only();
        // Tuesday 2026-11-24 + 3 working days = Friday 27th.
        assert_eq!(cal.add_working_days(d(2026, 11, 24), 3), d(2026, 11, 27));
        // Friday + 1 = Monday.
        assert_eq!(cal.add_working_days(d(2026, 11, 27), 1), d(2026, 11, 30));
        // Submitted on a Saturday: the clock starts Monday.
        assert_eq!(cal.add_working_days(d(2026, 11, 28), 1), d(2026, 11, 30));
        assert_eq!(cal.add_working_days(d(2026, 11, 24), 0), d(2026, 11, 24));
    }

    #[test]
    fn holidays_and_makeup_days_count_as_configured() {
        // National Day 2026: Oct 1–7 off, Sunday Sep 27 and Saturday Oct 10 worked.
        let holidays = (1..=7).map(|day| d(2026, 10, day));
        let cal = WorkingDayCalendar::new(holidays, [d(2026, 9, 27), d(2026, 10, 10)]);
        assert!(cal.is_working_day(d(2026, 9, 27)));
        assert!(!cal.is_working_day(d(2026, 10, 1)));
        // Wed Sep 30 + 3: Oct 8 (Thu), Oct 9 (Fri), Oct 10 (make-up Saturday).
        assert_eq!(cal.add_working_days(d(2026, 9, 30), 3), d(2026, 10, 10));
    }

    #[test]
    fn calendar_days_parse_print_and_order() {
        let day = CalendarDay::parse("2026-11-24").unwrap();
        assert_eq!(day.to_string(), "2026-11-24");
        assert_eq!(CalendarDay::from(d(2026, 11, 24)), day);
        assert!(CalendarDay::parse("2026-02-30").is_none());
        assert!(CalendarDay::parse("2026-1-24").is_none());
        assert!(CalendarDay::new(1880, 1, 1).unwrap() < day);
        assert!(CalendarDay::new(2026, 12, 1).unwrap() > day);
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_valid_ymd(2024, 2, 29));
        assert!(!is_valid_ymd(2023, 2, 29));
        assert!(!is_valid_ymd(2023, 13, 1));
        assert!(!is_valid_ymd(1900, 2, 29));
        assert!(is_valid_ymd(2000, 2, 29));
        assert!(!is_valid_ymd(2023, 4, 31));
        assert!(!is_valid_ymd(2023, 1, 0));
    }
}
