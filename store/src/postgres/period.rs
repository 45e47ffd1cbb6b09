//! 电子监察 over a period on PostgreSQL (the text is shared: crate::period).

use super::PostgresStore;

crate::period::period_store!(PostgresStore);
