use crate::{Store, StoreError};
use chrono::NaiveDate;
use domain::{ApplicationNumber, ApplicationStatus, FormValues, MatterCode};
use sha2::{Digest, Sha256};
use sqlx::{Row, SqlitePool};
use tokio::sync::{mpsc, oneshot};

/// What a citizen submits, checked by the domain before it gets here.
#[derive(Clone, Debug)]
pub struct NewApplication {
    /// Idempotency key of the form (or draft) being submitted.
    pub submission_key: String,
    pub matters: Vec<MatterCode>,
    pub values: FormValues,
    /// Only the masked name is ever shown on receipts and lookups.
    pub applicant_masked: String,
    /// RFC 3339 with the hall's offset.
    pub submitted_at: String,
    pub promised_by: NaiveDate,
    /// The draft this submits: in the same commit it keeps only the
    /// application's number, its answers wiped.
    pub draft_id: Option<String>,
}

/// The public face of an application: nothing personal beyond a masked name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationRecord {
    pub number: ApplicationNumber,
    pub status: ApplicationStatus,
    pub matters: Vec<MatterCode>,
    pub applicant_masked: String,
    pub submitted_at: String,
    pub promised_by: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubmitOutcome {
    Created(ApplicationRecord),
    /// The same key was submitted before with the same content: the first
    /// application is the answer (double tap, retry on a flaky network).
    AlreadySubmitted(ApplicationRecord),
}

impl SubmitOutcome {
    pub fn record(&self) -> &ApplicationRecord {
        match self {
            SubmitOutcome::Created(r) | SubmitOutcome::AlreadySubmitted(r) => r,
        }
    }
}

