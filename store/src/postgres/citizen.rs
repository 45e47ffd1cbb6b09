//! 我的办件 on PostgreSQL (the text is shared: crate::citizen).

use super::PostgresStore;

crate::citizen::citizen_store!(PostgresStore);
