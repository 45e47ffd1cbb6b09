//! Storage for 统一出件: the applicant's delivery choice, issued licences
//! with their seals, pickup tokens, the one handover, and counted guesses.

use super::{ApplicationRecord, StorageError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::audit::AuditRecord;
use domain::issuing::{Delivery, HandoverWay, LicenceCode, PickupCode};
use domain::{ApplicationNumber, ApplicationStatus, StaffName};

/// A licence as issued: the signed canonical text and its seal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedDocumentRecord {
    pub code: LicenceCode,
    pub number: ApplicationNumber,
    /// Position among the application's results.
    pub position: u16,
    pub content: String,
    pub seal: Vec<u8>,
    pub issued_at: DateTime<Utc>,
    pub issued_by: StaffName,
    /// When and why it was revoked (吊销/注销), if it was.
    pub revoked: Option<(DateTime<Utc>, String)>,
}

/// A pickup token as recorded: the signed text is recomputed from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickupRecord {
    pub serial: i64,
    pub number: ApplicationNumber,
    pub code: PickupCode,
    pub expires: NaiveDate,
    pub issued_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub used_at: Option<DateTime<Utc>>,
}

impl PickupRecord {
    pub fn is_live(&self) -> bool {
        self.revoked_at.is_none() && self.used_at.is_none()
    }
}

/// A new pickup token: the store numbers it and keeps the first free code
/// among the candidates (codes of live tokens are unique).
#[derive(Clone, Debug)]
pub struct NewPickup {
    pub number: ApplicationNumber,
    pub candidates: Vec<PickupCode>,
    pub expires: NaiveDate,
    pub at: DateTime<Utc>,
}

/// 送达回证: how the result left the hall, to whom, when, where, by whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoverRecord {
    pub number: ApplicationNumber,
    pub way: HandoverWay,
    /// What was handed over (the results' names, as issued).
    pub items: Vec<String>,
    pub at: DateTime<Utc>,
    /// Where: the desk's client address (or the hall's name).
    pub place: String,
    pub by: StaffName,
    pub by_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandoverOutcome {
    Done,
    /// Someone handed it over first.
    Already(Box<HandoverRecord>),
    /// The token is no longer live (used, revoked) or the application is
    /// not waiting for a handover.
    NotLive(ApplicationStatus),
}

/// All of issuing for one application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuingRecord {
    pub application: ApplicationRecord,
    pub delivery: Option<Delivery>,
    pub documents: Vec<IssuedDocumentRecord>,
    /// The latest pickup token (live or not).
    pub pickup: Option<PickupRecord>,
    pub handover: Option<HandoverRecord>,
    /// 容缺: when the deferred materials were handed in, if they were.
    pub deferred_received: Option<DateTime<Utc>>,
}

/// What issuing writes, all or nothing, if the application is still approved.
#[derive(Clone, Debug)]
pub struct IssueChange {
    pub number: ApplicationNumber,
    pub documents: Vec<IssuedDocumentRecord>,
    /// A pickup token when the result waits at the window.
    pub pickup: Option<NewPickup>,
    pub audit: AuditRecord,
    /// "Ready", in the same commit; the store writes the pickup code it
    /// drew into it.
    pub notifications: Vec<domain::notification::Notification>,
}

#[async_trait]
pub trait IssuingStore: Send + Sync {
    async fn issuing_record(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<IssuingRecord>, StorageError>;
    /// Approved or issued and not yet handed over, oldest first.
    async fn issuing_queue(&self, limit: u32) -> Result<Vec<IssuingRecord>, StorageError>;
    /// Keeps the choice if the result is not issued yet (`false`: too late).
    async fn choose_delivery(
        &self,
        number: &ApplicationNumber,
        delivery: &Delivery,
        audit: AuditRecord,
    ) -> Result<bool, StorageError>;
    /// Approved → issued with its documents (and pickup token). `Err`-free
    /// refusal: the status it was in instead.
    async fn issue(
        &self,
        change: IssueChange,
    ) -> Result<Result<(), ApplicationStatus>, StorageError>;
    async fn issued_document(
        &self,
        code: &LicenceCode,
    ) -> Result<Option<IssuedDocumentRecord>, StorageError>;
    /// Unrevoked documents whose text names both `matter` and `id` (a
    /// prefilter: the caller reads each text to be sure), newest first.
    async fn documents_naming(
        &self,
        matter: &domain::MatterCode,
        id: &str,
    ) -> Result<Vec<IssuedDocumentRecord>, StorageError>;
    /// Revokes the live token(s) of the application and records a new one
    /// (`None`: the application is not waiting at the window).
    async fn new_pickup(
        &self,
        pickup: NewPickup,
        audit: AuditRecord,
    ) -> Result<Option<PickupRecord>, StorageError>;
    async fn pickup(&self, serial: i64) -> Result<Option<PickupRecord>, StorageError>;
    /// The live token with this numeric code, else the latest one that
    /// had it (used or revoked).
    async fn pickup_by_code(&self, code: &PickupCode)
        -> Result<Option<PickupRecord>, StorageError>;
    /// Issued → delivered, the token (window) used, the record kept, its
    /// matters counted as finished: once.
    async fn hand_over(
        &self,
        handover: HandoverRecord,
        audit: AuditRecord,
        notifications: Vec<domain::notification::Notification>,
        finished: Vec<domain::period::FinishedService>,
    ) -> Result<HandoverOutcome, StorageError>;
    /// 容缺: the deferred materials were handed in.
    async fn deferred_received(
        &self,
        number: &ApplicationNumber,
        audit: AuditRecord,
    ) -> Result<bool, StorageError>;
    /// 容缺 acceptances still in play whose deferred materials have not
    /// come in (the caller checks their dates).
    async fn open_commitments(&self) -> Result<Vec<ApplicationNumber>, StorageError>;
    /// A missed commitment: the application ends (terminated, its open
    /// review tasks closed), the applicant goes on the breach list, all at
    /// once — unless the materials came in or it moved on meanwhile.
    async fn terminate(
        &self,
        number: &ApplicationNumber,
        breach_key: &str,
        reason: &str,
        audit: AuditRecord,
        notifications: Vec<domain::notification::Notification>,
    ) -> Result<bool, StorageError>;
    /// The visit (by its token's hash) proved it is the applicant's.
    async fn prove_applicant(
        &self,
        number: &ApplicationNumber,
        visit_sha256: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError>;
    async fn applicant_proven(
        &self,
        number: &ApplicationNumber,
        visit_sha256: &str,
    ) -> Result<bool, StorageError>;
}
