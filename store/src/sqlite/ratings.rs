//! 好差评 on SQLite (the text is shared: crate::ratings).

use super::in_transaction::append;
use super::SqliteStore;

crate::ratings::rating_store!(SqliteStore, sqlx::SqliteConnection);
