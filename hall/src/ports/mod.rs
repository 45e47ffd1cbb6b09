//! What the use cases need from the outside world, as traits they own:
//! storage (SQLite or PostgreSQL, in the `store` crate), the clock and
//! random identifiers. Records here are typed: an id, code or time that
//! reaches a use case has already been parsed.

mod attempts;
mod booking;
mod citizen;
mod issuing;
mod materials;
mod notifications;
mod period;
mod queue;
mod ratings;
mod review;
mod staff;
mod supervision;
mod trips;
mod window;

pub use attempts::{AttemptCount, AttemptKind, AttemptStore};
pub use booking::{Booking, BookingStore, NewBooking};
pub use citizen::{CitizenSession, CitizenStore, CodeTry};
pub use issuing::{
    HandoverOutcome, HandoverRecord, IssueChange, IssuedDocumentRecord, IssuingRecord,
    IssuingStore, NewPickup, PickupRecord,
};
pub use materials::{
    AddFileOutcome, FileId, FileReader, FileStore, FileStoreError, FileWriter, HandoffRecord,
    MaterialFileRecord, MaterialStore, NewMaterialFile,
};
pub use notifications::{
    DeliveryResult, DeliveryState, NotificationChannel, NotificationStore, OutgoingMessage,
    StoredNotification,
};
pub use period::{PeriodStore, WorkDone};
pub use queue::{CategoryDay, NewTicket, QueueStore, QueueTicket, TicketCall};
pub use ratings::{
    FollowUp, FollowUpAnswer, NewFollowUp, NewRating, RatingStore, RecordedReply, StoredRating,
    TallyScope,
};
pub use review::{
    no_due_date, NewReviewTask, ReviewChange, ReviewChangeOutcome, ReviewFile, ReviewQueueEntry,
    ReviewStore, ReviewTaskRecord, ReviewTaskState,
};
pub use staff::{
    AcceptanceStore, AuditLog, DecideChange, DecideOutcome, DecisionRecord, NewStaffAccount,
    OnlineCorrection, QueueEntry, QueueQuery, StaffAccount, StaffApplication, StaffSessionRecord,
    StaffStore,
};
pub use supervision::{OpenApplications, OpenFollowUps, OpenTasks, SupervisionStore};
pub use trips::{TripStore, Trips};
pub use window::{DeskScreen, ScreenState, WindowScreenStore};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::catalog::{Catalog, Department, Matter};
use domain::{
    Answers, ApplicationNumber, ApplicationStatus, ApplyTarget, DraftId, FormValues, MatterCode,
    ResumeCode, SubmissionKey, VisitToken,
};
use std::collections::BTreeMap;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why storage could not do what was asked. The cause is kept for the log
/// (`#[source]`); nothing of it reaches a browser.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// Connection refused or lost, pool exhausted, database shut down:
    /// worth retrying later (503).
    #[error("the database is unavailable")]
    Unavailable(#[source] BoxError),
    /// Any other failure of the database itself.
    #[error("the database failed")]
    Database(#[source] BoxError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// An idempotency key came back with other content (tampering or a bug).
    #[error("the same submission key was used with different content")]
    KeyReusedWithDifferentPayload,
    /// Every candidate (application number, resume code) was taken.
    #[error("no free {0} among the candidates drawn")]
    CandidatesExhausted(&'static str),
}

/// What a citizen submits, checked by the domain before it gets here.
#[derive(Clone, Debug)]
pub struct NewApplication {
    pub submission_key: SubmissionKey,
    /// SHA-256 of the matters and values: a repeat with the same key must
    /// carry the same content.
    pub payload_sha256: String,
    pub matters: Vec<MatterCode>,
    pub values: FormValues,
    /// Only the masked name is ever shown on receipts and lookups.
    pub applicant_masked: String,
    pub submitted_at: DateTime<Utc>,
    pub promised_by: NaiveDate,
    /// The draft this submits: in the same commit it keeps only the
    /// application's number, its answers wiped.
    pub draft: Option<DraftId>,
    /// Fresh random numbers, tried in order (a taken one is skipped).
    pub candidates: Vec<ApplicationNumber>,
    /// The applicant's mobile as a keyed hash (我的办件 finds it by that).
    pub applicant_mobile_key: Option<String>,
    /// The applicant's ID number as a keyed hash (帮你办 starts a new form
    /// from their latest one, once the desk has checked the ID card).
    pub applicant_id_key: Option<String>,
    /// Where it was filed (a kiosk or a window is a trip to the hall).
    pub channel: domain::trip::Channel,
    /// "Submitted", to the applicant: stored in the same commit (the use
    /// case always tells; none only where a benchmark weighs the outbox).
    pub notification: Option<domain::notification::Notification>,
    /// 帮你办: filled by staff and confirmed by the applicant.
    pub assisted: Option<domain::assisted::AssistedFiling>,
}

/// The public face of an application: nothing personal beyond a masked name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationRecord {
    pub number: ApplicationNumber,
    pub status: ApplicationStatus,
    /// In the order applied for (a life event's order).
    pub matters: Vec<MatterCode>,
    pub applicant_masked: String,
    pub submitted_at: DateTime<Utc>,
    pub promised_by: NaiveDate,
}

/// A visit as the store matches it: its token (a draft's holder) and the
/// token's hash (proofs, 我的办件 sessions).
#[derive(Clone, Copy, Debug)]
pub struct VisitRef<'a> {
    pub token: &'a str,
    pub sha256: &'a str,
    pub now: DateTime<Utc>,
}

