//! A reviewer's posts on a task: a decision, the end of a special step, an
//! extension. Each checks the form token, calls one use case (which checks
//! the role, the department and the state), and either goes back to the
//! task (post/redirect/get) or shows it again with what was typed and why
//! it was refused.

use super::acceptance::{refused, token};
use super::to_sign_in;
use app::errors::AppError;
use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::extract::{Extension, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hall::StaffSession;

#[derive(Clone, Copy)]
enum Post {
    Decision,
    EndSpecialStep,
    Extension,
}

async fn post(
    state: AppState,
    visit: Visit,
    session: Option<Extension<StaffSession>>,
    id: String,
    headers: HeaderMap,
    pairs: Vec<(String, String)>,
    what: Post,
) -> Response {
    let Some(Extension(session)) = session else {
        return to_sign_in();
    };
    // Only digits go back into a URL.
    let id: String = id.chars().filter(char::is_ascii_digit).take(19).collect();
    let here = format!("{}/{id}", urls::STAFF_REVIEWS);
    if !session.csrf_matches(token(&pairs)) {
        tracing::warn!(staff = %session.actor.name, "refused: a post without the form token");
        return refused(
            state,
            visit,
            session,
            &here,
            headers,
            pairs,
            AppError::FormExpired,
        )
        .await;
    }
    let (hall, actor) = (&state.hall, &session.actor);
    let done = match what {
        Post::Decision => hall.decide_review(actor, &id, &pairs).await.map(|_| ()),
        Post::EndSpecialStep => hall.end_special_step(actor, &id).await,
        Post::Extension => hall.extend_review(actor, &id, &pairs).await,
    };
    match done {
        Ok(()) => Redirect::to(&here).into_response(),
        Err(e) => {
            let e = AppError::from(e);
            // Not theirs to see: the refusal is shown on their own list
            // (re-rendering the task would be a second refused view).
            let page = if e == AppError::Forbidden {
                urls::STAFF_REVIEWS.to_string()
            } else {
                here
            };
            refused(state, visit, session, &page, headers, pairs, e).await
        }
    }
}

pub async fn decision(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, visit, session, id, headers, pairs, Post::Decision).await
}

pub async fn special_step_end(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(
        state,
        visit,
        session,
        id,
        headers,
        pairs,
        Post::EndSpecialStep,
    )
    .await
}

pub async fn extension(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, visit, session, id, headers, pairs, Post::Extension).await
}
