use app::api::ApplyTarget;
use app::errors::AppError;
use app::services::drafts::{self, ResumeOutcome, SubmitOutcome};
use app::state::AppState;
use app::visit::{Visit, VisitToken};
use axum::body::Body;
use axum::extract::{Extension, Path, Query, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
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

/// "Start" on a matter's application page: a new draft, then its first step.
pub async fn start_matter_draft(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path(code): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    start_draft(state, visit, ApplyTarget::Matter(code), headers, uri).await
}

/// "Start" on a life event's application page.
pub async fn start_bundle_draft(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path(code): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    start_draft(state, visit, ApplyTarget::Bundle(code), headers, uri).await
}

async fn start_draft(
    state: AppState,
    visit: Visit,
    target: ApplyTarget,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    match drafts::start(&state, &target, &visitor(&visit)).await {
        Ok(path) => Redirect::to(&path).into_response(),
        // The start page explains (404 for an unknown matter, 503 otherwise).
        Err(e) => render_page(state, visit, uri, headers, status_of(&e)).await,
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
    Extension(visit): Extension<Visit>,
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
    let visitor = visitor(&visit);
    let outcome = match step.as_str() {
        "declaration" => {
            match drafts::submit(&state, &id, &visitor, field("declaration") == Some("yes")).await {
                Ok(SubmitOutcome::Submitted(number)) => {
                    Ok(format!("/applications/{}/receipt", number.as_str()))
                }
                Ok(SubmitOutcome::NotDeclared) => Ok(format!("/drafts/{id}/declaration?check=1")),
                Ok(SubmitOutcome::Problems) => Ok(format!("/drafts/{id}/check")),
                Err(e) => Err(e),
            }
        }
        "saved" if field("_action") == Some("delete") => drafts::delete(&state, &id, &visitor)
            .await
            .map(|()| "/draft-deleted".to_string()),
        _ => drafts::save_step(&state, &id, &visitor, &step, pairs).await,
    };
    match outcome {
        Ok(path) => Redirect::to(&path).into_response(),
        Err(AppError::AlreadySubmitted(number)) => {
            Redirect::to(&format!("/applications/{number}/receipt")).into_response()
        }
        // Tampering (refused, nothing stored), a draft that is gone, or a
        // failure: the step page as it is stored, under the right status.
        Err(e) => render_page(state, visit, here, headers, status_of(&e)).await,
    }
}

/// The visit middleware always sets the token; a request that somehow
/// has none gets one that holds nothing.
fn visitor(visit: &Visit) -> VisitToken {
    visit.token.clone().unwrap_or_else(VisitToken::random)
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
pub async fn find_draft(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Query(q): Query<CodeQuery>,
) -> Response {
    resume(state, visit, q.code).await
}

/// The QR on the saved-draft page (`/resume/{code}`).
pub async fn resume_by_link(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path(code): Path<String>,
) -> Response {
    resume(state, visit, code).await
}

async fn resume(state: AppState, visit: Visit, code: String) -> Response {
    let problem = match drafts::resume(&state, &code, &visitor(&visit)).await {
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
    visit: Visit,
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
    req.extensions_mut().insert(visit);
    let mut res = handler(req).await;
    if res.status() == StatusCode::OK {
        *res.status_mut() = status;
    }
    res
}
