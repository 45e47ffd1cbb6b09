//! The routes that are not plain Leptos pages: health, and the guided
//! application's form posts (post/redirect/get, with or without JS). Each
//! handler parses, calls one use case of `hall`, and maps the result: a
//! redirect, or the page at the same address under the error's status.

use crate::render::render_page;
use crate::visit_form::VisitForm;
use app::errors::AppError;
use app::state::AppState;
use app::urls;
use app::visit::{Visit, VisitToken};
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{ApplyTarget, BundleCode, MatterCode};
use hall::{AfterStep, DraftSubmission, ResumeOutcome};
use serde::Deserialize;

/// Liveness and readiness: the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let backend = state.hall.storage().backend();
    match state.hall.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "status": "ok", "database": "ok", "backend": backend })),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({
                    "status": "unavailable", "database": "unreachable", "backend": backend
                })),
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
    let target = MatterCode::parse(&code).ok().map(ApplyTarget::Matter);
    start_draft(state, visit, target, headers, uri).await
}

/// "Start" on a life event's application page.
pub async fn start_bundle_draft(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path(code): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let target = BundleCode::parse(&code).ok().map(ApplyTarget::Bundle);
    start_draft(state, visit, target, headers, uri).await
}

async fn start_draft(
    state: AppState,
    visit: Visit,
    target: Option<ApplyTarget>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let started = match &target {
        Some(target) => state
            .hall
            .start_draft(target, &visitor(&visit))
            .await
            .map_err(AppError::from),
        None => Err(AppError::NotFound),
    };
    match started {
        Ok((id, first)) => Redirect::to(&urls::draft_step(id.as_str(), &first)).into_response(),
        // The start page explains (404 for an unknown matter, 503 otherwise).
        Err(e) => render_page(state, visit, uri, headers, e.status_code()).await,
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
    Path(StepPath { id, step }): Path<StepPath>,
    form: VisitForm,
) -> Response {
    let here = urls::draft_step(&id, &step);
    if here.parse::<Uri>().is_err() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let hall = form.hall();
    let outcome = match step.as_str() {
        "declaration" => hall
            .submit_draft(
                &id,
                &form.token,
                form.field("declaration") == "yes",
                if form.at_kiosk() {
                    domain::trip::Channel::Kiosk
                } else {
                    domain::trip::Channel::Phone
                },
            )
            .await
            .map(|submitted| match submitted {
                DraftSubmission::Submitted(number) => urls::receipt(number.as_str()),
                DraftSubmission::NotDeclared => urls::draft_step_problems(&id, "declaration"),
                DraftSubmission::Problems => urls::draft_step(&id, "check"),
                // Filled by staff: the applicant confirms on the desk's panel.
                DraftSubmission::AwaitsApplicant => urls::staff_assist(&id),
            }),
        "saved" if form.field("_action") == "delete" => hall
            .delete_draft(&id, &form.token)
            .await
            .map(|()| urls::DRAFT_DELETED.to_string()),
        _ => hall
            .save_step(&id, &form.token, &step, form.pairs.clone())
            .await
            .map(|after| match after {
                AfterStep::Step {
                    slug,
                    show_problems,
                    returning_to_check: true,
                    ..
                } => urls::draft_step_from_check(&id, &slug, show_problems),
                AfterStep::Step {
                    slug,
                    show_problems: true,
                    ..
                } => urls::draft_step_problems(&id, &slug),
                AfterStep::Step {
                    slug,
                    group: Some(group),
                    ..
                } => urls::draft_step_group(&id, &slug, &group),
                AfterStep::Step { slug, .. } => urls::draft_step(&id, &slug),
                AfterStep::SavedForLater => urls::draft_saved(&id),
                AfterStep::BackToAssistPanel => urls::staff_assist(&id),
            }),
    };
    // Submitted already (another tab, a double click): its receipt.
    // Otherwise tampering (refused, nothing stored), a draft that is gone,
    // or a failure: the step page as it is stored, under the right status
    // (the draft keeps what was typed; nothing is shown again from the post).
    let outcome = match outcome.map_err(AppError::from) {
        Err(AppError::AlreadySubmitted(number)) => Ok(urls::receipt(&number)),
        other => other,
    };
    form.reply(outcome, &here, false).await
}

/// The visit middleware always sets the token; a request that somehow
/// has none gets one that holds nothing.
fn visitor(visit: &Visit) -> VisitToken {
    visit.token.clone().unwrap_or_else(app::visit::random_token)
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
    headers: HeaderMap,
) -> Response {
    resume(state, visit, q.code, headers).await
}

/// The QR on the saved-draft page (`/resume/{code}`).
pub async fn resume_by_link(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    resume(state, visit, code, headers).await
}

async fn resume(state: AppState, visit: Visit, code: String, headers: HeaderMap) -> Response {
    // Back to the form with what was typed (codes are short and harmless).
    let typed: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(12)
        .collect();
    let problem = match state.hall.resume(&code, &visitor(&visit)).await {
        Ok(ResumeOutcome::Found { id, step }) => {
            return Redirect::to(&urls::draft_step(id.as_str(), &step)).into_response()
        }
        Ok(ResumeOutcome::NotFound) => "not_found",
        Ok(ResumeOutcome::Malformed(domain::ResumeCodeError::WrongLength)) => "length",
        Ok(ResumeOutcome::Malformed(domain::ResumeCodeError::BadCharacter)) => "character",
        Ok(ResumeOutcome::Malformed(domain::ResumeCodeError::BadCheckCharacter)) => "check",
        Err(e) => {
            let e = AppError::from(e);
            let form = urls::resume_form(&typed, "").parse().unwrap_or_default();
            return render_page(state, visit, form, headers, e.status_code()).await;
        }
    };
    Redirect::to(&urls::resume_form(&typed, problem)).into_response()
}
