//! 我的办件's posts: a mobile number (a code is sent), the code (the list
//! opens for this visit), and leaving. Each is a [`VisitForm`] calling one
//! use case; then back to the page, or the page again with why not.

use crate::visit_form::VisitForm;
use app::state::AppState;
use app::urls;
use axum::extract::State;
use axum::response::Response;

pub async fn send_code(State(state): State<AppState>, form: VisitForm) -> Response {
    let done = state
        .hall
        .send_sign_in_code(form.field("mobile"), &form.token, &form.client)
        .await
        .map(|()| urls::MY_APPLICATIONS.to_string());
    form.reply(done, urls::MY_APPLICATIONS, true).await
}

pub async fn enter(State(state): State<AppState>, form: VisitForm) -> Response {
    let done = state
        .hall
        .enter_sign_in_code(
            form.field("code"),
            &form.token,
            &form.client,
            form.at_kiosk(),
        )
        .await
        .map(|()| urls::MY_APPLICATIONS.to_string());
    // The code is not shown again.
    form.reply(done, urls::MY_APPLICATIONS, false).await
}

pub async fn leave(State(state): State<AppState>, form: VisitForm) -> Response {
    let done = state
        .hall
        .leave_my_applications(&form.token)
        .await
        .map(|()| urls::MY_APPLICATIONS.to_string());
    form.reply(done, urls::MY_APPLICATIONS, false).await
}
