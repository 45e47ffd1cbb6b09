//! 并联审批: acceptance hands every department its part at once; each
//! reviewer sees only their department's tasks and, in them, only what the
//! catalog lets their part see; the application's outcome follows from all
//! the tasks together (`domain::review::outcome`). Corrections asked by
//! several departments go out as one notice, through the front desk.
//!
//! Every change is read, computed here, and written with the review
//! version it was read at: of two departments deciding at once, the second
//! write finds the version moved, reads again and recomputes (so the last
//! approval always sees the others and moves the application).

use crate::authz::forbidden;
use crate::authz::StaffError;
use crate::ports::{
    no_due_date, NewReviewTask, ReviewChange, ReviewChangeOutcome, ReviewFile, ReviewTaskRecord,
    ReviewTaskState, StaffApplication,
};
use crate::Hall;
use chrono::{DateTime, NaiveDate, Utc};
use domain::audit::AuditRecord;
use domain::catalog::{Matter, ReviewPart, SpecialStep};
use domain::deadline::{Deadline, DeadlineState};
use domain::review::{
    outcome, Extension, ReviewDecision, ReviewDecisionForm, ReviewMove, ReviewOutcome, ReviewStatus,
};
use domain::time::hall_date;
use domain::{
    Actor, ApplicationNumber, ApplicationStatus, FormSchema, FormValues, Localized, StaffRole,
    Transition,
};
use std::collections::BTreeMap;

mod links;
mod moves;
mod reads;
mod write;

/// Task states to write, by task id.
type TaskUpdates = Vec<(i64, ReviewTaskState)>;

/// A reviewer's list is this long at most (soonest due first).
pub const REVIEW_LIST: u32 = 100;

/// Reads and recomputes this often when others keep changing the review.
const ATTEMPTS: usize = 5;

/// A task with its deadline as of today.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskSummary {
    pub task: ReviewTaskRecord,
    pub matter_name: Localized,
    pub part: Localized,
    pub department_name: Localized,
    pub state: DeadlineState,
    pub due: Option<NaiveDate>,
    /// The deadline runs into a year without holiday data: counted on
    /// weekends only, to be checked by hand.
    pub weekends_only: bool,
}

/// What a reviewer opens: their task, and of the application only what
/// their part may see.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewTaskFile {
    pub summary: TaskSummary,
    pub number: ApplicationNumber,
    pub application_status: ApplicationStatus,
    pub applicant_masked: String,
    pub submitted_at: DateTime<Utc>,
    /// The matter's form, cut down to the fields this part may see.
    pub form: FormSchema,
    /// The answers to those fields only.
    pub values: FormValues,
    /// Visible materials' names, each with its uploaded files.
    pub materials: Vec<(Localized, Vec<crate::ports::MaterialFileRecord>)>,
    pub special_steps: Vec<SpecialStep>,
    /// What approving records (联办 results), if this part owes any.
    pub results: FormSchema,
    /// The other departments' tasks (status and time only).
    pub others: Vec<TaskSummary>,
}

/// The citizen's view of review: each department's step and time left,
/// and, while corrections are owed, the one merged notice.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewProgress {
    pub steps: Vec<TaskSummary>,
    /// (department, what to correct), every department's items in one list.
    pub notice: Vec<(Localized, String)>,
    /// Once rejected: every department's reason (department, reason).
    pub reasons: Vec<(Localized, String)>,
    pub outcome: ReviewOutcome,
    pub status: ApplicationStatus,
}

pub(super) fn refusal(
    e: domain::review::WrongReviewState,
    number: &ApplicationNumber,
    actor: &Actor,
) -> StaffError {
    tracing::info!(staff = %actor.name, number = %number, "review move refused: {e}");
    StaffError::TaskNotOpen { status: e.from }
}

impl Hall {
    pub(super) fn part_of(&self, task: &ReviewTaskRecord) -> Option<(&Matter, ReviewPart)> {
        let matter = self.catalog.matter(task.matter.as_str())?;
        let part = matter
            .review_parts()
            .into_iter()
            .nth(usize::from(task.part))?;
        Some((matter, part))
    }

    pub(super) fn summarise(&self, task: ReviewTaskRecord, today: NaiveDate) -> TaskSummary {
        let (matter_name, part) = self
            .part_of(&task)
            .map(|(m, p)| (m.name.clone(), p.part))
            .unwrap_or_else(|| {
                let code = Localized::new(task.matter.as_str(), task.matter.as_str());
                (code.clone(), code)
            });
        let due = task.deadline.due(&self.calendar);
        let state = match task.status {
            ReviewStatus::InReview => task.deadline.state(today, &self.calendar),
            _ => DeadlineState::Paused,
        };
        TaskSummary {
            matter_name,
            part,
            department_name: self.catalog.department_name(task.department.as_str()),
            weekends_only: due
                .is_some_and(|d| !self.calendar.covers_span(task.deadline.started, d)),
            due,
            state,
            task,
        }
    }

    /// The state stored for `deadline` under `status`: the due date sorts
    /// the lists while the clock runs.
    pub(super) fn task_state(
        &self,
        status: ReviewStatus,
        deadline: Deadline,
        previous: Option<&ReviewTaskRecord>,
    ) -> ReviewTaskState {
        let sort_due = match status {
            ReviewStatus::InReview => deadline.due(&self.calendar).unwrap_or_else(no_due_date),
            _ => no_due_date(),
        };
        ReviewTaskState {
            status,
            sort_due,
            deadline,
            extended: previous.is_some_and(|p| p.extended),
            decision: previous.and_then(|p| p.decision.clone()),
            decided_by: previous.and_then(|p| {
                Some((
                    p.decided_by.clone()?,
                    p.decided_by_name.clone().unwrap_or_default(),
                ))
            }),
            decided_at: previous.and_then(|p| p.decided_at),
        }
    }
}
