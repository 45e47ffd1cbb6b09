use super::SqliteStore;
use crate::errors::{corrupt, json, storage, Unique};
use crate::rows::DraftColumns;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{DraftId, ResumeCode, VisitToken};
use hall::ports::{DraftRecord, DraftStore, NewDraft};
use hall::StorageError;
use std::collections::BTreeMap;

/// Times are Unix seconds in SQLite.
fn seconds(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

#[derive(sqlx::FromRow)]
pub(crate) struct DraftRow {
    id: String,
    resume_code: String,
    target_kind: String,
    target_code: String,
    answers_json: String,
    rows_json: String,
    submission_key: String,
    application_number: Option<String>,
    expires_at: i64,
    holder: Option<String>,
}

const COLUMNS: &str = "id, resume_code, target_kind, target_code, answers_json, rows_json, submission_key, application_number, expires_at, holder";

impl TryFrom<DraftRow> for DraftRecord {
    type Error = StorageError;

    fn try_from(r: DraftRow) -> Result<Self, StorageError> {
        let bad = |what: &str| corrupt(format!("draft {}: {what}", &r.id[..8.min(r.id.len())]));
        DraftColumns {
            answers: serde_json::from_str(&r.answers_json).map_err(|_| bad("answers"))?,
            rows: serde_json::from_str(&r.rows_json).map_err(|_| bad("rows"))?,
            expires_at: DateTime::from_timestamp(r.expires_at, 0).ok_or_else(|| bad("expiry"))?,
            id: r.id,
            resume_code: r.resume_code,
            target_kind: r.target_kind,
            target_code: r.target_code,
            submission_key: r.submission_key,
            application_number: r.application_number,
            holder: r.holder,
        }
        .try_into()
    }
}

#[async_trait]
impl DraftStore for SqliteStore {
    async fn create_draft(&self, new: NewDraft) -> Result<DraftRecord, StorageError> {
        for code in &new.resume_codes {
            let inserted = sqlx::query(
                "INSERT INTO drafts (id, resume_code, target_kind, target_code, answers_json, rows_json, submission_key, updated_at, expires_at, holder)
                 VALUES (?, ?, ?, ?, '[]', '{}', ?, ?, ?, ?)",
            )
            .bind(new.id.as_str())
            .bind(code.as_str())
            .bind(new.target.kind())
            .bind(new.target.code())
            .bind(new.submission_key.as_str())
            .bind(seconds(new.now))
            .bind(seconds(new.expires_at))
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
                        // As stored: whole seconds.
                        expires_at: DateTime::from_timestamp(seconds(new.expires_at), 0)
                            .unwrap_or(new.expires_at),
                        holder: Some(new.holder),
                    });
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
            "SELECT {COLUMNS} FROM drafts WHERE id = ? AND expires_at > ?"
        ))
        .bind(id.as_str())
        .bind(seconds(now))
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
            "SELECT {COLUMNS} FROM drafts WHERE resume_code = ? AND expires_at > ?"
        ))
        .bind(code.as_str())
        .bind(seconds(now))
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
            "UPDATE drafts SET answers_json = ?, rows_json = ?, updated_at = ?, expires_at = ?
             WHERE id = ? AND expires_at > ? AND application_number IS NULL",
        )
        .bind(json(&answers)?)
        .bind(json(rows)?)
        .bind(seconds(now))
        .bind(seconds(expires_at))
        .bind(id.as_str())
        .bind(seconds(now))
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
        let done = sqlx::query("UPDATE drafts SET holder = ? WHERE id = ?")
            .bind(holder.as_str())
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(done.rows_affected() == 1)
    }

    async fn delete_draft(&self, id: &DraftId) -> Result<bool, StorageError> {
        let done = sqlx::query("DELETE FROM drafts WHERE id = ?")
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(done.rows_affected() == 1)
    }

    async fn delete_expired_drafts(&self, now: DateTime<Utc>) -> Result<u64, StorageError> {
        let done = sqlx::query("DELETE FROM drafts WHERE expires_at <= ?")
            .bind(seconds(now))
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(done.rows_affected())
    }
}
