//! 每月通报's view model: the month's figures per matter and for the
//! hall, the work per desk and staff member, 容缺 commitments, the
//! ratings, and two charts drawn on the server.

use domain::period::{FinishedFilter, WorkDesk};
use domain::Localized;
use serde::{Deserialize, Serialize};

/// One line of figures: a matter, or the hall as a whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodFiguresView {
    /// Matter code (empty: the hall).
    pub code: String,
    pub name: Localized,
    pub department: Option<Localized>,
    /// Promised and legal working days (none for the hall).
    pub promised_days: Option<u16>,
    pub legal_days: Option<u16>,
    pub finished: u64,
    pub median_days: Option<u32>,
    pub p90_days: Option<u32>,
    /// Shares as `87.5%`; none when nothing finished.
    pub within_promise: Option<String>,
    pub late: u64,
    pub within_legal: Option<String>,
    pub over_legal: u64,
    pub one_visit: Option<String>,
    pub repeat_visits: u64,
    /// The 80% target is met (none: nothing finished).
    pub one_visit_met: Option<bool>,
    pub online: Option<String>,
    pub online_count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffWorkView {
    pub desk: WorkDesk,
    /// The account's name, and the name it shows.
    pub staff: String,
    pub display_name: String,
    pub done: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyReportView {
    pub me: super::StaffHeader,
    /// A department head's departments (none: the whole hall).
    pub scope: Option<Localized>,
    pub month: String,
    pub previous: String,
    pub next: String,
    pub hall: PeriodFiguresView,
    pub matters: Vec<PeriodFiguresView>,
    pub desks: Vec<(WorkDesk, u64)>,
    pub staff: Vec<StaffWorkView>,
    /// 容缺 commitments kept and broken (the hall's view only).
    pub deferred: Option<(u64, u64)>,
    pub ratings: super::SatisfactionView,
    /// SVG in each language, drawn on the server (none: nothing
    /// finished); the tables hold the same figures.
    pub one_visit_chart: Option<Localized>,
    pub days_chart: Option<Localized>,
}

/// A finished service in a drill-down list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FinishedLine {
    pub number: String,
    pub number_display: String,
    pub matter: Localized,
    pub finished_on: String,
    pub working_days: u32,
    pub within_promise: bool,
    pub within_legal: bool,
    pub trips: u32,
    pub online: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FinishedListView {
    pub me: super::StaffHeader,
    pub month: String,
    /// The matter (none: the whole hall).
    pub matter: Option<Localized>,
    pub filter: FinishedFilter,
    pub lines: Vec<FinishedLine>,
    pub total: u64,
}
