//! 电子监察 reads on PostgreSQL (the text is shared: crate::supervision).

use super::PostgresStore;

crate::supervision::supervision_store!(PostgresStore);
