//! 限时办结: a time limit in working days that starts at acceptance (or
//! when a 容缺 commitment is signed), stops while the applicant owes a
//! correction or a special step runs (site inspection, expert review, …
//! are not counted in the limit), and may be extended with a reason.

use crate::calendar::WorkingDayCalendar;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A stretch during which the clock stands still: from the day it stopped
/// to the day it went on (still stopped: `until` is None).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The day the clock started (acceptance).
    pub started: NaiveDate,
    /// The limit, in working days, extensions included.
    pub working_days: u32,
    pauses: Vec<Pause>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum DeadlineState {
    /// More than one working day left.
    OnTime { left: u32 },
    /// Due today or the next working day.
    DueSoon { left: u32 },
    /// Past the due day by this many working days.
    Overdue { by: u32 },
    /// The clock stands still (a correction or special step is awaited).
    Paused,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PauseError {
    #[error("the clock is already stopped")]
    AlreadyPaused,
    #[error("the clock is not stopped")]
    NotPaused,
    #[error("a pause cannot start before the clock started or end before it began")]
    OutOfOrder,
}

impl Deadline {
    pub fn start(started: NaiveDate, working_days: u32) -> Self {
        Self {
            started,
            working_days,
            pauses: Vec::new(),
        }
    }

    pub fn pauses(&self) -> &[Pause] {
        &self.pauses
    }

    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.until.is_none())
    }

    /// Stops the clock on `day` (the day itself still counts).
    pub fn pause(&mut self, day: NaiveDate) -> Result<(), PauseError> {
        if self.is_paused() {
            return Err(PauseError::AlreadyPaused);
        }
        let after = self
            .pauses
            .last()
            .and_then(|p| p.until)
            .unwrap_or(self.started);
        if day < after {
            return Err(PauseError::OutOfOrder);
        }
        self.pauses.push(Pause {
            from: day,
            until: None,
        });
        Ok(())
    }

    /// Starts the clock again on `day` (it counts from the next working day).
    pub fn resume(&mut self, day: NaiveDate) -> Result<(), PauseError> {
        let Some(open) = self.pauses.last_mut().filter(|p| p.until.is_none()) else {
            return Err(PauseError::NotPaused);
        };
        if day < open.from {
            return Err(PauseError::OutOfOrder);
        }
        open.until = Some(day);
        Ok(())
    }

    /// An extension (e.g. +10 working days, approved with a reason the
    /// caller records).
    pub fn extend(&mut self, working_days: u32) {
        self.working_days += working_days;
    }

    /// Working days the clock stood still.
    fn paused_days(&self, calendar: &WorkingDayCalendar) -> u32 {
        self.pauses
            .iter()
            .filter_map(|p| Some(calendar.working_days_between(p.from, p.until?)))
            .sum()
    }

    /// The due day, once the clock runs (None while it stands still).
    pub fn due(&self, calendar: &WorkingDayCalendar) -> Option<NaiveDate> {
        (!self.is_paused()).then(|| {
            calendar.add_working_days(self.started, self.working_days + self.paused_days(calendar))
        })
    }

    pub fn state(&self, today: NaiveDate, calendar: &WorkingDayCalendar) -> DeadlineState {
        let Some(due) = self.due(calendar) else {
            return DeadlineState::Paused;
        };
        if today > due {
            return DeadlineState::Overdue {
                by: calendar.working_days_between(due, today),
            };
        }
        match calendar.working_days_between(today, due) {
            left @ 0..=1 => DeadlineState::DueSoon { left },
            left => DeadlineState::OnTime { left },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_pause_moves_the_due_day_by_the_working_days_it_lasted() {
        let cal = WorkingDayCalendar::weekends_only();
        // Accepted Tue Nov 24, 10 working days: due Tue Dec 8.
        let mut dl = Deadline::start(d(2026, 11, 24), 10);
        assert_eq!(dl.due(&cal), Some(d(2026, 12, 8)));
        // A site inspection from Fri Nov 27 to Wed Dec 2: 3 working days.
        dl.pause(d(2026, 11, 27)).unwrap();
        assert_eq!(dl.due(&cal), None);
        assert_eq!(dl.state(d(2026, 11, 30), &cal), DeadlineState::Paused);
        assert_eq!(dl.pause(d(2026, 11, 30)), Err(PauseError::AlreadyPaused));
        dl.resume(d(2026, 12, 2)).unwrap();
        assert_eq!(dl.due(&cal), Some(d(2026, 12, 11)));
        dl.extend(10);
        assert_eq!(dl.due(&cal), Some(d(2026, 12, 25)));
        assert_eq!(dl.resume(d(2026, 12, 3)), Err(PauseError::NotPaused));
        assert_eq!(dl.pause(d(2026, 12, 1)), Err(PauseError::OutOfOrder));
    }

    #[test]
    fn states_count_working_days() {
        let cal = WorkingDayCalendar::weekends_only();
        let dl = Deadline::start(d(2026, 11, 24), 10); // due Tue Dec 8
        assert_eq!(
            dl.state(d(2026, 12, 3), &cal),
            DeadlineState::OnTime { left: 3 }
        );
        assert_eq!(
            dl.state(d(2026, 12, 7), &cal),
            DeadlineState::DueSoon { left: 1 }
        );
        assert_eq!(
            dl.state(d(2026, 12, 8), &cal),
            DeadlineState::DueSoon { left: 0 }
        );
        assert_eq!(
            dl.state(d(2026, 12, 11), &cal),
            DeadlineState::Overdue { by: 3 }
        );
    }

    proptest! {
        #[test]
        fn pausing_and_resuming_never_makes_a_deadline_earlier(
            days in 1u32..40,
            stops in proptest::collection::vec((0i64..20, 0i64..15), 0..5),
        ) {
            let cal = WorkingDayCalendar::weekends_only();
            let start = d(2026, 11, 24);
            let plain = Deadline::start(start, days).due(&cal).unwrap();
            let mut dl = Deadline::start(start, days);
            let mut day = start;
            for (gap, length) in stops {
                day += chrono::Duration::days(gap);
                dl.pause(day).unwrap();
                day += chrono::Duration::days(length);
                dl.resume(day).unwrap();
                prop_assert!(dl.due(&cal).unwrap() >= plain);
            }
        }
    }
}
