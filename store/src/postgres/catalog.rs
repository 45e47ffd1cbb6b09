//! The catalog on PostgreSQL (the text is shared: crate::catalog).

use super::PostgresStore;

crate::catalog::catalog_store!(PostgresStore);
