use app::api::ApplyTarget;
use app::errors::AppError;
use app::i18n::{Lang, LANG_COOKIE};
use app::services::drafts::{self, ResumeOutcome, SubmitOutcome};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
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

/// "Start" on a matter's application page: a new draft, then its first step.
pub async fn start_matter_draft(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    start_draft(state, ApplyTarget::Matter(code), headers, uri).await
}

/// "Start" on a life event's application page.
pub async fn start_bundle_draft(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    start_draft(state, ApplyTarget::Bundle(code), headers, uri).await
}

async fn start_draft(
    state: AppState,
    target: ApplyTarget,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    match drafts::start(&state, &target).await {
        Ok(path) => Redirect::to(&path).into_response(),
        // The start page explains (404 for an unknown matter, 503 otherwise).
        Err(e) => render_page(state, uri, headers, status_of(&e)).await,
    }
}

#[derive(Deserialize)]
pub struct StepPath {
    id: String,
    step: String,
}

/// Every post of the guided application (post/redirect/get): a question
/// step saves and moves on, `declaration` submits, `saved` deletes.
pub async fn post_draft_step(
    State(state): State<AppState>,
    Path(StepPath { id, step }): Path<StepPath>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let here: Uri = match format!("/drafts/{id}/{step}").parse() {
        Ok(uri) => uri,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let outcome = match step.as_str() {
        "declaration" => {
            match drafts::submit(&state, &id, field("declaration") == Some("yes")).await {
                Ok(SubmitOutcome::Submitted(number)) => {
                    Ok(format!("/applications/{}/receipt", number.as_str()))
                }
                Ok(SubmitOutcome::NotDeclared) => Ok(format!("/drafts/{id}/declaration?check=1")),
                Ok(SubmitOutcome::Problems) => Ok(format!("/drafts/{id}/check")),
                Err(e) => Err(e),
            }
        }
        "saved" if field("_action") == Some("delete") => drafts::delete(&state, &id)
            .await
            .map(|()| "/draft-deleted".to_string()),
        _ => drafts::save_step(&state, &id, &step, pairs).await,
    };
    match outcome {
        Ok(path) => Redirect::to(&path).into_response(),
        Err(AppError::AlreadySubmitted(number)) => {
            Redirect::to(&format!("/applications/{number}/receipt")).into_response()
        }
        // Tampering (refused, nothing stored), a draft that is gone, or a
        // failure: the step page as it is stored, under the right status.
        Err(e) => render_page(state, here, headers, status_of(&e)).await,
    }
}

fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE)
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// The resume form (`/resume/find?code=`).
pub async fn find_draft(State(state): State<AppState>, Query(q): Query<CodeQuery>) -> Response {
    resume(state, q.code).await
}

/// The QR on the saved-draft page (`/resume/{code}`).
pub async fn resume_by_link(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    resume(state, code).await
}

async fn resume(state: AppState, code: String) -> Response {
    let problem = match drafts::resume(&state, &code).await {
        Ok(ResumeOutcome::Found(path)) => return Redirect::to(&path).into_response(),
        Ok(ResumeOutcome::NotFound) => "not_found",
        Ok(ResumeOutcome::Malformed(domain::ResumeCodeError::WrongLength)) => "length",
        Ok(ResumeOutcome::Malformed(domain::ResumeCodeError::BadCharacter)) => "character",
        Ok(ResumeOutcome::Malformed(domain::ResumeCodeError::BadCheckCharacter)) => "check",
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    // Back to the form with what was typed (codes are short and harmless).
    let typed: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(12)
        .collect();
    Redirect::to(&format!("/resume?code={typed}&problem={problem}")).into_response()
}

/// Renders the Leptos page at `uri` as a GET would, under `status` unless
/// the page set its own.
async fn render_page(
    state: AppState,
    uri: Uri,
    headers: HeaderMap,
    status: StatusCode,
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
    let mut res = handler(req).await;
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
