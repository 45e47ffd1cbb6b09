//! Attempt limits on both backends from one text. Each charge is one
//! insert-or-increment that returns the new count: the row is written (and
//! locked, on PostgreSQL) by the statement that reads the count, so
//! attempts sent together queue on the row and each gets its own number.

macro_rules! attempt_store {
    ($store:ty) => {
        use crate::errors::storage;
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use hall::ports::{AttemptCount, AttemptKind, AttemptStore};
        use hall::StorageError;

        #[async_trait]
        impl AttemptStore for $store {
            async fn charge_attempt(
                &self,
                kind: AttemptKind,
                key: &str,
                at: DateTime<Utc>,
                window_secs: i64,
            ) -> Result<AttemptCount, StorageError> {
                let at_us = at.timestamp_micros();
                let stale_us = at_us - window_secs.saturating_mul(1_000_000);
                let (count, started_us): (i64, i64) = sqlx::query_as(
                    "INSERT INTO attempts (kind, key, window_start_us, count) VALUES ($1, $2, $3, 1)
                     ON CONFLICT (kind, key) DO UPDATE SET
                       count = CASE WHEN attempts.window_start_us <= $4 THEN 1
                                    ELSE attempts.count + 1 END,
                       window_start_us = CASE WHEN attempts.window_start_us <= $4 THEN $3
                                    ELSE attempts.window_start_us END
                     RETURNING count, window_start_us",
                )
                .bind(kind.as_str())
                .bind(key)
                .bind(at_us)
                .bind(stale_us)
                .fetch_one(&self.pool)
                .await
                .map_err(storage)?;
                Ok(AttemptCount {
                    count: u32::try_from(count).unwrap_or(u32::MAX),
                    window_started: DateTime::from_timestamp_micros(started_us).unwrap_or(at),
                })
            }

            async fn refund_attempt(
                &self,
                kind: AttemptKind,
                key: &str,
                window_started: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "UPDATE attempts SET count = count - 1
                     WHERE kind = $1 AND key = $2 AND window_start_us = $3 AND count > 0",
                )
                .bind(kind.as_str())
                .bind(key)
                .bind(window_started.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn clear_attempts(
                &self,
                kind: AttemptKind,
                key: &str,
            ) -> Result<(), StorageError> {
                sqlx::query("DELETE FROM attempts WHERE kind = $1 AND key = $2")
                    .bind(kind.as_str())
                    .bind(key)
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(())
            }

            async fn forget_attempts(&self, before: DateTime<Utc>) -> Result<u64, StorageError> {
                Ok(sqlx::query("DELETE FROM attempts WHERE window_start_us < $1")
                    .bind(before.timestamp_micros())
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?
                    .rows_affected())
            }
        }
    };
}

pub(crate) use attempt_store;
