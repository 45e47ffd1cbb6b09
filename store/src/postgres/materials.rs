//! 申请材料 files on PostgreSQL (the text is shared: crate::materials).

use super::PostgresStore;

crate::materials::material_store!(PostgresStore);
