//! 跑动 on PostgreSQL (the text is shared: crate::trips).

use super::PostgresStore;

crate::trips::trip_store!(PostgresStore);
