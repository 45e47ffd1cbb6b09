//! 好差评 on both backends from one text. Each write begins with its
//! guarded statement (the rating's insert, the follow-up's state change),
//! so SQLite holds the write lock from the start and a second rating of
//! the same touchpoint, or a second reply, finds the row taken. The
//! tallies move in the same commit, so the published figures never
//! disagree with the ratings.

/// One tally row's change.
#[derive(Default)]
pub(crate) struct TallyDelta {
    /// Per level, best first.
    pub counts: [i64; 5],
    pub follow_ups: i64,
    pub replied: i64,
    pub replied_on_time: i64,
}

impl TallyDelta {
    pub(crate) fn level(level: domain::rating::Satisfaction, by: i64) -> [i64; 5] {
        let mut counts = [0; 5];
        counts[usize::from(5 - level.score())] = by;
        counts
    }
}

pub(crate) const TALLY_COLUMNS: &str = "scope, code, very_satisfied, satisfied, basic, \
     dissatisfied, very_dissatisfied, follow_ups, replied, replied_on_time";

#[derive(sqlx::FromRow)]
pub(crate) struct TallyRow {
    pub scope: String,
    pub code: String,
    very_satisfied: i64,
    satisfied: i64,
    basic: i64,
    dissatisfied: i64,
    very_dissatisfied: i64,
    follow_ups: i64,
    replied: i64,
    replied_on_time: i64,
}

impl TallyRow {
    pub(crate) fn tally(&self) -> domain::rating::SatisfactionTally {
        // Counts never go below zero; a negative one would be a bug shown
        // as nothing rather than as a huge number.
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        domain::rating::SatisfactionTally {
            counts: [
                n(self.very_satisfied),
                n(self.satisfied),
                n(self.basic),
                n(self.dissatisfied),
                n(self.very_dissatisfied),
            ],
            follow_ups: n(self.follow_ups),
            replied: n(self.replied),
            replied_on_time: n(self.replied_on_time),
        }
    }
}

pub(crate) const FOLLOW_UP_COLUMNS: &str = "number, touchpoint, department, opened_at_us, due_on, \
     state, callback, rectification, replied_by, replied_at_us, closed_by, closed_at_us";

#[derive(sqlx::FromRow)]
pub(crate) struct FollowUpRow {
    number: String,
    touchpoint: String,
    department: String,
    opened_at_us: i64,
    due_on: String,
    state: String,
    callback: Option<String>,
    rectification: Option<String>,
    replied_by: Option<String>,
    replied_at_us: Option<i64>,
    closed_by: Option<String>,
    closed_at_us: Option<i64>,
}

fn instant(us: i64) -> Result<chrono::DateTime<chrono::Utc>, hall::StorageError> {
    chrono::DateTime::from_timestamp_micros(us)
        .ok_or_else(|| crate::errors::corrupt(format!("bad instant {us}")))
}

impl TryFrom<FollowUpRow> for hall::ports::FollowUp {
    type Error = hall::StorageError;

