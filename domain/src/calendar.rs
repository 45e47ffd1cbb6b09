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

/// One year of the State Council's notice: its public holidays (放假) and
/// the weekend days worked instead (调休上班).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarYear {
    pub year: i32,
    pub holidays: Vec<NaiveDate>,
    pub makeup_workdays: Vec<NaiveDate>,
}

/// Working days: Monday to Friday, minus public holidays, plus make-up
/// working days, for the years it has data for; other years count
/// weekends only (`covers` says which).
#[derive(Clone, Debug, Default)]
pub struct WorkingDayCalendar {
    holidays: BTreeSet<NaiveDate>,
    makeup_workdays: BTreeSet<NaiveDate>,
    years: BTreeSet<i32>,
    /// Working days counted once for [`TABLE_FROM`] ..= [`TABLE_TO`]:
    /// `counted[i]` is how many of the days up to `TABLE_FROM + i` work.
    /// Deadlines are reckoned millions of times (every open task's state on
    /// every list); with it each is a subtraction and a binary search
    /// instead of a walk day by day. Outside it, the walk.
    counted: Vec<u32>,
}

const TABLE_FROM: (i32, u32, u32) = (1990, 1, 1);
const TABLE_TO: (i32, u32, u32) = (2110, 12, 31);

fn table_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(TABLE_FROM.0, TABLE_FROM.1, TABLE_FROM.2).unwrap_or(NaiveDate::MIN)
}

impl WorkingDayCalendar {
    /// Weekends off, no holidays, no year covered.
    pub fn weekends_only() -> Self {
        Self::default().counting()
    }

