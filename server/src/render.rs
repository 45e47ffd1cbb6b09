//! A page rendered on the server as a GET would render it, for posts that
//! answer with the page again (a refusal, a problem to show); and the
//! Retry-After every 429 carries. A base module: the handlers, the
//! extractors and the limits all answer through it.

use app::state::AppState;
use app::visit::Visit;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{self, header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use leptos::prelude::provide_context;

/// Says when a refused try may come again (every 429 carries it).
pub(crate) fn with_retry_after(mut res: Response, seconds: Option<u64>) -> Response {
    if let Some(s) = seconds {
        res.headers_mut()
            .insert(header::RETRY_AFTER, http::HeaderValue::from(s.max(1)));
    }
    res
}

/// Renders the Leptos page at `uri` as a GET would, under `status` unless
/// the page set its own.
pub(crate) async fn render_page(
    state: AppState,
    visit: Visit,
    uri: Uri,
    headers: HeaderMap,
    status: StatusCode,
) -> Response {
    render_page_with(state, visit, uri, headers, status, |_| {}).await
}

/// [`render_page`], with more for the page in the request's extensions
/// (the signed-in staff member, a refused form to show again).
pub(crate) async fn render_page_with(
    state: AppState,
    visit: Visit,
    uri: Uri,
    headers: HeaderMap,
    status: StatusCode,
    extend: impl FnOnce(&mut http::Extensions),
) -> Response {
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || provide_context(state.clone()),
        move || app::shell(options.clone()),
    );
    let mut req = Request::new(Body::empty());
    *req.method_mut() = Method::GET;
    *req.uri_mut() = uri;
    *req.headers_mut() = headers;
    req.headers_mut().remove(header::CONTENT_TYPE);
    req.headers_mut().remove(header::CONTENT_LENGTH);
    req.extensions_mut().insert(visit);
    extend(req.extensions_mut());
    let mut res = handler(req).await;
    if res.status() == StatusCode::OK {
        *res.status_mut() = status;
    }
    res
}
