//! 评价器 at the desk: a new pairing code, and letting the screen go.
//! Each is a [`StaffForm`] calling one use case (which checks the role).

use super::form::StaffForm;
use app::state::AppState;
use app::urls;
use axum::extract::State;
use axum::response::Response;

pub async fn new_code(State(state): State<AppState>, form: StaffForm) -> Response {
    let done = state
        .hall
        .new_pairing_code(form.actor())
        .await
        .map(|()| urls::STAFF_WINDOW.to_string());
    form.reply(done, urls::STAFF_WINDOW).await
}

pub async fn unpair(State(state): State<AppState>, form: StaffForm) -> Response {
    let done = state
        .hall
        .unpair_window_screen(form.actor())
        .await
        .map(|()| urls::STAFF_WINDOW.to_string());
    form.reply(done, urls::STAFF_WINDOW).await
}
