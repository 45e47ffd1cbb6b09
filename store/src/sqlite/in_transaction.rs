//! In-transaction writes on SQLite (the text is shared: crate::in_transaction).

crate::in_transaction::in_transaction!(sqlx::SqliteConnection);