/// What a visit is to an application.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VisitStanding {
    /// It proved it is the applicant (领取: the pickup pass, corrections).
    pub proven: bool,
    /// It may speak for the applicant (好差评): proven, it submitted the
    /// application, or it signed in with the applicant's mobile.
    pub speaks_for: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubmitOutcome {
    Created(ApplicationRecord),
    /// The same key was submitted before with the same content: the first
    /// application is the answer (double tap, retry, two devices).
    AlreadySubmitted(ApplicationRecord),
}

impl SubmitOutcome {
    pub fn record(&self) -> &ApplicationRecord {
        match self {
            SubmitOutcome::Created(r) | SubmitOutcome::AlreadySubmitted(r) => r,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRecord {
    pub id: DraftId,
    pub resume_code: ResumeCode,
    pub target: ApplyTarget,
    pub answers: Answers,
    /// Rows shown per repeatable group.
    pub rows: BTreeMap<String, u8>,
    pub submission_key: SubmissionKey,
    pub application_number: Option<ApplicationNumber>,
    pub expires_at: DateTime<Utc>,
    /// The visit the draft is open in (None: drafts from before visits).
    pub holder: Option<VisitToken>,
    /// The steps whose questions were saved at least once (seen).
    pub saved_steps: std::collections::BTreeSet<String>,
    /// 帮你办: the staff account filling it for an applicant who is present.
    pub assisted_by: Option<String>,
}

impl DraftRecord {
    pub fn is_submitted(&self) -> bool {
        self.application_number.is_some()
    }
}

#[derive(Clone, Debug)]
pub struct NewDraft {
    pub id: DraftId,
    pub target: ApplyTarget,
    pub submission_key: SubmissionKey,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub holder: VisitToken,
    /// Random resume codes, tried in order until one is free.
    pub resume_codes: Vec<ResumeCode>,
    /// 帮你办: the staff account filling it.
    pub assisted_by: Option<String>,
}

#[async_trait]
pub trait ApplicationStore: Send + Sync {
    /// Stores a submission exactly once per submission key, durably (the
    /// answer comes after the commit that holds it).
    async fn submit(&self, new: NewApplication) -> Result<SubmitOutcome, StorageError>;
    async fn application(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<ApplicationRecord>, StorageError>;
    /// The application and what this visit is to it, in one read: the
    /// progress page's.
    async fn application_for_visit(
        &self,
        number: &ApplicationNumber,
        visit: Option<&VisitRef<'_>>,
    ) -> Result<Option<(ApplicationRecord, VisitStanding)>, StorageError>;
    async fn count_applications(&self) -> Result<u64, StorageError>;
    /// The latest application of the applicant with this ID key, and its
    /// answers.
    async fn latest_of_applicant(
        &self,
        applicant_id_key: &str,
    ) -> Result<Option<(ApplicationNumber, FormValues)>, StorageError>;
}

#[async_trait]
pub trait DraftStore: Send + Sync {
    async fn create_draft(&self, new: NewDraft) -> Result<DraftRecord, StorageError>;
    /// A draft that has not expired at `now`.
    async fn draft(
        &self,
        id: &DraftId,
        now: DateTime<Utc>,
    ) -> Result<Option<DraftRecord>, StorageError>;
    async fn draft_by_resume_code(
        &self,
        code: &ResumeCode,
        now: DateTime<Utc>,
    ) -> Result<Option<DraftRecord>, StorageError>;
    /// Replaces the answers (group rows, steps saved) of an unsubmitted,
    /// unexpired draft and pushes its expiry out. `false`: gone, expired or
    /// submitted.
    async fn save_draft_answers(
        &self,
        id: &DraftId,
        answers: &[(String, String)],
        rows: &BTreeMap<String, u8>,
        saved_steps: &std::collections::BTreeSet<String>,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StorageError>;
    /// Opens the draft in another visit; the previous one loses it.
    async fn hand_over_draft(
        &self,
        id: &DraftId,
        holder: &VisitToken,
    ) -> Result<bool, StorageError>;
    async fn delete_draft(&self, id: &DraftId) -> Result<bool, StorageError>;
    /// Deletes every draft expired at `now`; returns how many.
    async fn delete_expired_drafts(&self, now: DateTime<Utc>) -> Result<u64, StorageError>;
    /// 帮你办: the applicant's confirmation link of an unsubmitted draft
    /// (its SHA-256), replacing any earlier one. `false`: gone or submitted.
    async fn set_draft_confirmation(
        &self,
        id: &DraftId,
        link_sha256: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StorageError>;
    /// The draft a confirmation link (its SHA-256) is for, with the link's
    /// expiry, while the link and the draft last; submitted drafts too (the
    /// link then says so).
    async fn draft_by_confirmation(
        &self,
        link_sha256: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(DraftRecord, DateTime<Utc>)>, StorageError>;
    /// The unexpired, unsubmitted drafts `staff` is filling for applicants,
    /// latest first.
    async fn assisted_drafts(
        &self,
        staff: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<(DraftRecord, DateTime<Utc>)>, StorageError>;
}

/// The catalog's copy in the database (the files are the truth), for
/// later SQL that joins applications to matters and departments.
#[async_trait]
pub trait CatalogStore: Send + Sync {
    /// Atomically: a reader sees the old catalog or the new one.
    async fn replace_catalog(&self, catalog: &Catalog) -> Result<(), StorageError>;
    async fn departments(&self) -> Result<Vec<Department>, StorageError>;
    /// In catalog order.
    async fn matters(&self) -> Result<Vec<Matter>, StorageError>;
    async fn matter(&self, code: &MatterCode) -> Result<Option<Matter>, StorageError>;
}

#[async_trait]
pub trait StorageHealth: Send + Sync {
    /// The database answers a query.
    async fn ping(&self) -> Result<(), StorageError>;
    /// `sqlite` or `postgres`, for logs and `/healthz`.
    fn backend(&self) -> &'static str;
}

/// Everything the hall keeps, as one object the use cases hold.
pub trait Storage:
    ApplicationStore
    + DraftStore
    + CatalogStore
    + StaffStore
    + AuditLog
    + AcceptanceStore
    + ReviewStore
    + IssuingStore
    + MaterialStore
    + AttemptStore
    + NotificationStore
    + CitizenStore
    + RatingStore
    + WindowScreenStore
    + SupervisionStore
    + PeriodStore
    + TripStore
    + QueueStore
    + BookingStore
    + StorageHealth
{
}
impl<T> Storage for T where
    T: ApplicationStore
        + DraftStore
        + CatalogStore
        + StaffStore
        + AuditLog
        + AcceptanceStore
        + ReviewStore
        + IssuingStore
        + MaterialStore
        + AttemptStore
        + NotificationStore
        + CitizenStore
        + RatingStore
        + WindowScreenStore
        + SupervisionStore
        + PeriodStore
        + TripStore
        + QueueStore
        + BookingStore
        + StorageHealth
{
}

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Random identifiers (tests draw them from a seed to be repeatable).
pub trait IdSource: Send + Sync {
    fn bits(&self) -> u128;
    /// An index into the 30-character alphabet of numbers and codes.
    fn code_index(&self) -> u8;
}

/// The operating system's randomness, via `rand`'s thread RNG.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn bits(&self) -> u128 {
        rand::random()
    }

    fn code_index(&self) -> u8 {
        use rand::Rng;
        rand::thread_rng().gen_range(0..domain::application_number::ALPHABET.len() as u8)
    }
}
