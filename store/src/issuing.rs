//! 统一出件 on both backends from one text: the tables have the same
//! column types on both (store::rows::issuing), SQLite reads `$n`
//! parameters like PostgreSQL, and every transaction starts with its
//! guarded write (SQLite then holds the write lock from the start, and
//! PostgreSQL the application's row lock), so racing desks queue and the
//! second finds the state moved.

/// Where a 容缺 commitment still counts: accepted (in review, paused for
/// corrections) or approved — not yet issued.
pub(crate) const COMMITTED: &str =
    "('accepted', 'accepted_with_deficiency', 'correction_during_review', 'approved')";

macro_rules! issuing_store {
    ($store:ty, $conn:ty) => {
        use crate::issuing::COMMITTED;
        use crate::errors::{json, storage};
        use crate::rows::issuing::{
            delivery, handover_columns, serial_of, DocumentRow, HandoverRow, PickupRow,
            DOCUMENT_COLUMNS, HANDOVER_COLUMNS, PICKUP_COLUMNS,
        };
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::audit::AuditRecord;
        use domain::issuing::{Delivery, LicenceCode, PickupCode};
        use domain::notification::{Notification, NotificationEvent};
        use super::in_transaction::{enqueue, insert_finished};
        use domain::{ApplicationNumber, ApplicationStatus};
        use hall::ports::{
            ApplicationStore, HandoverOutcome, HandoverRecord, IssueChange,
            IssuedDocumentRecord, IssuingRecord, IssuingStore, NewPickup, PickupRecord,
        };
        use hall::StorageError;

        async fn documents_of(
            conn: &mut $conn,
            number: &ApplicationNumber,
        ) -> Result<Vec<IssuedDocumentRecord>, StorageError> {
            let rows: Vec<DocumentRow> = sqlx::query_as(&format!(
                "SELECT {DOCUMENT_COLUMNS} FROM issued_documents WHERE number = $1 ORDER BY position"
            ))
            .bind(number.as_str())
            .fetch_all(&mut *conn)
            .await
            .map_err(storage)?;
            rows.into_iter().map(TryInto::try_into).collect()
        }

        async fn handover_of(
            conn: &mut $conn,
            number: &ApplicationNumber,
        ) -> Result<Option<HandoverRecord>, StorageError> {
            let row: Option<HandoverRow> = sqlx::query_as(&format!(
                "SELECT {HANDOVER_COLUMNS} FROM handovers WHERE number = $1"
            ))
            .bind(number.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(storage)?;
            row.map(TryInto::try_into).transpose()
        }

        async fn status_of(
            conn: &mut $conn,
            number: &ApplicationNumber,
        ) -> Result<ApplicationStatus, StorageError> {
            let (status,): (String,) =
                sqlx::query_as("SELECT status FROM applications WHERE number = $1")
                    .bind(number.as_str())
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(storage)?;
            ApplicationStatus::parse(&status)
                .ok_or_else(|| crate::errors::corrupt(format!("application {number}: status")))
        }

        /// Revokes the live tokens and inserts one with the first free
        /// candidate code.
        async fn insert_pickup(
            conn: &mut $conn,
            pickup: &NewPickup,
        ) -> Result<PickupRecord, StorageError> {
            let at = pickup.at.timestamp_micros();
            sqlx::query(
                "UPDATE pickup_tokens SET revoked_at_us = $1
                 WHERE number = $2 AND revoked_at_us IS NULL AND used_at_us IS NULL",
            )
            .bind(at)
            .bind(pickup.number.as_str())
            .execute(&mut *conn)
            .await
            .map_err(storage)?;
            for code in &pickup.candidates {
                let row: Option<PickupRow> = sqlx::query_as(&format!(
                    "INSERT INTO pickup_tokens (number, code, expires, issued_at_us)
                     VALUES ($1, $2, $3, $4)
                     ON CONFLICT (code) WHERE revoked_at_us IS NULL AND used_at_us IS NULL
                     DO NOTHING
                     RETURNING {PICKUP_COLUMNS}"
                ))
                .bind(pickup.number.as_str())
                .bind(code.as_str())
                .bind(pickup.expires.to_string())
                .bind(at)
                .fetch_optional(&mut *conn)
                .await
                .map_err(storage)?;
                if let Some(row) = row {
                    return row.try_into();
                }
            }
            Err(StorageError::CandidatesExhausted("pickup code"))
        }

        #[async_trait]
        impl IssuingStore for $store {
            async fn issuing_record(
                &self,
                number: &ApplicationNumber,
            ) -> Result<Option<IssuingRecord>, StorageError> {
                let Some(application) = self.application(number).await? else {
                    return Ok(None);
                };
                let mut conn = self.pool.acquire().await.map_err(storage)?;
                let chosen: Option<(String,)> =
                    sqlx::query_as("SELECT delivery FROM deliveries WHERE number = $1")
                        .bind(number.as_str())
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(storage)?;
                let pickup: Option<PickupRow> = sqlx::query_as(&format!(
                    "SELECT {PICKUP_COLUMNS} FROM pickup_tokens WHERE number = $1
                     ORDER BY serial DESC LIMIT 1"
                ))
                .bind(number.as_str())
                .fetch_optional(&mut *conn)
                .await
                .map_err(storage)?;
                let received: Option<(i64,)> =
                    sqlx::query_as("SELECT at_us FROM deferred_received WHERE number = $1")
                        .bind(number.as_str())
                        .fetch_optional(&mut *conn)
                        .await
                        .map_err(storage)?;
                Ok(Some(IssuingRecord {
                    delivery: delivery(chosen.map(|(d,)| d))?,
                    documents: documents_of(&mut conn, number).await?,
                    pickup: pickup.map(TryInto::try_into).transpose()?,
                    handover: handover_of(&mut conn, number).await?,
                    deferred_received: received
                        .map(|(us,)| crate::rows::issuing::time(us))
                        .transpose()?,
                    application,
                }))
            }

            async fn issuing_queue(&self, limit: u32) -> Result<Vec<IssuingRecord>, StorageError> {
                // The list's applications, then each side table once for all
                // of them (not six queries per line: at 200 lines that was
                // 1,200 round trips a page).
                let mut conn = self.pool.acquire().await.map_err(storage)?;
                let rows: Vec<crate::rows::ApplicationColumns> = sqlx::query_as(&format!(
                    "SELECT {} FROM applications a WHERE status IN ('approved', 'issued')
                     ORDER BY promised_by, number LIMIT $1",
                    super::APPLICATION_COLUMNS
                ))
                .bind(i64::from(limit))
                .fetch_all(&mut *conn)
                .await
                .map_err(storage)?;
                if rows.is_empty() {
                    return Ok(Vec::new());
                }
                let numbers: Vec<String> = rows.iter().map(|r| r.number.clone()).collect();
                let list = (1..=numbers.len())
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                macro_rules! of_list {
                    ($sql:expr) => {{
                        let sql = $sql;
                        let mut q = sqlx::query_as(&sql).persistent(false);
                        for n in &numbers {
                            q = q.bind(n.as_str());
                        }
                        q.fetch_all(&mut *conn).await.map_err(storage)?
                    }};
                }
                let chosen: Vec<(String, String)> =
                    of_list!(format!("SELECT number, delivery FROM deliveries WHERE number IN ({list})"));
                let received: Vec<(String, i64)> = of_list!(format!(
                    "SELECT number, at_us FROM deferred_received WHERE number IN ({list})"
                ));
                let pickups: Vec<PickupRow> = of_list!(format!(
                    "SELECT {PICKUP_COLUMNS} FROM pickup_tokens WHERE number IN ({list})
                     ORDER BY number, serial DESC"
                ));
                let documents: Vec<DocumentRow> = of_list!(format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM issued_documents WHERE number IN ({list})
                     ORDER BY number, position"
                ));
                let handovers: Vec<HandoverRow> = of_list!(format!(
                    "SELECT {HANDOVER_COLUMNS} FROM handovers WHERE number IN ({list})"
                ));
                use std::collections::HashMap;
                let mut chosen: HashMap<String, String> = chosen.into_iter().collect();
                let received: HashMap<String, i64> = received.into_iter().collect();
                let mut pickup_of: HashMap<ApplicationNumber, PickupRecord> = HashMap::new();
                for row in pickups {
                    let p: PickupRecord = row.try_into()?;
                    // The newest serial of each comes first.
                    pickup_of.entry(p.number.clone()).or_insert(p);
                }
                let mut documents_of: HashMap<ApplicationNumber, Vec<IssuedDocumentRecord>> =
                    HashMap::new();
                for row in documents {
                    let d: IssuedDocumentRecord = row.try_into()?;
                    documents_of.entry(d.number.clone()).or_default().push(d);
                }
                let mut handover_of: HashMap<ApplicationNumber, HandoverRecord> = HashMap::new();
                for row in handovers {
                    let h: HandoverRecord = row.try_into()?;
                    handover_of.insert(h.number.clone(), h);
                }
                rows.into_iter()
                    .map(|row| {
                        let key = row.number.clone();
                        let application: hall::ports::ApplicationRecord = row.try_into()?;
                        let number = &application.number;
                        Ok(IssuingRecord {
                            delivery: delivery(chosen.remove(&key))?,
                            documents: documents_of.remove(number).unwrap_or_default(),
                            pickup: pickup_of.remove(number),
                            handover: handover_of.remove(number),
                            deferred_received: received
                                .get(&key)
                                .map(|us| crate::rows::issuing::time(*us))
                                .transpose()?,
                            application,
                        })
                    })
                    .collect()
            }

            async fn choose_delivery(
                &self,
                number: &ApplicationNumber,
                chosen: &Delivery,
                audit: AuditRecord,
            ) -> Result<bool, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                // Written first, and only while nothing is issued yet.
                let written = sqlx::query(
                    "INSERT INTO deliveries (number, delivery, chosen_at_us)
                     SELECT number, $2, $3 FROM applications
                     WHERE number = $1 AND status NOT IN
                         ('issued', 'delivered', 'refused', 'withdrawn', 'rejected', 'terminated')
                     ON CONFLICT (number) DO UPDATE
                         SET delivery = excluded.delivery, chosen_at_us = excluded.chosen_at_us",
                )
                .bind(number.as_str())
                .bind(json(chosen)?)
                .bind(audit.at.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if written == 0 {
                    return Ok(false);
                }
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(true)
            }

            async fn issue(
                &self,
                change: IssueChange,
            ) -> Result<Result<(), ApplicationStatus>, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let moved = sqlx::query(
                    "UPDATE applications SET status = 'issued', review_version = review_version + 1
                     WHERE number = $1 AND status = 'approved'",
                )
                .bind(change.number.as_str())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if moved == 0 {
                    return Ok(Err(status_of(&mut tx, &change.number).await?));
                }
                for d in &change.documents {
                    sqlx::query(
                        "INSERT INTO issued_documents
                             (code, number, position, content, seal, issued_at_us, issued_by)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(d.code.as_str())
                    .bind(d.number.as_str())
                    .bind(i32::from(d.position))
                    .bind(&d.content)
                    .bind(&d.seal)
                    .bind(d.issued_at.timestamp_micros())
                    .bind(d.issued_by.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                }
                let mut told = change.notifications;
                if let Some(pickup) = &change.pickup {
                    let drawn = insert_pickup(&mut tx, pickup).await?;
                    for n in &mut told {
                        if let NotificationEvent::Ready { pickup_code, .. } = &mut n.event {
                            *pickup_code = Some(drawn.code.as_str().to_string());
                        }
                    }
                }
                enqueue(&mut tx, &change.number, &told, change.audit.at).await?;
                append(&mut tx, change.audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(Ok(()))
            }

            async fn issued_document(
                &self,
                code: &LicenceCode,
            ) -> Result<Option<IssuedDocumentRecord>, StorageError> {
                let row: Option<DocumentRow> = sqlx::query_as(&format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM issued_documents WHERE code = $1"
                ))
                .bind(code.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn documents_naming(
                &self,
                matter: &domain::MatterCode,
                id: &str,
            ) -> Result<Vec<IssuedDocumentRecord>, StorageError> {
                // Codes are letters and digits (parsed before they get
                // here), so they hold no LIKE wildcards.
                let rows: Vec<DocumentRow> = sqlx::query_as(&format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM issued_documents
                     WHERE revoked_at_us IS NULL AND content LIKE $1 AND content LIKE $2
                     ORDER BY issued_at_us DESC LIMIT 20"
                ))
                .bind(format!("%\"matter\":\"{}\"%", matter.as_str()))
                .bind(format!("%\"{id}\"%"))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn new_pickup(
                &self,
                pickup: NewPickup,
                audit: AuditRecord,
            ) -> Result<Option<PickupRecord>, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let waiting = sqlx::query(
                    "UPDATE applications SET review_version = review_version + 1
                     WHERE number = $1 AND status = 'issued'",
                )
                .bind(pickup.number.as_str())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if waiting == 0 {
                    return Ok(None);
                }
                let record = insert_pickup(&mut tx, &pickup).await?;
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(Some(record))
            }

            async fn pickup(&self, serial: i64) -> Result<Option<PickupRecord>, StorageError> {
                let row: Option<PickupRow> = sqlx::query_as(&format!(
                    "SELECT {PICKUP_COLUMNS} FROM pickup_tokens WHERE serial = $1"
                ))
                .bind(serial)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn pickup_by_code(
                &self,
                code: &PickupCode,
            ) -> Result<Option<PickupRecord>, StorageError> {
                // The live one; else the latest that had the code (so a used
                // or replaced code says so rather than "unknown").
                let row: Option<PickupRow> = sqlx::query_as(&format!(
                    "SELECT {PICKUP_COLUMNS} FROM pickup_tokens WHERE code = $1
                     ORDER BY CASE WHEN revoked_at_us IS NULL AND used_at_us IS NULL
                                   THEN 0 ELSE 1 END, serial DESC
                     LIMIT 1"
                ))
                .bind(code.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn hand_over(
                &self,
                handover: HandoverRecord,
                audit: AuditRecord,
                notifications: Vec<Notification>,
                finished: Vec<domain::period::FinishedService>,
            ) -> Result<HandoverOutcome, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let number = handover.number.clone();
                let moved = sqlx::query(
                    "UPDATE applications SET status = 'delivered', review_version = review_version + 1
                     WHERE number = $1 AND status = 'issued'",
                )
                .bind(number.as_str())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if moved == 0 {
                    return Ok(match handover_of(&mut tx, &number).await? {
                        Some(first) => HandoverOutcome::Already(Box::new(first)),
                        None => HandoverOutcome::NotLive(status_of(&mut tx, &number).await?),
                    });
                }
                if let Some(serial) = serial_of(&handover) {
                    let used = sqlx::query(
                        "UPDATE pickup_tokens SET used_at_us = $1
                         WHERE serial = $2 AND number = $3
                           AND used_at_us IS NULL AND revoked_at_us IS NULL",
                    )
                    .bind(handover.at.timestamp_micros())
                    .bind(serial)
                    .bind(number.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?
                    .rows_affected();
                    if used == 0 {
                        // Rolled back: the application stays issued.
                        return Ok(HandoverOutcome::NotLive(ApplicationStatus::Issued));
                    }
                }
                let (way, items, at) = handover_columns(&handover)?;
                sqlx::query(
                    "INSERT INTO handovers (number, way, items, at_us, place, by_staff, by_name)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(number.as_str())
                .bind(way)
                .bind(items)
                .bind(at)
                .bind(&handover.place)
                .bind(handover.by.as_str())
                .bind(&handover.by_name)
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
                enqueue(&mut tx, &number, &notifications, audit.at).await?;
                insert_finished(&mut tx, &finished).await.map_err(storage)?;
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(HandoverOutcome::Done)
            }

            async fn deferred_received(
                &self,
                number: &ApplicationNumber,
                audit: AuditRecord,
            ) -> Result<bool, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let written = sqlx::query(
                    "INSERT INTO deferred_received (number, at_us) VALUES ($1, $2)
                     ON CONFLICT (number) DO NOTHING",
                )
                .bind(number.as_str())
                .bind(audit.at.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if written == 0 {
                    return Ok(false);
                }
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(true)
            }

            async fn open_commitments(&self) -> Result<Vec<ApplicationNumber>, StorageError> {
                let rows: Vec<(String,)> = sqlx::query_as(&format!(
                    "SELECT DISTINCT a.number FROM applications a
                     JOIN acceptance_decisions d ON d.number = a.number
                     WHERE d.transition = 'accept_with_deficiency'
                       AND a.status IN {COMMITTED}
                       AND NOT EXISTS (SELECT 1 FROM deferred_received r WHERE r.number = a.number)
                     ORDER BY a.number"
                ))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(|(n,)| {
                        ApplicationNumber::parse(&n).map_err(|_| {
                            crate::errors::corrupt(format!("application number {n:?}"))
                        })
                    })
                    .collect()
            }

            async fn terminate(
                &self,
                number: &ApplicationNumber,
                breach_key: &str,
                reason: &str,
                audit: AuditRecord,
                notifications: Vec<Notification>,
            ) -> Result<bool, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let moved = sqlx::query(&format!(
                    "UPDATE applications SET status = 'terminated', review_version = review_version + 1
                     WHERE number = $1 AND status IN {COMMITTED}
                       AND NOT EXISTS (SELECT 1 FROM deferred_received r WHERE r.number = $1)"
                ))
                .bind(number.as_str())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if moved == 0 {
                    return Ok(false);
                }
                super::in_transaction::close_open_tasks(&mut tx, number).await?;
                super::in_transaction::insert_breach(&mut tx, breach_key, reason, audit.at).await?;
                enqueue(&mut tx, number, &notifications, audit.at).await?;
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(true)
            }

            async fn prove_applicant(
                &self,
                number: &ApplicationNumber,
                visit_sha256: &str,
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO applicant_proofs (number, visit_sha256, at_us) VALUES ($1, $2, $3)
                     ON CONFLICT (number, visit_sha256) DO NOTHING",
                )
                .bind(number.as_str())
                .bind(visit_sha256)
                .bind(at.timestamp_micros())
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }

            async fn applicant_proven(
                &self,
                number: &ApplicationNumber,
                visit_sha256: &str,
            ) -> Result<bool, StorageError> {
                let row: Option<(i64,)> = sqlx::query_as(
                    "SELECT at_us FROM applicant_proofs WHERE number = $1 AND visit_sha256 = $2",
                )
                .bind(number.as_str())
                .bind(visit_sha256)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                Ok(row.is_some())
            }
        }
    };
}

pub(crate) use issuing_store;
