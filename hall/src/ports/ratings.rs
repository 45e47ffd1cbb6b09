//! 好差评: ratings, the follow-ups of bad ones, and the published tallies
//! kept beside them.

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::audit::AuditRecord;
use domain::rating::{
    FollowUpReply, FollowUpState, Rating, RatingChannel, RatingRound, Satisfaction,
    SatisfactionTally, Touchpoint,
};
use domain::{ApplicationNumber, DepartmentCode, MatterCode};

/// What a tally is kept for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TallyScope {
    Matter(MatterCode),
    Department(DepartmentCode),
    /// The hall's ratings first given (and follow-ups opened and replied)
    /// in a month; a re-rating does not move an earlier month's figures.
    Month(domain::period::Month),
    /// A department's ratings first given (and follow-ups opened and
    /// replied) in a month: a department head's month.
    DepartmentMonth(DepartmentCode, domain::period::Month),
}

impl TallyScope {
    /// `(scope, code)` as stored.
    pub fn key(&self) -> (&'static str, String) {
        match self {
            TallyScope::Matter(m) => ("matter", m.as_str().to_owned()),
            TallyScope::Department(d) => ("department", d.as_str().to_owned()),
            TallyScope::Month(m) => ("month", m.to_string()),
            TallyScope::DepartmentMonth(d, m) => {
                ("department_month", format!("{}:{m}", d.as_str()))
            }
        }
    }
}

/// A rating to keep, with what it moves in the tallies, in one commit.
#[derive(Clone, Debug)]
pub struct NewRating {
    pub number: ApplicationNumber,
    pub rating: Rating,
    pub round: RatingRound,
    pub channel: RatingChannel,
    pub at: DateTime<Utc>,
    /// Every matter and department of the application.
    pub scopes: Vec<TallyScope>,
    /// A rating after a follow-up counts instead of the first one, which
    /// was at this level.
    pub replaces: Option<Satisfaction>,
    /// A 差评's follow-up (none for a second rating: the supervisor sees
    /// it on the first follow-up).
    pub follow_up: Option<NewFollowUp>,
    pub audit: AuditRecord,
}

#[derive(Clone, Debug)]
pub struct NewFollowUp {
    pub department: DepartmentCode,
    pub due_on: NaiveDate,
    /// The application's matters and the department: where the follow-up
    /// rates are counted.
    pub scopes: Vec<TallyScope>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRating {
    pub number: ApplicationNumber,
    pub rating: Rating,
    pub round: RatingRound,
    pub channel: RatingChannel,
    pub at: DateTime<Utc>,
}

/// A department's answer, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedReply {
    pub reply: FollowUpReply,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    pub number: ApplicationNumber,
    pub touchpoint: Touchpoint,
    pub department: DepartmentCode,
    pub opened_at: DateTime<Utc>,
    pub due_on: NaiveDate,
    pub state: FollowUpState,
    pub reply: Option<RecordedReply>,
    pub closed: Option<(String, DateTime<Utc>)>,
}

/// A reply to record, with the tallies it moves.
#[derive(Clone, Debug)]
pub struct FollowUpAnswer {
    pub number: ApplicationNumber,
    pub touchpoint: Touchpoint,
    pub reply: RecordedReply,
    pub on_time: bool,
    pub scopes: Vec<TallyScope>,
    pub audit: AuditRecord,
}

#[async_trait]
pub trait RatingStore: Send + Sync {
    /// Keeps the rating, its follow-up and the tallies in one commit;
    /// `false` if this touchpoint's round was rated already.
    async fn record_rating(&self, new: NewRating) -> Result<bool, StorageError>;

    /// The application's ratings and follow-ups, oldest first.
    async fn ratings_of(
        &self,
        number: &ApplicationNumber,
    ) -> Result<(Vec<StoredRating>, Vec<FollowUp>), StorageError>;

    /// Follow-ups in these states (of these departments, or all), the
    /// earliest due first.
    async fn follow_ups(
        &self,
        departments: Option<&[DepartmentCode]>,
        states: &[FollowUpState],
        limit: u32,
    ) -> Result<Vec<FollowUp>, StorageError>;

    /// Records the reply if the follow-up is still open; `false` if not.
    async fn reply_follow_up(&self, answer: FollowUpAnswer) -> Result<bool, StorageError>;

    /// Closes a replied follow-up; `false` if it is not in that state.
    async fn close_follow_up(
        &self,
        number: &ApplicationNumber,
        touchpoint: Touchpoint,
        by: &str,
        at: DateTime<Utc>,
        audit: AuditRecord,
    ) -> Result<bool, StorageError>;

    async fn satisfaction(&self, scope: &TallyScope) -> Result<SatisfactionTally, StorageError>;

    /// Every tally kept, as `(scope, code)` (the public index).
    async fn all_satisfaction(
        &self,
    ) -> Result<Vec<((String, String), SatisfactionTally)>, StorageError>;
}
