//! 好差评 on PostgreSQL (the text is shared: crate::ratings).

use super::in_transaction::append;
use super::PostgresStore;

crate::ratings::rating_store!(PostgresStore, sqlx::PgConnection);
