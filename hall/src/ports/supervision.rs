//! 电子监察's reads: open work grouped by what the desk sorts it by, so
//! the store returns one row per group rather than one per application.

use super::{ApplicationRecord, StorageError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::{ApplicationStatus, DepartmentCode, MatterCode};

/// Open review tasks of a department and matter due on one day (None:
/// the clock stands still), how many.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenTasks {
    pub department: DepartmentCode,
    pub matter: MatterCode,
    pub due: Option<NaiveDate>,
    /// Extended (延期) with a reason.
    pub extended: bool,
    pub count: u64,
}

/// Open applications of a matter in one status promised for one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenApplications {
    pub matter: MatterCode,
    pub status: ApplicationStatus,
    pub promised_by: NaiveDate,
    pub count: u64,
}

/// Open 差评 follow-ups of a department due on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenFollowUps {
    pub department: DepartmentCode,
    pub due_on: NaiveDate,
    pub count: u64,
}

#[async_trait]
pub trait SupervisionStore: Send + Sync {
    async fn open_tasks(&self) -> Result<Vec<OpenTasks>, StorageError>;

    /// Applications not finished (submitted to issued), per matter.
    async fn open_applications(&self) -> Result<Vec<OpenApplications>, StorageError>;

    async fn open_follow_ups(&self) -> Result<Vec<OpenFollowUps>, StorageError>;

    /// Applications waiting for the front desk since before `queued_before`
    /// (past the deemed-acceptance day), the longest waiting first, and
    /// how many there are in all; only those with one of `matters`, if given.
    async fn waiting_since(
        &self,
        queued_before: DateTime<Utc>,
        matters: Option<&[MatterCode]>,
        limit: u32,
    ) -> Result<(Vec<ApplicationRecord>, u64), StorageError>;
}
