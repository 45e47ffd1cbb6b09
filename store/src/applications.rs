use crate::{Store, StoreError};
use chrono::NaiveDate;
use domain::{ApplicationNumber, ApplicationStatus, FormValues, MatterCode};
use sha2::{Digest, Sha256};
use sqlx::Row;

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

impl Store {
    /// Stores a submission exactly once per submission key. `next_number`
    /// supplies fresh random numbers; a collision just draws again.
    pub async fn submit(
        &self,
        new: NewApplication,
        mut next_number: impl FnMut() -> ApplicationNumber,
    ) -> Result<SubmitOutcome, StoreError> {
        let hash = fingerprint(&new.matters, &new.values);
        if let Some(existing) = self.by_submission_key(&new.submission_key, &hash).await? {
            return Ok(SubmitOutcome::AlreadySubmitted(existing));
        }
        let form_json =
            serde_json::to_string(&new.values).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for _attempt in 0..8 {
            let number = next_number();
            let mut tx = self.pool.begin().await?;
            let inserted = sqlx::query(
                "INSERT INTO applications
                   (number, submission_key, payload_sha256, status, applicant_masked, form_json, submitted_at, promised_by)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT(submission_key) DO NOTHING",
            )
            .bind(number.as_str())
            .bind(&new.submission_key)
            .bind(&hash)
            .bind(ApplicationStatus::Submitted.as_str())
            .bind(&new.applicant_masked)
            .bind(&form_json)
            .bind(&new.submitted_at)
            .bind(new.promised_by.to_string())
            .execute(&mut *tx)
            .await;
            match inserted {
                Err(e) if is_unique_violation(&e) => continue, // number already taken
                Err(e) => return Err(e.into()),
                Ok(r) if r.rows_affected() == 0 => {
                    // A concurrent submit of the same key won the race.
                    drop(tx);
                    return match self.by_submission_key(&new.submission_key, &hash).await? {
                        Some(existing) => Ok(SubmitOutcome::AlreadySubmitted(existing)),
                        None => Err(StoreError::Corrupt("submission key vanished".into())),
                    };
                }
                Ok(_) => {}
            }
            for code in &new.matters {
                sqlx::query("INSERT INTO application_matters (number, matter_code) VALUES (?, ?)")
                    .bind(number.as_str())
                    .bind(code.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            return Ok(SubmitOutcome::Created(ApplicationRecord {
                number,
                status: ApplicationStatus::Submitted,
                matters: new.matters,
                applicant_masked: new.applicant_masked,
                submitted_at: new.submitted_at,
                promised_by: new.promised_by,
            }));
        }
        Err(StoreError::Corrupt(
            "could not draw a free application number".into(),
        ))
    }

    async fn by_submission_key(
        &self,
        key: &str,
        hash: &str,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        let row =
            sqlx::query("SELECT number, payload_sha256 FROM applications WHERE submission_key = ?")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        if row.get::<String, _>("payload_sha256") != hash {
            return Err(StoreError::KeyReusedWithDifferentPayload);
        }
        let number = ApplicationNumber::parse(row.get("number"))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.application(&number).await
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
