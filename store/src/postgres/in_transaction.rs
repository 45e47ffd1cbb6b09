//! In-transaction writes on PostgreSQL (the text is shared: crate::in_transaction).

crate::in_transaction::in_transaction!(sqlx::PgConnection);
