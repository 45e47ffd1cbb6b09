//! 好差评's view models: the applicant's rating forms and replies, the
//! published figures, and the follow-up desk.

use domain::rating::{FollowUpState, Indicator, Problem, Satisfaction, Touchpoint};
use domain::{ApplicationStatus, Localized};
use serde::{Deserialize, Serialize};

/// The ratings part of an application's page, for the visit that speaks
/// for the applicant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RatingsView {
    /// What may be rated now: the touchpoint, and whether it is the
    /// rating after a follow-up's reply.
    pub due: Vec<(Touchpoint, bool)>,
    pub given: Vec<GivenRating>,
    pub follow_ups: Vec<FollowUpReplyView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GivenRating {
    pub touchpoint: Touchpoint,
    pub again: bool,
    pub overall: Satisfaction,
    pub levels: Vec<(Indicator, Satisfaction)>,
    pub problems: Vec<Problem>,
    pub comment: String,
    /// Hall time, `YYYY-MM-DD HH:MM`.
    pub at: String,
}

/// A 差评's follow-up as the applicant sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpReplyView {
    pub touchpoint: Touchpoint,
    pub department: Localized,
    pub state: FollowUpState,
    pub due_on: String,
    /// Call-back, rectification, when.
    pub reply: Option<(String, String, String)>,
}

/// A matter's or a department's published figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionView {
    pub name: Localized,
    /// Where its own page is.
    pub href: String,
    /// Per level, best first.
    pub counts: Vec<(Satisfaction, u64)>,
    pub ratings: u64,
    /// 满意率, `87.5%` (none: nobody rated yet).
    pub satisfied: Option<String>,
    pub follow_ups: u64,
    pub replied: u64,
    pub replied_on_time: u64,
    /// 回访率 and 按时整改率 (none: no follow-up yet).
    pub follow_up_rate: Option<String>,
    pub on_time_rate: Option<String>,
}

/// The public 好差评 page of a matter or department (with, for a
/// department, each of its matters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionPageView {
    pub subject: SatisfactionView,
    pub department: bool,
    pub matters: Vec<SatisfactionView>,
}

/// The public index: every department, then every matter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionIndexView {
    pub departments: Vec<SatisfactionView>,
    pub matters: Vec<SatisfactionView>,
}

/// One follow-up on the desk's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpLine {
    pub number: String,
    pub number_display: String,
    pub touchpoint: Touchpoint,
    pub department: Localized,
    pub state: FollowUpState,
    pub opened_at: String,
    pub due_on: String,
    /// Open past its due day.
    pub overdue: bool,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpListView {
    pub me: super::StaffHeader,
    pub lines: Vec<FollowUpLine>,
}

/// One follow-up with the ratings of its touchpoint and what the staff
/// member may do with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpFileView {
    pub me: super::StaffHeader,
    pub line: FollowUpLine,
    pub status: ApplicationStatus,
    pub matters: Vec<(String, Localized)>,
    pub applicant_masked: String,
    pub ratings: Vec<GivenRating>,
    pub reply: Option<(String, String, String, String)>,
    pub closed: Option<(String, String)>,
    /// The responsible reviewer, while it is open.
    pub may_reply: bool,
    /// The supervisor, once replied.
    pub may_close: bool,
    /// Where the reply and the closing post.
    pub reply_action: String,
    pub close_action: String,
}

/// What the window's rating screen shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WindowScreenView {
    Unpaired,
    Waiting {
        desk: String,
    },
    Rate {
        desk: String,
        number_display: String,
        applicant_masked: String,
        matters: Vec<(String, Localized)>,
        touchpoint: Touchpoint,
    },
}

/// The desk's panel for its rating screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskWindowView {
    pub me: super::StaffHeader,
    /// The code to type on the screen, and until when (hall time).
    pub code: Option<(String, String)>,
    pub paired_at: Option<String>,
}
