//! 预约: bookings of a slot at a queue category, kept against the slot's
//! places, changed or cancelled, and checked in at a kiosk for a number.

use super::{NewTicket, QueueTicket, StorageError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::queue::{BookingStatus, QueueLetter, Slot};
use domain::ApplicationNumber;

/// A booking to make, unless the slot's `places` are taken.
#[derive(Clone, Debug)]
pub struct NewBooking<'a> {
    pub letter: QueueLetter,
    pub slot: Slot,
    pub places: u16,
    /// SHA-256 of the booking's link (its QR).
    pub token_sha256: &'a str,
    /// Keyed hash of its check-in code.
    pub code_sha256: &'a str,
    pub booked_at: DateTime<Utc>,
    pub application: Option<&'a ApplicationNumber>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Booking {
    pub id: i64,
    pub letter: QueueLetter,
    pub slot: Slot,
    pub status: BookingStatus,
    pub booked_at: DateTime<Utc>,
    pub application: Option<ApplicationNumber>,
}

#[async_trait]
pub trait BookingStore: Send + Sync {
    /// Takes one of the slot's places for the booking, in one commit:
    /// `None` when they are all taken.
    async fn book(&self, booking: NewBooking<'_>) -> Result<Option<Booking>, StorageError>;

    async fn booking(&self, token_sha256: &str) -> Result<Option<Booking>, StorageError>;

    async fn booking_by_code(&self, code_sha256: &str) -> Result<Option<Booking>, StorageError>;

    /// Places taken per slot of `letter` on these days.
    async fn booked_places(
        &self,
        letter: QueueLetter,
        days: &[NaiveDate],
    ) -> Result<Vec<(Slot, u32)>, StorageError>;

    /// Cancels a booking still booked, giving its place back: whether it was.
    async fn cancel_booking(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StorageError>;

    /// Moves a booking still booked to `to` (one of its `places`), giving
    /// the old place back, in one commit: `None` when `to` is full or the
    /// booking is no longer booked.
    async fn move_booking(
        &self,
        id: i64,
        to: Slot,
        places: u16,
        at: DateTime<Utc>,
    ) -> Result<Option<Booking>, StorageError>;

    /// Checks the booking in and gives it its number, in one commit: `None`
    /// when it is no longer booked or the category's numbers are all out.
    async fn check_in_booking(
        &self,
        id: i64,
        ticket: NewTicket<'_>,
    ) -> Result<Option<QueueTicket>, StorageError>;

    /// The day's bookings: per category and slot, how many are in each
    /// state.
    async fn bookings_on(
        &self,
        day: NaiveDate,
    ) -> Result<Vec<(QueueLetter, Slot, BookingStatus, u32)>, StorageError>;
}