    fn try_from(r: FollowUpRow) -> Result<Self, Self::Error> {
        use crate::errors::corrupt;
        use domain::rating::{FollowUpReply, FollowUpState, Touchpoint};
        let reply = match (r.callback, r.rectification, r.replied_by, r.replied_at_us) {
            (Some(c), Some(x), Some(by), Some(at)) => Some(hall::ports::RecordedReply {
                reply: FollowUpReply::new(&c, &x)
                    .map_err(|_| corrupt(format!("bad follow-up reply of {}", r.number)))?,
                by,
                at: instant(at)?,
            }),
            _ => None,
        };
        let closed = match (r.closed_by, r.closed_at_us) {
            (Some(by), Some(at)) => Some((by, instant(at)?)),
            _ => None,
        };
        Ok(Self {
            number: domain::ApplicationNumber::parse(&r.number)
                .map_err(|_| corrupt(format!("bad number {}", r.number)))?,
            touchpoint: Touchpoint::parse(&r.touchpoint)
                .ok_or_else(|| corrupt(format!("bad touchpoint {}", r.touchpoint)))?,
            department: domain::DepartmentCode::parse(&r.department)
                .map_err(|_| corrupt(format!("bad department {}", r.department)))?,
            opened_at: instant(r.opened_at_us)?,
            due_on: r
                .due_on
                .parse()
                .map_err(|_| corrupt(format!("bad due date {}", r.due_on)))?,
            state: FollowUpState::parse(&r.state)
                .ok_or_else(|| corrupt(format!("bad follow-up state {}", r.state)))?,
            reply,
            closed,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RatingRow {
    number: String,
    touchpoint: String,
    round: i64,
    levels_json: String,
    problems_json: String,
    comment: String,
    channel: String,
    rated_at_us: i64,
}

impl TryFrom<RatingRow> for hall::ports::StoredRating {
    type Error = hall::StorageError;

    fn try_from(r: RatingRow) -> Result<Self, Self::Error> {
        use crate::errors::corrupt;
        use domain::rating::{Rating, RatingAnswers, RatingChannel, RatingRound, Touchpoint};
        let bad = || corrupt(format!("bad rating of {}", r.number));
        let levels: Vec<(String, String)> =
            serde_json::from_str(&r.levels_json).map_err(|_| bad())?;
        let problems: Vec<String> = serde_json::from_str(&r.problems_json).map_err(|_| bad())?;
        let touchpoint = Touchpoint::parse(&r.touchpoint).ok_or_else(bad)?;
        // Read back through the rules, so a row that breaks them is
        // reported rather than shown.
        let rating = Rating::new(
            touchpoint,
            &RatingAnswers {
                levels: levels
                    .iter()
                    .map(|(i, l)| (i.as_str(), l.as_str()))
                    .collect(),
                problems: problems.iter().map(String::as_str).collect(),
                comment: &r.comment,
            },
        )
        .map_err(|_| bad())?;
        Ok(Self {
            number: domain::ApplicationNumber::parse(&r.number).map_err(|_| bad())?,
            rating,
            round: RatingRound::from_number(r.round).ok_or_else(bad)?,
            channel: RatingChannel::parse(&r.channel).ok_or_else(bad)?,
            at: instant(r.rated_at_us)?,
        })
    }
}

macro_rules! rating_store {
    ($store:ty, $conn:ty) => {
        use crate::errors::{json, storage};
        use crate::ratings::{
            FollowUpRow, RatingRow, TallyDelta, TallyRow, FOLLOW_UP_COLUMNS, TALLY_COLUMNS,
        };
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use domain::audit::AuditRecord;
        use domain::rating::{FollowUpState, SatisfactionTally, Touchpoint};
        use domain::{ApplicationNumber, DepartmentCode};
        use hall::ports::{
            FollowUp, FollowUpAnswer, NewRating, RatingStore, StoredRating, TallyScope,
        };
        use hall::StorageError;

        async fn add_to_tally(
            conn: &mut $conn,
            scope: &TallyScope,
            d: &TallyDelta,
        ) -> Result<(), sqlx::Error> {
            let (scope, code) = scope.key();
            sqlx::query(
                "INSERT INTO satisfaction_tallies (scope, code, very_satisfied, satisfied, basic,
                     dissatisfied, very_dissatisfied, follow_ups, replied, replied_on_time)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (scope, code) DO UPDATE SET
                     very_satisfied = satisfaction_tallies.very_satisfied + excluded.very_satisfied,
                     satisfied = satisfaction_tallies.satisfied + excluded.satisfied,
                     basic = satisfaction_tallies.basic + excluded.basic,
                     dissatisfied = satisfaction_tallies.dissatisfied + excluded.dissatisfied,
                     very_dissatisfied =
                         satisfaction_tallies.very_dissatisfied + excluded.very_dissatisfied,
                     follow_ups = satisfaction_tallies.follow_ups + excluded.follow_ups,
                     replied = satisfaction_tallies.replied + excluded.replied,
                     replied_on_time =
                         satisfaction_tallies.replied_on_time + excluded.replied_on_time",
            )
            .bind(scope)
            .bind(code)
            .bind(d.counts[0])
            .bind(d.counts[1])
            .bind(d.counts[2])
            .bind(d.counts[3])
            .bind(d.counts[4])
            .bind(d.follow_ups)
            .bind(d.replied)
            .bind(d.replied_on_time)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        #[async_trait]
        impl RatingStore for $store {
            async fn record_rating(&self, mut new: NewRating) -> Result<bool, StorageError> {
                // Tally rows are always locked in one order, so two ratings
                // of applications sharing matters cannot deadlock.
                new.scopes.sort_by(|a, b| a.key().cmp(&b.key()));
                if let Some(f) = new.follow_up.as_mut() {
                    f.scopes.sort_by(|a, b| a.key().cmp(&b.key()));
                }
                let levels: Vec<(&str, &str)> = new
                    .rating
                    .levels()
                    .iter()
                    .map(|(i, s)| (i.as_str(), s.as_str()))
                    .collect();
                let problems: Vec<&str> =
                    new.rating.problems().iter().map(|p| p.as_str()).collect();
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let inserted = sqlx::query(
                    "INSERT INTO ratings (number, touchpoint, round, level, levels_json,
                         problems_json, comment, channel, rated_at_us)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                     ON CONFLICT (number, touchpoint, round) DO NOTHING",
                )
                .bind(new.number.as_str())
                .bind(new.rating.touchpoint().as_str())
                .bind(i64::from(new.round.number()))
                .bind(i64::from(new.rating.overall().score()))
                .bind(json(&levels)?)
                .bind(json(&problems)?)
                .bind(new.rating.comment())
                .bind(new.channel.as_str())
                .bind(new.at.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if inserted == 0 {
                    return Ok(false);
                }
                let mut counts = TallyDelta::level(new.rating.overall(), 1);
                if let Some(before) = new.replaces {
                    let undo = TallyDelta::level(before, -1);
                    for (c, u) in counts.iter_mut().zip(undo) {
                        *c += u;
                    }
                }
                let delta = TallyDelta {
                    counts,
                    ..TallyDelta::default()
                };
                for scope in &new.scopes {
                    add_to_tally(&mut tx, scope, &delta).await.map_err(storage)?;
                }
                if let Some(f) = &new.follow_up {
                    sqlx::query(
                        "INSERT INTO rating_follow_ups (number, touchpoint, department,
                             opened_at_us, due_on, state)
                         VALUES ($1, $2, $3, $4, $5, 'open')",
                    )
                    .bind(new.number.as_str())
                    .bind(new.rating.touchpoint().as_str())
                    .bind(f.department.as_str())
                    .bind(new.at.timestamp_micros())
                    .bind(f.due_on.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(storage)?;
                    let opened = TallyDelta {
                        follow_ups: 1,
                        ..TallyDelta::default()
                    };
                    for scope in &f.scopes {
                        add_to_tally(&mut tx, scope, &opened).await.map_err(storage)?;
                    }
                }
                append(&mut tx, new.audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(true)
            }

            async fn ratings_of(
                &self,
                number: &ApplicationNumber,
            ) -> Result<(Vec<StoredRating>, Vec<FollowUp>), StorageError> {
                let ratings: Vec<RatingRow> = sqlx::query_as(
                    "SELECT number, touchpoint, round, levels_json, problems_json, comment,
                            channel, rated_at_us
                     FROM ratings WHERE number = $1 ORDER BY rated_at_us, touchpoint, round",
                )
                .bind(number.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                let follow_ups: Vec<FollowUpRow> = sqlx::query_as(&format!(
                    "SELECT {FOLLOW_UP_COLUMNS} FROM rating_follow_ups
                     WHERE number = $1 ORDER BY opened_at_us, touchpoint"
                ))
                .bind(number.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                Ok((
                    ratings
                        .into_iter()
                        .map(TryInto::try_into)
                        .collect::<Result<_, _>>()?,
                    follow_ups
                        .into_iter()
                        .map(TryInto::try_into)
                        .collect::<Result<_, _>>()?,
                ))
            }

            async fn follow_ups(
                &self,
                departments: Option<&[DepartmentCode]>,
                states: &[FollowUpState],
                limit: u32,
            ) -> Result<Vec<FollowUp>, StorageError> {
                let states: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
                let mut found = Vec::new();
                // One indexed range per (department, state): a department
                // head's list never reads another department's rows.
                let departments: Vec<Option<&DepartmentCode>> = match departments {
                    Some(ds) => ds.iter().map(Some).collect(),
                    None => vec![None],
                };
                for department in departments {
                    for state in &states {
                        let of_department = if department.is_some() {
                            "AND department = $3"
                        } else {
                            "AND $3 = ''"
                        };
                        let rows: Vec<FollowUpRow> = sqlx::query_as(&format!(
                            "SELECT {FOLLOW_UP_COLUMNS} FROM rating_follow_ups
                             WHERE state = $1 {of_department}
                             ORDER BY due_on, opened_at_us LIMIT $2"
                        ))
                        .bind(*state)
                        .bind(i64::from(limit))
                        .bind(department.map_or("", |d| d.as_str()))
                        .fetch_all(&self.pool)
                        .await
                        .map_err(storage)?;
                        for row in rows {
                            found.push(FollowUp::try_from(row)?);
                        }
                    }
                }
                found.sort_by(|a, b| (a.due_on, a.opened_at).cmp(&(b.due_on, b.opened_at)));
                found.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
                Ok(found)
            }

            async fn reply_follow_up(&self, mut a: FollowUpAnswer) -> Result<bool, StorageError> {
                a.scopes.sort_by(|x, y| x.key().cmp(&y.key()));
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let moved = sqlx::query(
                    "UPDATE rating_follow_ups
                     SET state = 'replied', callback = $3, rectification = $4,
                         replied_by = $5, replied_at_us = $6
                     WHERE number = $1 AND touchpoint = $2 AND state = 'open'",
                )
                .bind(a.number.as_str())
                .bind(a.touchpoint.as_str())
                .bind(a.reply.reply.callback())
                .bind(a.reply.reply.rectification())
                .bind(&a.reply.by)
                .bind(a.reply.at.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if moved == 0 {
                    return Ok(false);
                }
                let delta = TallyDelta {
                    replied: 1,
                    replied_on_time: i64::from(a.on_time),
                    ..TallyDelta::default()
                };
                for scope in &a.scopes {
                    add_to_tally(&mut tx, scope, &delta).await.map_err(storage)?;
                }
                append(&mut tx, a.audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(true)
            }

            async fn close_follow_up(
                &self,
                number: &ApplicationNumber,
                touchpoint: Touchpoint,
                by: &str,
                at: DateTime<Utc>,
                audit: AuditRecord,
            ) -> Result<bool, StorageError> {
                let mut tx = self.pool.begin().await.map_err(storage)?;
                let moved = sqlx::query(
                    "UPDATE rating_follow_ups SET state = 'closed', closed_by = $3, closed_at_us = $4
                     WHERE number = $1 AND touchpoint = $2 AND state = 'replied'",
                )
                .bind(number.as_str())
                .bind(touchpoint.as_str())
                .bind(by)
                .bind(at.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(storage)?
                .rows_affected();
                if moved == 0 {
                    return Ok(false);
                }
                append(&mut tx, audit).await.map_err(storage)?;
                tx.commit().await.map_err(storage)?;
                Ok(true)
            }

            async fn satisfaction(
                &self,
                scope: &TallyScope,
            ) -> Result<SatisfactionTally, StorageError> {
                let (scope, code) = scope.key();
                let row: Option<TallyRow> = sqlx::query_as(&format!(
                    "SELECT {TALLY_COLUMNS} FROM satisfaction_tallies WHERE scope = $1 AND code = $2"
                ))
                .bind(scope)
                .bind(code)
                .fetch_optional(&self.pool)
                .await
                .map_err(storage)?;
                Ok(row.map_or_else(SatisfactionTally::default, |r| r.tally()))
            }

            async fn all_satisfaction(
                &self,
            ) -> Result<Vec<((String, String), SatisfactionTally)>, StorageError> {
                let rows: Vec<TallyRow> = sqlx::query_as(&format!(
                    "SELECT {TALLY_COLUMNS} FROM satisfaction_tallies ORDER BY scope, code"
                ))
                .fetch_all(&self.pool)
                .await
                .map_err(storage)?;
                Ok(rows
                    .into_iter()
                    .map(|r| ((r.scope.clone(), r.code.clone()), r.tally()))
                    .collect())
            }
        }
    };
}

pub(crate) use rating_store;
