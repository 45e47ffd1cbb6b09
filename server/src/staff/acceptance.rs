//! The front desk's posts on an application: a decision, corrections
//! handed in, a withdrawal. Each checks the form token, calls one use case
//! (which checks the role and the state), and either goes on
//! (post/redirect/get) or shows the page again with what was typed and why
//! it was refused.

use super::to_sign_in;
use app::errors::AppError;
use app::pages::staff::{PostedForm, CSRF_FIELD};
use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
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
        if session.actor.role == domain::StaffRole::Reviewer {
            // Theirs or nothing: a reviewer never opens the whole file.
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

pub(super) fn token(pairs: &[(String, String)]) -> &str {
    pairs
        .iter()
        .find(|(k, _)| k == CSRF_FIELD)
        .map_or("", |(_, v)| v.as_str())
}

/// The page `here` again, under the error's status, with the post.
pub(super) async fn refused(
    state: AppState,
    visit: Visit,
    session: StaffSession,
    here: &str,
    headers: HeaderMap,
    pairs: Vec<(String, String)>,
    error: AppError,
) -> Response {
    let here: Uri = here
        .parse()
        .unwrap_or_else(|_| Uri::from_static(urls::STAFF));
    let status = error.status_code();
    crate::routes::render_page_with(state, visit, here, headers, status, move |ext| {
        ext.insert(session);
        ext.insert(PostedForm { pairs, error });
    })
    .await
}

/// What a post to an application asks for.
#[derive(Clone, Copy)]
enum Post {
    /// The front desk's decision: then its notice, to print.
    Decision,
    /// Corrections handed in at the window.
    CorrectionsReceived,
    /// The applicant's withdrawal, with its reason.
    Withdrawal,
    /// The departments' corrections, as one notice.
    ReviewNotice,
}

/// Every post to an application: signed in, the form token, one use case
/// (which checks the role and the state), then on (post/redirect/get) or
/// the page again with what was typed and why not.
async fn post(
    state: AppState,
    visit: Visit,
    session: Option<Extension<StaffSession>>,
    number: String,
    headers: HeaderMap,
    pairs: Vec<(String, String)>,
    what: Post,
) -> Response {
    let Some(Extension(session)) = session else {
        return to_sign_in();
    };
    if !session.csrf_matches(token(&pairs)) {
        tracing::warn!(staff = %session.actor.name, "refused: a post without the form token");
        return refused(
            state,
            visit,
            session,
            &urls::staff_application(&number),
            headers,
            pairs,
            AppError::FormExpired,
        )
        .await;
    }
    let (hall, actor) = (&state.hall, &session.actor);
    let done = match what {
        Post::Decision => hall
            .decide(actor, &number, &pairs)
            .await
            .map(|_| urls::staff_notice(&number)),
        Post::CorrectionsReceived => hall
            .corrections_received(actor, &number)
            .await
            .map(|()| urls::staff_application(&number)),
        Post::Withdrawal => {
            let reason = pairs
                .iter()
                .find(|(k, _)| k == "withdrawal_reason")
                .map_or("", |(_, v)| v.as_str());
            hall.withdraw(actor, &number, reason)
                .await
                .map(|()| urls::staff_application(&number))
        }
        Post::ReviewNotice => hall
            .send_review_notice(actor, &number)
            .await
            .map(|()| urls::staff_application(&number)),
    };
    match done {
        Ok(next) => Redirect::to(&next).into_response(),
        Err(e) => {
            let e = AppError::from(e);
            let here = urls::staff_application(&number);
            refused(state, visit, session, &here, headers, pairs, e).await
        }
    }
}

pub async fn decide(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(
        state,
        visit,
        session,
        number,
        headers,
        pairs,
        Post::Decision,
    )
    .await
}

pub async fn corrections_received(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(
        state,
        visit,
        session,
        number,
        headers,
        pairs,
        Post::CorrectionsReceived,
    )
    .await
}

pub async fn withdrawal(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(
        state,
        visit,
        session,
        number,
        headers,
        pairs,
        Post::Withdrawal,
    )
    .await
}

pub async fn review_notice(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(
        state,
        visit,
        session,
        number,
        headers,
        pairs,
        Post::ReviewNotice,
    )
    .await
}
