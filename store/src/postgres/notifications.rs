//! The outbox on PostgreSQL (the text is shared: crate::notifications).

use super::PostgresStore;

// Several servers claim at once: each skips the rows another is taking.
crate::notifications::notification_store!(PostgresStore, "FOR UPDATE SKIP LOCKED");
