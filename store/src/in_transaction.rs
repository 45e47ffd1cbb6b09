//! Writes several stores make inside their own write transaction: the
//! audit chain's next event (with the work it counts and the trip to the
//! window it means), a breach listed, review tasks opened or closed, the
//! notifications the change sends. One text for both
//! backends; one module, so no store file reaches into another.
//!
//! The audit head is claimed by updating it: SQLite then holds its write
//! lock, PostgreSQL the head's row lock, so appends from every server
//! queue in one order.

macro_rules! in_transaction {
    ($conn:ty) => {
        use crate::errors::{json, storage};
        use crate::rows::{next_event, AUDIT_COLUMNS};
        use chrono::{DateTime, Utc};
        use domain::audit::{AuditEvent, AuditRecord};
        use domain::ApplicationNumber;
        use hall::ports::{NewReviewTask, ReviewTaskState};
        use hall::StorageError;

        /// Chains `record` after the head, inside the caller's write transaction.
        pub(crate) async fn append(
            conn: &mut $conn,
            record: AuditRecord,
        ) -> Result<AuditEvent, sqlx::Error> {
            let head: (i64, String) =
                sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                    .fetch_one(&mut *conn)
                    .await?;
            let event = next_event(head, record);
            let r = &event.record;
            sqlx::query(&format!(
                "INSERT INTO audit_events ({AUDIT_COLUMNS})
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            ))
            .bind(event.seq)
            .bind(r.at.timestamp_micros())
            .bind(&r.actor)
            .bind(&r.role)
            .bind(&r.action)
            .bind(&r.subject)
            .bind(&r.reason)
            .bind(&r.content_sha256)
            .bind(&event.prev_hash)
            .bind(&event.hash)
            .execute(&mut *conn)
            .await?;
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(event.seq)
                .bind(&event.hash)
                .execute(&mut *conn)
                .await?;
            if let Some(desk) = domain::period::work_desk(&event.record.action) {
                count_work(conn, desk, &event.record).await?;
            }
            if let Some(reason) = domain::trip::window_trip(&event.record.action) {
                sqlx::query(
                    "INSERT INTO trips (number, at_us, reason, channel) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING",
                )
                .bind(&event.record.subject)
                .bind(event.record.at.timestamp_micros())
                .bind(reason.as_str())
                .bind(domain::trip::Channel::Window.as_str())
                .execute(&mut *conn)
                .await?;
            }
            Ok(event)
        }

        /// Throughput: the month's count of this work by this staff member,
        /// moved with the audited step itself.
        async fn count_work(
            conn: &mut $conn,
            desk: domain::period::WorkDesk,
            r: &AuditRecord,
        ) -> Result<(), sqlx::Error> {
            let month = domain::period::Month::of(domain::time::hall_date(r.at));
            sqlx::query(
                "INSERT INTO work_months (month, desk, staff, action, count)
                 VALUES ($1, $2, $3, $4, 1)
                 ON CONFLICT (month, desk, staff, action)
                 DO UPDATE SET count = work_months.count + 1",
            )
            .bind(month.to_string())
            .bind(desk.as_str())
            .bind(&r.actor)
            .bind(&r.action)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        /// Finished services, each once, with the month's figures moved.
        pub(crate) async fn insert_finished(
            conn: &mut $conn,
            finished: &[domain::period::FinishedService],
        ) -> Result<(), sqlx::Error> {
            for f in finished {
                let month = f.month.to_string();
                let new = sqlx::query(
                    "INSERT INTO finished_services (number, matter, department, month,
                         finished_on, working_days, within_promise, within_legal, trips,
                         kept_visit_promise, online)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                     ON CONFLICT (number, matter) DO NOTHING",
                )
                .bind(f.number.as_str())
                .bind(f.matter.as_str())
                .bind(f.department.as_str())
                .bind(&month)
                .bind(f.finished_on.to_string())
                .bind(i64::from(f.working_days))
                .bind(f.within_promise)
                .bind(f.within_legal)
                .bind(i64::from(f.trips))
                .bind(f.kept_visit_promise)
                .bind(f.online)
                .execute(&mut *conn)
                .await?
                .rows_affected();
                if new == 0 {
                    continue;
                }
                let one = |b: bool| i64::from(b);
                sqlx::query(
                    "INSERT INTO service_months (month, matter, working_days, finished,
                         within_promise, within_legal, one_visit, kept_visit_promise, online)
                     VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8)
                     ON CONFLICT (month, matter, working_days) DO UPDATE SET
                         finished = service_months.finished + 1,
                         within_promise = service_months.within_promise + excluded.within_promise,
                         within_legal = service_months.within_legal + excluded.within_legal,
                         one_visit = service_months.one_visit + excluded.one_visit,
                         kept_visit_promise =
                             service_months.kept_visit_promise + excluded.kept_visit_promise,
                         online = service_months.online + excluded.online",
                )
                .bind(&month)
                .bind(f.matter.as_str())
                .bind(i64::from(f.working_days))
                .bind(one(f.within_promise))
                .bind(one(f.within_legal))
                .bind(one(f.one_visit()))
                .bind(one(f.kept_visit_promise))
                .bind(one(f.online))
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        }

        /// 失信: listed once (a second breach keeps the first entry).
        pub(crate) async fn insert_breach(
            conn: &mut $conn,
            id_key: &str,
            reason: &str,
            at: DateTime<Utc>,
        ) -> Result<(), StorageError> {
            sqlx::query(
                "INSERT INTO breach_list (id_key, reason, listed_at_us) VALUES ($1, $2, $3)
                 ON CONFLICT (id_key) DO NOTHING",
            )
            .bind(id_key)
            .bind(reason)
            .bind(at.timestamp_micros())
            .execute(&mut *conn)
            .await
            .map_err(storage)?;
            Ok(())
        }

        pub(crate) async fn insert_tasks(
            conn: &mut $conn,
            number: &ApplicationNumber,
            tasks: &[NewReviewTask],
            created_at: DateTime<Utc>,
        ) -> Result<(), StorageError> {
            for t in tasks {
                let s = &t.state;
                sqlx::query(
                    "INSERT INTO review_tasks (number, matter, part, department, status, is_open,
                         waits_for, deadline, sort_due, extended, decision, decided_by,
                         decided_by_name, decided_at_us, created_at_us)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                )
                .bind(number.as_str())
                .bind(t.matter.as_str())
                .bind(i32::from(t.part))
                .bind(t.department.as_str())
                .bind(s.status.as_str())
                .bind(s.status.is_open())
                .bind(t.waits_for.as_ref().map(|m| m.as_str()))
                .bind(json(&s.deadline)?)
                .bind(s.sort_due.to_string())
                .bind(s.extended)
                .bind(s.decision.as_ref().map(json).transpose()?)
                .bind(s.decided_by.as_ref().map(|(n, _)| n.as_str()))
                .bind(s.decided_by.as_ref().map(|(_, d)| d.as_str()))
                .bind(s.decided_at.map(|t| t.timestamp_micros()))
                .bind(created_at.timestamp_micros())
                .execute(&mut *conn)
                .await
                .map_err(storage)?;
            }
            Ok(())
        }

        pub(crate) async fn update_task(
            conn: &mut $conn,
            number: &ApplicationNumber,
            id: i64,
            s: &ReviewTaskState,
        ) -> Result<(), StorageError> {
            sqlx::query(
                "UPDATE review_tasks SET status = $1, is_open = $2, deadline = $3, sort_due = $4,
                     extended = $5, decision = $6, decided_by = $7, decided_by_name = $8,
                     decided_at_us = $9
                 WHERE id = $10 AND number = $11",
            )
            .bind(s.status.as_str())
            .bind(s.status.is_open())
            .bind(json(&s.deadline)?)
            .bind(s.sort_due.to_string())
            .bind(s.extended)
            .bind(s.decision.as_ref().map(json).transpose()?)
            .bind(s.decided_by.as_ref().map(|(n, _)| n.as_str()))
            .bind(s.decided_by.as_ref().map(|(_, d)| d.as_str()))
            .bind(s.decided_at.map(|t| t.timestamp_micros()))
            .bind(id)
            .bind(number.as_str())
            .execute(&mut *conn)
            .await
            .map_err(storage)?;
            Ok(())
        }

        /// A withdrawn application's open tasks leave every list.
        pub(crate) async fn close_open_tasks(
            conn: &mut $conn,
            number: &ApplicationNumber,
        ) -> Result<(), StorageError> {
            sqlx::query(
                "UPDATE review_tasks SET status = 'closed', is_open = FALSE, sort_due = '9999-12-31'
                 WHERE number = $1 AND is_open",
            )
            .bind(number.as_str())
            .execute(&mut *conn)
            .await
            .map_err(storage)?;
            Ok(())
        }

        /// The change's notifications, in its transaction (a retried change
        /// finds its messages there already: the key keeps one of each).
        pub(crate) async fn enqueue(
            conn: &mut $conn,
            number: &ApplicationNumber,
            notifications: &[domain::notification::Notification],
            at: DateTime<Utc>,
        ) -> Result<(), StorageError> {
            let rows: Vec<_> = notifications.iter().map(|n| (number, n, at)).collect();
            enqueue_rows(conn, &rows).await
        }

        /// Several changes' notifications in one statement (a group
        /// commit's): one round trip instead of one per message.
        pub(crate) async fn enqueue_rows(
            conn: &mut $conn,
            rows: &[(&ApplicationNumber, &domain::notification::Notification, DateTime<Utc>)],
        ) -> Result<(), StorageError> {
            // 7 parameters a row; SQLite takes up to 32,766 per statement.
            for chunk in rows.chunks(1024) {
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| {
                        let p = i * 7;
                        format!(
                            "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                            p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7, p + 6
                        )
                    })
                    .collect();
                let sql = format!(
                    "INSERT INTO outbox (number, kind, occurrence, recipient, body_json,
                         created_at_us, state, next_at_us)
                     VALUES {}
                     ON CONFLICT (number, kind, occurrence, recipient) DO NOTHING",
                    values.join(", ")
                );
                let mut query = sqlx::query(&sql);
                for (number, n, at) in chunk {
                    let recipient = n.recipient.as_ref().map(|m| m.as_str()).unwrap_or("");
                    query = query
                        .bind(number.as_str())
                        .bind(n.event.kind())
                        .bind(n.occurrence.as_str())
                        .bind(recipient)
                        .bind(json(n)?)
                        .bind(at.timestamp_micros())
                        .bind(if recipient.is_empty() { "page_only" } else { "pending" });
                }
                query.execute(&mut *conn).await.map_err(storage)?;
            }
            Ok(())
        }
    };
}

pub(crate) use in_transaction;
