//! 电子监察: how the supervision desk sorts open work by its time limit —
//! yellow when at most two working days are left, red once past, and
//! apart while the clock stands still (a correction or special step).

use crate::WorkingDayCalendar;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Yellow from this many working days left.
pub const DUE_SOON_WORKING_DAYS: u32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Watch {
    OnTime,
    /// 黄牌: at most [`DUE_SOON_WORKING_DAYS`] working days left.
    DueSoon,
    /// 红牌: past its due day.
    Overdue,
    /// The clock stands still.
    Paused,
}

/// Where work due on `due` (None: the clock stands still) stands `today`.
pub fn watch(due: Option<NaiveDate>, today: NaiveDate, calendar: &WorkingDayCalendar) -> Watch {
    match due {
        None => Watch::Paused,
        Some(due) if today > due => Watch::Overdue,
        Some(due) if calendar.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS => {
            Watch::DueSoon
        }
        Some(_) => Watch::OnTime,
    }
}

/// Open work of one department or matter, by where it stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchCounts {
    pub open: u64,
    pub due_soon: u64,
    pub overdue: u64,
    pub paused: u64,
}

impl WatchCounts {
    pub fn add(&mut self, w: Watch, n: u64) {
        self.open += n;
        match w {
            Watch::OnTime => {}
            Watch::DueSoon => self.due_soon += n,
            Watch::Overdue => self.overdue += n,
            Watch::Paused => self.paused += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn yellow_two_working_days_ahead_red_once_past() {
        let cal = WorkingDayCalendar::weekends_only();
        // Thursday 2026-12-10.
        let today = d("2026-12-10");
        assert_eq!(watch(Some(d("2026-12-10")), today, &cal), Watch::DueSoon);
        assert_eq!(watch(Some(d("2026-12-11")), today, &cal), Watch::DueSoon);
        // Monday: Friday and Monday left — still yellow over the weekend.
        assert_eq!(watch(Some(d("2026-12-14")), today, &cal), Watch::DueSoon);
        assert_eq!(watch(Some(d("2026-12-15")), today, &cal), Watch::OnTime);
        assert_eq!(watch(Some(d("2026-12-09")), today, &cal), Watch::Overdue);
        assert_eq!(watch(None, today, &cal), Watch::Paused);
    }

    #[test]
    fn counts_add_up() {
        let mut c = WatchCounts::default();
        c.add(Watch::OnTime, 3);
        c.add(Watch::DueSoon, 2);
        c.add(Watch::Overdue, 1);
        c.add(Watch::Paused, 4);
        assert_eq!(
            c,
            WatchCounts {
                open: 10,
                due_soon: 2,
                overdue: 1,
                paused: 4
            }
        );
    }
}
