//! 电子监察 over a period: what the hall finished in a month against its
//! promises — working days taken against promised and legal days, the
//! one-visit share against the 80% target (000 二), the online share —
//! and the work each desk and staff member did. Figures are counted per
//! matter of an application (a life event's three matters are three
//! services), the way 办件量 is counted.

use crate::{ApplicationNumber, DepartmentCode, MatterCode, WorkingDayCalendar};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// 一次办结率 target: at most one visit, per mille (80%).
pub const ONE_VISIT_TARGET_PER_MILLE: u64 = 800;

/// A calendar month at the hall (the report's period).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month a hall date falls in.
    pub fn of(day: NaiveDate) -> Self {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// `YYYY-MM`, years 2000 to 2999 (what a report can ask for).
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        ((2000..3000).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                month: self.month + 1,
                ..self
            }
        }
    }

    pub fn previous(self) -> Self {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                month: self.month - 1,
                ..self
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One matter of an application, finished (handed over or posted): how
/// long it took and how it was done. Kept once, when it finishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishedService {
    pub number: ApplicationNumber,
    pub matter: MatterCode,
    pub department: DepartmentCode,
    pub month: Month,
    pub finished_on: NaiveDate,
    /// Working days from the day it was filed to the day its result was
    /// issued (waiting at the window for the applicant does not count).
    pub working_days: u32,
    /// The result was issued by the promised day.
    pub within_promise: bool,
    /// ... and within the legal limit counted the same way.
    pub within_legal: bool,
    /// 跑动: times the applicant came in person.
    pub trips: u32,
    /// The matter's visit promise (0 or 1) was kept.
    pub kept_visit_promise: bool,
    /// Filed from the applicant's own phone or computer.
    pub online: bool,
}

/// What a finished application's matters are measured against.
#[derive(Clone, Copy, Debug)]
pub struct Finishing {
    pub filed_on: NaiveDate,
    pub issued_on: NaiveDate,
    pub promised_by: NaiveDate,
    pub finished_on: NaiveDate,
    pub trips: u32,
    pub online: bool,
}

impl FinishedService {
    /// `matter` with its promise: legal days and the visits it promises.
    pub fn new(
        number: &ApplicationNumber,
        matter: &crate::Matter,
        f: Finishing,
        calendar: &WorkingDayCalendar,
    ) -> Self {
        let working_days = calendar.working_days_between(f.filed_on, f.issued_on);
        FinishedService {
            number: number.clone(),
            matter: matter.code.clone(),
            department: matter.department.clone(),
            month: Month::of(f.finished_on),
            finished_on: f.finished_on,
            working_days,
            within_promise: f.issued_on <= f.promised_by,
            within_legal: working_days <= u32::from(matter.legal_days),
            trips: f.trips,
            kept_visit_promise: crate::trip::kept_promise(f.trips, u8::from(matter.visits)),
            online: f.online,
        }
    }

    pub fn one_visit(&self) -> bool {
        self.trips <= 1
    }
}

/// Per mille, rounded down; 0 of 0 is none.
pub fn per_mille(part: u64, whole: u64) -> Option<u64> {
    (whole > 0).then(|| part * 1000 / whole)
}

/// A matter's (or the hall's) finished services in a month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFigures {
    pub finished: u64,
    pub within_promise: u64,
    pub within_legal: u64,
    pub one_visit: u64,
    pub kept_visit_promise: u64,
    pub online: u64,
    /// How many took each number of working days.
    pub days: BTreeMap<u32, u64>,
}

impl ServiceFigures {
    pub fn add(&mut self, other: &ServiceFigures) {
        self.finished += other.finished;
        self.within_promise += other.within_promise;
        self.within_legal += other.within_legal;
        self.one_visit += other.one_visit;
        self.kept_visit_promise += other.kept_visit_promise;
        self.online += other.online;
        for (d, n) in &other.days {
            *self.days.entry(*d).or_default() += n;
        }
    }

    /// The working days the `q`-th per mille took (nearest rank): the
    /// median is 500, p90 is 900. None when nothing finished.
    pub fn days_at(&self, q: u64) -> Option<u32> {
        let total: u64 = self.days.values().sum();
        if total == 0 {
            return None;
        }
        // Nearest rank: the smallest value with at least q‰ at or below it.
        let rank = (total * q).div_ceil(1000).max(1);
        let mut seen = 0;
        self.days.iter().find_map(|(d, n)| {
            seen += n;
            (seen >= rank).then_some(*d)
        })
    }

