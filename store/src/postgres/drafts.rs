use super::PostgresStore;
use crate::errors::{storage, Unique};
use crate::rows::DraftColumns;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{DraftId, ResumeCode, VisitToken};
use hall::ports::{DraftRecord, DraftStore, NewDraft};
use hall::StorageError;
use sqlx::types::Json;
use std::collections::BTreeMap;

#[derive(sqlx::FromRow)]
struct DraftRow {
    id: String,
    resume_code: String,
    target_kind: String,
    target_code: String,
    answers: Json<Vec<(String, String)>>,
    rows_shown: Json<BTreeMap<String, u8>>,
    submission_key: String,
    application_number: Option<String>,
    expires_at: DateTime<Utc>,
    holder: Option<String>,
}

const COLUMNS: &str = "id, resume_code, target_kind, target_code, answers, rows_shown, submission_key, application_number, expires_at, holder";

impl TryFrom<DraftRow> for DraftRecord {
    type Error = StorageError;

    fn try_from(r: DraftRow) -> Result<Self, StorageError> {
        DraftColumns {
            id: r.id,
            resume_code: r.resume_code,
            target_kind: r.target_kind,
            target_code: r.target_code,
            answers: r.answers.0,
            rows: r.rows_shown.0,
            submission_key: r.submission_key,
            application_number: r.application_number,
            expires_at: r.expires_at,
            holder: r.holder,
        }
        .try_into()
    }
}

/// PostgreSQL keeps microseconds: what is returned equals what is read back.
fn micros(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

#[async_trait]
impl DraftStore for PostgresStore {
    async fn create_draft(&self, new: NewDraft) -> Result<DraftRecord, StorageError> {
        for code in &new.resume_codes {
            let inserted = sqlx::query(
                "INSERT INTO drafts (id, resume_code, target_kind, target_code, submission_key, updated_at, expires_at, holder)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(new.id.as_str())
            .bind(code.as_str())
            .bind(new.target.kind())
            .bind(new.target.code())
            .bind(new.submission_key.as_str())
            .bind(new.now)
            .bind(new.expires_at)
            .bind(new.holder.as_str())
            .execute(&self.pool)
            .await;
            match inserted {
                Err(e) if Unique::of(&e) == Some(Unique::ResumeCode) => continue,
                Err(e) => return Err(storage(e)),
                Ok(_) => {
                    return Ok(DraftRecord {
                        id: new.id,
                        resume_code: code.clone(),
                        target: new.target,
                        answers: Vec::new(),
                        rows: BTreeMap::new(),
                        submission_key: new.submission_key,
                        application_number: None,
                        expires_at: micros(new.expires_at),
                        holder: Some(new.holder),
                    })
                }
            }
        }
        Err(StorageError::CandidatesExhausted("resume code"))
    }

    async fn draft(
        &self,
        id: &DraftId,
        now: DateTime<Utc>,
    ) -> Result<Option<DraftRecord>, StorageError> {
        let row: Option<DraftRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM drafts WHERE id = $1 AND expires_at > $2"
        ))
        .bind(id.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(storage)?;
        row.map(DraftRecord::try_from).transpose()
    }

    async fn draft_by_resume_code(
        &self,
        code: &ResumeCode,
        now: DateTime<Utc>,
    ) -> Result<Option<DraftRecord>, StorageError> {
        let row: Option<DraftRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM drafts WHERE resume_code = $1 AND expires_at > $2"
        ))
        .bind(code.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(storage)?;
        row.map(DraftRecord::try_from).transpose()
    }

    async fn save_draft_answers(
        &self,
        id: &DraftId,
        answers: &[(String, String)],
        rows: &BTreeMap<String, u8>,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE drafts SET answers = $1, rows_shown = $2, updated_at = $3, expires_at = $4
             WHERE id = $5 AND expires_at > $3 AND application_number IS NULL",
        )
        .bind(Json(answers))
        .bind(Json(rows))
        .bind(now)
        .bind(expires_at)
        .bind(id.as_str())
        .execute(&self.pool)
        .await
        .map_err(storage)?;
        Ok(done.rows_affected() == 1)
    }

    async fn hand_over_draft(
        &self,
        id: &DraftId,
        holder: &VisitToken,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query("UPDATE drafts SET holder = $1 WHERE id = $2")
            .bind(holder.as_str())
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(done.rows_affected() == 1)
    }

    async fn delete_draft(&self, id: &DraftId) -> Result<bool, StorageError> {
        let done = sqlx::query("DELETE FROM drafts WHERE id = $1")
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(done.rows_affected() == 1)
    }

    async fn delete_expired_drafts(&self, now: DateTime<Utc>) -> Result<u64, StorageError> {
        let done = sqlx::query("DELETE FROM drafts WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(done.rows_affected())
    }
}
