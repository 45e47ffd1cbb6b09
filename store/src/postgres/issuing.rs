//! 统一出件 on PostgreSQL (the text is shared: crate::issuing).

use super::in_transaction::append;
use super::PostgresStore;

crate::issuing::issuing_store!(PostgresStore, sqlx::PgConnection);
