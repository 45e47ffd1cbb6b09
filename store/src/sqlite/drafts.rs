//! Drafts on SQLite (the text is shared: crate::drafts).

use super::SqliteStore;

crate::drafts::draft_store!(SqliteStore);
