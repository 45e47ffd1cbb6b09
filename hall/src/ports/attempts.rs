//! Attempt limits kept in the database, so every server behind one
//! database enforces the same count.

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What is being tried: a staff password, the end of an applicant's ID
/// number, a numeric pickup code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptKind {
    SignIn,
    ApplicantProof,
    PickupCode,
    /// 我的办件: a code asked for (per mobile, per address).
    SmsCodeSend,
    /// 我的办件: the resend cooldown (per mobile).
    SmsCodeCooldown,
    /// 我的办件: codes typed (per address).
    SmsCodeTry,
    /// 评价器: pairing codes typed (per address).
    WindowPairing,
    /// 取号: tickets taken (per address).
    QueueTicket,
    /// 预约: bookings made (per address).
    QueueBooking,
    /// 预约签到: check-in codes typed (per address).
    QueueCheckIn,
}

impl AttemptKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptKind::SignIn => "sign_in",
            AttemptKind::ApplicantProof => "applicant_proof",
            AttemptKind::PickupCode => "pickup_code",
            AttemptKind::SmsCodeSend => "sms_code_send",
            AttemptKind::SmsCodeCooldown => "sms_code_cooldown",
            AttemptKind::SmsCodeTry => "sms_code_try",
            AttemptKind::WindowPairing => "window_pairing",
            AttemptKind::QueueTicket => "queue_ticket",
            AttemptKind::QueueBooking => "queue_booking",
            AttemptKind::QueueCheckIn => "queue_check_in",
        }
    }
}

/// One key's count after an attempt was charged to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptCount {
    /// Attempts in the key's current window, this one included.
    pub count: u32,
    /// When the key's current window began.
    pub window_started: DateTime<Utc>,
}

#[async_trait]
pub trait AttemptStore: Send + Sync {
    /// Counts one attempt under `key` in one statement (insert or
    /// increment, returning the new count), so attempts sent together each
    /// see a different count. A window older than `window_secs` starts
    /// again at `at` with this attempt.
    async fn charge_attempt(
        &self,
        kind: AttemptKind,
        key: &str,
        at: DateTime<Utc>,
        window_secs: i64,
    ) -> Result<AttemptCount, StorageError>;
    /// Gives back one attempt charged in the window that began at
    /// `window_started` (it turned out to be right).
    async fn refund_attempt(
        &self,
        kind: AttemptKind,
        key: &str,
        window_started: DateTime<Utc>,
    ) -> Result<(), StorageError>;
    /// The key's count starts again (after a right answer).
    async fn clear_attempts(&self, kind: AttemptKind, key: &str) -> Result<(), StorageError>;
    /// Forgets keys whose window began before `before`; returns how many.
    async fn forget_attempts(&self, before: DateTime<Utc>) -> Result<u64, StorageError>;
}
