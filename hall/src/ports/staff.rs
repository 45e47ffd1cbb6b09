//! Storage the staff half needs: accounts and sessions, login failures,
//! the audit chain, the front desk's queue and decisions, the breach list.

use super::{ApplicationRecord, StorageError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::acceptance::Decision;
use domain::audit::{AuditEvent, AuditRecord};
use domain::{
    ApplicationNumber, ApplicationStatus, DepartmentCode, FormValues, StaffName, StaffRole,
    Transition,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffAccount {
    pub id: i64,
    pub name: StaffName,
    pub display_name: String,
    pub role: StaffRole,
    pub departments: Vec<DepartmentCode>,
    /// PHC string (argon2id); never leaves the hall crate.
    pub password_hash: String,
}

#[derive(Clone, Debug)]
pub struct NewStaffAccount {
    pub name: StaffName,
    pub display_name: String,
    pub role: StaffRole,
    pub departments: Vec<DepartmentCode>,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

/// A signed-in desk. Only the SHA-256 of the session id is stored: a copy
/// of the database does not sign anyone in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSessionRecord {
    pub id_sha256: String,
    pub staff_id: i64,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// The front desk's queue: keyset pages, oldest first.
#[derive(Clone, Debug, Default)]
pub struct QueueQuery {
    /// Continue after this entry (its queue time and number).
    pub after: Option<(DateTime<Utc>, ApplicationNumber)>,
    pub limit: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueEntry {
    pub record: ApplicationRecord,
    /// When it entered the queue (submitted, or corrections handed in).
    pub queued_at: DateTime<Utc>,
}

/// A returned application whose applicant sent corrections online.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnlineCorrection {
    pub record: ApplicationRecord,
    /// Files sent since it was returned, and when the last one came.
    pub files: u32,
    pub last_upload: DateTime<Utc>,
    /// Some came after the front desk last opened its file.
    pub unseen: bool,
}

/// A decision as stored, with who took it.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionRecord {
    pub number: ApplicationNumber,
    pub transition: Transition,
    /// None for moves without a form (corrections handed in).
    pub decision: Option<Decision>,
    pub staff_name: StaffName,
    pub staff_display_name: String,
    pub decided_at: DateTime<Utc>,
}

/// Everything one front-desk move writes, if the application is still
/// `from`: the decision, the new status (and promised date, reckoned again
/// on acceptance), the review tasks it opens, its audit event and what the
/// applicant is told.
#[derive(Clone, Debug, PartialEq)]
pub struct DecideChange {
    pub record: DecisionRecord,
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
    pub promised_by: Option<NaiveDate>,
    pub tasks: Vec<super::NewReviewTask>,
    pub audit: AuditRecord,
    pub notifications: Vec<domain::notification::Notification>,
}

/// Everything staff may see of an application (the caller has checked
/// they may, and audited it).
#[derive(Clone, Debug, PartialEq)]
pub struct StaffApplication {
    pub record: ApplicationRecord,
    pub queued_at: DateTime<Utc>,
    pub values: FormValues,
    /// Oldest first.
    pub decisions: Vec<DecisionRecord>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DecideOutcome {
    Decided,
    /// The application was not in the expected state: someone else moved
    /// it first (their latest decision, if any).
    NotInState {
        status: ApplicationStatus,
        latest: Option<DecisionRecord>,
    },
    NotFound,
}

#[async_trait]
pub trait StaffStore: Send + Sync {
    /// `None`: the name is taken.
    async fn add_staff(
        &self,
        new: NewStaffAccount,
        audit: AuditRecord,
    ) -> Result<Option<i64>, StorageError>;
    async fn staff_by_name(&self, name: &StaffName) -> Result<Option<StaffAccount>, StorageError>;
    /// Every account, by name (a hall has tens to hundreds).
    async fn staff_accounts(&self) -> Result<Vec<StaffAccount>, StorageError>;
    async fn count_staff(&self) -> Result<u64, StorageError>;
    async fn create_session(
        &self,
        session: StaffSessionRecord,
        audit: AuditRecord,
    ) -> Result<(), StorageError>;
    /// The session and its account.
    async fn session(
        &self,
        id_sha256: &str,
    ) -> Result<Option<(StaffSessionRecord, StaffAccount)>, StorageError>;
    async fn touch_session(&self, id_sha256: &str, now: DateTime<Utc>) -> Result<(), StorageError>;
    async fn delete_session(&self, id_sha256: &str) -> Result<(), StorageError>;
    /// Signs an account out everywhere; returns how many sessions ended.
    async fn delete_sessions_of(
        &self,
        staff_id: i64,
        audit: AuditRecord,
    ) -> Result<u64, StorageError>;
}

#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Numbers and chains the record after the current head, atomically.
    async fn append_audit(&self, record: AuditRecord) -> Result<AuditEvent, StorageError>;
    /// Events with `seq > after`, in order, at most `limit`.
    async fn audit_events(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StorageError>;
    /// The last event's number and hash, kept apart from the events.
    async fn audit_head(&self) -> Result<Option<(i64, String)>, StorageError>;
}

#[async_trait]
pub trait AcceptanceStore: Send + Sync {
    async fn front_desk_queue(&self, query: QueueQuery) -> Result<Vec<QueueEntry>, StorageError>;
    /// How many wait, counted up to `up_to` (a count of a long queue
    /// would cost every page a scan of it; "more than" says enough).
    async fn count_front_desk_queue(&self, up_to: u64) -> Result<u64, StorageError>;
    async fn staff_application(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<StaffApplication>, StorageError>;
    /// Moves the application from `from` to `to` and stores the decision
    /// and its audit event, all or nothing; only if it is still in `from`.
    /// `promised_by`: the new promised date (the clock starts at acceptance).
    /// `tasks`: the review tasks acceptance hands to the departments. A
    /// withdrawal closes the open ones. Every move bumps the review version.
    async fn decide(&self, change: DecideChange) -> Result<DecideOutcome, StorageError>;
    /// Returned applications with files sent online since the return,
    /// newest upload first.
    async fn corrections_online(&self, limit: u32) -> Result<Vec<OnlineCorrection>, StorageError>;
    /// The front desk opened the file at `at` (later uploads are new).
    async fn desk_saw(
        &self,
        number: &ApplicationNumber,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError>;
    /// Whether a keyed hash of an ID number is on the breach list (失信).
    async fn on_breach_list(&self, id_key: &str) -> Result<bool, StorageError>;
    async fn add_to_breach_list(
        &self,
        id_key: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError>;
}
