//! 并联审批 on PostgreSQL (the text is shared: crate::review).

use super::PostgresStore;

crate::review::review_store!(PostgresStore);
