//! The staff half on both backends from one text: accounts, sessions, the
//! audit chain, the front desk's queue and decisions, the breach list.
//! Every transaction that appends to the chain writes first, so SQLite
//! takes its write lock at once (a read that later upgrades could fail
//! with "busy" instead of waiting) and PostgreSQL the rows it guards.

macro_rules! staff_store {
    ($store:ty, $conn:ty) => {
        use super::in_transaction::{
            append, close_open_tasks, enqueue, insert_breach, insert_tasks,
        };
        use super::APPLICATION_COLUMNS;
        use crate::errors::{corrupt, json, storage};
        use crate::rows::{
            from_json, ApplicationColumns, AuditColumns, DecisionColumns, SessionColumns,
            StaffColumns, AUDIT_COLUMNS, DECISION_COLUMNS, STAFF_COLUMNS,
        };
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::audit::{AuditEvent, AuditRecord};
        use domain::{ApplicationNumber, ApplicationStatus, FormValues, StaffName};
        use hall::ports::{
            AcceptanceStore, ApplicationRecord, AuditLog, DecideChange, DecideOutcome, OnlineCorrection, DecisionRecord,
            NewStaffAccount, QueueEntry, QueueQuery, StaffAccount,
            StaffApplication, StaffSessionRecord, StaffStore,
        };
        use hall::StorageError;

        #[async_trait]
        impl StaffStore for $store {
            async fn add_staff(
                &self,
                new: NewStaffAccount,
                audit: AuditRecord,
            ) -> Result<Option<i64>, StorageError> {
                let departments: Vec<&str> = new.departments.iter().map(|d| d.as_str()).collect();
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let id: Option<(i64,)> = sqlx::query_as(
                    "INSERT INTO staff_accounts
                       (name, display_name, role, departments, password_hash, created_at_us)
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING RETURNING id",
                )
                .bind(new.name.as_str())
                .bind(&new.display_name)
                .bind(new.role.as_str())
                .bind(json(&departments)?)
                .bind(&new.password_hash)
                .bind(new.created_at.timestamp_micros())
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
                if id.is_some() {
                    append(&mut tx, audit).await.map_err(storage)?;
                }
                tx.commit().await.map_err(storage)?;
                Ok(id.map(|(id,)| id))
            }

            async fn staff_by_name(
                &self,
                name: &StaffName,
            ) -> Result<Option<StaffAccount>, StorageError> {
                let row: Option<StaffColumns> = sqlx::query_as(&format!(
                    "SELECT {STAFF_COLUMNS} FROM staff_accounts WHERE name = $1"
                ))
                .bind(name.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(StaffAccount::try_from).transpose()
            }

            async fn staff_accounts(&self) -> Result<Vec<StaffAccount>, StorageError> {
                let rows: Vec<StaffColumns> = sqlx::query_as(&format!(
                    "SELECT {STAFF_COLUMNS} FROM staff_accounts ORDER BY name"
                ))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter().map(StaffAccount::try_from).collect()
            }

            async fn count_staff(&self) -> Result<u64, StorageError> {
                let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM staff_accounts")
                    .fetch_one(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(u64::try_from(n).unwrap_or(0))
            }

            async fn create_session(
                &self,
                s: StaffSessionRecord,
                audit: AuditRecord,
            ) -> Result<(), StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                sqlx::query(
                    "INSERT INTO staff_sessions
                       (id_sha256, staff_id, csrf_token, created_at_us, last_seen_at_us)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&s.id_sha256)
                .bind(s.staff_id)
                .bind(&s.csrf_token)
                .bind(s.created_at.timestamp_micros())
                .bind(s.last_seen_at.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)
            }

            async fn session(
                &self,
                id_sha256: &str,
            ) -> Result<Option<(StaffSessionRecord, StaffAccount)>, StorageError> {
                let Some(session): Option<SessionColumns> = sqlx::query_as(
                    "SELECT id_sha256, staff_id, csrf_token, created_at_us, last_seen_at_us
                     FROM staff_sessions WHERE id_sha256 = $1",
                )
                .bind(id_sha256)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?
                else {
                    return Ok(None);
                };
                let account: Option<StaffColumns> = sqlx::query_as(&format!(
                    "SELECT {STAFF_COLUMNS} FROM staff_accounts WHERE id = $1"
                ))
                .bind(session.staff_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                match account {
                    Some(a) => Ok(Some((session.try_into()?, a.try_into()?))),
                    None => Ok(None),
                }
            }

            async fn touch_session(
                &self,
                id_sha256: &str,
                now: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query("UPDATE staff_sessions SET last_seen_at_us = $1 WHERE id_sha256 = $2")
                    .bind(now.timestamp_micros())
                    .bind(id_sha256)
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(())
            }

            async fn delete_session(&self, id_sha256: &str) -> Result<(), StorageError> {
                sqlx::query("DELETE FROM staff_sessions WHERE id_sha256 = $1")
                    .bind(id_sha256)
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(())
            }

            async fn delete_sessions_of(
                &self,
                staff_id: i64,
                audit: AuditRecord,
            ) -> Result<u64, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let n = sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
                    .bind(staff_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?
                    .rows_affected();
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(n)
            }
        }

        #[async_trait]
        impl AuditLog for $store {
            async fn append_audit(&self, record: AuditRecord) -> Result<AuditEvent, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let event = append(&mut tx, record).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(event)
            }

            async fn audit_events(
                &self,
                after: i64,
                limit: u32,
            ) -> Result<Vec<AuditEvent>, StorageError> {
                let rows: Vec<AuditColumns> = sqlx::query_as(&format!(
                    "SELECT {AUDIT_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2"
                ))
                .bind(after)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter().map(AuditEvent::try_from).collect()
            }

            async fn audit_head(&self) -> Result<Option<(i64, String)>, StorageError> {
                sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(storage)
            }
        }

        #[derive(sqlx::FromRow)]
        struct QueueRow {
            queued_at_us: i64,
            #[sqlx(flatten)]
            application: ApplicationColumns,
        }

        impl TryFrom<QueueRow> for QueueEntry {
            type Error = StorageError;

            fn try_from(row: QueueRow) -> Result<Self, StorageError> {
                let record = ApplicationRecord::try_from(row.application)?;
                Ok(QueueEntry {
                    queued_at: DateTime::from_timestamp_micros(row.queued_at_us).ok_or_else(
                        || corrupt(format!("application {}: queued_at", record.number)),
                    )?,
                    record,
                })
            }
        }

        #[derive(sqlx::FromRow)]
        struct CorrectionRow {
            files: i64,
            last_us: i64,
            seen_us: Option<i64>,
            #[sqlx(flatten)]
            application: ApplicationColumns,
        }

        async fn decisions(
            conn: &mut $conn,
            number: &ApplicationNumber,
        ) -> Result<Vec<DecisionRecord>, StorageError> {
            let rows: Vec<DecisionColumns> = sqlx::query_as(&format!(
                "SELECT {DECISION_COLUMNS} FROM acceptance_decisions WHERE number = $1 ORDER BY id"
            ))
            .bind(number.as_str())
            .fetch_all(&mut *conn)
            .await
            .map_err(storage)?;
            rows.into_iter().map(DecisionRecord::try_from).collect()
        }

        #[async_trait]
        impl AcceptanceStore for $store {
            async fn front_desk_queue(
                &self,
                query: QueueQuery,
            ) -> Result<Vec<QueueEntry>, StorageError> {
                let (after_us, after_number) = query
                    .after
                    .map(|(at, n)| (at.timestamp_micros(), n.as_str().to_string()))
                    .unwrap_or((i64::MIN, String::new()));
                let rows: Vec<QueueRow> = sqlx::query_as(&format!(
                    "SELECT queued_at_us, {APPLICATION_COLUMNS} FROM applications a
                     WHERE status = $1 AND (queued_at_us, number) > ($2, $3)
                     ORDER BY queued_at_us, number LIMIT $4"
                ))
                .bind(ApplicationStatus::Submitted.as_str())
                .bind(after_us)
                .bind(&after_number)
                .bind(i64::from(query.limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter().map(QueueEntry::try_from).collect()
            }

            async fn count_front_desk_queue(&self, up_to: u64) -> Result<u64, StorageError> {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM
                       (SELECT 1 FROM applications WHERE status = $1 LIMIT $2) AS waiting",
                )
                .bind(ApplicationStatus::Submitted.as_str())
                .bind(i64::try_from(up_to).unwrap_or(i64::MAX))
                .fetch_one(&self.pool)
                .await
                .map_err(storage)?;
                Ok(u64::try_from(n).unwrap_or(0))
            }

            async fn staff_application(
                &self,
                number: &ApplicationNumber,
            ) -> Result<Option<StaffApplication>, StorageError> {
                let mut conn = self.pool.acquire().await.map_err(storage)?;
                #[derive(sqlx::FromRow)]
                struct Row {
                    form_json: String,
                    #[sqlx(flatten)]
                    queue: QueueRow,
                }
                let row: Option<Row> = sqlx::query_as(&format!(
                    "SELECT form_json, queued_at_us, {APPLICATION_COLUMNS}
                     FROM applications a WHERE number = $1"
                ))
                .bind(number.as_str())
                .fetch_optional(&mut *conn)
                .await
                .map_err(storage)?;
                let Some(row) = row else { return Ok(None) };
                let values: FormValues =
                    from_json(&row.form_json, format_args!("application {number}: form"))?;
                let entry = QueueEntry::try_from(row.queue)?;
                Ok(Some(StaffApplication {
                    record: entry.record,
                    queued_at: entry.queued_at,
                    values,
                    decisions: decisions(&mut conn, number).await?,
                }))
            }

            async fn decide(&self, change: DecideChange) -> Result<DecideOutcome, StorageError> {
                let DecideChange {
                    record: d,
                    from,
                    to,
                    promised_by,
                    tasks,
                    audit,
                    notifications,
                } = change;
                let at = d.decided_at.timestamp_micros();
                let mut tx = self.pool.begin().await.map_err(storage)?;
                // The guard: only one of two desks finds it still in `from`.
                let moved = sqlx::query(
                    "UPDATE applications SET status = $1,
                            queued_at_us = CASE WHEN $1 = 'submitted' THEN $2 ELSE queued_at_us END,
                            promised_by = COALESCE($3, promised_by),
                            review_version = review_version + 1
                     WHERE number = $4 AND status = $5",
                )
                .bind(to.as_str())
                .bind(at)
                .bind(promised_by.map(|d| d.to_string()))
                .bind(d.number.as_str())
                .bind(from.as_str())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if moved == 0 {
                    let status: Option<(String,)> =
                        sqlx::query_as("SELECT status FROM applications WHERE number = $1")
                            .bind(d.number.as_str())
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(storage)?;
                    let Some((status,)) = status else {
                        return Ok(DecideOutcome::NotFound);
                    };
                    let latest = decisions(&mut tx, &d.number).await?.pop();
                    return Ok(DecideOutcome::NotInState {
                        status: ApplicationStatus::parse(&status)
                            .ok_or_else(|| corrupt(format!("application {}: status", d.number)))?,
                        latest,
                    });
                }
                sqlx::query(&format!(
                    "INSERT INTO acceptance_decisions ({DECISION_COLUMNS})
                     VALUES ($1, $2, $3, $4, $5, $6)"
                ))
                .bind(d.number.as_str())
                .bind(d.transition.as_str())
                .bind(d.decision.as_ref().map(json).transpose()?)
                .bind(d.staff_name.as_str())
                .bind(&d.staff_display_name)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
                insert_tasks(&mut tx, &d.number, &tasks, d.decided_at).await?;
                if to == ApplicationStatus::Withdrawn {
                    close_open_tasks(&mut tx, &d.number).await?;
                }
                enqueue(&mut tx, &d.number, &notifications, d.decided_at).await?;
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(DecideOutcome::Decided)
            }

            async fn corrections_online(
                &self,
                limit: u32,
            ) -> Result<Vec<OnlineCorrection>, StorageError> {
                // Files answering a notice (no draft) sent since the latest
                // front-desk move, which returned it.
                let rows: Vec<CorrectionRow> = sqlx::query_as(&format!(
                    "SELECT c.files, c.last_us, a.desk_seen_at_us AS seen_us, {APPLICATION_COLUMNS}
                     FROM applications a
                     JOIN (SELECT f.number AS corrected, COUNT(*) AS files,
                                  MAX(f.uploaded_at_us) AS last_us
                           FROM material_files f
                           WHERE f.draft_id IS NULL AND f.number IS NOT NULL
                             AND f.uploaded_at_us > (SELECT MAX(d.decided_at_us)
                                                     FROM acceptance_decisions d
                                                     WHERE d.number = f.number)
                           GROUP BY f.number) c ON c.corrected = a.number
                     WHERE a.status = $1
                     ORDER BY c.last_us DESC LIMIT $2"
                ))
                .bind(ApplicationStatus::ReturnedForCorrection.as_str())
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(|row| {
                        let record = ApplicationRecord::try_from(row.application)?;
                        Ok(OnlineCorrection {
                            files: u32::try_from(row.files).unwrap_or(u32::MAX),
                            last_upload: DateTime::from_timestamp_micros(row.last_us).ok_or_else(
                                || corrupt(format!("application {}: upload time", record.number)),
                            )?,
                            unseen: row.seen_us.is_none_or(|seen| seen < row.last_us),
                            record,
                        })
                    })
                    .collect()
            }

            async fn desk_saw(
                &self,
                number: &ApplicationNumber,
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                sqlx::query("UPDATE applications SET desk_seen_at_us = $2 WHERE number = $1")
                    .bind(number.as_str())
                    .bind(at.timestamp_micros())
                    .execute(&self.pool)
                    .await
                    .map_err(storage)?;
                Ok(())
            }

            async fn on_breach_list(&self, id_key: &str) -> Result<bool, StorageError> {
                let (n,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM breach_list WHERE id_key = $1")
                        .bind(id_key)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(storage)?;
                Ok(n > 0)
            }

            async fn add_to_breach_list(
                &self,
                id_key: &str,
                reason: &str,
                at: DateTime<Utc>,
            ) -> Result<(), StorageError> {
                let mut conn = self.pool.acquire().await.map_err(storage)?;
                insert_breach(&mut conn, id_key, reason, at).await
            }
        }
    };
}

pub(crate) use staff_store;
