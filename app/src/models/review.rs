//! The review pages' view models: plain data that the server functions return and
//! `views` builds; no logic, no calls.

use super::staff::{AnswerLine, StaffHeader};
use domain::catalog::SpecialStepKind;
use domain::deadline::DeadlineState;
use domain::review::{ReviewDecision, ReviewStatus};
use domain::{ApplicationStatus, Localized};
use serde::{Deserialize, Serialize};

/// One department's part, with its time as of today. What the citizen's
/// page shows of it too (no task id there: see [`ReviewStepView`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewStepView {
    pub matter: Localized,
    pub part: Localized,
    pub department: Localized,
    pub status: ReviewStatus,
    pub time: DeadlineState,
    pub due: Option<String>,
    pub extended: bool,
    /// Counted on weekends only (no holiday data for a year it runs into).
    pub weekends_only: bool,
    /// While a special step runs: what it is, its expected working days
    /// and what the applicant was told (not counted in the limit).
    pub special_step: Option<(SpecialStepKind, u16, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewLine {
    pub task_id: i64,
    pub number: String,
    pub number_display: String,
    pub step: ReviewStepView,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewQueueView {
    pub me: StaffHeader,
    /// A supervisor's list: every department's tasks.
    pub all_departments: bool,
    pub lines: Vec<ReviewLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepChoice {
    pub kind: SpecialStepKind,
    pub max_days: u16,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewTaskView {
    pub me: StaffHeader,
    pub line: ReviewLine,
    pub application_status: ApplicationStatus,
    pub applicant_masked: String,
    pub submitted_at: String,
    /// Only what this part may see.
    pub answers: Vec<AnswerLine>,
    /// The materials this part sees, each with the applicant's files.
    pub materials: Vec<(Localized, Vec<super::FileView>)>,
    pub special_steps: Vec<StepChoice>,
    /// 联办: what approving this part records (key, label).
    pub results: Vec<(String, Localized)>,
    pub others: Vec<ReviewStepView>,
    pub decision: Option<ReviewDecision>,
    pub decided: Option<String>,
    pub can_decide: bool,
    pub can_end_step: bool,
    pub can_extend: bool,
}

/// Every department's corrections in one list, or every reason for a
/// rejection: (department, item).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewNoticeView {
    pub rejection: bool,
    pub items: Vec<(Localized, String)>,
}
