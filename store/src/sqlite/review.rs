//! 并联审批 on SQLite: review tasks and whole-review changes guarded by
//! the application's review version.

use super::in_transaction::append;
use super::SqliteStore;
use crate::errors::{json, storage};
use crate::rows::ReviewTaskColumns;
use async_trait::async_trait;
use domain::{ApplicationNumber, ApplicationStatus, DepartmentCode};
use hall::ports::{
    ReviewChange, ReviewChangeOutcome, ReviewFile, ReviewQueueEntry, ReviewStore, ReviewTaskRecord,
    ReviewTaskState,
};
use hall::StorageError;
use sqlx::SqliteConnection;

pub(super) const TASK_COLUMNS: &str = "id, number, matter, part, department, status, waits_for, \
     deadline, sort_due, extended, decision, decided_by, decided_by_name, decided_at_us";

async fn update_task(
    conn: &mut SqliteConnection,
    number: &ApplicationNumber,
    id: i64,
    s: &ReviewTaskState,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE review_tasks SET status = ?, is_open = ?, deadline = ?, sort_due = ?,
             extended = ?, decision = ?, decided_by = ?, decided_by_name = ?, decided_at_us = ?
         WHERE id = ? AND number = ?",
    )
    .bind(s.status.as_str())
    .bind(s.status.is_open())
    .bind(json(&s.deadline)?)
    .bind(s.sort_due.to_string())
    .bind(s.extended)
    .bind(s.decision.as_ref().map(json).transpose()?)
    .bind(s.decided_by.as_ref().map(|(n, _)| n.as_str()))
    .bind(s.decided_by.as_ref().map(|(_, d)| d.as_str()))
    .bind(s.decided_at.map(|t| t.timestamp_micros()))
    .bind(id)
    .bind(number.as_str())
    .execute(&mut *conn)
    .await
    .map_err(storage)?;
    Ok(())
}

#[async_trait]
impl ReviewStore for SqliteStore {
    async fn review_file(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<ReviewFile>, StorageError> {
        let mut conn = self.pool.acquire().await.map_err(storage)?;
        let head: Option<(String, i64)> =
            sqlx::query_as("SELECT status, review_version FROM applications WHERE number = ?")
                .bind(number.as_str())
                .fetch_optional(&mut *conn)
                .await
                .map_err(storage)?;
        let Some((status, version)) = head else {
            return Ok(None);
        };
        let rows: Vec<ReviewTaskColumns> = sqlx::query_as(&format!(
            "SELECT {TASK_COLUMNS} FROM review_tasks WHERE number = ? ORDER BY id"
        ))
        .bind(number.as_str())
        .fetch_all(&mut *conn)
        .await
        .map_err(storage)?;
        Ok(Some(ReviewFile {
            status: ApplicationStatus::parse(&status)
                .ok_or_else(|| crate::errors::corrupt(format!("application {number}: status")))?,
            version,
            tasks: rows
                .into_iter()
                .map(ReviewTaskRecord::try_from)
                .collect::<Result<_, _>>()?,
        }))
    }

    async fn review_task(&self, id: i64) -> Result<Option<ReviewTaskRecord>, StorageError> {
        let row: Option<ReviewTaskColumns> = sqlx::query_as(&format!(
            "SELECT {TASK_COLUMNS} FROM review_tasks WHERE id = ?"
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
        let rows: Vec<ReviewTaskColumns> = match departments {
            None => sqlx::query_as(&format!(
                "SELECT {TASK_COLUMNS} FROM review_tasks WHERE is_open
                 ORDER BY sort_due, id LIMIT ?"
            ))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?,
            Some(departments) => {
                let marks = vec!["?"; departments.len()].join(", ");
                let sql = format!(
                    "SELECT {TASK_COLUMNS} FROM review_tasks
                     WHERE is_open AND department IN ({marks})
                     ORDER BY sort_due, id LIMIT ?"
                );
                let mut q = sqlx::query_as(&sql);
                for d in departments {
                    q = q.bind(d.as_str());
                }
                q.bind(i64::from(limit))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(storage)?
            }
        };
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
        // Written first: SQLite's write lock is taken at once, and the
        // version check makes a change read before another's stale.
        let moved = sqlx::query(
            "UPDATE applications SET review_version = review_version + 1,
                    status = COALESCE(?, status)
             WHERE number = ? AND review_version = ? AND (? IS NULL OR status = ?)",
        )
        .bind(to)
        .bind(change.number.as_str())
        .bind(change.expected_version)
        .bind(from)
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
                sqlx::query_as("SELECT form_json FROM applications WHERE number = ?")
                    .bind(change.number.as_str())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(storage)?;
            let mut values: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&form).map_err(|e| {
                    crate::errors::corrupt(format!("application {}: form: {e}", change.number))
                })?;
            values.extend(change.fill.iter().cloned());
            let form = serde_json::to_string(&values)
                .map_err(|e| crate::errors::corrupt(e.to_string()))?;
            sqlx::query("UPDATE applications SET form_json = ? WHERE number = ?")
                .bind(form)
                .bind(change.number.as_str())
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
        }
        for record in change.audit {
            append(&mut tx, record).await.map_err(storage)?;
        }
        tx.commit().await.map_err(storage)?;
        Ok(ReviewChangeOutcome::Applied)
    }
}
