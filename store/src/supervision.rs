//! 电子监察's reads on both backends from one text: open work grouped by
//! due day, each from a partial or leading-status index, so the rows read
//! are the open ones, never the finished millions.

/// The statuses of applications not yet finished.
pub(crate) const OPEN: &str = "('submitted', 'accepted', 'accepted_with_deficiency', \
     'returned_for_correction', 'correction_during_review', 'approved', 'issued')";

macro_rules! supervision_store {
    ($store:ty) => {
        use crate::errors::{corrupt, storage};
        use crate::rows::date;
        use crate::supervision::OPEN;
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::{ApplicationStatus, DepartmentCode, MatterCode};
        use hall::ports::{
            ApplicationRecord, OpenApplications, OpenFollowUps, OpenTasks, SupervisionStore,
        };
        use hall::StorageError;

        fn count(n: i64) -> u64 {
            u64::try_from(n).unwrap_or(0)
        }

        fn department(code: &str) -> Result<DepartmentCode, StorageError> {
            DepartmentCode::parse(code).map_err(|_| corrupt(format!("bad department {code}")))
        }

        fn matter(code: &str) -> Result<MatterCode, StorageError> {
            MatterCode::parse(code).map_err(|_| corrupt(format!("bad matter {code}")))
        }

        #[async_trait]
        impl SupervisionStore for $store {
            async fn open_tasks(&self) -> Result<Vec<OpenTasks>, StorageError> {
                let rows: Vec<(String, String, String, bool, i64)> = sqlx::query_as(
                    "SELECT department, matter, sort_due, extended, COUNT(*)
                     FROM review_tasks WHERE is_open
                     GROUP BY department, matter, sort_due, extended",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                let stands_still = hall::ports::no_due_date();
                rows.into_iter()
                    .map(|(d, m, due, extended, n)| {
                        let due = date(&due, "review task sort_due")?;
                        Ok(OpenTasks {
                            department: department(&d)?,
                            matter: matter(&m)?,
                            due: (due != stands_still).then_some(due),
                            extended,
                            count: count(n),
                        })
                    })
                    .collect()
            }

            async fn open_applications(&self) -> Result<Vec<OpenApplications>, StorageError> {
                let rows: Vec<(String, String, String, i64)> = sqlx::query_as(&format!(
                    "SELECT m.matter_code, a.status, a.promised_by, COUNT(*)
                     FROM applications a JOIN application_matters m ON m.number = a.number
                     WHERE a.status IN {OPEN}
                     GROUP BY m.matter_code, a.status, a.promised_by"
                ))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(|(m, status, promised_by, n)| {
                        Ok(OpenApplications {
                            matter: matter(&m)?,
                            status: ApplicationStatus::parse(&status)
                                .ok_or_else(|| corrupt(format!("bad status {status}")))?,
                            promised_by: date(&promised_by, "promised_by")?,
                            count: count(n),
                        })
                    })
                    .collect()
            }

            async fn open_follow_ups(&self) -> Result<Vec<OpenFollowUps>, StorageError> {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT department, due_on, COUNT(*) FROM rating_follow_ups
                     WHERE state = 'open' GROUP BY department, due_on",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(|(d, due, n)| {
                        Ok(OpenFollowUps {
                            department: department(&d)?,
                            due_on: date(&due, "follow-up due_on")?,
                            count: count(n),
                        })
                    })
                    .collect()
            }

            async fn waiting_since(
                &self,
                queued_before: DateTime<Utc>,
                matters: Option<&[MatterCode]>,
                limit: u32,
            ) -> Result<(Vec<ApplicationRecord>, u64), StorageError> {
                // The list's values are bound after the query's own.
                let of_matters = |first: usize| match matters {
                    None => String::new(),
                    // Correlated, so each waiting application is looked up by
                    // its key rather than every matter row scanned first.
                    Some(list) => format!(
                        "AND EXISTS (SELECT 1 FROM application_matters m
                                     WHERE m.number = a.number AND m.matter_code IN ({}))",
                        crate::rows::in_marks(first, list.len())
                    ),
                };
                let list_sql = format!(
                    "SELECT {} FROM applications a
                     WHERE status = 'submitted' AND queued_at_us < $1 {}
                     ORDER BY queued_at_us, number LIMIT $2",
                    super::APPLICATION_COLUMNS,
                    of_matters(3)
                );
                let count_sql = format!(
                    "SELECT COUNT(*) FROM applications a
                     WHERE status = 'submitted' AND queued_at_us < $1 {}",
                    of_matters(2)
                );
                let mut list = sqlx::query_as::<_, crate::rows::ApplicationColumns>(&list_sql)
                    .bind(queued_before.timestamp_micros())
                    .bind(i64::from(limit));
                let mut total =
                    sqlx::query_as::<_, (i64,)>(&count_sql).bind(queued_before.timestamp_micros());
                for m in matters.unwrap_or_default() {
                    list = list.bind(m.as_str());
                    total = total.bind(m.as_str());
                }
                let rows = list.fetch_all(&self.pool).await.map_err(storage)?;
                let (all,) = total.fetch_one(&self.pool).await.map_err(storage)?;
                Ok((
                    rows.into_iter()
                        .map(ApplicationRecord::try_from)
                        .collect::<Result<_, _>>()?,
                    count(all),
                ))
            }
        }
    };
}

pub(crate) use supervision_store;
