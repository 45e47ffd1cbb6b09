//! Attempt limits on PostgreSQL (the text is shared: crate::attempts).

use super::PostgresStore;

crate::attempts::attempt_store!(PostgresStore);
