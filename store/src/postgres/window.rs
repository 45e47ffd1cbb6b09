//! 评价器 on PostgreSQL (the text is shared: crate::window).

use super::PostgresStore;

crate::window::window_store!(PostgresStore);
