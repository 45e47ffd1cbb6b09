//! 跑动 on SQLite (the text is shared: crate::trips).

use super::SqliteStore;

crate::trips::trip_store!(SqliteStore);
