use super::in_transaction::enqueue_rows;
use super::SqliteStore;
use crate::errors::{corrupt, json, storage};
use async_trait::async_trait;
use chrono::DateTime;
use domain::{ApplicationNumber, ApplicationStatus, MatterCode};
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
/// so one fsync makes a whole batch durable.
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
    let failed_all = |e: &dyn std::fmt::Display| -> Vec<Result<JobOutcome, StorageError>> {
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
        Err(e) => return failed_all(&e),
    };
    if let Err(e) = sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await {
        return failed_all(&e);
    }
    let written = match write_all(&mut conn, batch).await {
        Ok(results) => results,
        Err(e) => {
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            return failed_all(&e);
        }
    };
    if let Err(e) = sqlx::query("COMMIT").execute(&mut *conn).await {
        let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
        return failed_all(&e);
    }
    written
}

/// The batch's writes, in a handful of statements rather than a few per
/// submission: every statement is a hand-off to SQLite's worker thread
/// and back, and the writer is the one task every submission waits for.
/// The applications go in one multi-row insert; only one whose key or
/// number is already taken is looked at on its own. Then the matters,
/// the drafts, the drafts' files and the "submitted" messages of the
/// created ones, one statement each. An error other than a taken key or
/// number undoes the whole batch (each submitter is told), so no
/// application is ever stored without its matters, draft or message.
async fn write_all(
    conn: &mut sqlx::SqliteConnection,
    batch: &[SubmitJob],
) -> Result<Vec<Result<JobOutcome, StorageError>>, StorageError> {
    let mut results: Vec<Option<Result<JobOutcome, StorageError>>> =
        Vec::with_capacity(batch.len());
    let mut forms = Vec::with_capacity(batch.len());
    for job in batch {
        match (json(&job.new.values), job.new.candidates.first()) {
            (Ok(form), Some(_)) => {
                forms.push(form);
                results.push(None);
            }
            (Err(e), _) => {
                forms.push(String::new());
                results.push(Some(Err(e)));
            }
            (Ok(_), None) => {
                forms.push(String::new());
                results.push(Some(Err(StorageError::CandidatesExhausted(
                    "application number",
                ))));
            }
        }
    }
    // Each job's first number, all at once; a twin key later in the batch,
    // a taken key or a taken number comes back without its row.
    let first: Vec<usize> = (0..batch.len()).filter(|&i| results[i].is_none()).collect();
    let mut inserted = std::collections::HashSet::new();
    for chunk in first.chunks(MAX_BATCH) {
        let rows: Vec<(&NewApplication, &ApplicationNumber, &str)> = chunk
            .iter()
            .map(|&i| {
                (
                    &batch[i].new,
                    &batch[i].new.candidates[0],
                    forms[i].as_str(),
                )
            })
            .collect();
        inserted.extend(insert_applications(conn, &rows).await?);
    }
    let mut created: Vec<(usize, ApplicationNumber)> = Vec::new();
    for &i in &first {
        let new = &batch[i].new;
        let key = (
            new.candidates[0].as_str().to_string(),
            new.submission_key.as_str().to_string(),
        );
        // The first job with this pair took the row; a twin asks below.
        if inserted.remove(&key) {
            created.push((i, new.candidates[0].clone()));
            results[i] = Some(Ok(JobOutcome::Created(new.candidates[0].clone())));
        }
    }
    for &i in &first {
        if results[i].is_some() {
            continue;
        }
        let outcome = write_alone(conn, &batch[i].new, &forms[i]).await?;
        if let Ok(JobOutcome::Created(number)) = &outcome {
            created.push((i, number.clone()));
        }
        results[i] = Some(outcome);
    }
    created.sort_by_key(|(i, _)| *i);

    let matters: Vec<(&ApplicationNumber, &MatterCode, i64)> = created
        .iter()
        .flat_map(|(i, number)| {
            batch[*i]
                .new
                .matters
                .iter()
                .enumerate()
                .map(move |(p, code)| (number, code, p as i64))
        })
        .collect();
    for chunk in matters.chunks(5_000) {
        let sql = format!(
            "INSERT INTO application_matters (number, matter_code, position) VALUES {}",
            placeholders(chunk.len(), 3)
        );
        let mut q = sqlx::query(&sql).persistent(false);
        for (number, code, position) in chunk {
            q = q.bind(number.as_str()).bind(code.as_str()).bind(*position);
        }
        q.execute(&mut *conn).await.map_err(storage)?;
    }
    // Each submitted draft keeps only its application's number; its
    // uploaded materials now belong to the application.
    let drafts: Vec<(&str, &str)> = created
        .iter()
        .filter_map(|(i, number)| {
            batch[*i]
                .new
                .draft
                .as_ref()
                .map(|d| (d.as_str(), number.as_str()))
        })
        .collect();
    for chunk in drafts.chunks(5_000) {
        let done = format!(
            "(SELECT column1 AS id, column2 AS number FROM (VALUES {})) AS done",
            placeholders(chunk.len(), 2)
        );
        for sql in [
            format!(
                "UPDATE drafts SET application_number = done.number, answers_json = '[]',
                     rows_json = '{{}}',
                     holder = CASE WHEN drafts.assisted_by IS NULL THEN drafts.holder END
                 FROM {done} WHERE drafts.id = done.id"
            ),
            format!(
                "UPDATE material_files SET number = done.number
                 FROM {done} WHERE material_files.draft_id = done.id"
            ),
        ] {
            let mut q = sqlx::query(&sql).persistent(false);
            for (draft, number) in chunk {
                q = q.bind(*draft).bind(*number);
            }
            q.execute(&mut *conn).await.map_err(storage)?;
        }
    }
    let told: Vec<_> = created
        .iter()
        .filter_map(|(i, number)| {
            let new = &batch[*i].new;
            new.notification
                .as_ref()
                .map(|n| (number, n, new.submitted_at))
        })
        .collect();
    enqueue_rows(&mut *conn, &told).await?;
    Ok(results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(corrupt("a submission was not written"))))
        .collect())
}

