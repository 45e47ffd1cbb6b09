//! 评价器: a window's rating screen paired to a desk, and the application
//! that desk last finished an action on.

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::rating::Touchpoint;
use domain::ApplicationNumber;

/// A desk's screen, as the desk's page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeskScreen {
    /// A pairing code was issued then, valid until the second date.
    pub code: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// A screen is paired (since).
    pub paired_at: Option<DateTime<Utc>>,
}

/// What a paired screen shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScreenState {
    pub staff_id: i64,
    /// The desk's staff member, as the screen names the window.
    pub staff_display_name: String,
    /// The application the desk last finished an action on, and when.
    pub current: Option<(ApplicationNumber, Touchpoint, DateTime<Utc>)>,
}

#[async_trait]
pub trait WindowScreenStore: Send + Sync {
    /// A new pairing code for the desk (the previous one no longer works;
    /// a screen already paired stays until another pairs).
    async fn issue_pairing_code(
        &self,
        staff_id: i64,
        code_sha256: &str,
        issued_at: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<(), StorageError>;

    async fn desk_screen(&self, staff_id: i64) -> Result<DeskScreen, StorageError>;

    /// Pairs the screen to the desk whose live code this is (the code is
    /// used up; the screen leaves any other desk): the desk's staff id.
    async fn pair_screen(
        &self,
        code_sha256: &str,
        screen_sha256: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StorageError>;

    /// The desk forgets its screen (and its code).
    async fn unpair_desk(&self, staff_id: i64) -> Result<(), StorageError>;

    /// The desk finished an action on this application (nothing happens
    /// when no screen is paired).
    async fn set_window_current(
        &self,
        staff_id: i64,
        number: &ApplicationNumber,
        touchpoint: Touchpoint,
        at: DateTime<Utc>,
    ) -> Result<(), StorageError>;

    /// The screen's desk and current application.
    async fn screen(&self, screen_sha256: &str) -> Result<Option<ScreenState>, StorageError>;

    /// The current application was rated (or passed over): the screen
    /// waits for the next, unless the desk moved on meanwhile.
    async fn clear_window_current(
        &self,
        staff_id: i64,
        number: &ApplicationNumber,
    ) -> Result<(), StorageError>;
}