fn fingerprint(matters: &[MatterCode], values: &FormValues) -> String {
    let mut codes: Vec<&str> = matters.iter().map(MatterCode::as_str).collect();
    codes.sort_unstable();
    let canonical = serde_json::json!({ "matters": codes, "values": values.0 });
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Candidate numbers drawn per submission: a collision with an existing
/// number takes the next one (30⁹ numbers make even one collision rare).
const CANDIDATES: usize = 8;

/// One submission waiting for the writer.
pub(crate) struct SubmitJob {
    new: NewApplication,
    hash: String,
    candidates: Vec<ApplicationNumber>,
    reply: oneshot::Sender<Result<JobOutcome, StoreError>>,
}

enum JobOutcome {
    Created(ApplicationNumber),
    Existing(ApplicationNumber),
}

/// Group commit: one task owns the write connection and stores every
/// submission queued while the previous commit was being flushed in one
/// transaction, so one fsync makes a whole batch durable. Each submission
/// runs in its own savepoint, so one failing does not undo the others.
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

const MAX_BATCH: usize = 256;

async fn write_batch(
    pool: &SqlitePool,
    batch: &[SubmitJob],
) -> Vec<Result<JobOutcome, StoreError>> {
    let failed_all = |e: &sqlx::Error| -> Vec<Result<JobOutcome, StoreError>> {
        batch
            .iter()
            .map(|_| Err(StoreError::Corrupt(format!("batch commit failed: {e}"))))
            .collect()
    };
    let mut conn = match pool.acquire().await {
        Ok(c) => c,
        Err(e) => return failed_all(&e),
    };
    if let Err(e) = sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await {
        return failed_all(&e);
    }
    let mut results = Vec::with_capacity(batch.len());
    for job in batch {
        let _ = sqlx::query("SAVEPOINT submission")
            .execute(&mut *conn)
            .await;
        let result = write_one(&mut conn, job).await;
        if result.is_err() {
            // Undo this submission's writes only; the batch goes on.
            let _ = sqlx::query("ROLLBACK TO submission")
                .execute(&mut *conn)
                .await;
        }
        let _ = sqlx::query("RELEASE submission").execute(&mut *conn).await;
        results.push(result);
    }
    if let Err(e) = sqlx::query("COMMIT").execute(&mut *conn).await {
        let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
        return failed_all(&e);
    }
    results
}

async fn write_one(
    conn: &mut sqlx::SqliteConnection,
    job: &SubmitJob,
) -> Result<JobOutcome, StoreError> {
    let new = &job.new;
    // Inside the transaction: a concurrent submit of the same key queued
    // earlier in this batch is seen here.
    let existing =
        sqlx::query("SELECT number, payload_sha256 FROM applications WHERE submission_key = ?")
            .bind(&new.submission_key)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(row) = existing {
        if row.get::<String, _>("payload_sha256") != job.hash {
            return Err(StoreError::KeyReusedWithDifferentPayload);
        }
        let number = ApplicationNumber::parse(row.get("number"))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        return Ok(JobOutcome::Existing(number));
    }
    let form_json =
        serde_json::to_string(&new.values).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    for number in &job.candidates {
        let inserted = sqlx::query(
            "INSERT INTO applications
               (number, submission_key, payload_sha256, status, applicant_masked, form_json, submitted_at, promised_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(number.as_str())
        .bind(&new.submission_key)
        .bind(&job.hash)
        .bind(ApplicationStatus::Submitted.as_str())
        .bind(&new.applicant_masked)
        .bind(&form_json)
        .bind(&new.submitted_at)
        .bind(new.promised_by.to_string())
        .execute(&mut *conn)
        .await;
        match inserted {
            Err(e) if is_unique_violation(&e) => continue, // number already taken
            Err(e) => return Err(e.into()),
            Ok(_) => {}
        }
        for code in &new.matters {
            sqlx::query("INSERT INTO application_matters (number, matter_code) VALUES (?, ?)")
                .bind(number.as_str())
                .bind(code.as_str())
                .execute(&mut *conn)
                .await?;
        }
        if let Some(draft) = &new.draft_id {
            sqlx::query(
                "UPDATE drafts SET application_number = ?, answers_json = '[]', rows_json = '{}' WHERE id = ?",
            )
            .bind(number.as_str())
            .bind(draft)
            .execute(&mut *conn)
            .await?;
        }
        return Ok(JobOutcome::Created(number.clone()));
    }
    Err(StoreError::Corrupt(
        "could not draw a free application number".into(),
    ))
}

impl Store {
    /// Stores a submission exactly once per submission key, durably (the
    /// answer comes after the commit that holds it). `next_number` supplies
    /// fresh random numbers; a collision just takes the next.
    pub async fn submit(
        &self,
        new: NewApplication,
        mut next_number: impl FnMut() -> ApplicationNumber,
    ) -> Result<SubmitOutcome, StoreError> {
        // Repeats are found by the writer inside its transaction, where a
        // concurrent twin queued in the same batch is visible too.
        let hash = fingerprint(&new.matters, &new.values);
        let (reply, answer) = oneshot::channel();
        let job = SubmitJob {
            candidates: (0..CANDIDATES).map(|_| next_number()).collect(),
            hash,
            new: new.clone(),
            reply,
        };
        self.writer
            .send(job)
            .await
            .map_err(|_| StoreError::Corrupt("the writer has stopped".into()))?;
        let outcome = answer
            .await
            .map_err(|_| StoreError::Corrupt("the writer dropped a submission".into()))??;
        match outcome {
            JobOutcome::Created(number) => Ok(SubmitOutcome::Created(ApplicationRecord {
                number,
                status: ApplicationStatus::Submitted,
                matters: new.matters,
                applicant_masked: new.applicant_masked,
                submitted_at: new.submitted_at,
                promised_by: new.promised_by,
            })),
            JobOutcome::Existing(number) => self
                .application(&number)
                .await?
                .map(SubmitOutcome::AlreadySubmitted)
                .ok_or_else(|| StoreError::Corrupt("submitted application vanished".into())),
        }
    }

    pub async fn application(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT status, applicant_masked, submitted_at, promised_by FROM applications WHERE number = ?",
        )
        .bind(number.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let corrupt = |what: &str| StoreError::Corrupt(format!("application {number}: {what}"));
        let status =
            ApplicationStatus::parse(row.get("status")).ok_or_else(|| corrupt("status"))?;
        let promised_by: NaiveDate = row
            .get::<String, _>("promised_by")
            .parse()
            .map_err(|_| corrupt("promised_by"))?;
        let codes = sqlx::query(
            "SELECT matter_code FROM application_matters WHERE number = ? ORDER BY matter_code",
        )
        .bind(number.as_str())
        .fetch_all(&self.pool)
        .await?;
        let matters = codes
            .iter()
            .map(|r| MatterCode::parse(r.get("matter_code")).map_err(|_| corrupt("matter code")))
            .collect::<Result<_, _>>()?;
        Ok(Some(ApplicationRecord {
            number: number.clone(),
            status,
            matters,
            applicant_masked: row.get("applicant_masked"),
            submitted_at: row.get("submitted_at"),
            promised_by,
        }))
    }

    pub async fn count_applications(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM applications")
            .fetch_one(&self.pool)
            .await?
            .get("n"))
    }
}
