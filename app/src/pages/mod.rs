//! Pages. They render only on the server (islands mode), so each awaits its
//! server function directly inside `<Suspense>` rather than through a
//! `Resource`: under load, Resource-tracked Suspense in leptos 0.8.23 left
//! about one render in a thousand waiting forever (measured: 3 of 40 loaded
//! runs of the integration suite; 0 of 80 after this change).

pub mod application;
pub mod apply;
pub mod bundle;
pub mod collect;
pub mod confirm;
pub mod draft;
pub mod home;
pub mod matter;
pub mod matters;
pub mod mine;
pub mod not_found;
pub mod queue;
pub mod ratings;
pub mod resume;
pub mod staff;
pub mod track;
pub mod upload;
pub mod verify;
pub mod window;

use crate::components::layout::{set_status, Notice};
use crate::errors::AppError;
use crate::i18n::{application_number_problem, use_lang, FormMsg, Msg};
use leptos::prelude::*;
use std::future::Future;

/// A page's content once its data has arrived: `fetch` starts the server
/// function(s) inside `<Suspense>` (awaited on the server, as above) and
/// `show` turns what came back — data or error — into the page.
pub fn awaited<T, Fut>(
    fetch: impl Fn() -> Fut + Send + Sync + 'static,
    show: impl Fn(T) -> AnyView + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    view! {
        <Suspense>
            {move || {
                let (data, show) = (fetch(), show.clone());
                Suspend::new(async move { show(data.await) })
            }}
        </Suspense>
    }
}

/// What a page shows instead of its content when loading failed. The status
/// code was already set by the server function.
pub fn error_notice(e: &AppError, not_found: Msg) -> AnyView {
    let lang = use_lang();
    set_status(e.status());
    let text = match e {
        AppError::NotFound => not_found.get(lang).to_string(),
        AppError::MalformedNumber(reason) => application_number_problem(lang, *reason).to_string(),
        _ => FormMsg::ServiceUnavailable.get(lang).to_string(),
    };
    view! { <Notice text back_home=true/> }.into_any()
}
