//! The catalog on SQLite (the text is shared: crate::catalog).

use super::SqliteStore;

crate::catalog::catalog_store!(SqliteStore);