/// `(?, ?, …), (?, ?, …)…`: `rows` groups of `width` numbered parameters.
fn placeholders(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let params: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts each `(application, number, form JSON)` unless its key or
/// number is taken; returns the (number, key) of each row it wrote.
async fn insert_applications(
    conn: &mut sqlx::SqliteConnection,
    rows: &[(&NewApplication, &ApplicationNumber, &str)],
) -> Result<Vec<(String, String)>, StorageError> {
    const WIDTH: usize = 13;
    let values: Vec<String> = (0..rows.len())
        .map(|r| {
            let p = r * WIDTH;
            let params: Vec<String> = (1..=WIDTH).map(|c| format!("${}", p + c)).collect();
            // queued_at_us is the submission's time ($7 of the row).
            format!("({}, ${})", params.join(", "), p + 7)
        })
        .collect();
    let sql = format!(
        "INSERT INTO applications
           (number, submission_key, payload_sha256, status, applicant_masked, form_json,
            submitted_at_us, promised_by, applicant_mobile_key, submitted_via,
            assisted_by, assisted_confirmation, applicant_id_key, queued_at_us)
         VALUES {}
         ON CONFLICT DO NOTHING
         RETURNING number, submission_key",
        values.join(", ")
    );
    let mut q = sqlx::query_as(&sql).persistent(rows.len() == 1);
    for (new, number, form) in rows {
        q = q
            .bind(number.as_str())
            .bind(new.submission_key.as_str())
            .bind(new.payload_sha256.as_str())
            .bind(ApplicationStatus::Submitted.as_str())
            .bind(new.applicant_masked.as_str())
            .bind(*form)
            .bind(new.submitted_at.timestamp_micros())
            .bind(new.promised_by.to_string())
            .bind(new.applicant_mobile_key.as_deref())
            .bind(new.channel.as_str())
            .bind(new.assisted.as_ref().map(|a| a.staff.as_str()))
            .bind(new.assisted.as_ref().map(|a| a.confirmation.as_str()))
            .bind(new.applicant_id_key.as_deref());
    }
    q.fetch_all(&mut *conn).await.map_err(storage)
}

/// One submission whose first number did not go in with the batch: a
/// repeat of a stored key (the same content gets that application), or a
/// taken number (the next candidate is tried). Inside the writer's
/// transaction, so a twin earlier in the batch is seen.
async fn write_alone(
    conn: &mut sqlx::SqliteConnection,
    new: &NewApplication,
    form: &str,
) -> Result<Result<JobOutcome, StorageError>, StorageError> {
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT number, payload_sha256 FROM applications WHERE submission_key = $1")
            .bind(new.submission_key.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(storage)?;
    if let Some((number, hash)) = existing {
        if hash != new.payload_sha256 {
            return Ok(Err(StorageError::KeyReusedWithDifferentPayload));
        }
        let number = ApplicationNumber::parse(&number).map_err(|e| corrupt(e.to_string()))?;
        return Ok(Ok(JobOutcome::Existing(number)));
    }
    for number in new.candidates.iter().skip(1) {
        if !insert_applications(conn, &[(new, number, form)])
            .await?
            .is_empty()
        {
            return Ok(Ok(JobOutcome::Created(number.clone())));
        }
    }
    Ok(Err(StorageError::CandidatesExhausted("application number")))
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
