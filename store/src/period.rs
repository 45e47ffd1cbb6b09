//! 电子监察 over a period on both backends from one text: the month's
//! rows of the rollups, and the finished services behind a figure.

use domain::period::FinishedFilter;

/// The rows a drill-down keeps.
pub(crate) fn filter_sql(filter: FinishedFilter) -> &'static str {
    match filter {
        FinishedFilter::All => "TRUE",
        FinishedFilter::Late => "NOT within_promise",
        FinishedFilter::OverLegal => "NOT within_legal",
        FinishedFilter::RepeatVisits => "trips > 1",
        FinishedFilter::Online => "online",
    }
}

pub(crate) const FINISHED_COLUMNS: &str = "number, matter, department, month, finished_on, \
     working_days, within_promise, within_legal, trips, kept_visit_promise, online";

macro_rules! period_store {
    ($store:ty) => {
        use crate::errors::{corrupt, storage};
        use crate::period::{filter_sql, FINISHED_COLUMNS};
        use async_trait::async_trait;
        use domain::period::{FinishedFilter, FinishedService, Month, ServiceFigures, WorkDesk};
        use domain::{ApplicationNumber, DepartmentCode, MatterCode};
        use hall::ports::{PeriodStore, WorkDone};
        use hall::StorageError;

        type FinishedRow = (
            String,
            String,
            String,
            String,
            String,
            i64,
            bool,
            bool,
            i64,
            bool,
            bool,
        );

        fn count(n: i64) -> Result<u64, StorageError> {
            u64::try_from(n).map_err(|_| corrupt(format!("negative count {n}")))
        }

        fn finished(row: FinishedRow) -> Result<FinishedService, StorageError> {
            let (number, matter, department, month, on, days, promise, legal, trips, kept, online) =
                row;
            Ok(FinishedService {
                number: ApplicationNumber::parse(&number)
                    .map_err(|_| corrupt(format!("bad number {number}")))?,
                matter: MatterCode::parse(&matter)
                    .map_err(|_| corrupt(format!("bad matter {matter}")))?,
                department: DepartmentCode::parse(&department)
                    .map_err(|_| corrupt(format!("bad department {department}")))?,
                month: Month::parse(&month).ok_or_else(|| corrupt(format!("bad month {month}")))?,
                finished_on: on.parse().map_err(|_| corrupt(format!("bad day {on}")))?,
                working_days: u32::try_from(days).map_err(|_| corrupt("bad working days"))?,
                within_promise: promise,
                within_legal: legal,
                trips: u32::try_from(trips).map_err(|_| corrupt("bad trips"))?,
                kept_visit_promise: kept,
                online,
            })
        }

        #[async_trait]
        impl PeriodStore for $store {
            async fn service_figures(
                &self,
                month: Month,
            ) -> Result<Vec<(MatterCode, ServiceFigures)>, StorageError> {
                let rows: Vec<(String, i64, i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
                    "SELECT matter, working_days, finished, within_promise, within_legal,
                            one_visit, kept_visit_promise, online
                     FROM service_months WHERE month = $1 ORDER BY matter, working_days",
                )
                .bind(month.to_string())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                let mut out: Vec<(MatterCode, ServiceFigures)> = Vec::new();
                for (matter, days, n, promise, legal, one, kept, online) in rows {
                    let matter = MatterCode::parse(&matter)
                        .map_err(|_| corrupt(format!("bad matter {matter}")))?;
                    if out.last().map(|(m, _)| m) != Some(&matter) {
                        out.push((matter, ServiceFigures::default()));
                    }
                    let Some((_, f)) = out.last_mut() else {
                        continue;
                    };
                    let row = ServiceFigures {
                        finished: count(n)?,
                        within_promise: count(promise)?,
                        within_legal: count(legal)?,
                        one_visit: count(one)?,
                        kept_visit_promise: count(kept)?,
                        online: count(online)?,
                        days: [(
                            u32::try_from(days).map_err(|_| corrupt("bad working days"))?,
                            count(n)?,
                        )]
                        .into(),
                    };
                    f.add(&row);
                }
                Ok(out)
            }

            async fn work_done(&self, month: Month) -> Result<Vec<WorkDone>, StorageError> {
                let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT desk, staff, action, count FROM work_months
                     WHERE month = $1 ORDER BY desk, staff, action",
                )
                .bind(month.to_string())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(|(desk, staff, action, n)| {
                        Ok(WorkDone {
                            desk: WorkDesk::parse(&desk)
                                .ok_or_else(|| corrupt(format!("bad desk {desk}")))?,
                            staff,
                            action,
                            count: count(n)?,
                        })
                    })
                    .collect()
            }

            async fn finished_services(
                &self,
                month: Month,
                matters: Option<&[MatterCode]>,
                filter: FinishedFilter,
                limit: u32,
            ) -> Result<Vec<FinishedService>, StorageError> {
                let of_matters = match matters {
                    None => String::new(),
                    Some(list) => {
                        format!("AND matter IN ({})", crate::rows::in_marks(2, list.len()))
                    }
                };
                let keep = filter_sql(filter);
                // In `finished_by_day`'s order, which also holds what the
                // filters test: the first `limit` kept end the read.
                let sql = format!(
                    "SELECT {FINISHED_COLUMNS} FROM finished_services
                     WHERE month = $1 {of_matters} AND {keep}
                     ORDER BY finished_on, number, matter LIMIT {limit}"
                );
                let mut list = sqlx::query_as::<_, FinishedRow>(&sql).bind(month.to_string());
                for m in matters.unwrap_or_default() {
                    list = list.bind(m.as_str());
                }
                let rows = list.fetch_all(&self.pool).await.map_err(storage)?;
                rows.into_iter().map(finished).collect()
            }
        }
    };
}

pub(crate) use period_store;
