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
                             updated_at_us, expires_at_us, holder, assisted_by)
                         VALUES ($1, $2, $3, $4, '[]', '{}', '[]', $5, $6, $7, $8, $9)",
                    )
                    .bind(new.id.as_str())
                    .bind(code.as_str())
                    .bind(new.target.kind())
                    .bind(new.target.code())
                    .bind(new.submission_key.as_str())
                    .bind(new.now.timestamp_micros())
                    .bind(new.expires_at.timestamp_micros())
                    .bind(new.holder.as_str())
                    .bind(new.assisted_by.as_deref())
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
                                assisted_by: new.assisted_by,
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

            async fn set_draft_confirmation(
                &self,
                id: &DraftId,
                link_sha256: &str,
                expires_at: DateTime<Utc>,
            ) -> Result<bool, StorageError> {
                let done = sqlx::query(
                    "UPDATE drafts SET confirm_sha256 = $1, confirm_expires_at_us = $2
                     WHERE id = $3 AND application_number IS NULL",
                )
                .bind(link_sha256)
                .bind(expires_at.timestamp_micros())
                .bind(id.as_str())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(done.rows_affected() == 1)
            }

            async fn draft_by_confirmation(
                &self,
                link_sha256: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<(DraftRecord, DateTime<Utc>)>, StorageError> {
                let row: Option<crate::drafts::DraftWithTime> = sqlx::query_as(&format!(
                    "SELECT confirm_expires_at_us AS at_us, {DRAFT_COLUMNS} FROM drafts
                     WHERE confirm_sha256 = $1 AND confirm_expires_at_us > $2
                       AND expires_at_us > $2"
                ))
                .bind(link_sha256)
                .bind(now.timestamp_micros())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(crate::drafts::DraftWithTime::record).transpose()
            }

            async fn assisted_drafts(
                &self,
                staff: &str,
                now: DateTime<Utc>,
            ) -> Result<Vec<(DraftRecord, DateTime<Utc>)>, StorageError> {
                let rows: Vec<crate::drafts::DraftWithTime> = sqlx::query_as(&format!(
                    "SELECT updated_at_us AS at_us, {DRAFT_COLUMNS} FROM drafts
                     WHERE assisted_by = $1 AND expires_at_us > $2 AND application_number IS NULL
                     ORDER BY updated_at_us DESC LIMIT 50"
                ))
                .bind(staff)
                .bind(now.timestamp_micros())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(crate::drafts::DraftWithTime::record)
                    .collect()
            }
        }
    };
}

/// A draft with a time of its row (when last saved, or its link's expiry).
#[derive(sqlx::FromRow)]
pub(crate) struct DraftWithTime {
    at_us: i64,
    #[sqlx(flatten)]
    draft: crate::rows::DraftColumns,
}

impl DraftWithTime {
    pub(crate) fn record(
        self,
    ) -> Result<(hall::ports::DraftRecord, chrono::DateTime<chrono::Utc>), hall::StorageError> {
        let at = chrono::DateTime::from_timestamp_micros(self.at_us)
            .ok_or_else(|| crate::errors::corrupt("draft time"))?;
        Ok((hall::ports::DraftRecord::try_from(self.draft)?, at))
    }
}

pub(crate) use draft_store;
