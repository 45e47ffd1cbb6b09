//! 电子监察's view model: open work by department and matter.

use domain::supervision::WatchCounts;
use domain::Localized;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentWatchView {
    pub name: Localized,
    pub tasks: WatchCounts,
    pub extended: u64,
    pub follow_ups: WatchCounts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatterWatchView {
    pub name: Localized,
    pub applications: WatchCounts,
    pub at_front_desk: u64,
    pub at_issuing: u64,
}

/// An application past its deemed-acceptance day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastDeemedLine {
    pub number: String,
    pub number_display: String,
    pub matters: String,
    pub waiting_since: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupervisionView {
    pub me: super::StaffHeader,
    /// A department head's departments (none: the whole hall).
    pub scope: Option<Localized>,
    /// When the open work was counted (hall time, to the minute).
    pub as_of: String,
    pub tasks: WatchCounts,
    pub departments: Vec<DepartmentWatchView>,
    /// Matters with open applications.
    pub matters: Vec<MatterWatchView>,
    pub past_deemed: Vec<PastDeemedLine>,
    pub past_deemed_count: u64,
    /// 取号叫号 today, per category (the hall's supervisor only).
    #[serde(default)]
    pub queue: Vec<super::QueueDayRow>,
}
