//! Drafts on PostgreSQL (the text is shared: crate::drafts).

use super::PostgresStore;

crate::drafts::draft_store!(PostgresStore);
