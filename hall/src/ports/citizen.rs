//! 我的办件: sign-in codes sent by SMS, the visit they open, and the
//! applications found by the applicant's mobile (as a keyed hash).

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::ApplicationNumber;

/// A visit that entered the code for this mobile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitizenSession {
    pub mobile_key: String,
    /// `138****5678`, to say whose list it is.
    pub mobile_masked: String,
    pub expires: DateTime<Utc>,
}

/// The newest live code a visit asked for, after one more try was counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeTry {
    pub id: i64,
    pub mobile_key: String,
    pub mobile_masked: String,
    pub code_sha256: String,
    /// Tries so far, this one included.
    pub tries: u32,
}

#[async_trait]
pub trait CitizenStore: Send + Sync {
    async fn new_sign_in_code(
        &self,
        visit_sha256: &str,
        session: &CitizenSession,
        code_sha256: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError>;
    /// The masked mobile of the visit's newest code still usable at `now`.
    async fn pending_sign_in(
        &self,
        visit_sha256: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StorageError>;
    /// Counts one try at the visit's newest code that is unused, not
    /// expired at `now` and under `max_tries` — in the statement that reads
    /// it, so tries sent together each get their own count. None: no such
    /// code (none sent, expired, used, or out of tries).
    async fn try_sign_in_code(
        &self,
        visit_sha256: &str,
        now: DateTime<Utc>,
        max_tries: u32,
    ) -> Result<Option<CodeTry>, StorageError>;
    /// Marks the code used; false if it was used already (one use).
    async fn use_sign_in_code(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StorageError>;
    async fn open_citizen_session(
        &self,
        visit_sha256: &str,
        session: &CitizenSession,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError>;
    /// The visit's session, if it has not expired at `now`.
    async fn citizen_session(
        &self,
        visit_sha256: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<CitizenSession>, StorageError>;
    async fn end_citizen_session(&self, visit_sha256: &str) -> Result<(), StorageError>;
    /// Applications whose applicant gave this mobile, newest first.
    async fn applications_of_mobile(
        &self,
        mobile_key: &str,
        limit: u32,
    ) -> Result<Vec<ApplicationNumber>, StorageError>;
    /// Deletes codes and sessions expired before `before`; returns how many.
    async fn forget_sign_ins(&self, before: DateTime<Utc>) -> Result<u64, StorageError>;
}
