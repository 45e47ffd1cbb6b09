//! The outbox: notifications written with the change they tell of, and
//! claimed by delivery workers (one at a time per message, on any number
//! of servers).

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::notification::Notification;
use domain::ApplicationNumber;

/// Where a message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting for (another) delivery attempt.
    Pending,
    Sent,
    /// Given up after the configured attempts, or refused for good (an
    /// invalid number): the supervisor sees it.
    Failed,
    /// No mobile number: shown on the progress page only.
    PageOnly,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::PageOnly => "page_only",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => Self::Pending,
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            "page_only" => Self::PageOnly,
            _ => return None,
        })
    }
}

/// A message as kept: what it says, when it was written, where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredNotification {
    pub id: i64,
    pub number: ApplicationNumber,
    pub notification: Notification,
    pub created_at: DateTime<Utc>,
    pub state: DeliveryState,
    /// Attempts so far, this one included when claimed.
    pub attempts: u32,
    /// Why the last attempt failed ('' if none did).
    pub last_error: String,
}

#[async_trait]
pub trait NotificationStore: Send + Sync {
    /// Notifications that go with no change of state (reminders): each
    /// once, by its key.
    async fn enqueue_notifications(
        &self,
        number: &ApplicationNumber,
        notifications: &[Notification],
        at: DateTime<Utc>,
    ) -> Result<(), StorageError>;
    /// The application's messages, oldest first.
    async fn notifications_of(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Vec<StoredNotification>, StorageError>;
    /// Up to `limit` pending messages due at `now`, each counted as one
    /// more attempt and hidden from other workers until `lease_until`.
    async fn claim_notifications(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<StoredNotification>, StorageError>;
    /// These were delivered (one write for a round's worth).
    async fn notifications_sent(&self, ids: &[i64], at: DateTime<Utc>) -> Result<(), StorageError>;
    /// Due again at `next_at`, with why this attempt failed.
    async fn notification_retry(
        &self,
        id: i64,
        next_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StorageError>;
    async fn notification_failed(&self, id: i64, error: &str) -> Result<(), StorageError>;
    /// Messages given up on, newest first (the supervisor's list).
    async fn failed_notifications(
        &self,
        limit: u32,
    ) -> Result<Vec<StoredNotification>, StorageError>;
}

/// One message as a channel sends it: a notification about an
/// application, or a sign-in code.
#[derive(Clone, Debug)]
pub struct OutgoingMessage {
    /// For providers that suppress a second delivery with the same key
    /// (a notification's `number:kind:occurrence:recipient`).
    pub dedup_key: String,
    /// The template's key in the configuration.
    pub kind: &'static str,
    pub recipient: Option<domain::MobileNumber>,
    pub number: Option<ApplicationNumber>,
    /// The template's named variables, each within the providers' limit.
    pub params: Vec<(&'static str, String)>,
    /// The whole message (the log, the webhook).
    pub text_zh: String,
}

impl OutgoingMessage {
    pub fn of_notification(number: &ApplicationNumber, n: &Notification) -> Self {
        Self {
            dedup_key: n.dedup_key(number),
            kind: n.event.kind(),
            recipient: n.recipient.clone(),
            number: Some(number.clone()),
            params: n.sms_params(number),
            text_zh: n.text_zh(number),
        }
    }
}

/// What a channel made of one delivery attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryResult {
    Delivered,
    /// Worth trying again (throttled, provider or network down), no
    /// sooner than `after` if the provider said when.
    Retry {
        after: Option<std::time::Duration>,
        error: String,
    },
    /// Will never succeed as it is (an invalid number, a refused template).
    Rejected(String),
}

/// Where messages go: an SMS provider, a hall's webhook, the log.
#[async_trait]
pub trait NotificationChannel: Send + Sync {
    fn name(&self) -> &'static str;
    async fn deliver(&self, message: &OutgoingMessage) -> DeliveryResult;
}
