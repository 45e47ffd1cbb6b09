//! 申请材料 files on SQLite (the text is shared: crate::materials).

use super::SqliteStore;

/// SQLite keeps a draft's times as Unix seconds.
fn draft_time(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp()
}

crate::materials::material_store!(SqliteStore, draft_time);
