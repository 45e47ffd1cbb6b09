//! The outbox on both backends from one text. A claim is one `UPDATE …
//! RETURNING` that counts the attempt and pushes the message's due time
//! past the lease, so a message is with one worker at a time and comes
//! back by itself if that worker dies. PostgreSQL skips rows another
//! server is claiming (the backend's `CLAIM_LOCK`); SQLite has one writer.

use crate::errors::corrupt;
use crate::rows::from_json;
use chrono::DateTime;
use domain::ApplicationNumber;
use hall::ports::{DeliveryState, StoredNotification};
use hall::StorageError;

pub(crate) const OUTBOX_COLUMNS: &str =
    "id, number, body_json, created_at_us, state, attempts, last_error";

#[derive(sqlx::FromRow)]
pub(crate) struct OutboxRow {
    id: i64,
    number: String,
    body_json: String,
    created_at_us: i64,
    state: String,
    attempts: i32,
    last_error: String,
}

impl OutboxRow {
    pub(crate) fn into_stored(self) -> Result<StoredNotification, StorageError> {
        Ok(StoredNotification {
            id: self.id,
            number: ApplicationNumber::parse(&self.number)
                .map_err(|_| corrupt(format!("outbox {}: number", self.id)))?,
            notification: from_json(&self.body_json, format_args!("outbox {}", self.id))?,
            created_at: DateTime::from_timestamp_micros(self.created_at_us)
                .ok_or_else(|| corrupt(format!("outbox {}: time", self.id)))?,
            state: DeliveryState::parse(&self.state)
                .ok_or_else(|| corrupt(format!("outbox {}: state {:?}", self.id, self.state)))?,
            attempts: u32::try_from(self.attempts).unwrap_or(0),
            last_error: self.last_error,
        })
    }
}

macro_rules! notification_store {
    ($store:ty, $claim_lock:expr) => {
        use super::in_transaction::enqueue;
        use crate::errors::storage;
        use crate::notifications::{OutboxRow, OUTBOX_COLUMNS};
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::ApplicationNumber;
        use hall::ports::{NotificationStore, StoredNotification};
        use hall::StorageError;

        fn stored(rows: Vec<OutboxRow>) -> Result<Vec<StoredNotification>, StorageError> {
            rows.into_iter().map(OutboxRow::into_stored).collect()
        }

        #[async_trait]
        impl NotificationStore for $store {
            async fn enqueue_notifications(
                &self,
                number: &ApplicationNumber,
                notifications: &[domain::notification::Notification],
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                let mut conn = self.pool.acquire().await.map_err(storage)?;
                enqueue(&mut conn, number, notifications, at).await
            }

            async fn notifications_of(
                &self,
                number: &ApplicationNumber,
            ) -> Result<Vec<StoredNotification>, StorageError> {
                let rows: Vec<OutboxRow> = sqlx::query_as(&format!(
                    "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE number = $1 ORDER BY id"
                ))
                .bind(number.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                stored(rows)
            }

            async fn claim_notifications(
                &self,
                now: DateTime<Utc>,
                lease_until: DateTime<Utc>,
                limit: u32,
            ) -> Result<Vec<StoredNotification>, StorageError> {
                let rows: Vec<OutboxRow> = sqlx::query_as(&format!(
                    "UPDATE outbox SET attempts = attempts + 1, next_at_us = $2
                     WHERE id IN (SELECT id FROM outbox
                                  WHERE state = 'pending' AND next_at_us <= $1
                                  ORDER BY next_at_us, id LIMIT $3 {})
                     RETURNING {OUTBOX_COLUMNS}",
                    $claim_lock
                ))
                .bind(now.timestamp_micros())
                .bind(lease_until.timestamp_micros())
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                let mut claimed = stored(rows)?;
                claimed.sort_by_key(|n| n.id);
                Ok(claimed)
            }

            async fn notifications_sent(
                &self,
                ids: &[i64],
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                if ids.is_empty() {
                    return Ok(());
                }
                let list: Vec<String> = (2..ids.len() + 2).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "UPDATE outbox SET state = 'sent', sent_at_us = $1, last_error = ''
                     WHERE id IN ({})",
                    list.join(", ")
                );
                let mut query = sqlx::query(&sql).bind(at.timestamp_micros());
                for id in ids {
                    query = query.bind(*id);
                }
                query.execute(&self.pool).await.map_err(storage)?;
                Ok(())
            }

            async fn notification_retry(
                &self,
                id: i64,
                next_at: DateTime<Utc>,
                error: &str,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "UPDATE outbox SET next_at_us = $2, last_error = $3
                     WHERE id = $1 AND state = 'pending'",
                )
                .bind(id)
                .bind(next_at.timestamp_micros())
                .bind(error)
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn notification_failed(&self, id: i64, error: &str) -> Result<(), StorageError> {
                sqlx::query(
                    "UPDATE outbox SET state = 'failed', last_error = $2
                     WHERE id = $1 AND state = 'pending'",
                )
                .bind(id)
                .bind(error)
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn failed_notifications(
                &self,
                limit: u32,
            ) -> Result<Vec<StoredNotification>, StorageError> {
                let rows: Vec<OutboxRow> = sqlx::query_as(&format!(
                    "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = 'failed'
                     ORDER BY id DESC LIMIT $1"
                ))
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                stored(rows)
            }
        }
    };
}

pub(crate) use notification_store;
