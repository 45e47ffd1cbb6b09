//! 好差评: the applicant rates each touchpoint of their application once
//! (and once more after a follow-up replied); a 差评 opens a follow-up for
//! the application's lead department, which calls back and records what
//! it changed; the supervisor closes it. Staff never rate, change or
//! delete a rating: there is no use case that could.

use crate::authz::{require, StaffError};
use crate::issuing::visit_hash;
use crate::ports::{
    ApplicationRecord, FollowUp, FollowUpAnswer, NewFollowUp, NewRating, RecordedReply,
    StorageError, StoredRating, TallyScope, VisitRef,
};
use crate::Hall;
use chrono::{DateTime, Utc};
use domain::audit::AuditRecord;
use domain::period::Month;
use domain::rating::{
    due_ratings, follow_up_due, FollowUpReply, FollowUpState, Rating, RatingAnswers, RatingChannel,
    RatingProblem, RatingRound, SatisfactionTally, Touchpoint,
};
use domain::time::hall_date;
use domain::{Actor, ApplicationNumber, ApplicationNumberError, DepartmentCode, StaffRole};
use domain::{ApplicationStatus, VisitToken};

/// The follow-up list is this long at most.
const FOLLOW_UP_LIST: u32 = 200;

#[derive(Debug, thiserror::Error)]
pub enum RatingError {
    #[error("malformed application number")]
    Malformed(#[source] ApplicationNumberError),
    #[error("no such application")]
    NotFound,
    /// Only the applicant rates: a visit that proved it, submitted it, or
    /// signed in with the applicant's mobile.
    #[error("this visit does not speak for the applicant")]
    NotApplicant,
    /// Not reached yet (or no such touchpoint).
    #[error("this touchpoint cannot be rated now")]
    NotDue,
    #[error("rated already")]
    AlreadyRated,
    #[error("the rating cannot be taken as posted")]
    Invalid(Vec<RatingProblem>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// An application's ratings as its page shows them.
#[derive(Clone, Debug, Default)]
pub struct ApplicationRatings {
    /// The visit speaks for the applicant (else the rest is empty).
    pub speaks_for: bool,
    /// What this visit may rate now (empty unless it speaks for the
    /// applicant).
    pub due: Vec<(Touchpoint, RatingRound)>,
    /// Given so far (to the applicant only).
    pub given: Vec<StoredRating>,
    /// Follow-ups of its bad ratings, with the department's reply.
    pub follow_ups: Vec<FollowUp>,
}

/// A follow-up as its desk shows it: the rating that opened it and the
/// one given after the reply, if any.
#[derive(Clone, Debug)]
pub struct FollowUpFile {
    pub follow_up: FollowUp,
    pub record: ApplicationRecord,
    pub ratings: Vec<StoredRating>,
    /// Past its due day without a reply.
    pub overdue: bool,
}

impl ApplicationRatings {
    pub(crate) fn of(
        status: ApplicationStatus,
        given: Vec<StoredRating>,
        follow_ups: Vec<FollowUp>,
    ) -> Self {
        Self {
            speaks_for: true,
            due: due_of(status, &given, &follow_ups),
            given,
            follow_ups,
        }
    }
}

/// Who reads follow-ups: the departments that answer them (their
/// reviewers and head, their own only) and the supervisor (all).
const FOLLOW_UP_READERS: &[StaffRole] = &[
    StaffRole::Reviewer,
    StaffRole::DepartmentHead,
    StaffRole::Supervisor,
];

impl Hall {
    /// 好差评: the applicant rates one touchpoint of their application.
    pub async fn rate(
        &self,
        number: &str,
        touchpoint: &str,
        answers: &RatingAnswers<'_>,
        visit: &VisitToken,
        channel: RatingChannel,
    ) -> Result<Touchpoint, RatingError> {
        let number = ApplicationNumber::parse(number).map_err(RatingError::Malformed)?;
        let visit_sha256 = visit_hash(visit);
        let (record, standing) = self
            .storage
            .application_for_visit(
                &number,
                Some(&VisitRef {
                    token: visit.as_str(),
                    sha256: &visit_sha256,
                    now: self.clock.now(),
                }),
            )
            .await?
            .ok_or(RatingError::NotFound)?;
        if !standing.speaks_for {
            return Err(RatingError::NotApplicant);
        }
        let touchpoint = Touchpoint::parse(touchpoint).ok_or(RatingError::NotDue)?;
        self.rate_record(record, touchpoint, answers, channel).await
    }

    /// Rates one touchpoint of an application whose rater was checked
    /// (the applicant's visit, or the screen at the desk that acted on it).
    pub(crate) async fn rate_record(
        &self,
        record: ApplicationRecord,
        touchpoint: Touchpoint,
        answers: &RatingAnswers<'_>,
        channel: RatingChannel,
    ) -> Result<Touchpoint, RatingError> {
        let number = record.number.clone();
        let (given, follow_ups) = self.storage.ratings_of(&number).await?;
        let round = due_of(record.status, &given, &follow_ups)
            .into_iter()
            .find(|(t, _)| *t == touchpoint)
            .map(|(_, r)| r)
            .ok_or_else(|| {
                if given.iter().any(|r| r.rating.touchpoint() == touchpoint) {
                    RatingError::AlreadyRated
                } else {
                    RatingError::NotDue
                }
            })?;
        let rating = Rating::new(touchpoint, answers).map_err(RatingError::Invalid)?;
        let now = self.clock.now();
        let replaces = given
            .iter()
            .find(|r| r.rating.touchpoint() == touchpoint && r.round == RatingRound::First)
            .filter(|_| round == RatingRound::AfterFollowUp)
            .map(|r| r.rating.overall());
        let follow_up = (round == RatingRound::First && rating.is_bad())
            .then(|| self.lead_department(&record))
            .flatten()
            .map(|department| NewFollowUp {
                scopes: follow_up_scopes(&record, &department, now),
                due_on: follow_up_due(&self.calendar, hall_date(now)),
                department,
            });
        let audit = AuditRecord::new(now, "citizen", "applicant", "rate", number.as_str())
            .with_reason(format!(
                "{} round {} via {}: {}",
                touchpoint.as_str(),
                round.number(),
                channel.as_str(),
                rating.overall().as_str()
            ))
            .with_content(rating.comment().as_bytes());
        let bad = rating.is_bad();
        let recorded = self
            .storage
            .record_rating(NewRating {
                scopes: self.rating_scopes(&record, now, replaces.is_none()),
                number: number.clone(),
                rating,
                round,
                channel,
                at: now,
                replaces,
                follow_up,
                audit,
            })
            .await?;
        if !recorded {
            return Err(RatingError::AlreadyRated);
        }
        tracing::info!(number = %number, touchpoint = touchpoint.as_str(), bad, "rated");
        Ok(touchpoint)
    }

    /// Every matter of the application and each of their departments; the
    /// month's figures for a rating given for the first time.
    fn rating_scopes(
        &self,
        record: &ApplicationRecord,
        now: DateTime<Utc>,
        first: bool,
    ) -> Vec<TallyScope> {
        let mut scopes: Vec<TallyScope> = record
            .matters
            .iter()
            .map(|m| TallyScope::Matter(m.clone()))
            .collect();
        for m in &record.matters {
            if let Some(matter) = self.catalog.matter(m.as_str()) {
                let d = TallyScope::Department(matter.department.clone());
                if !scopes.contains(&d) {
                    scopes.push(d);
                }
            }
        }
        if first {
            let month = Month::of(hall_date(now));
            let departments: Vec<DepartmentCode> = scopes
                .iter()
                .filter_map(|s| match s {
                    TallyScope::Department(d) => Some(d.clone()),
                    _ => None,
                })
                .collect();
            scopes.extend(
                departments
                    .into_iter()
                    .map(|d| TallyScope::DepartmentMonth(d, month)),
            );
            scopes.push(TallyScope::Month(month));
        }
        scopes
    }

    /// 牵头部门: the department of the application's first matter answers
    /// for the whole application.
    fn lead_department(&self, record: &ApplicationRecord) -> Option<DepartmentCode> {
        record
            .matters
            .first()
            .and_then(|m| self.catalog.matter(m.as_str()))
            .map(|m| m.department.clone())
    }

    /// 满意率 and follow-up rates of a matter or a department (public).
    pub async fn satisfaction(
        &self,
        scope: &TallyScope,
    ) -> Result<SatisfactionTally, StorageError> {
        self.storage.satisfaction(scope).await
    }

    /// Every department's and matter's figures, in catalog order (public);
    /// those nobody rated yet show zeros.
    pub async fn satisfaction_index(
        &self,
    ) -> Result<
        (
            Vec<(DepartmentCode, SatisfactionTally)>,
            Vec<(domain::MatterCode, SatisfactionTally)>,
        ),
        StorageError,
    > {
        let all: std::collections::HashMap<(String, String), SatisfactionTally> =
            self.storage.all_satisfaction().await?.into_iter().collect();
        let of = |scope: TallyScope| {
            let (s, c) = scope.key();
            all.get(&(s.to_string(), c.to_string()))
                .copied()
                .unwrap_or_default()
        };
        let catalog = self.catalog.catalog();
        Ok((
            catalog
                .departments
                .iter()
                .map(|d| (d.code.clone(), of(TallyScope::Department(d.code.clone()))))
                .collect(),
            catalog
                .matters
                .iter()
                .map(|m| (m.code.clone(), of(TallyScope::Matter(m.code.clone()))))
                .collect(),
        ))
    }

    /// The follow-ups a staff member answers for: a reviewer's or
    /// department head's departments' open and replied ones, or every one
    /// for the supervisor (audited).
    pub async fn follow_ups(&self, actor: &Actor) -> Result<Vec<FollowUp>, StaffError> {
        require(actor, FOLLOW_UP_READERS, "see rating follow-ups")?;
        let departments =
            (actor.role != StaffRole::Supervisor).then_some(actor.departments.as_slice());
        let audit = AuditRecord::by_staff(self.clock.now(), actor, "view_follow_ups", "");
        self.storage.append_audit(audit).await?;
        Ok(self
            .storage
            .follow_ups(
                departments,
                &[FollowUpState::Open, FollowUpState::Replied],
                FOLLOW_UP_LIST,
            )
            .await?)
    }

    /// One follow-up with the ratings of its touchpoint (audited view).
    pub async fn follow_up_file(
        &self,
        actor: &Actor,
        number: &str,
        touchpoint: &str,
    ) -> Result<FollowUpFile, StaffError> {
        require(actor, FOLLOW_UP_READERS, "see a rating follow-up")?;
        let (number, touchpoint) = parse_key(number, touchpoint)?;
        let (ratings, follow_ups) = self.storage.ratings_of(&number).await?;
        let follow_up = follow_ups
            .into_iter()
            .find(|f| f.touchpoint == touchpoint)
            .ok_or(StaffError::NotFound)?;
        if actor.role != StaffRole::Supervisor && !actor.answers_for(&follow_up.department) {
            return Err(
                crate::authz::forbidden(actor, "see another department's follow-up").into(),
            );
        }
        let record = self
            .storage
            .application(&number)
            .await?
            .ok_or(StaffError::NotFound)?;
        let audit =
            AuditRecord::by_staff(self.clock.now(), actor, "view_follow_up", number.as_str())
                .with_reason(touchpoint.as_str());
        self.storage.append_audit(audit).await?;
        Ok(FollowUpFile {
            overdue: follow_up.state == FollowUpState::Open
                && follow_up.due_on < hall_date(self.clock.now()),
            ratings: ratings
                .into_iter()
                .filter(|r| r.rating.touchpoint() == touchpoint)
                .collect(),
            follow_up,
            record,
        })
    }

    /// 回访、整改: the responsible department's reviewer records the
    /// call-back and what was changed; the applicant sees it and may rate
    /// once more.
    pub async fn reply_to_rating(
        &self,
        actor: &Actor,
        number: &str,
        touchpoint: &str,
        callback: &str,
        rectification: &str,
    ) -> Result<(), StaffError> {
        require(
            actor,
            &[StaffRole::Reviewer, StaffRole::DepartmentHead],
            "reply to a rating",
        )?;
        let (number, touchpoint) = parse_key(number, touchpoint)?;
        let follow_up = self.follow_up_of(&number, touchpoint).await?;
        if !actor.answers_for(&follow_up.department) {
            return Err(crate::authz::forbidden(actor, "reply for another department").into());
        }
        if follow_up.state != FollowUpState::Open {
            return Err(StaffError::FollowUpIs(follow_up.state));
        }
        let reply =
            FollowUpReply::new(callback, rectification).map_err(StaffError::ReplyRefused)?;
        let record = self
            .storage
            .application(&number)
            .await?
            .ok_or(StaffError::NotFound)?;
        let now = self.clock.now();
        let audit = AuditRecord::by_staff(now, actor, "reply_to_rating", number.as_str())
            .with_reason(touchpoint.as_str())
            .with_content(format!("{}\n{}", reply.callback(), reply.rectification()).as_bytes());
        let answered = self
            .storage
            .reply_follow_up(FollowUpAnswer {
                on_time: hall_date(now) <= follow_up.due_on,
                scopes: follow_up_scopes(&record, &follow_up.department, now),
                number: number.clone(),
                touchpoint,
                reply: RecordedReply {
                    reply,
                    by: actor.display_name.clone(),
                    at: now,
                },
                audit,
            })
            .await?;
        if !answered {
            let now_state = self.follow_up_of(&number, touchpoint).await?.state;
            return Err(StaffError::FollowUpIs(now_state));
        }
        Ok(())
    }

    /// The supervisor closes a follow-up the department replied to.
    pub async fn close_follow_up(
        &self,
        actor: &Actor,
        number: &str,
        touchpoint: &str,
    ) -> Result<(), StaffError> {
        require(actor, &[StaffRole::Supervisor], "close a rating follow-up")?;
        let (number, touchpoint) = parse_key(number, touchpoint)?;
        let now = self.clock.now();
        let audit = AuditRecord::by_staff(now, actor, "close_follow_up", number.as_str())
            .with_reason(touchpoint.as_str());
        let closed = self
            .storage
            .close_follow_up(&number, touchpoint, &actor.display_name, now, audit)
            .await?;
        if !closed {
            let state = self.follow_up_of(&number, touchpoint).await?.state;
            return Err(StaffError::FollowUpIs(state));
        }
        Ok(())
    }

    async fn follow_up_of(
        &self,
        number: &ApplicationNumber,
        touchpoint: Touchpoint,
    ) -> Result<FollowUp, StaffError> {
        let (_, follow_ups) = self.storage.ratings_of(number).await?;
        follow_ups
            .into_iter()
            .find(|f| f.touchpoint == touchpoint)
            .ok_or(StaffError::NotFound)
    }
}

fn parse_key(
    number: &str,
    touchpoint: &str,
) -> Result<(ApplicationNumber, Touchpoint), StaffError> {
    let number = ApplicationNumber::parse(number).map_err(StaffError::Malformed)?;
    let touchpoint = Touchpoint::parse(touchpoint).ok_or(StaffError::NotFound)?;
    Ok((number, touchpoint))
}

/// Where a follow-up's rates count: the application's matters, the
/// department that answers, and the month it is opened or answered in.
fn follow_up_scopes(
    record: &ApplicationRecord,
    department: &DepartmentCode,
    now: DateTime<Utc>,
) -> Vec<TallyScope> {
    record
        .matters
        .iter()
        .map(|m| TallyScope::Matter(m.clone()))
        .chain([
            TallyScope::Department(department.clone()),
            TallyScope::DepartmentMonth(department.clone(), Month::of(hall_date(now))),
            TallyScope::Month(Month::of(hall_date(now))),
        ])
        .collect()
}

fn due_of(
    status: ApplicationStatus,
    given: &[StoredRating],
    follow_ups: &[FollowUp],
) -> Vec<(Touchpoint, RatingRound)> {
    let rated: Vec<_> = given
        .iter()
        .map(|r| (r.rating.touchpoint(), r.round))
        .collect();
    let replied: Vec<_> = follow_ups
        .iter()
        .filter(|f| f.reply.is_some())
        .map(|f| f.touchpoint)
        .collect();
    due_ratings(status, &rated, &replied)
}
