//! 并联审批 on SQLite (the text is shared: crate::review).

use super::SqliteStore;

crate::review::review_store!(SqliteStore);