    pub fn median_days(&self) -> Option<u32> {
        self.days_at(500)
    }

    pub fn p90_days(&self) -> Option<u32> {
        self.days_at(900)
    }

    pub fn one_visit_meets_target(&self) -> Option<bool> {
        per_mille(self.one_visit, self.finished).map(|p| p >= ONE_VISIT_TARGET_PER_MILLE)
    }
}

/// The list behind a figure: the services that pulled a share down (or,
/// for online, made it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishedFilter {
    All,
    /// Issued after the promised day.
    Late,
    /// Took longer than the legal limit.
    OverLegal,
    /// More than one visit.
    RepeatVisits,
    /// Filed online.
    Online,
}

impl FinishedFilter {
    pub const ALL: [FinishedFilter; 5] = [
        FinishedFilter::All,
        FinishedFilter::Late,
        FinishedFilter::OverLegal,
        FinishedFilter::RepeatVisits,
        FinishedFilter::Online,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FinishedFilter::All => "all",
            FinishedFilter::Late => "late",
            FinishedFilter::OverLegal => "over_legal",
            FinishedFilter::RepeatVisits => "repeat_visits",
            FinishedFilter::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn keeps(self, f: &FinishedService) -> bool {
        match self {
            FinishedFilter::All => true,
            FinishedFilter::Late => !f.within_promise,
            FinishedFilter::OverLegal => !f.within_legal,
            FinishedFilter::RepeatVisits => !f.one_visit(),
            FinishedFilter::Online => f.online,
        }
    }

    /// How many of `figures` this filter keeps: the rollups answer what a
    /// count of the rows would.
    pub fn count_in(self, figures: &ServiceFigures) -> u64 {
        let not = |part: u64| figures.finished.saturating_sub(part);
        match self {
            FinishedFilter::All => figures.finished,
            FinishedFilter::Late => not(figures.within_promise),
            FinishedFilter::OverLegal => not(figures.within_legal),
            FinishedFilter::RepeatVisits => not(figures.one_visit),
            FinishedFilter::Online => figures.online,
        }
    }
}

/// Which desk an audited action was work at, for throughput; None for
/// reads and bookkeeping (views, sign-ins, pairing a screen).
pub fn work_desk(action: &str) -> Option<WorkDesk> {
    Some(match action {
        "accept"
        | "accept_with_deficiency"
        | "return_for_correction"
        | "refuse"
        | "withdraw"
        | "ask_corrections_in_review"
        | "resume_review"
        | "deferred_materials_received" => WorkDesk::FrontDesk,
        "review_start"
        | "review_approve"
        | "review_reject"
        | "review_start_special_step"
        | "review_end_special_step"
        | "review_ask_correction"
        | "extend_deadline" => WorkDesk::Review,
        "issue" | "hand_over" | "mail" => WorkDesk::Issuing,
        "terminate" => WorkDesk::System,
        _ => return None,
    })
}

/// The desks whose work is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkDesk {
    FrontDesk,
    Review,
    Issuing,
    /// The hall itself (a 容缺 commitment ended as broken).
    System,
}

impl WorkDesk {
    pub const ALL: [WorkDesk; 4] = [
        WorkDesk::FrontDesk,
        WorkDesk::Review,
        WorkDesk::Issuing,
        WorkDesk::System,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkDesk::FrontDesk => "front_desk",
            WorkDesk::Review => "review",
            WorkDesk::Issuing => "issuing",
            WorkDesk::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// 容缺 commitments that ended in the month: kept (the deferred materials
/// came) or broken (the application was terminated).
pub const DEFERRED_KEPT_ACTION: &str = "deferred_materials_received";
pub const DEFERRED_BROKEN_ACTION: &str = "terminate";

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(days: &[(u32, u64)]) -> ServiceFigures {
        ServiceFigures {
            finished: days.iter().map(|(_, n)| n).sum(),
            days: days.iter().copied().collect(),
            ..ServiceFigures::default()
        }
    }

    #[test]
    fn months_parse_strictly_and_roll_over_years() {
        let m = Month::parse("2026-12").unwrap();
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.next().previous(), m);
        assert_eq!(Month::parse("2027-01").unwrap().previous(), m);
        assert_eq!(m.first_day().to_string(), "2026-12-01");
        for bad in [
            "2026-13",
            "2026-00",
            "26-12",
            "2026-1",
            "２０２６-12",
            "2026-12-01",
            "",
            "1999-12",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Month::of(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()).to_string(),
            "2026-02"
        );
    }

