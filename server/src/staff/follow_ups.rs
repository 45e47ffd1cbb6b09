//! 差评回访's posts: the responsible reviewer's reply, the supervisor's
//! closing. Each is a [`StaffForm`] calling one use case (which checks the
//! role, the department and the state).

use super::form::StaffForm;
use app::errors::AppError;
use app::state::AppState;
use app::urls;
use axum::extract::{Path, State};
use axum::response::Response;

/// The follow-up's page (only what a number or a touchpoint can contain
/// goes back into a URL).
fn follow_up_page(number: &str, touchpoint: &str) -> (String, String, String) {
    let clean = |s: &str, max: usize| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(max)
            .collect()
    };
    let (number, touchpoint) = (clean(number, 20), clean(touchpoint, 20));
    let here = urls::staff_follow_up(&number, &touchpoint);
    (number, touchpoint, here)
}

/// Back to the follow-up (or the list once closed), or the refusal on it;
/// one the staff member may not see is shown on their own list.
async fn reply_on<E: Into<AppError>>(
    form: StaffForm,
    done: Result<String, E>,
    here: String,
) -> Response {
    form.reply_at(done, |e| {
        if *e == AppError::Forbidden {
            urls::STAFF_FOLLOW_UPS.to_string()
        } else {
            here.clone()
        }
    })
    .await
}

pub async fn reply(
    State(state): State<AppState>,
    Path((number, touchpoint)): Path<(String, String)>,
    form: StaffForm,
) -> Response {
    let (number, touchpoint, here) = follow_up_page(&number, &touchpoint);
    let done = state
        .hall
        .reply_to_rating(
            form.actor(),
            &number,
            &touchpoint,
            form.field("callback"),
            form.field("rectification"),
        )
        .await
        .map(|()| here.clone());
    reply_on(form, done, here).await
}

pub async fn close(
    State(state): State<AppState>,
    Path((number, touchpoint)): Path<(String, String)>,
    form: StaffForm,
) -> Response {
    let (number, touchpoint, here) = follow_up_page(&number, &touchpoint);
    let done = state
        .hall
        .close_follow_up(form.actor(), &number, &touchpoint)
        .await
        .map(|()| urls::STAFF_FOLLOW_UPS.to_string());
    reply_on(form, done, here).await
}
