//! 申请材料 files on SQLite (the text is shared: crate::materials).

use super::SqliteStore;

crate::materials::material_store!(SqliteStore);
