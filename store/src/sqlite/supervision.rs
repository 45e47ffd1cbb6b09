//! 电子监察 reads on SQLite (the text is shared: crate::supervision).

use super::SqliteStore;

crate::supervision::supervision_store!(SqliteStore);
