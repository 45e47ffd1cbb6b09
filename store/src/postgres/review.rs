//! 并联审批 on PostgreSQL: review tasks and whole-review changes guarded
//! by the application's review version (the guarded UPDATE takes the
//! application's row lock, so concurrent changes queue behind it).

use super::in_transaction::append;
use super::PostgresStore;
use crate::errors::storage;
use crate::rows::ReviewTaskColumns;
use async_trait::async_trait;

use domain::{ApplicationNumber, ApplicationStatus, DepartmentCode};
use hall::ports::{
    ReviewChange, ReviewChangeOutcome, ReviewFile, ReviewQueueEntry, ReviewStore, ReviewTaskRecord,
    ReviewTaskState,
};
use hall::StorageError;
use sqlx::types::Json;
use sqlx::PgConnection;

pub(super) const TASK_COLUMNS: &str = "id, number, matter, part, department, status, waits_for, \
     deadline, sort_due, extended, decision, decided_by, decided_by_name, \
     (EXTRACT(EPOCH FROM decided_at) * 1000000)::BIGINT AS decided_at_us";

async fn update_task(
    conn: &mut PgConnection,
    number: &ApplicationNumber,
    id: i64,
    s: &ReviewTaskState,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE review_tasks SET status = $1, is_open = $2, deadline = $3, sort_due = $4,
             extended = $5, decision = $6, decided_by = $7, decided_by_name = $8, decided_at = $9
         WHERE id = $10 AND number = $11",
    )
    .bind(s.status.as_str())
    .bind(s.status.is_open())
    .bind(Json(&s.deadline))
    .bind(s.sort_due)
    .bind(s.extended)
    .bind(s.decision.as_ref().map(Json))
    .bind(s.decided_by.as_ref().map(|(n, _)| n.as_str()))
    .bind(s.decided_by.as_ref().map(|(_, d)| d.as_str()))
    .bind(s.decided_at)
    .bind(id)
    .bind(number.as_str())
    .execute(&mut *conn)
    .await
    .map_err(storage)?;
    Ok(())
}

#[async_trait]
impl ReviewStore for PostgresStore {
    async fn review_file(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<ReviewFile>, StorageError> {
        let mut conn = self.pool.acquire().await.map_err(storage)?;
        let head: Option<(String, i64)> =
            sqlx::query_as("SELECT status, review_version FROM applications WHERE number = $1")
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
        let rows: Vec<ReviewTaskColumns> = match departments {
            None => sqlx::query_as(&format!(
                "SELECT {TASK_COLUMNS} FROM review_tasks WHERE is_open
                 ORDER BY sort_due, id LIMIT $1"
            ))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?,
            Some(departments) => sqlx::query_as(&format!(
                "SELECT {TASK_COLUMNS} FROM review_tasks
                 WHERE is_open AND department = ANY($1)
                 ORDER BY sort_due, id LIMIT $2"
            ))
            .bind(departments.iter().map(|d| d.as_str()).collect::<Vec<_>>())
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?,
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
        // The version check makes a change read before another's stale.
        let moved = sqlx::query(
            "UPDATE applications SET review_version = review_version + 1,
                    status = COALESCE($1, status)
             WHERE number = $2 AND review_version = $3 AND ($4::TEXT IS NULL OR status = $4)",
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
                sqlx::query_as("SELECT form::TEXT FROM applications WHERE number = $1")
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
            sqlx::query("UPDATE applications SET form = $1::JSONB WHERE number = $2")
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
