//! The server side of each use case, shared by server functions (JS on)
//! and plain form posts (JS off): check, call the domain, store.

pub mod applications;
pub mod catalog;
pub mod drafts;
