//! 跑动 on both backends from one text.

macro_rules! trip_store {
    ($store:ty) => {
        use crate::errors::{corrupt, storage};
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::trip::{Channel, TripReason};
        use domain::ApplicationNumber;
        use hall::ports::{TripStore, Trips};
        use hall::StorageError;

        fn instant(us: i64) -> Result<DateTime<Utc>, StorageError> {
            DateTime::from_timestamp_micros(us).ok_or_else(|| corrupt(format!("bad instant {us}")))
        }

        fn channel(s: &str) -> Result<Channel, StorageError> {
            Channel::parse(s).ok_or_else(|| corrupt(format!("bad channel {s}")))
        }

        #[async_trait]
        impl TripStore for $store {
            async fn record_trip(
                &self,
                number: &ApplicationNumber,
                reason: TripReason,
                channel: Channel,
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO trips (number, at_us, reason, channel) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING",
                )
                .bind(number.as_str())
                .bind(at.timestamp_micros())
                .bind(reason.as_str())
                .bind(channel.as_str())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn trips_of(
                &self,
                number: &ApplicationNumber,
            ) -> Result<Option<Trips>, StorageError> {
                let head: Option<(String, i64, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT submitted_via, submitted_at_us, assisted_by, assisted_confirmation
                     FROM applications WHERE number = $1",
                )
                .bind(number.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                let Some((via, at, assisted_by, confirmation)) = head else {
                    return Ok(None);
                };
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT reason, channel, at_us FROM trips WHERE number = $1 ORDER BY at_us, reason",
                )
                .bind(number.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                let assisted = match (assisted_by, confirmation) {
                    (Some(staff), Some(c)) => Some(domain::assisted::AssistedFiling {
                        staff,
                        confirmation: domain::assisted::ApplicantConfirmation::parse(&c)
                            .ok_or_else(|| corrupt(format!("bad confirmation {c}")))?,
                    }),
                    _ => None,
                };
                Ok(Some(Trips {
                    assisted,
                    submitted_via: channel(&via)?,
                    submitted_at: instant(at)?,
                    later: rows
                        .into_iter()
                        .map(|(r, c, at)| {
                            Ok((
                                TripReason::parse(&r)
                                    .ok_or_else(|| corrupt(format!("bad trip reason {r}")))?,
                                channel(&c)?,
                                instant(at)?,
                            ))
                        })
                        .collect::<Result<_, StorageError>>()?,
                }))
            }
        }
    };
}

pub(crate) use trip_store;
