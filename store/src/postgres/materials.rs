//! 申请材料 files on PostgreSQL (the text is shared: crate::materials).

use super::PostgresStore;

/// PostgreSQL keeps a draft's times as TIMESTAMPTZ.
fn draft_time(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    t
}

crate::materials::material_store!(PostgresStore, draft_time);
