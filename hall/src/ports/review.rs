//! Storage for 并联审批: review tasks, and changes to an application's
//! review written all at once or not at all.

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::audit::AuditRecord;
use domain::deadline::Deadline;
use domain::review::{ReviewDecision, ReviewStatus};
use domain::{ApplicationNumber, ApplicationStatus, DepartmentCode, MatterCode, StaffName};

/// Sorts after every real due date (as a date and as ISO text): the clock
/// stands still.
pub fn no_due_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// A task as the store keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewTaskRecord {
    pub id: i64,
    pub number: ApplicationNumber,
    pub matter: MatterCode,
    /// Position among the matter's review parts.
    pub part: u16,
    pub department: DepartmentCode,
    pub status: ReviewStatus,
    /// 联办: the matter whose result this task waits for.
    pub waits_for: Option<MatterCode>,
    pub deadline: Deadline,
    pub extended: bool,
    /// The latest decision, who took it and when.
    pub decision: Option<ReviewDecision>,
    pub decided_by: Option<StaffName>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// The task's stored state after a change (or when created). `sort_due`
/// is the due date while the clock runs, [`no_due_date`] otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewTaskState {
    pub status: ReviewStatus,
    pub deadline: Deadline,
    pub sort_due: NaiveDate,
    pub extended: bool,
    pub decision: Option<ReviewDecision>,
    pub decided_by: Option<(StaffName, String)>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewReviewTask {
    pub matter: MatterCode,
    pub part: u16,
    pub department: DepartmentCode,
    pub waits_for: Option<MatterCode>,
    pub state: ReviewTaskState,
}

/// An application's review as read: its status, the version every
/// change must name, and its tasks (in creation order).
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewFile {
    pub status: ApplicationStatus,
    pub version: i64,
    pub tasks: Vec<ReviewTaskRecord>,
}

/// Everything one step of review changes, written together if the
/// review is still at `expected_version`.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewChange {
    pub number: ApplicationNumber,
    pub expected_version: i64,
    /// The application moves too (from, to).
    pub application: Option<(ApplicationStatus, ApplicationStatus)>,
    pub tasks: Vec<(i64, ReviewTaskState)>,
    /// 联办: answers the application gains from another matter's result
    /// (form key, value).
    pub fill: Vec<(String, String)>,
    pub audit: Vec<AuditRecord>,
    /// What the applicant is told of it, in the same commit.
    pub notifications: Vec<domain::notification::Notification>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewChangeOutcome {
    Applied,
    /// Someone changed the review since it was read: read again.
    Stale,
}

/// One line of a reviewer's list.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewQueueEntry {
    pub task: ReviewTaskRecord,
    pub sort_due: NaiveDate,
}

#[async_trait]
pub trait ReviewStore: Send + Sync {
    async fn review_file(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<ReviewFile>, StorageError>;
    async fn review_task(&self, id: i64) -> Result<Option<ReviewTaskRecord>, StorageError>;
    /// The application's tasks in the order they were opened (none
    /// before acceptance).
    async fn review_tasks_of(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Vec<ReviewTaskRecord>, StorageError>;
    /// Open tasks of these departments (all departments: `None`), soonest
    /// due first, paused ones last; at most `limit`.
    async fn review_queue(
        &self,
        departments: Option<&[DepartmentCode]>,
        limit: u32,
    ) -> Result<Vec<ReviewQueueEntry>, StorageError>;
    async fn change_review(
        &self,
        change: ReviewChange,
    ) -> Result<ReviewChangeOutcome, StorageError>;
}
