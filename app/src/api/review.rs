//! Server functions of 并联审批: a reviewer's tasks and one task's page.
//! Each calls one use case, which checks the role and department itself.

use super::staff::{AnswerLine, StaffHeader};
use crate::errors::AppError;
use domain::catalog::SpecialStepKind;
use domain::deadline::DeadlineState;
use domain::review::{ReviewDecision, ReviewStatus};
use domain::{ApplicationStatus, Localized};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::fail;

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

#[cfg(feature = "ssr")]
fn signed_in() -> Result<hall::StaffSession, AppError> {
    crate::staff_session().ok_or_else(|| fail(AppError::Unauthorized))
}

#[server(endpoint = "staff/reviews")]
pub async fn get_review_queue() -> Result<ReviewQueueView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let tasks = state
        .hall
        .review_queue(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::review::queue_view(&session, tasks))
}

#[server(endpoint = "staff/review")]
pub async fn get_review_task(id: String) -> Result<ReviewTaskView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let file = state
        .hall
        .review_task_file(&session.actor, &id)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::review::task_view(&session, file))
}
