//! 取号叫号: tickets numbered per category per day, the desks that call
//! them to their windows, and the calls the hall display shows.

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::queue::{QueueLetter, TicketNumber, TicketStatus, WindowNumber};
use domain::ApplicationNumber;

/// A ticket to give out: the next number of `letter` on `day`, unless the
/// category's `capacity` for the day is reached.
#[derive(Clone, Debug)]
pub struct NewTicket<'a> {
    pub day: NaiveDate,
    pub letter: QueueLetter,
    pub capacity: u16,
    /// SHA-256 of the ticket's own link (its QR), as the store finds it by.
    pub token_sha256: &'a str,
    pub taken_at: DateTime<Utc>,
    /// Where it stands in the calling order (`domain::queue::queues_from`).
    pub queues_from: DateTime<Utc>,
    /// The application it carries to the window.
    pub application: Option<&'a ApplicationNumber>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueTicket {
    pub id: i64,
    pub day: NaiveDate,
    pub number: TicketNumber,
    pub status: TicketStatus,
    pub taken_at: DateTime<Utc>,
    pub queues_from: DateTime<Utc>,
    pub application: Option<ApplicationNumber>,
    /// Last called then, to this window (a re-call calls again).
    pub called: Option<(DateTime<Utc>, WindowNumber)>,
    pub calls: u32,
}

/// One call as the hall display shows it (a re-call is a call of its own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketCall {
    /// Increases with every call: the display asks for the calls after
    /// the last it showed.
    pub id: i64,
    pub number: TicketNumber,
    pub window: WindowNumber,
    pub at: DateTime<Utc>,
}

/// One category's day so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryDay {
    pub taken: u32,
    pub waiting: u32,
    /// Called and not yet moved on from.
    pub at_window: u32,
    pub served: u32,
    pub no_show: u32,
    /// Seconds from taking to the first call, summed over called tickets
    /// (`called` of them), and the longest.
    pub waited_secs: i64,
    pub called: u32,
    pub longest_wait_secs: i64,
    /// The longest anyone still waiting has waited (from `taken_at`).
    pub oldest_waiting_since: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait QueueStore: Send + Sync {
    /// Gives out the category's next number, gapless within its day (the
    /// number is drawn in the same commit as the ticket): `None` once the
    /// day's capacity is reached.
    async fn take_ticket(&self, ticket: NewTicket<'_>)
        -> Result<Option<QueueTicket>, StorageError>;

    async fn ticket(&self, token_sha256: &str) -> Result<Option<QueueTicket>, StorageError>;

    /// Tickets of the same category and day still waiting ahead of it.
    async fn waiting_ahead(&self, ticket: &QueueTicket) -> Result<u32, StorageError>;

    /// The desk moves on: its called ticket is served, and the first
    /// waiting ticket of `letters` on `day` is called to `window` — each
    /// ticket by one desk only, however many call at once.
    async fn call_next(
        &self,
        day: NaiveDate,
        letters: &[QueueLetter],
        staff_id: i64,
        window: WindowNumber,
        now: DateTime<Utc>,
    ) -> Result<Option<QueueTicket>, StorageError>;

    /// The ticket this desk called and has not moved on from.
    async fn desk_ticket(
        &self,
        day: NaiveDate,
        staff_id: i64,
    ) -> Result<Option<QueueTicket>, StorageError>;

    /// Calls the desk's ticket again (the display shows it again).
    async fn recall_ticket(
        &self,
        day: NaiveDate,
        staff_id: i64,
        window: WindowNumber,
        now: DateTime<Utc>,
    ) -> Result<Option<QueueTicket>, StorageError>;

    /// The desk's called ticket did not come.
    async fn ticket_no_show(
        &self,
        day: NaiveDate,
        staff_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<QueueTicket>, StorageError>;

    /// The day's calls after `after` (oldest first), at most `limit`.
    async fn calls_after(
        &self,
        day: NaiveDate,
        after: i64,
        limit: u32,
    ) -> Result<Vec<TicketCall>, StorageError>;

    /// The day's latest calls (newest first).
    async fn latest_calls(
        &self,
        day: NaiveDate,
        limit: u32,
    ) -> Result<Vec<TicketCall>, StorageError>;

    /// Each category's day so far (categories with no ticket are absent).
    async fn queue_day(
        &self,
        day: NaiveDate,
    ) -> Result<Vec<(QueueLetter, CategoryDay)>, StorageError>;

    /// The window a staff member said they sit at.
    async fn desk_window_number(&self, staff_id: i64)
        -> Result<Option<WindowNumber>, StorageError>;

    async fn set_desk_window_number(
        &self,
        staff_id: i64,
        window: WindowNumber,
    ) -> Result<(), StorageError>;
}
