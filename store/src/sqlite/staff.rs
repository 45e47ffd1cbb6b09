//! The staff half on SQLite (the text is shared: crate::staff).

use super::SqliteStore;

crate::staff::staff_store!(SqliteStore, sqlx::SqliteConnection);
