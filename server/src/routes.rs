use app::api::ApplyTarget;
use app::errors::AppError;
use app::i18n::{lang_from_cookie_header, FormMsg, Lang, LANG_COOKIE};
use app::pages::apply::FormResubmission;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use leptos::prelude::provide_context;
use serde::Deserialize;

/// Liveness and readiness: the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "status": "ok", "database": "ok" })),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(
                    serde_json::json!({ "status": "unavailable", "database": "unreachable" }),
                ),
            )
                .into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only paths on this site: never an open redirect.
fn local_path(next: Option<String>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
        _ => "/".to_string(),
    }
}

/// Sets the language (a session cookie: a shared kiosk must not remember
/// it past the browser session) and goes back to the page.
pub async fn switch_language(Path(tag): Path<String>, Query(next): Query<Next>) -> Response {
    let target = local_path(next.next);
    let mut res = Redirect::to(&target).into_response();
    if let Some(lang) = Lang::from_tag(&tag) {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; HttpOnly",
            lang.tag()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    res
}

fn request_lang(headers: &HeaderMap) -> Lang {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(lang_from_cookie_header)
        .unwrap_or_default()
}

/// The form post of a browser without JS, for one matter.
pub async fn apply_matter_without_js(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    apply_without_js(state, ApplyTarget::Matter(code), headers, uri, pairs).await
}

/// The form post of a browser without JS, for a life-event bundle.
pub async fn apply_bundle_without_js(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    apply_without_js(state, ApplyTarget::Bundle(code), headers, uri, pairs).await
}

/// Success: see the receipt (post/redirect/get). Failure: the same page
/// again, with everything typed and every problem, under the right status.
async fn apply_without_js(
    state: AppState,
    target: ApplyTarget,
    headers: HeaderMap,
    uri: axum::http::Uri,
    pairs: Vec<(String, String)>,
) -> Response {
    let (keys, fields): (Vec<_>, Vec<_>) =
        pairs.into_iter().partition(|(k, _)| k == "_submission_key");
    let key = keys.into_iter().next().map(|(_, v)| v).unwrap_or_default();
    let lang = request_lang(&headers);
    let again =
        |submission_key: String, values, errors, general: Option<FormMsg>| FormResubmission {
            target: target.clone(),
            submission_key,
            values,
            errors,
            general: general.map(|m| m.get(lang).to_string()),
        };
    let (resubmission, status) =
        match app::services::applications::submit(&state, &target, &key, fields.clone()).await {
            Ok(number) => {
                return Redirect::to(&format!("/applications/{}/receipt", number.as_str()))
                    .into_response()
            }
            Err(AppError::Invalid(errors)) => (
                again(key, fields, errors, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            // A fresh form (new key) keeping what was typed.
            Err(AppError::KeyReused) => (
                again(String::new(), fields, Vec::new(), Some(FormMsg::KeyReused)),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            // The page itself answers 404.
            Err(AppError::NotFound) => (
                again(String::new(), Vec::new(), Vec::new(), None),
                StatusCode::NOT_FOUND,
            ),
            Err(e) => {
                tracing::error!(error = %e, "submission failed");
                (
                    again(key, fields, Vec::new(), Some(FormMsg::ServiceUnavailable)),
                    StatusCode::SERVICE_UNAVAILABLE,
                )
            }
        };
    render_page(state, uri, headers, resubmission, status).await
}

/// Renders the Leptos page at `uri` with a resubmitted form in context.
async fn render_page(
    state: AppState,
    uri: axum::http::Uri,
    headers: HeaderMap,
    resubmission: FormResubmission,
    status: StatusCode,
) -> Response {
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(resubmission.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut req = Request::new(Body::empty());
    *req.method_mut() = Method::GET;
    *req.uri_mut() = uri;
    *req.headers_mut() = headers;
    req.headers_mut().remove(header::CONTENT_TYPE);
    req.headers_mut().remove(header::CONTENT_LENGTH);
    let mut res = handler(req).await;
    // The page sets 404 itself when the matter does not exist.
    if res.status() == StatusCode::OK {
        *res.status_mut() = status;
    }
    res
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(local_path(Some("/matters/A".into())), "/matters/A");
        assert_eq!(local_path(Some("//evil.example".into())), "/");
        assert_eq!(local_path(Some("https://evil.example".into())), "/");
        assert_eq!(local_path(Some("/\\evil.example".into())), "/");
        assert_eq!(local_path(None), "/");
    }
}
