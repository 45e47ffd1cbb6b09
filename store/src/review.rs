//! 并联审批 on both backends from one text: review tasks and whole-review
//! changes guarded by the application's review version. The guarded
//! UPDATE comes first, so SQLite takes its write lock at once and
//! PostgreSQL the application's row lock: concurrent changes queue, and
//! the version check makes one read before another's commit stale.

macro_rules! review_store {
    ($store:ty) => {
        use super::in_transaction::{append, enqueue, update_task};
        use crate::errors::{corrupt, json, storage};
        use crate::rows::{from_json, ReviewTaskColumns, TASK_COLUMNS};
        use async_trait::async_trait;
        use chrono::Utc;
        use domain::{ApplicationNumber, ApplicationStatus, DepartmentCode};
        use hall::ports::{
            ReviewChange, ReviewChangeOutcome, ReviewFile, ReviewQueueEntry, ReviewStore,
            ReviewTaskRecord,
        };
        use hall::StorageError;
        use std::collections::BTreeMap;

        #[async_trait]
        impl ReviewStore for $store {
            async fn review_file(
                &self,
                number: &ApplicationNumber,
            ) -> Result<Option<ReviewFile>, StorageError> {
                let mut conn = self.pool.acquire().await.map_err(storage)?;
                let head: Option<(String, i64)> = sqlx::query_as(
                    "SELECT status, review_version FROM applications WHERE number = $1",
                )
                .bind(number.as_str())
                .fetch_optional(&mut *conn)
                .await
                .map_err(storage)?;
                let Some((status, version)) = head else {
                    return Ok(None);
                };
                let rows: Vec<ReviewTaskColumns> = sqlx::query_as(&format!(
                    "SELECT {TASK_COLUMNS} FROM review_tasks WHERE number = $1 ORDER BY id"
                ))
                .bind(number.as_str())
                .fetch_all(&mut *conn)
                .await
                .map_err(storage)?;
                Ok(Some(ReviewFile {
                    status: ApplicationStatus::parse(&status)
                        .ok_or_else(|| corrupt(format!("application {number}: status")))?,
                    version,
                    tasks: rows
                        .into_iter()
                        .map(ReviewTaskRecord::try_from)
                        .collect::<Result<_, _>>()?,
                }))
            }

            async fn review_tasks_of(
                &self,
                number: &ApplicationNumber,
            ) -> Result<Vec<ReviewTaskRecord>, StorageError> {
                let rows: Vec<ReviewTaskColumns> = sqlx::query_as(&format!(
                    "SELECT {TASK_COLUMNS} FROM review_tasks WHERE number = $1 ORDER BY id"
                ))
                .bind(number.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter().map(ReviewTaskRecord::try_from).collect()
            }

            async fn review_task(&self, id: i64) -> Result<Option<ReviewTaskRecord>, StorageError> {
                let row: Option<ReviewTaskColumns> = sqlx::query_as(&format!(
                    "SELECT {TASK_COLUMNS} FROM review_tasks WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(ReviewTaskRecord::try_from).transpose()
            }

            async fn review_queue(
                &self,
                departments: Option<&[DepartmentCode]>,
                limit: u32,
            ) -> Result<Vec<ReviewQueueEntry>, StorageError> {
                // `department IN ($2, $3, …)`: both databases plan it from the
                // partial index by department.
                let within = match departments {
                    None => String::new(),
                    Some(list) => {
                        format!(
                            "AND department IN ({})",
                            crate::rows::in_marks(2, list.len())
                        )
                    }
                };
                let sql = format!(
                    "SELECT {TASK_COLUMNS} FROM review_tasks WHERE is_open {within}
                     ORDER BY sort_due, id LIMIT $1"
                );
                let mut query = sqlx::query_as(&sql).bind(i64::from(limit));
                for d in departments.unwrap_or_default() {
                    query = query.bind(d.as_str());
                }
                let rows: Vec<ReviewTaskColumns> =
                    query.fetch_all(&self.pool).await.map_err(storage)?;
                rows.into_iter()
                    .map(ReviewTaskColumns::into_entry)
                    .collect()
            }

            async fn change_review(
                &self,
                change: ReviewChange,
            ) -> Result<ReviewChangeOutcome, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let (from, to) = change
                    .application
                    .map(|(f, t)| (Some(f.as_str()), Some(t.as_str())))
                    .unwrap_or((None, None));
                let moved = sqlx::query(
                    "UPDATE applications SET review_version = review_version + 1,
                            status = COALESCE($1, status)
                     WHERE number = $2 AND review_version = $3
                       AND (CAST($4 AS TEXT) IS NULL OR status = $4)",
                )
                .bind(to)
                .bind(change.number.as_str())
                .bind(change.expected_version)
                .bind(from)
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if moved == 0 {
                    return Ok(ReviewChangeOutcome::Stale);
                }
                for (id, state) in &change.tasks {
                    update_task(&mut tx, &change.number, *id, state).await?;
                }
                if !change.fill.is_empty() {
                    let (form,): (String,) =
                        sqlx::query_as("SELECT form_json FROM applications WHERE number = $1")
                            .bind(change.number.as_str())
                            .fetch_one(&mut *tx)
                            .await
                            .map_err(storage)?;
                    let mut values: BTreeMap<String, String> =
                        from_json(&form, format_args!("application {}: form", change.number))?;
                    values.extend(change.fill.iter().cloned());
                    sqlx::query("UPDATE applications SET form_json = $1 WHERE number = $2")
                        .bind(json(&values)?)
                        .bind(change.number.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err(storage)?;
                }
                let at = change.audit.first().map(|a| a.at).unwrap_or_else(Utc::now);
                enqueue(&mut tx, &change.number, &change.notifications, at).await?;
                for record in change.audit {
                    append(&mut tx, record).await.map_err(storage)?;
                }
                tx.commit().await.map_err(storage)?;
                Ok(ReviewChangeOutcome::Applied)
            }
        }
    };
}

pub(crate) use review_store;
