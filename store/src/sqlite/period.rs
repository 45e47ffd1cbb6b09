//! 电子监察 over a period on SQLite (the text is shared: crate::period).

use super::SqliteStore;

crate::period::period_store!(SqliteStore);
