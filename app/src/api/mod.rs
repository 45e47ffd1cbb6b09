//! Server functions, which the pages await while rendering on the server
//! (no island calls one). Each parses its input, calls one use case of
//! `hall`, and returns a view model (built in `views`) that holds no more
//! personal data than the page shows.

mod applications;
mod assist;
mod catalog;
mod drafts;
mod issuing;
mod queue;
mod ratings;
mod report;
mod review;
mod staff;

pub use applications::*;
pub use assist::*;
pub use catalog::*;
pub use drafts::*;
pub use issuing::*;
pub use queue::*;
pub use ratings::*;
pub use report::*;
pub use review::*;
pub use staff::*;
// The pages name the view models through `api`, beside the functions.
pub use crate::models::*;

/// Sets the page's or call's HTTP status from the error, then returns it.
#[cfg(feature = "ssr")]
pub(crate) fn fail(e: crate::errors::AppError) -> crate::errors::AppError {
    use leptos::prelude::use_context;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(e.status_code());
    }
    e
}
