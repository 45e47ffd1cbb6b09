//! 取号叫号 on PostgreSQL (the text is shared: crate::queue).

use super::PostgresStore;

crate::queue::queue_store!(PostgresStore, sqlx::PgConnection);
