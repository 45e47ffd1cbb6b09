//! 申请材料 files and upload handoffs on both backends from one text (as
//! crate::issuing): the tables have the same column types on both.
//!
//! Adding a file starts with its guarded write — touching the open draft's
//! row — so SQLite holds the write lock and PostgreSQL the draft's row lock
//! before the count and the bytes are summed: racing uploads to one draft
//! queue, and the second sees the first.

macro_rules! material_store {
    ($store:ty) => {
        use crate::errors::storage;
        use crate::rows::materials::{FileRow, HandoffRow, FILE_COLUMNS};
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::{ApplicationNumber, DraftId, VisitToken};
        use hall::ports::{
            AddFileOutcome, FileId, HandoffRecord, MaterialFileRecord, MaterialStore,
            NewMaterialFile,
        };
        use hall::StorageError;

        /// Within the open transaction: the count for the material and the
        /// bytes of everything under `owner` (`draft_id` or `number`), then
        /// the insert if both allow it.
        async fn insert_within_limits(
            tx: &mut sqlx::Transaction<'_, <$store as crate::materials::Backend>::Db>,
            new: &NewMaterialFile,
            owner: &'static str,
            key: &str,
        ) -> Result<AddFileOutcome, StorageError> {
            let r = &new.record;
            let (count, used): (i64, i64) = sqlx::query_as(&format!(
                "SELECT CAST(COUNT(CASE WHEN material = $2 THEN 1 END) AS BIGINT),
                        CAST(COALESCE(SUM(bytes), 0) AS BIGINT)
                 FROM material_files WHERE {owner} = $1"
            ))
            .bind(key)
            .bind(r.material.as_str())
            .fetch_one(&mut **tx)
            .await
            .map_err(storage)?;
            if count >= i64::from(new.files_per_material) {
                return Ok(AddFileOutcome::TooManyFiles);
            }
            let bytes = i64::try_from(r.bytes).unwrap_or(i64::MAX);
            let limit = i64::try_from(new.bytes_per_application).unwrap_or(i64::MAX);
            if used.saturating_add(bytes) > limit {
                return Ok(AddFileOutcome::ApplicationFull);
            }
            sqlx::query(&format!(
                "INSERT INTO material_files ({FILE_COLUMNS})
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            ))
            .bind(r.id.as_str())
            .bind(r.draft.as_ref().map(|d| d.as_str()))
            .bind(r.number.as_ref().map(|n| n.as_str()))
            .bind(r.material.as_str())
            .bind(r.kind.as_str())
            .bind(bytes)
            .bind(&r.sha256)
            .bind(&r.name)
            .bind(r.uploaded_at.timestamp_micros())
            .execute(&mut **tx)
            .await
            .map_err(storage)?;
            Ok(AddFileOutcome::Added)
        }

        /// The files under `owner` (`draft_id` or `number`), in upload order.
        async fn files_where(
            pool: &sqlx::Pool<<$store as crate::materials::Backend>::Db>,
            owner: &'static str,
            key: &str,
        ) -> Result<Vec<MaterialFileRecord>, StorageError> {
            let rows: Vec<FileRow> = sqlx::query_as(&format!(
                "SELECT {FILE_COLUMNS} FROM material_files WHERE {owner} = $1
                 ORDER BY uploaded_at_us, id"
            ))
            .bind(key)
            .fetch_all(pool)
            .await
            .map_err(storage)?;
            rows.into_iter().map(TryInto::try_into).collect()
        }

        #[async_trait]
        impl MaterialStore for $store {
            async fn add_material_file(
                &self,
                new: NewMaterialFile,
            ) -> Result<AddFileOutcome, StorageError> {
                let r = &new.record;
                let Some(draft) = &r.draft else {
                    return Ok(AddFileOutcome::DraftClosed);
                };
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let open = sqlx::query(
                    "UPDATE drafts SET holder = holder
                     WHERE id = $1 AND application_number IS NULL AND expires_at_us > $2",
                )
                .bind(draft.as_str())
                .bind(new.now.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
                if open.rows_affected() == 0 {
                    return Ok(AddFileOutcome::DraftClosed);
                }
                let outcome = insert_within_limits(&mut tx, &new, "draft_id", draft.as_str()).await?;
                if outcome == AddFileOutcome::Added {
                    tx.commit().await.map_err(storage)?;
                }
                Ok(outcome)
            }

            async fn add_application_file(
                &self,
                new: NewMaterialFile,
            ) -> Result<AddFileOutcome, StorageError> {
                let Some(number) = &new.record.number else {
                    return Ok(AddFileOutcome::DraftClosed);
                };
                let mut tx = self.pool.begin().await.map_err(storage)?;
                // The application's row lock (PostgreSQL) or the write lock
                // (SQLite) first; only while it waits for corrections.
                let open = sqlx::query(
                    "UPDATE applications SET status = status
                     WHERE number = $1 AND status = 'returned_for_correction'",
                )
                .bind(number.as_str())
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
                if open.rows_affected() == 0 {
                    return Ok(AddFileOutcome::DraftClosed);
                }
                let outcome = insert_within_limits(&mut tx, &new, "number", number.as_str()).await?;
                if outcome == AddFileOutcome::Added {
                    tx.commit().await.map_err(storage)?;
                }
                Ok(outcome)
            }

            async fn files_of_draft(
                &self,
                draft: &DraftId,
            ) -> Result<Vec<MaterialFileRecord>, StorageError> {
                files_where(&self.pool, "draft_id", draft.as_str()).await
            }

            async fn files_of_application(
                &self,
                number: &ApplicationNumber,
            ) -> Result<Vec<MaterialFileRecord>, StorageError> {
                files_where(&self.pool, "number", number.as_str()).await
            }

            async fn material_file(
                &self,
                id: &FileId,
            ) -> Result<Option<MaterialFileRecord>, StorageError> {
                let row: Option<FileRow> = sqlx::query_as(&format!(
                    "SELECT {FILE_COLUMNS} FROM material_files WHERE id = $1"
                ))
                .bind(id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn remove_material_file(
                &self,
                id: &FileId,
                draft: &DraftId,
            ) -> Result<bool, StorageError> {
                let done = sqlx::query(
                    "DELETE FROM material_files WHERE id = $1 AND draft_id = $2 AND number IS NULL",
                )
                .bind(id.as_str())
                .bind(draft.as_str())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(done.rows_affected() == 1)
            }

            async fn abandoned_material_files(
                &self,
                now: DateTime<Utc>,
            ) -> Result<Vec<FileId>, StorageError> {
                let rows: Vec<(String,)> = sqlx::query_as(
                    "SELECT id FROM material_files f WHERE f.number IS NULL AND NOT EXISTS
                       (SELECT 1 FROM drafts d WHERE d.id = f.draft_id AND d.expires_at_us > $1)
                     ORDER BY id LIMIT 1000",
                )
                .bind(now.timestamp_micros())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(|(id,)| {
                        FileId::parse(&id)
                            .ok_or_else(|| crate::errors::corrupt(format!("material file id {id}")))
                    })
                    .collect()
            }

            async fn forget_material_file(&self, id: &FileId) -> Result<(), StorageError> {
                sqlx::query("DELETE FROM material_files WHERE id = $1 AND number IS NULL")
                    .bind(id.as_str())
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(())
            }

            async fn create_handoff(
                &self,
                token_hash: &str,
                handoff: &HandoffRecord,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO upload_handoffs (token_hash, draft_id, kiosk, phone, expires_at_us)
                     VALUES ($1, $2, $3, NULL, $4)",
                )
                .bind(token_hash)
                .bind(handoff.draft.as_str())
                .bind(handoff.kiosk.as_str())
                .bind(handoff.expires_at.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn claim_handoff(
                &self,
                token_hash: &str,
                phone: &VisitToken,
                now: DateTime<Utc>,
            ) -> Result<Option<HandoffRecord>, StorageError> {
                // Binds the first phone; a later one reads the row back and
                // sees another holder.
                sqlx::query(
                    "UPDATE upload_handoffs SET phone = $2
                     WHERE token_hash = $1 AND phone IS NULL AND expires_at_us > $3",
                )
                .bind(token_hash)
                .bind(phone.as_str())
                .bind(now.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                let row: Option<HandoffRow> = sqlx::query_as(
                    "SELECT draft_id, kiosk, phone, expires_at_us FROM upload_handoffs
                     WHERE token_hash = $1 AND expires_at_us > $2",
                )
                .bind(token_hash)
                .bind(now.timestamp_micros())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn handoff(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<HandoffRecord>, StorageError> {
                let row: Option<HandoffRow> = sqlx::query_as(
                    "SELECT draft_id, kiosk, phone, expires_at_us FROM upload_handoffs
                     WHERE token_hash = $1 AND expires_at_us > $2",
                )
                .bind(token_hash)
                .bind(now.timestamp_micros())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn end_handoffs(&self, kiosk: &VisitToken) -> Result<u64, StorageError> {
                let done = sqlx::query("DELETE FROM upload_handoffs WHERE kiosk = $1")
                    .bind(kiosk.as_str())
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(done.rows_affected())
            }
        }
    };
}

/// Which sqlx database a store runs on (for the shared helpers' types).
pub(crate) trait Backend {
    type Db: sqlx::Database;
}

impl Backend for crate::sqlite::SqliteStore {
    type Db = sqlx::Sqlite;
}

impl Backend for crate::postgres::PostgresStore {
    type Db = sqlx::Postgres;
}

pub(crate) use material_store;
