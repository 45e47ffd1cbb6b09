//! The front desk's posts on an application: a decision, corrections
//! handed in, a withdrawal, the departments' notice. Each is a
//! [`StaffForm`] (signed in, form token checked), calls one use case
//! (which checks the role and the state), and either goes on
//! (post/redirect/get) or shows the page again with what was typed and why
//! it was refused.

use super::form::StaffForm;
use app::state::AppState;
use app::urls;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use hall::StaffSession;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    number: String,
}

/// The header's search box: to the application's page (which says when a
/// number is malformed or unknown); a reviewer, to their task on it.
pub async fn find(
    State(state): State<AppState>,
    session: Option<Extension<StaffSession>>,
    Query(q): Query<FindQuery>,
) -> Response {
    let typed: String = q
        .number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(20)
        .collect();
    let number = domain::ApplicationNumber::parse(&typed)
        .map(|n| n.as_str().to_string())
        .unwrap_or(typed);
    if number.is_empty() {
        return Redirect::to(urls::STAFF).into_response();
    }
    if let Some(Extension(session)) = session {
        if matches!(
            session.actor.role,
            domain::StaffRole::Reviewer | domain::StaffRole::DepartmentHead
        ) {
            // Theirs or nothing: a department never opens the whole file.
            return match state.hall.find_review_task(&session.actor, &number).await {
                Ok(task) => Redirect::to(&urls::staff_review(task)).into_response(),
                Err(_) => {
                    Redirect::to(&format!("{}?not_found=1", urls::STAFF_REVIEWS)).into_response()
                }
            };
        }
        if session.actor.role == domain::StaffRole::Issuing {
            // The issuing window opens its own file (it checks the number).
            return Redirect::to(&urls::staff_issuing(&number)).into_response();
        }
    }
    Redirect::to(&urls::staff_application(&number)).into_response()
}

/// The front desk's decision: then its notice, to print.
pub async fn decide(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: StaffForm,
) -> Response {
    let done = state
        .hall
        .decide(form.actor(), &number, &form.pairs)
        .await
        .map(|_| urls::staff_notice(&number));
    form.reply(done, &urls::staff_application(&number)).await
}

/// Corrections handed in at the window.
pub async fn corrections_received(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: StaffForm,
) -> Response {
    let here = urls::staff_application(&number);
    let done = state
        .hall
        .corrections_received(form.actor(), &number)
        .await
        .map(|()| here.clone());
    form.reply(done, &here).await
}

/// The applicant's withdrawal, with its reason.
pub async fn withdrawal(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: StaffForm,
) -> Response {
    let here = urls::staff_application(&number);
    let reason = form
        .pairs
        .iter()
        .find(|(k, _)| k == domain::acceptance::fields::WITHDRAWAL_REASON)
        .map_or("", |(_, v)| v.as_str());
    let done = state
        .hall
        .withdraw(form.actor(), &number, reason)
        .await
        .map(|()| here.clone());
    form.reply(done, &here).await
}

/// The departments' corrections, as one notice.
pub async fn review_notice(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: StaffForm,
) -> Response {
    let here = urls::staff_application(&number);
    let done = state
        .hall
        .send_review_notice(form.actor(), &number)
        .await
        .map(|()| here.clone());
    form.reply(done, &here).await
}
