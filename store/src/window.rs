//! 评价器 on both backends from one text.

macro_rules! window_store {
    ($store:ty) => {
        use crate::errors::{corrupt, storage};
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::rating::Touchpoint;
        use domain::ApplicationNumber;
        use hall::ports::{DeskScreen, ScreenState, WindowScreenStore};
        use hall::StorageError;

        fn instant(us: i64) -> Result<DateTime<Utc>, StorageError> {
            DateTime::from_timestamp_micros(us).ok_or_else(|| corrupt(format!("bad instant {us}")))
        }

        #[async_trait]
        impl WindowScreenStore for $store {
            async fn issue_pairing_code(
                &self,
                staff_id: i64,
                code_sha256: &str,
                issued_at: DateTime<Utc>,
                expires: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO window_screens (staff_id, code_sha256, code_issued_at_us,
                         code_expires_us)
                     VALUES ($1, $2, $3, $4)
                     ON CONFLICT (staff_id) DO UPDATE SET code_sha256 = excluded.code_sha256,
                         code_issued_at_us = excluded.code_issued_at_us,
                         code_expires_us = excluded.code_expires_us",
                )
                .bind(staff_id)
                .bind(code_sha256)
                .bind(issued_at.timestamp_micros())
                .bind(expires.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn desk_screen(&self, staff_id: i64) -> Result<DeskScreen, StorageError> {
                let row: Option<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
                    "SELECT code_issued_at_us, code_expires_us, paired_at_us
                     FROM window_screens WHERE staff_id = $1",
                )
                .bind(staff_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                let Some((issued, expires, paired)) = row else {
                    return Ok(DeskScreen::default());
                };
                Ok(DeskScreen {
                    code: match (issued, expires) {
                        (Some(i), Some(e)) => Some((instant(i)?, instant(e)?)),
                        _ => None,
                    },
                    paired_at: paired.map(instant).transpose()?,
                })
            }

            async fn pair_screen(
                &self,
                code_sha256: &str,
                screen_sha256: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<i64>, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                // The guarded write first: the code is used up by one screen.
                let desk: Option<(i64,)> = sqlx::query_as(
                    "UPDATE window_screens SET code_sha256 = NULL, code_issued_at_us = NULL,
                         code_expires_us = NULL
                     WHERE code_sha256 = $1 AND code_expires_us > $2
                     RETURNING staff_id",
                )
                .bind(code_sha256)
                .bind(now.timestamp_micros())
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
                let Some((staff_id,)) = desk else {
                    return Ok(None);
                };
                sqlx::query(
                    "UPDATE window_screens SET screen_sha256 = NULL, paired_at_us = NULL
                     WHERE screen_sha256 = $1",
                )
                .bind(screen_sha256)
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
                sqlx::query(
                    "UPDATE window_screens SET screen_sha256 = $2, paired_at_us = $3,
                         current_number = NULL, current_touchpoint = NULL, current_at_us = NULL
                     WHERE staff_id = $1",
                )
                .bind(staff_id)
                .bind(screen_sha256)
                .bind(now.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(Some(staff_id))
            }

            async fn unpair_desk(&self, staff_id: i64) -> Result<(), StorageError> {
                sqlx::query("DELETE FROM window_screens WHERE staff_id = $1")
                    .bind(staff_id)
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(())
            }

            async fn set_window_current(
                &self,
                staff_id: i64,
                number: &ApplicationNumber,
                touchpoint: Touchpoint,
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "UPDATE window_screens SET current_number = $2, current_touchpoint = $3,
                         current_at_us = $4
                     WHERE staff_id = $1 AND screen_sha256 IS NOT NULL",
                )
                .bind(staff_id)
                .bind(number.as_str())
                .bind(touchpoint.as_str())
                .bind(at.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn screen(&self, screen_sha256: &str) -> Result<Option<ScreenState>, StorageError> {
                let row: Option<(i64, String, Option<String>, Option<String>, Option<i64>)> =
                    sqlx::query_as(
                        "SELECT w.staff_id, s.display_name, w.current_number,
                                w.current_touchpoint, w.current_at_us
                         FROM window_screens w JOIN staff_accounts s ON s.id = w.staff_id
                         WHERE w.screen_sha256 = $1",
                    )
                    .bind(screen_sha256)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(storage)?;
                let Some((staff_id, staff_display_name, number, touchpoint, at)) = row else {
                    return Ok(None);
                };
                let current = match (number, touchpoint, at) {
                    (Some(n), Some(t), Some(at)) => Some((
                        ApplicationNumber::parse(&n)
                            .map_err(|_| corrupt(format!("bad number {n}")))?,
                        Touchpoint::parse(&t).ok_or_else(|| corrupt(format!("bad touchpoint {t}")))?,
                        instant(at)?,
                    )),
                    _ => None,
                };
                Ok(Some(ScreenState {
                    staff_id,
                    staff_display_name,
                    current,
                }))
            }

            async fn clear_window_current(
                &self,
                staff_id: i64,
                number: &ApplicationNumber,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "UPDATE window_screens SET current_number = NULL, current_touchpoint = NULL,
                         current_at_us = NULL
                     WHERE staff_id = $1 AND current_number = $2",
                )
                .bind(staff_id)
                .bind(number.as_str())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }
        }
    };
}

pub(crate) use window_store;
