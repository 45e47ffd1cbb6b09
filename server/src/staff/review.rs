//! A reviewer's posts on a task: a decision, the end of a special step, an
//! extension. Each is a [`StaffForm`] (signed in, form token checked),
//! calls one use case (which checks the role, the department and the
//! state), and either goes back to the task (post/redirect/get) or shows it
//! again with what was typed and why it was refused.

use super::form::StaffForm;
use app::errors::AppError;
use app::state::AppState;
use app::urls;
use axum::extract::{Path, State};
use axum::response::Response;

/// The task's page (only digits go back into a URL).
fn task_page(id: &str) -> (String, String) {
    let id: String = id.chars().filter(char::is_ascii_digit).take(19).collect();
    let here = urls::staff_review_path(&id);
    (id, here)
}

/// Back to the task, or the refusal on it — one the reviewer may not see
/// is shown on their own list (re-rendering the task would be a second
/// refused view).
async fn reply<E: Into<AppError>>(form: StaffForm, done: Result<(), E>, here: String) -> Response {
    let done = done.map(|()| here.clone());
    form.reply_at(done, |e| {
        if *e == AppError::Forbidden {
            urls::STAFF_REVIEWS.to_string()
        } else {
            here.clone()
        }
    })
    .await
}

pub async fn decision(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let (id, here) = task_page(&id);
    let done = state
        .hall
        .decide_review(form.actor(), &id, &form.pairs)
        .await
        .map(|_| ());
    reply(form, done, here).await
}

pub async fn special_step_end(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let (id, here) = task_page(&id);
    let done = state.hall.end_special_step(form.actor(), &id).await;
    reply(form, done, here).await
}

pub async fn extension(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: StaffForm,
) -> Response {
    let (id, here) = task_page(&id);
    let done = state
        .hall
        .extend_review(form.actor(), &id, &form.pairs)
        .await;
    reply(form, done, here).await
}