    #[test]
    fn median_and_p90_are_nearest_rank() {
        assert_eq!(figures(&[]).median_days(), None);
        let f = figures(&[(1, 5), (3, 4), (10, 1)]);
        assert_eq!(f.median_days(), Some(1));
        assert_eq!(f.p90_days(), Some(3));
        assert_eq!(f.days_at(1000), Some(10));
        let one = figures(&[(7, 1)]);
        assert_eq!((one.median_days(), one.p90_days()), (Some(7), Some(7)));
        let even = figures(&[(2, 1), (4, 1)]);
        assert_eq!(even.median_days(), Some(2));
    }

    #[test]
    fn the_one_visit_target_is_eighty_percent() {
        let mut f = ServiceFigures {
            finished: 10,
            one_visit: 8,
            ..ServiceFigures::default()
        };
        assert_eq!(f.one_visit_meets_target(), Some(true));
        f.one_visit = 7;
        assert_eq!(f.one_visit_meets_target(), Some(false));
        assert_eq!(ServiceFigures::default().one_visit_meets_target(), None);
        assert_eq!(per_mille(2, 3), Some(666));
    }

    #[test]
    fn adding_figures_adds_every_count_and_histogram() {
        let mut a = figures(&[(1, 2)]);
        a.online = 1;
        let mut b = figures(&[(1, 1), (4, 3)]);
        b.one_visit = 4;
        a.add(&b);
        assert_eq!(a.finished, 6);
        assert_eq!((a.online, a.one_visit), (1, 4));
        assert_eq!(a.days, BTreeMap::from([(1, 3), (4, 3)]));
    }

    #[test]
    fn each_filter_counts_from_the_figures_what_it_keeps_of_the_rows() {
        let row = |within_promise, within_legal, trips, online| FinishedService {
            number: crate::ApplicationNumber::from_indices(
                [0; crate::application_number::PAYLOAD_LEN],
            ),
            matter: crate::MatterCode::parse("GA-HJ-001").unwrap(),
            department: crate::DepartmentCode::parse("GA").unwrap(),
            month: Month::parse("2026-12").unwrap(),
            finished_on: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            working_days: 3,
            within_promise,
            within_legal,
            trips,
            kept_visit_promise: trips <= 1,
            online,
        };
        let rows = [
            row(true, true, 0, true),
            row(false, true, 1, false),
            row(false, false, 2, false),
            row(true, true, 3, true),
        ];
        let mut figures = ServiceFigures::default();
        for r in &rows {
            figures.add(&ServiceFigures {
                finished: 1,
                within_promise: u64::from(r.within_promise),
                within_legal: u64::from(r.within_legal),
                one_visit: u64::from(r.one_visit()),
                kept_visit_promise: u64::from(r.kept_visit_promise),
                online: u64::from(r.online),
                days: [(r.working_days, 1)].into(),
            });
        }
        for filter in FinishedFilter::ALL {
            let kept = rows.iter().filter(|r| filter.keeps(r)).count() as u64;
            assert_eq!(filter.count_in(&figures), kept, "{}", filter.as_str());
        }
    }

    #[test]
    fn work_is_what_moves_an_application() {
        assert_eq!(work_desk("accept"), Some(WorkDesk::FrontDesk));
        assert_eq!(work_desk("review_approve"), Some(WorkDesk::Review));
        assert_eq!(work_desk("hand_over"), Some(WorkDesk::Issuing));
        assert_eq!(work_desk(DEFERRED_BROKEN_ACTION), Some(WorkDesk::System));
        assert_eq!(work_desk(DEFERRED_KEPT_ACTION), Some(WorkDesk::FrontDesk));
        for read in [
            "view_supervision",
            "view_personal_data",
            "sign_in",
            "window_paired",
        ] {
            assert_eq!(work_desk(read), None);
        }
        for d in WorkDesk::ALL {
            assert_eq!(WorkDesk::parse(d.as_str()), Some(d));
        }
    }
}
