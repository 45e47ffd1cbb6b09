//! 我的办件 on SQLite (the text is shared: crate::citizen).

use super::SqliteStore;

crate::citizen::citizen_store!(SqliteStore);
