//! 统一出件 on SQLite (the text is shared: crate::issuing).

use super::in_transaction::append;
use super::SqliteStore;

crate::issuing::issuing_store!(SqliteStore, sqlx::SqliteConnection);
