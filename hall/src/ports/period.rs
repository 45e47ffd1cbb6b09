//! 电子监察 over a period: the month's figures as kept with each finished
//! service and each step of work, and the lists behind them.

use super::StorageError;
use async_trait::async_trait;
use domain::period::{FinishedFilter, FinishedService, Month, ServiceFigures, WorkDesk};
use domain::MatterCode;

/// Work of one kind by one staff member in a month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkDone {
    pub desk: WorkDesk,
    /// The staff account (or `system`).
    pub staff: String,
    pub action: String,
    pub count: u64,
}

#[async_trait]
pub trait PeriodStore: Send + Sync {
    /// Each matter's figures for the month (matters with nothing finished
    /// are absent).
    async fn service_figures(
        &self,
        month: Month,
    ) -> Result<Vec<(MatterCode, ServiceFigures)>, StorageError>;

    async fn work_done(&self, month: Month) -> Result<Vec<WorkDone>, StorageError>;

    /// The services behind a figure, the earliest finished first, at most
    /// `limit` of them (how many there are is in the month's rollup).
    async fn finished_services(
        &self,
        month: Month,
        matters: Option<&[MatterCode]>,
        filter: FinishedFilter,
        limit: u32,
    ) -> Result<Vec<FinishedService>, StorageError>;
}
