//! View models from use-case results (server only): what each page shows,
//! with labels, dates and QR codes made here, never in the use cases.

pub mod applications;
pub mod assist;
pub mod catalog;
pub mod common;
pub mod drafts;
pub mod issuing;
pub mod qr;
pub mod queue;
pub mod ratings;
pub mod report;
pub mod review;
pub mod staff;
