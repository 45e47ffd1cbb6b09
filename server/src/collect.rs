//! The applicant's posts on their progress page: the proof (last 6
//! characters of the ID number or credit code), the delivery choice, and a
//! new pickup code. Each is a [`VisitForm`] and calls one use case with the
//! visit (the proof is bound to it: a kiosk's ends with its visit); then
//! back to the page, or the page again with what was typed and why not.

use crate::visit_form::VisitForm;
use app::state::AppState;
use app::urls;
use axum::extract::{Path, State};
use axum::response::Response;

/// Only what an application number can contain goes back into a URL.
pub(crate) fn progress_page(number: &str) -> (String, String) {
    let number: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(20)
        .collect();
    let page = urls::progress(&number);
    (number, page)
}

pub async fn proof(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: VisitForm,
) -> Response {
    let (number, page) = progress_page(&number);
    let done = state
        .hall
        .prove_applicant(&number, form.field("id_tail"), &form.token, &form.client)
        .await
        .map(|()| format!("{page}#collect"));
    // The proof's typed characters are not shown again.
    form.reply(done, &page, false).await
}

pub async fn delivery(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: VisitForm,
) -> Response {
    let (number, page) = progress_page(&number);
    let done = state
        .hall
        .choose_delivery(&number, &form.token, &form.pairs)
        .await
        .map(|_| format!("{page}?saved=1#collect"));
    form.reply(done, &page, true).await
}

pub async fn new_pickup(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: VisitForm,
) -> Response {
    let (number, page) = progress_page(&number);
    let done = state
        .hall
        .renew_pickup(&number, &form.token)
        .await
        .map(|()| format!("{page}#collect"));
    form.reply(done, &page, true).await
}
