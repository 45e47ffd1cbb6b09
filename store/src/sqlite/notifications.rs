//! The outbox on SQLite (the text is shared: crate::notifications).

use super::SqliteStore;

// One writer: a claim cannot race another on SQLite.
crate::notifications::notification_store!(SqliteStore, "");
