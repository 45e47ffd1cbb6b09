use super::in_transaction::enqueue_rows;
use super::SqliteStore;
use crate::errors::{corrupt, json, storage, Unique};
use async_trait::async_trait;
use chrono::DateTime;
use domain::{ApplicationNumber, ApplicationStatus};
use hall::ports::{ApplicationRecord, ApplicationStore, NewApplication, SubmitOutcome};
use hall::StorageError;
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

/// One submission waiting for the writer.
pub(crate) struct SubmitJob {
    new: NewApplication,
    reply: oneshot::Sender<Result<JobOutcome, StorageError>>,
}

enum JobOutcome {
    Created(ApplicationNumber),
    Existing(ApplicationNumber),
}

const MAX_BATCH: usize = 256;

/// Group commit: one task owns the write side and stores every submission
/// queued while the previous commit was being flushed in one transaction,
/// so one fsync makes a whole batch durable. Each submission runs in its
/// own savepoint, so one failing does not undo the others.
pub(crate) async fn run_writer(pool: SqlitePool, mut jobs: mpsc::Receiver<SubmitJob>) {
    let mut batch: Vec<SubmitJob> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = jobs.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let results = write_batch(&pool, &batch).await;
        for (job, result) in batch.drain(..).zip(results) {
            let _ = job.reply.send(result);
        }
    }
}

async fn write_batch(
    pool: &SqlitePool,
    batch: &[SubmitJob],
) -> Vec<Result<JobOutcome, StorageError>> {
    // The whole batch failed to commit: every submitter hears why.
    let failed_all = |e: sqlx::Error| -> Vec<Result<JobOutcome, StorageError>> {
        let shown = e.to_string();
        batch
            .iter()
            .map(|_| {
                Err(storage(sqlx::Error::Protocol(format!(
                    "batch commit failed: {shown}"
                ))))
            })
            .collect()
    };
    let mut conn = match pool.acquire().await {
        Ok(c) => c,
        Err(e) => return failed_all(e),
    };
    if let Err(e) = sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await {
        return failed_all(e);
    }
    let mut results = Vec::with_capacity(batch.len());
    // The batch's "submitted" messages, written in one statement before
    // the commit (in the same transaction as their applications).
    let mut told = Vec::new();
    for job in batch {
        let _ = sqlx::query("SAVEPOINT submission")
            .execute(&mut *conn)
            .await;
        let result = write_one(&mut conn, &job.new).await;
        if result.is_err() {
            // Undo this submission's writes only; the batch goes on.
            let _ = sqlx::query("ROLLBACK TO submission")
                .execute(&mut *conn)
                .await;
        }
        let _ = sqlx::query("RELEASE submission").execute(&mut *conn).await;
        if let (Ok(JobOutcome::Created(number)), Some(n)) = (&result, &job.new.notification) {
            told.push((number.clone(), n, job.new.submitted_at));
        }
        results.push(result);
    }
    let rows: Vec<_> = told
        .iter()
        .map(|(number, n, at)| (number, *n, *at))
        .collect();
    if let Err(e) = enqueue_rows(&mut conn, &rows).await {
        let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
        let shown = e.to_string();
        return batch
            .iter()
            .map(|_| {
                Err(storage(sqlx::Error::Protocol(format!(
                    "batch notifications failed: {shown}"
                ))))
            })
            .collect();
    }
    if let Err(e) = sqlx::query("COMMIT").execute(&mut *conn).await {
        let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
        return failed_all(e);
    }
    results
}

