//! 我的办件 on both backends from one text. A try at a code is one
//! `UPDATE … RETURNING` guarded by `tries < max`: concurrent tries queue
//! on the row (SQLite's write lock, PostgreSQL's row lock, which re-checks
//! the guard) and at most `max` of them ever see the code.

macro_rules! citizen_store {
    ($store:ty) => {
        use crate::errors::{corrupt, storage};
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::ApplicationNumber;
        use hall::ports::{CitizenSession, CitizenStore, CodeTry};
        use hall::StorageError;

        #[async_trait]
        impl CitizenStore for $store {
            async fn new_sign_in_code(
                &self,
                visit_sha256: &str,
                session: &CitizenSession,
                code_sha256: &str,
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO sign_in_codes (visit_sha256, mobile_key, mobile_masked, code_sha256,
                         created_at_us, expires_at_us)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(visit_sha256)
                .bind(&session.mobile_key)
                .bind(&session.mobile_masked)
                .bind(code_sha256)
                .bind(at.timestamp_micros())
                .bind(session.expires.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn pending_sign_in(
                &self,
                visit_sha256: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<String>, StorageError> {
                let row: Option<(String,)> = sqlx::query_as(
                    "SELECT mobile_masked FROM sign_in_codes
                     WHERE visit_sha256 = $1 AND used_at_us IS NULL AND expires_at_us > $2
                     ORDER BY id DESC LIMIT 1",
                )
                .bind(visit_sha256)
                .bind(now.timestamp_micros())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                Ok(row.map(|(m,)| m))
            }

            async fn try_sign_in_code(
                &self,
                visit_sha256: &str,
                now: DateTime<Utc>,
                max_tries: u32,
            ) -> Result<Option<CodeTry>, StorageError> {
                let row: Option<(i64, String, String, String, i32)> = sqlx::query_as(
                    "UPDATE sign_in_codes SET tries = tries + 1
                     WHERE id = (SELECT id FROM sign_in_codes
                                 WHERE visit_sha256 = $1 AND used_at_us IS NULL AND expires_at_us > $2
                                 ORDER BY id DESC LIMIT 1)
                       AND tries < $3
                     RETURNING id, mobile_key, mobile_masked, code_sha256, tries",
                )
                .bind(visit_sha256)
                .bind(now.timestamp_micros())
                .bind(i32::try_from(max_tries).unwrap_or(i32::MAX))
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                Ok(row.map(|(id, mobile_key, mobile_masked, code_sha256, tries)| CodeTry {
                    id,
                    mobile_key,
                    mobile_masked,
                    code_sha256,
                    tries: u32::try_from(tries).unwrap_or(u32::MAX),
                }))
            }

            async fn use_sign_in_code(
                &self,
                id: i64,
                at: DateTime<Utc>,
            ) -> Result<bool, StorageError> {
                let used = sqlx::query(
                    "UPDATE sign_in_codes SET used_at_us = $2 WHERE id = $1 AND used_at_us IS NULL",
                )
                .bind(id)
                .bind(at.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?
                .rows_affected();
                Ok(used == 1)
            }

            async fn open_citizen_session(
                &self,
                visit_sha256: &str,
                session: &CitizenSession,
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO citizen_sessions
                         (visit_sha256, mobile_key, mobile_masked, opened_at_us, expires_at_us)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (visit_sha256) DO UPDATE SET mobile_key = $2, mobile_masked = $3,
                         opened_at_us = $4, expires_at_us = $5",
                )
                .bind(visit_sha256)
                .bind(&session.mobile_key)
                .bind(&session.mobile_masked)
                .bind(at.timestamp_micros())
                .bind(session.expires.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn citizen_session(
                &self,
                visit_sha256: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<CitizenSession>, StorageError> {
                let row: Option<(String, String, i64)> = sqlx::query_as(
                    "SELECT mobile_key, mobile_masked, expires_at_us FROM citizen_sessions
                     WHERE visit_sha256 = $1 AND expires_at_us > $2",
                )
                .bind(visit_sha256)
                .bind(now.timestamp_micros())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(|(mobile_key, mobile_masked, expires)| {
                    Ok(CitizenSession {
                        mobile_key,
                        mobile_masked,
                        expires: DateTime::from_timestamp_micros(expires)
                            .ok_or_else(|| corrupt("citizen session: expiry"))?,
                    })
                })
                .transpose()
            }

            async fn end_citizen_session(&self, visit_sha256: &str) -> Result<(), StorageError> {
                sqlx::query("DELETE FROM citizen_sessions WHERE visit_sha256 = $1")
                    .bind(visit_sha256)
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(())
            }

            async fn applications_of_mobile(
                &self,
                mobile_key: &str,
                limit: u32,
            ) -> Result<Vec<ApplicationNumber>, StorageError> {
                let rows: Vec<(String,)> = sqlx::query_as(
                    "SELECT number FROM applications WHERE applicant_mobile_key = $1
                     ORDER BY submitted_at_us DESC LIMIT $2",
                )
                .bind(mobile_key)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(|(n,)| {
                        ApplicationNumber::parse(&n)
                            .map_err(|_| corrupt(format!("application number {n:?}")))
                    })
                    .collect()
            }

            async fn forget_sign_ins(&self, before: DateTime<Utc>) -> Result<u64, StorageError> {
                let at = before.timestamp_micros();
                let codes = sqlx::query("DELETE FROM sign_in_codes WHERE expires_at_us < $1")
                    .bind(at)
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?
                    .rows_affected();
                let sessions = sqlx::query("DELETE FROM citizen_sessions WHERE expires_at_us < $1")
                    .bind(at)
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?
                    .rows_affected();
                Ok(codes + sessions)
            }
        }
    };
}

pub(crate) use citizen_store;
