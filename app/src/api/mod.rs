//! Server functions: the only way the browser talks to the server. Each
//! one checks its input, calls the domain or the store, and returns a view
//! model that holds no more personal data than the page shows.

mod applications;
mod catalog;
mod drafts;

pub use applications::*;
pub use catalog::*;
pub use drafts::*;

/// Sets the page's or call's HTTP status from the error, then returns it.
#[cfg(feature = "ssr")]
pub(crate) fn fail(e: crate::errors::AppError) -> crate::errors::AppError {
    use leptos::prelude::use_context;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(e.status()) {
            res.set_status(code);
        }
    }
    e
}