async fn write_one(
    conn: &mut sqlx::SqliteConnection,
    new: &NewApplication,
) -> Result<JobOutcome, StorageError> {
    // Inside the transaction: a concurrent submit of the same key queued
    // earlier in this batch is seen here.
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT number, payload_sha256 FROM applications WHERE submission_key = $1")
            .bind(new.submission_key.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(storage)?;
    if let Some((number, hash)) = existing {
        if hash != new.payload_sha256 {
            return Err(StorageError::KeyReusedWithDifferentPayload);
        }
        let number = ApplicationNumber::parse(&number).map_err(|e| corrupt(e.to_string()))?;
        return Ok(JobOutcome::Existing(number));
    }
    let form_json = json(&new.values)?;
    for number in &new.candidates {
        let inserted = sqlx::query(
            "INSERT INTO applications
               (number, submission_key, payload_sha256, status, applicant_masked, form_json,
                submitted_at_us, promised_by, queued_at_us, applicant_mobile_key, submitted_via,
                assisted_by, assisted_confirmation, applicant_id_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10, $11, $12, $13)",
        )
        .bind(number.as_str())
        .bind(new.submission_key.as_str())
        .bind(&new.payload_sha256)
        .bind(ApplicationStatus::Submitted.as_str())
        .bind(&new.applicant_masked)
        .bind(&form_json)
        .bind(new.submitted_at.timestamp_micros())
        .bind(new.promised_by.to_string())
        .bind(new.applicant_mobile_key.as_deref())
        .bind(new.channel.as_str())
        .bind(new.assisted.as_ref().map(|a| a.staff.as_str()))
        .bind(new.assisted.as_ref().map(|a| a.confirmation.as_str()))
        .bind(new.applicant_id_key.as_deref())
        .execute(&mut *conn)
        .await;
        match inserted {
            Err(e) if Unique::of(&e) == Some(Unique::ApplicationNumber) => continue,
            Err(e) => return Err(storage(e)),
            Ok(_) => {}
        }
        for (position, code) in new.matters.iter().enumerate() {
            sqlx::query(
                "INSERT INTO application_matters (number, matter_code, position) VALUES ($1, $2, $3)",
            )
            .bind(number.as_str())
            .bind(code.as_str())
            .bind(position as i64)
            .execute(&mut *conn)
            .await
            .map_err(storage)?;
        }
        if let Some(draft) = &new.draft {
            sqlx::query(
                "UPDATE drafts SET application_number = $1, answers_json = '[]', rows_json = '{}',
                     holder = CASE WHEN assisted_by IS NULL THEN holder END
                 WHERE id = $2",
            )
            .bind(number.as_str())
            .bind(draft.as_str())
            .execute(&mut *conn)
            .await
            .map_err(storage)?;
            // Its uploaded materials now belong to the application.
            sqlx::query("UPDATE material_files SET number = $1 WHERE draft_id = $2")
                .bind(number.as_str())
                .bind(draft.as_str())
                .execute(&mut *conn)
                .await
                .map_err(storage)?;
        }
        return Ok(JobOutcome::Created(number.clone()));
    }
    Err(StorageError::CandidatesExhausted("application number"))
}

crate::applications::application_reads!(SqliteStore);

#[async_trait]
impl ApplicationStore for SqliteStore {
    async fn submit(&self, new: NewApplication) -> Result<SubmitOutcome, StorageError> {
        // Repeats are found by the writer inside its transaction, where a
        // concurrent twin queued in the same batch is visible too.
        let (reply, answer) = oneshot::channel();
        let job = SubmitJob {
            new: new.clone(),
            reply,
        };
        let stopped = || StorageError::Unavailable("the submission writer has stopped".into());
        self.writer.send(job).await.map_err(|_| stopped())?;
        match answer.await.map_err(|_| stopped())?? {
            JobOutcome::Created(number) => Ok(SubmitOutcome::Created(ApplicationRecord {
                number,
                status: ApplicationStatus::Submitted,
                matters: new.matters,
                applicant_masked: new.applicant_masked,
                // As stored: whole microseconds.
                submitted_at: DateTime::from_timestamp_micros(new.submitted_at.timestamp_micros())
                    .unwrap_or(new.submitted_at),
                promised_by: new.promised_by,
            })),
            JobOutcome::Existing(number) => self
                .application(&number)
                .await?
                .map(SubmitOutcome::AlreadySubmitted)
                .ok_or_else(|| corrupt("submitted application vanished")),
        }
    }

    async fn application(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<ApplicationRecord>, StorageError> {
        self.read_application(number).await
    }

    async fn application_for_visit(
        &self,
        number: &ApplicationNumber,
        visit: Option<&hall::ports::VisitRef<'_>>,
    ) -> Result<Option<(ApplicationRecord, hall::ports::VisitStanding)>, StorageError> {
        self.read_application_for_visit(number, visit).await
    }

    async fn latest_of_applicant(
        &self,
        applicant_id_key: &str,
    ) -> Result<Option<(ApplicationNumber, domain::FormValues)>, StorageError> {
        self.read_latest_of_applicant(applicant_id_key).await
    }

    async fn count_applications(&self) -> Result<u64, StorageError> {
        self.read_application_count().await
    }
}
