//! The staff half on PostgreSQL (the text is shared: crate::staff).

use super::PostgresStore;

crate::staff::staff_store!(PostgresStore, sqlx::PgConnection);
