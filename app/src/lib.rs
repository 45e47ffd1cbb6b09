//! The hall's web front end: pages rendered on the server in the reader's
//! language, with WASM islands only where a page needs to react (inline
//! validation, the kiosk's idle guard and keypad, printing). Every page
//! works without JS. The use cases are in `hall`; this crate only shows
//! their results (`views`) and names the paths (`urls`).

pub mod api;
pub mod components;
pub mod errors;
pub mod i18n;
pub mod models;
pub mod pages;
pub mod security;
pub mod visit;

#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod state;
pub mod urls;
#[cfg(feature = "ssr")]
pub mod views;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};

/// The HTML document around every page, in the visitor's language and
/// text size (so large text never flashes in after load). The hydration
/// scripts are not here: [`components::layout::Page`] adds them to the
/// pages that have islands.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let visit = request_visit();
    let nonce = leptos::nonce::use_nonce();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let policy = security::content_security_policy(nonce.as_deref());
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    provide_context(visit.lang);
    provide_context(visit.clone());
    provide_context(options.clone());
    let class = [
        visit.large_text.then_some("large-text"),
        visit.kiosk.map(|_| "kiosk"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <!DOCTYPE html>
        <html lang=visit.lang.tag() class=(!class.is_empty()).then_some(class)>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b57a4"/>
                <meta name="description" content=i18n::Msg::HallDescription.get(visit.lang)/>
                <AutoReload options=options.clone()/>
                <link rel="stylesheet" id="leptos" href=stylesheet_href(&options)/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <noscript><style nonce=nonce>".print-button { display: none; }"</style></noscript>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Async rendering (SsrMode::Async): the HTTP status (404, 422) is known
    // before the first byte, and JS-off browsers get complete pages, not
    // streamed fragments.
    view! {
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=StaticSegment("") view=pages::home::HomePage ssr=SsrMode::Async/>
                <Route path=StaticSegment("matters") view=pages::matters::MattersPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("matters"), ParamSegment("code")) view=pages::matter::MatterPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("bundles"), ParamSegment("code")) view=pages::bundle::BundlePage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("bundles"), ParamSegment("code"), StaticSegment("apply")) view=pages::apply::BundleApplyPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("lists"), StaticSegment("one-visit")) view=pages::matters::OneVisitListPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("lists"), StaticSegment("online")) view=pages::matters::OnlineListPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("matters"), ParamSegment("code"), StaticSegment("apply")) view=pages::apply::MatterApplyPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("drafts"), ParamSegment("id"), ParamSegment("step")) view=pages::draft::DraftPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("resume") view=pages::resume::ResumePage ssr=SsrMode::Async/>
                <Route path=StaticSegment("draft-deleted") view=pages::draft::DraftDeletedPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("applications") view=pages::track::TrackPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("my") view=pages::mine::MyApplicationsPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("applications"), ParamSegment("number")) view=pages::application::ProgressPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("applications"), ParamSegment("number"), StaticSegment("receipt")) view=pages::application::ReceiptPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("staff") view=pages::staff::queue::QueuePage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("sign-in")) view=pages::staff::sign_in::SignInPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("reviews")) view=pages::staff::review::ReviewQueuePage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("reviews"), ParamSegment("id")) view=pages::staff::review::ReviewTaskPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("applications"), ParamSegment("number")) view=pages::staff::file::ApplicationFilePage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("issuing")) view=pages::staff::issuing::IssuingQueuePage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("issuing"), ParamSegment("number")) view=pages::staff::issuing::IssuingFilePage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("issuing"), ParamSegment("number"), StaticSegment("handover")) view=pages::staff::issuing::HandoverPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("pickup")) view=pages::staff::issuing::PickupScanPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("messages")) view=pages::staff::messages::UndeliveredMessagesPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("ratings") view=pages::ratings::SatisfactionIndexPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("ratings"), StaticSegment("matters"), ParamSegment("code")) view=pages::ratings::MatterSatisfactionPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("ratings"), StaticSegment("departments"), ParamSegment("code")) view=pages::ratings::DepartmentSatisfactionPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("supervision")) view=pages::staff::supervision::SupervisionPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("supervision"), StaticSegment("report")) view=pages::staff::report::MonthlyReportPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("supervision"), StaticSegment("finished")) view=pages::staff::report::FinishedListPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("window") view=pages::window::WindowScreenPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("window-screen")) view=pages::staff::window::DeskWindowPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("follow-ups")) view=pages::staff::follow_ups::FollowUpsPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("follow-ups"), ParamSegment("number"), ParamSegment("touchpoint")) view=pages::staff::follow_ups::FollowUpPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("queue") view=pages::queue::QueueKioskPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("queue"), StaticSegment("tickets"), ParamSegment("token")) view=pages::queue::TicketPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("queue"), StaticSegment("book")) view=pages::queue::BookingChoicesPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("queue"), StaticSegment("bookings"), ParamSegment("token")) view=pages::queue::BookingPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("hall"), StaticSegment("display")) view=pages::queue::HallDisplayPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("calling")) view=pages::staff::calling::CallingDeskPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("assist")) view=pages::staff::assist::AssistDeskPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("assist"), ParamSegment("id")) view=pages::staff::assist::AssistConfirmPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("assist"), ParamSegment("id"), StaticSegment("declaration")) view=pages::staff::assist::DeclarationSheetPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("confirm"), ParamSegment("token")) view=pages::confirm::ApplicantConfirmPage ssr=SsrMode::Async/>
                <Route path=StaticSegment("verify") view=pages::verify::VerifyFormPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("upload"), ParamSegment("token")) view=pages::upload::PhoneUploadPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("verify"), ParamSegment("code")) view=pages::verify::VerifyPage ssr=SsrMode::Async/>
                <Route path=(StaticSegment("staff"), StaticSegment("applications"), ParamSegment("number"), StaticSegment("notice")) view=pages::staff::notice::NoticePage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

/// The visit of this request: put in the request by the server's visit
/// middleware (which also issues the token); read from the cookies if not.
fn request_visit() -> visit::Visit {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| {
                parts
                    .extensions
                    .get::<visit::Visit>()
                    .cloned()
                    .unwrap_or_else(|| {
                        visit::Visit::from_cookie_headers(
                            parts
                                .headers
                                .get_all(http::header::COOKIE)
                                .iter()
                                .filter_map(|v| v.to_str().ok()),
                            use_context::<state::AppState>().is_some_and(|s| s.secure_cookies),
                        )
                    })
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        visit::Visit::default()
    }
}

/// The signed-in staff member of this request, put there by the server's
/// staff layer (pages and server functions under `/staff`).
#[cfg(feature = "ssr")]
pub fn staff_session() -> Option<hall::StaffSession> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<hall::StaffSession>().cloned())
}

/// The stylesheet's URL: with a content hash in the name when the build
/// hashed it (it is then cached for a year).
fn stylesheet_href(options: &LeptosOptions) -> String {
    #[cfg(feature = "ssr")]
    if let Some(hash) = assets::build_hashes(options).css.as_deref() {
        return format!(
            "/{}/{}.{hash}.css",
            options.site_pkg_dir, options.output_name
        );
    }
    format!("/{}/{}.css", options.site_pkg_dir, options.output_name)
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics in development; the release WASM saves the bytes
    // (it aborts on panic either way).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
