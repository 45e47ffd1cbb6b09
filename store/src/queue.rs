//! 取号叫号 and 预约 on both backends from one text.

macro_rules! queue_store {
    ($store:ty, $conn:ty) => {
        use crate::errors::{corrupt, storage};
        use crate::rows::in_marks;
        use async_trait::async_trait;
        use chrono::{DateTime, NaiveDate, Utc};
        use domain::queue::{
            BookingStatus, QueueLetter, Slot, TicketNumber, TicketStatus, WindowNumber,
        };
        use domain::ApplicationNumber;
        use hall::ports::{
            Booking, BookingStore, CategoryDay, NewBooking, NewTicket, QueueStore, QueueTicket,
            TicketCall,
        };
        use hall::StorageError;

        /// A desk that keeps losing the race for the first waiting ticket
        /// tries again this often before it says so.
        const CALL_TRIES: usize = 20;

        const TICKET_COLUMNS: &str = "id, day, letter, seq, status, taken_at_us, queues_from_us,
            application_number, called_at_us, window_no, calls";

        type TicketRow = (
            i64,
            String,
            String,
            i64,
            String,
            i64,
            i64,
            Option<String>,
            Option<i64>,
            Option<i64>,
            i64,
        );

        fn instant(us: i64) -> Result<DateTime<Utc>, StorageError> {
            DateTime::from_timestamp_micros(us).ok_or_else(|| corrupt(format!("bad instant {us}")))
        }

        fn day_text(day: NaiveDate) -> String {
            day.format("%Y-%m-%d").to_string()
        }

        fn number(letter: &str, seq: i64) -> Result<TicketNumber, StorageError> {
            QueueLetter::parse(letter)
                .and_then(|l| TicketNumber::new(l, u16::try_from(seq).ok()?))
                .ok_or_else(|| corrupt(format!("bad ticket {letter}{seq}")))
        }

        fn window(n: i64) -> Result<WindowNumber, StorageError> {
            u8::try_from(n)
                .ok()
                .and_then(WindowNumber::new)
                .ok_or_else(|| corrupt(format!("bad window {n}")))
        }

        fn ticket(row: TicketRow) -> Result<QueueTicket, StorageError> {
            let (id, day, letter, seq, status, taken, queues, application, called_at, win, calls) =
                row;
            Ok(QueueTicket {
                id,
                day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                    .map_err(|_| corrupt(format!("bad day {day}")))?,
                number: number(&letter, seq)?,
                status: TicketStatus::parse(&status)
                    .ok_or_else(|| corrupt(format!("bad ticket status {status}")))?,
                taken_at: instant(taken)?,
                queues_from: instant(queues)?,
                application: application
                    .map(|n| {
                        ApplicationNumber::parse(&n)
                            .map_err(|_| corrupt(format!("bad application number {n}")))
                    })
                    .transpose()?,
                called: match (called_at, win) {
                    (Some(at), Some(w)) => Some((instant(at)?, window(w)?)),
                    _ => None,
                },
                calls: u32::try_from(calls).unwrap_or(0),
            })
        }

        fn call(row: (i64, String, i64, i64, i64)) -> Result<TicketCall, StorageError> {
            let (id, letter, seq, win, at) = row;
            Ok(TicketCall {
                id,
                number: number(&letter, seq)?,
                window: window(win)?,
                at: instant(at)?,
            })
        }

        fn count(n: i64) -> u32 {
            u32::try_from(n).unwrap_or(0)
        }

        #[async_trait]
        impl QueueStore for $store {
            async fn take_ticket(
                &self,
                t: NewTicket<'_>,
            ) -> Result<Option<QueueTicket>, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let Some(row) = draw_ticket(&mut *tx, &t).await? else {
                    tx.rollback().await.map_err(storage)?;
                    return Ok(None);
                };
                tx.commit().await.map_err(storage)?;
                ticket(row).map(Some)
            }

            async fn ticket(
                &self,
                token_sha256: &str,
            ) -> Result<Option<QueueTicket>, StorageError> {
                let row: Option<TicketRow> = sqlx::query_as(&format!(
                    "SELECT {TICKET_COLUMNS} FROM queue_tickets WHERE token_sha256 = $1"
                ))
                .bind(token_sha256)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(ticket).transpose()
            }

            async fn waiting_ahead(&self, t: &QueueTicket) -> Result<u32, StorageError> {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM queue_tickets
                     WHERE day = $1 AND letter = $2 AND status = 'waiting'
                       AND (queues_from_us < $3 OR (queues_from_us = $3 AND seq < $4))",
                )
                .bind(day_text(t.day))
                .bind(t.number.letter().to_string())
                .bind(t.queues_from.timestamp_micros())
                .bind(i64::from(t.number.seq()))
                .fetch_one(&self.pool)
                .await
                .map_err(storage)?;
                Ok(count(n))
            }

            async fn call_next(
                &self,
                day: NaiveDate,
                letters: &[QueueLetter],
                staff_id: i64,
                win: WindowNumber,
                now: DateTime<Utc>,
            ) -> Result<Option<QueueTicket>, StorageError> {
                let day = day_text(day);
                let now_us = now.timestamp_micros();
                let mut tx = self.pool.begin().await.map_err(storage)?;
                sqlx::query(
                    "UPDATE queue_tickets SET status = 'served', finished_at_us = $3
                     WHERE called_by = $1 AND status = 'called' AND day = $2",
                )
                .bind(staff_id)
                .bind(&day)
                .bind(now_us)
                .execute(&mut *tx)
                .await
                .map_err(storage)?;
                let first = format!(
                    "SELECT id FROM queue_tickets
                     WHERE day = $1 AND status = 'waiting' AND letter IN ({})
                     ORDER BY queues_from_us, letter, seq LIMIT 1",
                    in_marks(2, letters.len())
                );
                for _ in 0..CALL_TRIES {
                    let mut q = sqlx::query_as::<_, (i64,)>(&first).bind(&day);
                    for l in letters {
                        q = q.bind(l.to_string());
                    }
                    let Some((id,)) = q.fetch_optional(&mut *tx).await.map_err(storage)? else {
                        tx.commit().await.map_err(storage)?;
                        return Ok(None);
                    };
                    // Another desk may have called it since: the guard on
                    // the status lets one desk have it.
                    let row: Option<TicketRow> = sqlx::query_as(&format!(
                        "UPDATE queue_tickets SET status = 'called', called_at_us = $2,
                             first_called_at_us = COALESCE(first_called_at_us, $2),
                             window_no = $3, called_by = $4, calls = calls + 1
                         WHERE id = $1 AND status = 'waiting'
                         RETURNING {TICKET_COLUMNS}"
                    ))
                    .bind(id)
                    .bind(now_us)
                    .bind(i64::from(win.get()))
                    .bind(staff_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(storage)?;
                    if let Some(row) = row {
                        let called = ticket(row)?;
                        record_call(&mut *tx, &called, win, now_us).await?;
                        tx.commit().await.map_err(storage)?;
                        return Ok(Some(called));
                    }
                }
                Err(corrupt(format!(
                    "lost the race for a waiting ticket {CALL_TRIES} times"
                )))
            }

            async fn desk_ticket(
                &self,
                day: NaiveDate,
                staff_id: i64,
            ) -> Result<Option<QueueTicket>, StorageError> {
                let row: Option<TicketRow> = sqlx::query_as(&format!(
                    "SELECT {TICKET_COLUMNS} FROM queue_tickets
                     WHERE called_by = $1 AND status = 'called' AND day = $2
                     ORDER BY called_at_us DESC LIMIT 1"
                ))
                .bind(staff_id)
                .bind(day_text(day))
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(ticket).transpose()
            }

            async fn recall_ticket(
                &self,
                day: NaiveDate,
                staff_id: i64,
                win: WindowNumber,
                now: DateTime<Utc>,
            ) -> Result<Option<QueueTicket>, StorageError> {
                let now_us = now.timestamp_micros();
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let row: Option<TicketRow> = sqlx::query_as(&format!(
                    "UPDATE queue_tickets SET called_at_us = $3, window_no = $4,
                         calls = calls + 1
                     WHERE called_by = $1 AND status = 'called' AND day = $2
                     RETURNING {TICKET_COLUMNS}"
                ))
                .bind(staff_id)
                .bind(day_text(day))
                .bind(now_us)
                .bind(i64::from(win.get()))
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let called = ticket(row)?;
                record_call(&mut *tx, &called, win, now_us).await?;
                tx.commit().await.map_err(storage)?;
                Ok(Some(called))
            }

            async fn ticket_no_show(
                &self,
                day: NaiveDate,
                staff_id: i64,
                now: DateTime<Utc>,
            ) -> Result<Option<QueueTicket>, StorageError> {
                let row: Option<TicketRow> = sqlx::query_as(&format!(
                    "UPDATE queue_tickets SET status = 'no_show', finished_at_us = $3
                     WHERE called_by = $1 AND status = 'called' AND day = $2
                     RETURNING {TICKET_COLUMNS}"
                ))
                .bind(staff_id)
                .bind(day_text(day))
                .bind(now.timestamp_micros())
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(ticket).transpose()
            }

            async fn calls_after(
                &self,
                day: NaiveDate,
                after: i64,
                limit: u32,
            ) -> Result<Vec<TicketCall>, StorageError> {
                let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
                    "SELECT id, letter, seq, window_no, at_us FROM queue_calls
                     WHERE day = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(day_text(day))
                .bind(after)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter().map(call).collect()
            }

            async fn latest_calls(
                &self,
                day: NaiveDate,
                limit: u32,
            ) -> Result<Vec<TicketCall>, StorageError> {
                let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
                    "SELECT id, letter, seq, window_no, at_us FROM queue_calls
                     WHERE day = $1 ORDER BY id DESC LIMIT $2",
                )
                .bind(day_text(day))
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter().map(call).collect()
            }

            async fn queue_day(
                &self,
                day: NaiveDate,
            ) -> Result<Vec<(QueueLetter, CategoryDay)>, StorageError> {
                type Row = (
                    String,
                    i64,
                    i64,
                    i64,
                    i64,
                    i64,
                    i64,
                    i64,
                    Option<i64>,
                    Option<i64>,
                );
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT letter, COUNT(*),
                         SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END),
                         SUM(CASE WHEN status = 'called' THEN 1 ELSE 0 END),
                         SUM(CASE WHEN status = 'served' THEN 1 ELSE 0 END),
                         SUM(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END),
                         CAST(COALESCE(SUM(first_called_at_us - taken_at_us), 0) AS BIGINT),
                         SUM(CASE WHEN first_called_at_us IS NULL THEN 0 ELSE 1 END),
                         MAX(first_called_at_us - taken_at_us),
                         MIN(CASE WHEN status = 'waiting' THEN taken_at_us END)
                     FROM queue_tickets WHERE day = $1 GROUP BY letter ORDER BY letter",
                )
                .bind(day_text(day))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(
                        |(
                            letter,
                            taken,
                            waiting,
                            at_window,
                            served,
                            no_show,
                            waited,
                            called,
                            longest,
                            oldest,
                        )| {
                            let letter = QueueLetter::parse(&letter)
                                .ok_or_else(|| corrupt(format!("bad letter {letter}")))?;
                            Ok((
                                letter,
                                CategoryDay {
                                    taken: count(taken),
                                    waiting: count(waiting),
                                    at_window: count(at_window),
                                    served: count(served),
                                    no_show: count(no_show),
                                    waited_secs: waited / 1_000_000,
                                    called: count(called),
                                    longest_wait_secs: longest.unwrap_or(0) / 1_000_000,
                                    oldest_waiting_since: oldest.map(instant).transpose()?,
                                },
                            ))
                        },
                    )
                    .collect()
            }

            async fn desk_window_number(
                &self,
                staff_id: i64,
            ) -> Result<Option<WindowNumber>, StorageError> {
                let row: Option<(i64,)> =
                    sqlx::query_as("SELECT window_no FROM queue_desks WHERE staff_id = $1")
                        .bind(staff_id)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(storage)?;
                row.map(|(n,)| window(n)).transpose()
            }

            async fn set_desk_window_number(
                &self,
                staff_id: i64,
                win: WindowNumber,
            ) -> Result<(), StorageError> {
                sqlx::query(
                    "INSERT INTO queue_desks (staff_id, window_no) VALUES ($1, $2)
                     ON CONFLICT (staff_id) DO UPDATE SET window_no = excluded.window_no",
                )
                .bind(staff_id)
                .bind(i64::from(win.get()))
                .execute(&self.pool)
                .await
                .map_err(storage)?;
                Ok(())
            }
        }

        /// Draws the category's next number and inserts the ticket with it
        /// (`None`: the day's capacity is reached; the caller rolls back).
        /// The number's write comes first: it holds the category's row until
        /// the commit, so numbers follow each other one by one.
        async fn draw_ticket(
            conn: &mut $conn,
            t: &NewTicket<'_>,
        ) -> Result<Option<TicketRow>, StorageError> {
            let day = day_text(t.day);
            let letter = t.letter.to_string();
            let (seq,): (i64,) = sqlx::query_as(
                "INSERT INTO queue_counters (day, letter, last_seq) VALUES ($1, $2, 1)
                 ON CONFLICT (day, letter)
                 DO UPDATE SET last_seq = queue_counters.last_seq + 1
                 RETURNING last_seq",
            )
            .bind(&day)
            .bind(&letter)
            .fetch_one(&mut *conn)
            .await
            .map_err(storage)?;
            if seq > i64::from(t.capacity) {
                return Ok(None);
            }
            let row: TicketRow = sqlx::query_as(&format!(
                "INSERT INTO queue_tickets (day, letter, seq, token_sha256, taken_at_us,
                     queues_from_us, application_number)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 RETURNING {TICKET_COLUMNS}"
            ))
            .bind(&day)
            .bind(&letter)
            .bind(seq)
            .bind(t.token_sha256)
            .bind(t.taken_at.timestamp_micros())
            .bind(t.queues_from.timestamp_micros())
            .bind(t.application.map(|n| n.as_str()))
            .fetch_one(&mut *conn)
            .await
            .map_err(storage)?;
            Ok(Some(row))
        }

        /// Takes one of the slot's places: false when they are all taken.
        async fn claim_place(
            conn: &mut $conn,
            letter: QueueLetter,
            slot: Slot,
            places: u16,
        ) -> Result<bool, StorageError> {
            let row: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO queue_slot_places (day, start, letter, booked) VALUES ($1, $2, $3, 1)
                 ON CONFLICT (day, start, letter)
                 DO UPDATE SET booked = queue_slot_places.booked + 1
                 WHERE queue_slot_places.booked < $4
                 RETURNING booked",
            )
            .bind(day_text(slot.day))
            .bind(start_text(slot))
            .bind(letter.to_string())
            .bind(i64::from(places))
            .fetch_optional(&mut *conn)
            .await
            .map_err(storage)?;
            Ok(row.is_some())
        }

        async fn give_place_back(
            conn: &mut $conn,
            letter: QueueLetter,
            slot: Slot,
        ) -> Result<(), StorageError> {
            sqlx::query(
                "UPDATE queue_slot_places SET booked = booked - 1
                 WHERE day = $1 AND start = $2 AND letter = $3 AND booked > 0",
            )
            .bind(day_text(slot.day))
            .bind(start_text(slot))
            .bind(letter.to_string())
            .execute(&mut *conn)
            .await
            .map_err(storage)?;
            Ok(())
        }

        fn start_text(slot: Slot) -> String {
            slot.start.format("%H:%M").to_string()
        }

        fn slot(day: &str, start: &str) -> Result<Slot, StorageError> {
            Slot::parse_key(&format!("{day}T{start}"))
                .ok_or_else(|| corrupt(format!("bad slot {day} {start}")))
        }

        const BOOKING_COLUMNS: &str =
            "id, letter, day, start, status, booked_at_us, application_number";

        type BookingRow = (i64, String, String, String, String, i64, Option<String>);

        fn booking(row: BookingRow) -> Result<Booking, StorageError> {
            let (id, letter, day, start, status, booked_at, application) = row;
            Ok(Booking {
                id,
                letter: QueueLetter::parse(&letter)
                    .ok_or_else(|| corrupt(format!("bad letter {letter}")))?,
                slot: slot(&day, &start)?,
                status: BookingStatus::parse(&status)
                    .ok_or_else(|| corrupt(format!("bad booking status {status}")))?,
                booked_at: instant(booked_at)?,
                application: application
                    .map(|n| {
                        ApplicationNumber::parse(&n)
                            .map_err(|_| corrupt(format!("bad application number {n}")))
                    })
                    .transpose()?,
            })
        }

        #[async_trait]
        impl BookingStore for $store {
            async fn book(&self, b: NewBooking<'_>) -> Result<Option<Booking>, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                if !claim_place(&mut *tx, b.letter, b.slot, b.places).await? {
                    tx.rollback().await.map_err(storage)?;
                    return Ok(None);
                }
                let row: BookingRow = sqlx::query_as(&format!(
                    "INSERT INTO queue_bookings (token_sha256, code_sha256, letter, day, start,
                         booked_at_us, application_number)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     RETURNING {BOOKING_COLUMNS}"
                ))
                .bind(b.token_sha256)
                .bind(b.code_sha256)
                .bind(b.letter.to_string())
                .bind(day_text(b.slot.day))
                .bind(start_text(b.slot))
                .bind(b.booked_at.timestamp_micros())
                .bind(b.application.map(|n| n.as_str()))
                .fetch_one(&mut *tx)
                .await
                .map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                booking(row).map(Some)
            }

            async fn booking(&self, token_sha256: &str) -> Result<Option<Booking>, StorageError> {
                let row: Option<BookingRow> = sqlx::query_as(&format!(
                    "SELECT {BOOKING_COLUMNS} FROM queue_bookings WHERE token_sha256 = $1"
                ))
                .bind(token_sha256)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(booking).transpose()
            }

            async fn booking_by_code(
                &self,
                code_sha256: &str,
            ) -> Result<Option<Booking>, StorageError> {
                let row: Option<BookingRow> = sqlx::query_as(&format!(
                    "SELECT {BOOKING_COLUMNS} FROM queue_bookings WHERE code_sha256 = $1"
                ))
                .bind(code_sha256)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                row.map(booking).transpose()
            }

            async fn booked_places(
                &self,
                letter: QueueLetter,
                days: &[NaiveDate],
            ) -> Result<Vec<(Slot, u32)>, StorageError> {
                let query = format!(
                    "SELECT day, start, booked FROM queue_slot_places
                     WHERE letter = $1 AND day IN ({})",
                    in_marks(2, days.len())
                );
                let mut q =
                    sqlx::query_as::<_, (String, String, i64)>(&query).bind(letter.to_string());
                for d in days {
                    q = q.bind(day_text(*d));
                }
                let rows = q.fetch_all(&self.pool).await.map_err(storage)?;
                rows.into_iter()
                    .map(|(day, start, n)| Ok((slot(&day, &start)?, count(n))))
                    .collect()
            }

            async fn cancel_booking(
                &self,
                id: i64,
                at: DateTime<Utc>,
            ) -> Result<bool, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let row: Option<BookingRow> = sqlx::query_as(&format!(
                    "UPDATE queue_bookings SET status = 'cancelled', changed_at_us = $2
                     WHERE id = $1 AND status = 'booked'
                     RETURNING {BOOKING_COLUMNS}"
                ))
                .bind(id)
                .bind(at.timestamp_micros())
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
                let Some(row) = row else {
                    return Ok(false);
                };
                let was = booking(row)?;
                give_place_back(&mut *tx, was.letter, was.slot).await?;
                tx.commit().await.map_err(storage)?;
                Ok(true)
            }

            async fn move_booking(
                &self,
                id: i64,
                to: Slot,
                places: u16,
                at: DateTime<Utc>,
            ) -> Result<Option<Booking>, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                // The booking's row first (held until the commit): where it
                // is now.
                let row: Option<BookingRow> = sqlx::query_as(&format!(
                    "UPDATE queue_bookings SET changed_at_us = $2
                     WHERE id = $1 AND status = 'booked'
                     RETURNING {BOOKING_COLUMNS}"
                ))
                .bind(id)
                .bind(at.timestamp_micros())
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let was = booking(row)?;
                if was.slot == to {
                    tx.commit().await.map_err(storage)?;
                    return Ok(Some(was));
                }
                if !claim_place(&mut *tx, was.letter, to, places).await? {
                    tx.rollback().await.map_err(storage)?;
                    return Ok(None);
                }
                give_place_back(&mut *tx, was.letter, was.slot).await?;
                let row: BookingRow = sqlx::query_as(&format!(
                    "UPDATE queue_bookings SET day = $2, start = $3 WHERE id = $1
                     RETURNING {BOOKING_COLUMNS}"
                ))
                .bind(id)
                .bind(day_text(to.day))
                .bind(start_text(to))
                .fetch_one(&mut *tx)
                .await
                .map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                booking(row).map(Some)
            }

            async fn check_in_booking(
                &self,
                id: i64,
                t: NewTicket<'_>,
            ) -> Result<Option<QueueTicket>, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let row: Option<(i64,)> = sqlx::query_as(
                    "UPDATE queue_bookings SET status = 'checked_in', changed_at_us = $2
                     WHERE id = $1 AND status = 'booked' RETURNING id",
                )
                .bind(id)
                .bind(t.taken_at.timestamp_micros())
                .fetch_optional(&mut *tx)
                .await
                .map_err(storage)?;
                if row.is_none() {
                    return Ok(None);
                }
                let Some(row) = draw_ticket(&mut *tx, &t).await? else {
                    tx.rollback().await.map_err(storage)?;
                    return Ok(None);
                };
                let called = ticket(row)?;
                sqlx::query("UPDATE queue_bookings SET ticket_id = $2 WHERE id = $1")
                    .bind(id)
                    .bind(called.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(Some(called))
            }

            async fn bookings_on(
                &self,
                day: NaiveDate,
            ) -> Result<Vec<(QueueLetter, Slot, BookingStatus, u32)>, StorageError> {
                let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
                    "SELECT letter, day, start, status, COUNT(*) FROM queue_bookings
                     WHERE day = $1 GROUP BY letter, day, start, status",
                )
                .bind(day_text(day))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                rows.into_iter()
                    .map(|(letter, day, start, status, n)| {
                        Ok((
                            QueueLetter::parse(&letter)
                                .ok_or_else(|| corrupt(format!("bad letter {letter}")))?,
                            slot(&day, &start)?,
                            BookingStatus::parse(&status)
                                .ok_or_else(|| corrupt(format!("bad booking status {status}")))?,
                            count(n),
                        ))
                    })
                    .collect()
            }
        }

        /// The call as the display shows it, in the call's own commit.
        async fn record_call(
            conn: &mut $conn,
            called: &QueueTicket,
            win: WindowNumber,
            now_us: i64,
        ) -> Result<(), StorageError> {
            sqlx::query(
                "INSERT INTO queue_calls (day, ticket_id, letter, seq, window_no, at_us)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(day_text(called.day))
            .bind(called.id)
            .bind(called.number.letter().to_string())
            .bind(i64::from(called.number.seq()))
            .bind(i64::from(win.get()))
            .bind(now_us)
            .execute(&mut *conn)
            .await
            .map_err(storage)?;
            Ok(())
        }
    };
}

pub(crate) use queue_store;
