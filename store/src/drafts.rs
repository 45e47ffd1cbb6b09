//! Drafts on both backends from one text. A resume code is drawn from the
//! candidates until one is free (its unique constraint decides).

macro_rules! draft_store {
    ($store:ty) => {
        use crate::errors::{json, storage, Unique};
        use crate::rows::{DraftColumns, DRAFT_COLUMNS};
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::{DraftId, ResumeCode, VisitToken};
        use hall::ports::{DraftRecord, DraftStore, NewDraft};
        use hall::StorageError;
        use std::collections::BTreeMap;

        #[async_trait]
        impl DraftStore for $store {
            async fn create_draft(&self, new: NewDraft) -> Result<DraftRecord, StorageError> {
                for code in &new.resume_codes {
                    let inserted = sqlx::query(
                        "INSERT INTO drafts (id, resume_code, target_kind, target_code,
                             answers_json, rows_json, steps_json, submission_key,
                             updated_at_us, expires_at_us, holder)
                         VALUES ($1, $2, $3, $4, '[]', '{}', '[]', $5, $6, $7, $8)",
                    )
                    .bind(new.id.as_str())
                    .bind(code.as_str())
                    .bind(new.target.kind())
                    .bind(new.target.code())
                    .bind(new.submission_key.as_str())
                    .bind(new.now.timestamp_micros())
                    .bind(new.expires_at.timestamp_micros())
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
                                saved_steps: Default::default(),
                                submission_key: new.submission_key,
                                application_number: None,
                                // As stored: whole microseconds.
                                expires_at: DateTime::from_timestamp_micros(
                                    new.expires_at.timestamp_micros(),
                                )
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
                let row: Option<DraftColumns> = sqlx::query_as(&format!(
                    "SELECT {DRAFT_COLUMNS} FROM drafts WHERE id = $1 AND expires_at_us > $2"
                ))
                .bind(id.as_str())
                .bind(now.timestamp_micros())
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
                let row: Option<DraftColumns> = sqlx::query_as(&format!(
                    "SELECT {DRAFT_COLUMNS} FROM drafts
                     WHERE resume_code = $1 AND expires_at_us > $2"
                ))
                .bind(code.as_str())
                .bind(now.timestamp_micros())
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
                saved_steps: &std::collections::BTreeSet<String>,
                now: DateTime<Utc>,
                expires_at: DateTime<Utc>,
            ) -> Result<bool, StorageError> {
                let done = sqlx::query(
                    "UPDATE drafts SET answers_json = $1, rows_json = $2, updated_at_us = $3,
                            expires_at_us = $4, steps_json = $6
                     WHERE id = $5 AND expires_at_us > $3 AND application_number IS NULL",
                )
                .bind(json(&answers)?)
                .bind(json(rows)?)
                .bind(now.timestamp_micros())
                .bind(expires_at.timestamp_micros())
                .bind(id.as_str())
                .bind(json(saved_steps)?)
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
                let done = sqlx::query("DELETE FROM drafts WHERE expires_at_us <= $1")
                    .bind(now.timestamp_micros())
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(done.rows_affected())
            }
        }
    };
}

pub(crate) use draft_store;
