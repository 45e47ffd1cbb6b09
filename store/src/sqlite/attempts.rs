//! Attempt limits on SQLite (the text is shared: crate::attempts).

use super::SqliteStore;

crate::attempts::attempt_store!(SqliteStore);
