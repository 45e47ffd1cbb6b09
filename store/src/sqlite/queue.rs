//! 取号叫号 on SQLite (the text is shared: crate::queue).

use super::SqliteStore;

crate::queue::queue_store!(SqliteStore, sqlx::SqliteConnection);