    fn counting(mut self) -> Self {
        let to =
            NaiveDate::from_ymd_opt(TABLE_TO.0, TABLE_TO.1, TABLE_TO.2).unwrap_or(NaiveDate::MIN);
        let mut n = 0;
        self.counted = table_from()
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|d| {
                n += u32::from(self.is_working_day(d));
                n
            })
            .collect();
        self
    }

    /// `day`'s place in the table, if it is in it.
    fn index(&self, day: NaiveDate) -> Option<usize> {
        let i = usize::try_from(day.signed_duration_since(table_from()).num_days()).ok()?;
        (i < self.counted.len()).then_some(i)
    }

    /// From the yearly notices (checked by the loader: no day both a
    /// holiday and a make-up day).
    pub fn from_years(years: impl IntoIterator<Item = CalendarYear>) -> Self {
        let mut cal = Self::default();
        for y in years {
            cal.years.insert(y.year);
            cal.holidays.extend(y.holidays);
            cal.makeup_workdays.extend(y.makeup_workdays);
        }
        cal.counting()
    }

    /// The years with data, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Whether `day`'s year has holiday data (else it counts weekends only).
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.years.contains(&day.year())
    }

    /// Whether every year from `start` to `end` has data.
    pub fn covers_span(&self, start: NaiveDate, end: NaiveDate) -> bool {
        (start.year().min(end.year())..=start.year().max(end.year()))
            .all(|y| self.years.contains(&y))
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
        if let Some(i) = self.index(start) {
            let target = self.counted[i] + days;
            let after = &self.counted[i + 1..];
            let j = after.partition_point(|&n| n < target);
            if days > 0 && j < after.len() {
                return start + Days::new(j as u64 + 1);
            }
            if days == 0 {
                return start;
            }
        }
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

    /// Working days after `start` up to and including `end` (0 when `end`
    /// is not after `start`): the inverse of [`Self::add_working_days`].
    pub fn working_days_between(&self, start: NaiveDate, end: NaiveDate) -> u32 {
        if end <= start {
            return 0;
        }
        if let (Some(a), Some(b)) = (self.index(start), self.index(end)) {
            return self.counted[b] - self.counted[a];
        }
        start
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= end)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
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

    /// The State Council's notices for 2025 and 2026 (the shipped
    /// `calendar/` files say the same; the server's loader is tested on them).
    fn real() -> WorkingDayCalendar {
        let range = |from: NaiveDate, to: NaiveDate| -> Vec<NaiveDate> {
            from.iter_days().take_while(|x| *x <= to).collect()
        };
        let mut y2025 = vec![d(2025, 1, 1)];
        y2025.extend(range(d(2025, 1, 28), d(2025, 2, 4)));
        y2025.extend(range(d(2025, 4, 4), d(2025, 4, 6)));
        y2025.extend(range(d(2025, 5, 1), d(2025, 5, 5)));
        y2025.extend(range(d(2025, 5, 31), d(2025, 6, 2)));
        y2025.extend(range(d(2025, 10, 1), d(2025, 10, 8)));
        let mut y2026 = range(d(2026, 1, 1), d(2026, 1, 3));
        y2026.extend(range(d(2026, 2, 15), d(2026, 2, 23)));
        y2026.extend(range(d(2026, 4, 4), d(2026, 4, 6)));
        y2026.extend(range(d(2026, 5, 1), d(2026, 5, 5)));
        y2026.extend(range(d(2026, 6, 19), d(2026, 6, 21)));
        y2026.extend(range(d(2026, 9, 25), d(2026, 9, 27)));
        y2026.extend(range(d(2026, 10, 1), d(2026, 10, 7)));
        WorkingDayCalendar::from_years([
            CalendarYear {
                year: 2025,
                holidays: y2025,
                makeup_workdays: vec![
                    d(2025, 1, 26),
                    d(2025, 2, 8),
                    d(2025, 4, 27),
                    d(2025, 9, 28),
                    d(2025, 10, 11),
                ],
            },
            CalendarYear {
                year: 2026,
                holidays: y2026,
                makeup_workdays: vec![
                    d(2026, 1, 4),
                    d(2026, 2, 14),
                    d(2026, 2, 28),
                    d(2026, 5, 9),
                    d(2026, 9, 20),
                    d(2026, 10, 10),
                ],
            },
        ])
    }

    #[test]
    fn national_day_2025_and_its_make_up_weekends() {
        let cal = real();
        // Sunday Sep 28 and Saturday Oct 11 are worked; Oct 1–8 are not.
        assert!(cal.is_working_day(d(2025, 9, 28)));
        assert!(!cal.is_working_day(d(2025, 10, 8)));
        assert!(cal.is_working_day(d(2025, 10, 11)));
        // Fri Sep 26 + 1 = Sun Sep 28 (make-up); Sep 29, 30; then Thu Oct 9.
        assert_eq!(cal.add_working_days(d(2025, 9, 26), 1), d(2025, 9, 28));
        assert_eq!(cal.add_working_days(d(2025, 9, 26), 3), d(2025, 9, 30));
        assert_eq!(cal.add_working_days(d(2025, 9, 26), 4), d(2025, 10, 9));
        // Received on Oct 2 (a holiday): Oct 9, 10, 11 (Saturday worked),
        // 13, 14 — deemed accepted on Tue Oct 14.
        assert_eq!(cal.add_working_days(d(2025, 10, 2), 5), d(2025, 10, 14));
    }

    #[test]
    fn spring_festival_2026() {
        let cal = real();
        // Saturday Feb 14 is worked, Feb 15–23 are not, Saturday Feb 28 is worked.
        assert!(cal.is_working_day(d(2026, 2, 14)));
        assert!(!cal.is_working_day(d(2026, 2, 23)));
        assert!(cal.is_working_day(d(2026, 2, 28)));
        assert_eq!(cal.add_working_days(d(2026, 2, 13), 1), d(2026, 2, 14));
        assert_eq!(cal.add_working_days(d(2026, 2, 13), 2), d(2026, 2, 24));
        // A 20-working-day limit from Feb 12 runs to Mar 18 (nine days of
        // holiday, two Saturdays worked); weekends only would say Mar 12.
        assert_eq!(cal.add_working_days(d(2026, 2, 12), 20), d(2026, 3, 18));
        assert_eq!(cal.working_days_between(d(2026, 2, 12), d(2026, 3, 18)), 20);
        let weekends = WorkingDayCalendar::weekends_only();
        assert_eq!(
            weekends.add_working_days(d(2026, 2, 12), 20),
            d(2026, 3, 12)
        );
    }

    #[test]
    fn years_without_data_count_weekends_only_and_say_so() {
        let cal = real();
        assert!(cal.covers(d(2026, 12, 31)));
        assert!(!cal.covers(d(2027, 1, 1)));
        assert!(!cal.covers_span(d(2026, 12, 20), d(2027, 1, 10)));
        assert!(cal.covers_span(d(2025, 12, 20), d(2026, 1, 10)));
        // 2027's New Year is unknown: Jan 1, 2027 (a Friday) counts as worked.
        assert!(cal.is_working_day(d(2027, 1, 1)));
    }

    proptest::proptest! {
        #[test]
        fn adding_then_counting_back_is_the_identity(
            offset in 0u32..900,
            days in 0u32..60,
        ) {
            let cal = real();
            let start = d(2025, 1, 1) + chrono::Duration::days(i64::from(offset));
            let end = cal.add_working_days(start, days);
            proptest::prop_assert_eq!(cal.working_days_between(start, end), days);
            proptest::prop_assert!(days == 0 || cal.is_working_day(end));
            proptest::prop_assert!(cal.add_working_days(start, days + 1) > end);
        }
    }

    /// The table's answers against a walk day by day, including dates at
    /// and beyond its ends.
    #[test]
    fn the_counted_table_agrees_with_walking_day_by_day() {
        let cal = real();
        let walk_add = |start: NaiveDate, days: u32| {
            let mut day = start;
            let mut left = days;
            while left > 0 {
                day = day.succ_opt().unwrap();
                if cal.is_working_day(day) {
                    left -= 1;
                }
            }
            day
        };
        let walk_between = |start: NaiveDate, end: NaiveDate| {
            start
                .iter_days()
                .skip(1)
                .take_while(|x| *x <= end)
                .filter(|x| cal.is_working_day(*x))
                .count() as u32
        };
        let starts = [
            d(1989, 12, 20),
            d(1990, 1, 1),
            d(2025, 9, 26),
            d(2026, 2, 13),
            d(2026, 12, 30),
            d(2110, 12, 20),
            d(2110, 12, 31),
            d(2111, 1, 3),
        ];
        for start in starts {
            for days in [0, 1, 2, 5, 10, 30] {
                let end = cal.add_working_days(start, days);
                assert_eq!(end, walk_add(start, days), "{start} + {days}");
                assert_eq!(
                    cal.working_days_between(start, end),
                    walk_between(start, end),
                    "{start}..{end}"
                );
            }
        }
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
