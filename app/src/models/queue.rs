//! 取号叫号: the kiosk's categories, a ticket, the desk's calling panel and
//! the hall display.

use domain::Localized;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueCategoryView {
    pub letter: String,
    pub name: Localized,
    pub waiting: u32,
}

/// 取号 at a kiosk: the categories, and the application a ticket would
/// carry (its number, when the visit came from its receipt).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueKioskView {
    pub categories: Vec<QueueCategoryView>,
    pub application: Option<String>,
}

/// A ticket as its holder sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketView {
    pub number: String,
    pub category: Localized,
    /// `waiting`, `called`, `served` or `no_show`.
    pub status: String,
    /// Day and minute taken, hall time.
    pub taken_at: String,
    pub ahead: u32,
    /// The window it was called to.
    pub window: Option<u8>,
    /// The ticket's own link, and its QR (inline SVG) for a phone to follow.
    pub link: String,
    pub qr_svg: String,
    pub carries_application: bool,
}

/// One call on the hall display.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallView {
    pub id: i64,
    pub number: String,
    pub window: u8,
    /// Minute called, hall time.
    pub at: String,
    /// What the display says aloud (characters apart: "A 0 1 2").
    pub spoken: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HallDisplayView {
    /// Newest first.
    pub calls: Vec<CallView>,
    pub waiting: Vec<QueueCategoryView>,
    /// The stream of calls after the newest shown.
    pub events: String,
}

/// The ticket at a desk's window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalledTicketView {
    pub number: String,
    pub window: u8,
    pub calls: u32,
    pub taken_at: String,
    /// The application it carries, and where the desk opens it.
    pub application: Option<(String, String)>,
}

/// 叫号: the desk's calling panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallingDeskView {
    pub me: super::StaffHeader,
    pub window: Option<u8>,
    pub categories: Vec<QueueCategoryView>,
    pub current: Option<CalledTicketView>,
}

/// 电子监察: one category's day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueDayRow {
    pub letter: String,
    pub name: Localized,
    pub taken: u32,
    pub waiting: u32,
    pub served: u32,
    pub no_show: u32,
    /// Mean and longest wait to the first call, in whole minutes.
    pub mean_wait_minutes: Option<u32>,
    pub longest_wait_minutes: u32,
    /// Since when the longest-waiting ticket still waits (hall time).
    pub oldest_waiting_since: Option<String>,
    /// Today's bookings: made, checked in, missed (not checked in by the
    /// end of their time).
    pub booked: u32,
    pub checked_in: u32,
    pub missed: u32,
}

/// One time one may book, and the places left.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotChoice {
    /// The slot as the form posts it (`2026-12-08T09:30`).
    pub key: String,
    /// `09:30–10:00`.
    pub time: String,
    pub left: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingDayView {
    /// The day as people read it, in the page's language.
    pub day: Localized,
    pub slots: Vec<SlotChoice>,
}

/// 预约: the categories, or one category's times.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingChoicesView {
    pub categories: Vec<QueueCategoryView>,
    /// The chosen category and its days.
    pub chosen: Option<(QueueCategoryView, Vec<BookingDayView>)>,
    /// The application the booking would carry (display form).
    pub application: Option<String>,
}

/// A booking as its holder sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookingView {
    pub letter: String,
    pub category: Localized,
    /// `2026-12-08 09:30–10:00`.
    pub when: String,
    /// `booked`, `cancelled` or `checked_in`.
    pub status: String,
    /// The check-in code, `ABCD-EFGH`.
    pub code: String,
    pub link: String,
    pub qr_svg: String,
    pub changeable: bool,
    pub missed: bool,
    pub carries_application: bool,
}
