//! Headers every response carries, whatever produced it (pages, redirects,
//! static files, errors, timeouts). Pages rendered by Leptos already have
//! their Content-Security-Policy with the request's nonce (`app::shell`);
//! everything else gets the same policy without one.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Nothing powerful by default. A page that needs the camera (the staff
/// pickup scanner, the phone's photo capture) sets its own
/// `Permissions-Policy`, which this layer then leaves alone.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=()";

pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&app::security::content_security_policy(None)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    let permissions = HeaderName::from_static("permissions-policy");
    if !headers.contains_key(&permissions) {
        headers.insert(permissions, HeaderValue::from_static(PERMISSIONS_POLICY));
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // URLs carry draft ids and codes: never send them to another site.
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        // For browsers without CSP frame-ancestors.
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    res
}
