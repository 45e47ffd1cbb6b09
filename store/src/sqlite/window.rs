//! 评价器 on SQLite (the text is shared: crate::window).

use super::SqliteStore;

crate::window::window_store!(SqliteStore);
