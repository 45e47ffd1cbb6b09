//! 统一出件 on PostgreSQL (the text is shared: crate::issuing).

use super::staff::append;
use super::PostgresStore;

crate::issuing::issuing_store!(PostgresStore, sqlx::PgConnection);
