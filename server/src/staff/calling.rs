//! 叫号 at the desk: its window, the next number, a re-call, a missed
//! number. Each is a [`StaffForm`] calling one use case (which checks the
//! role); a called number that carries an application opens it.

use super::form::StaffForm;
use app::state::AppState;
use app::urls;
use app::views::queue::desk_url;
use axum::extract::State;
use axum::response::Response;

pub async fn window(State(state): State<AppState>, form: StaffForm) -> Response {
    let done = state
        .hall
        .set_calling_window(form.actor(), form.field("window"))
        .await
        .map(|()| urls::STAFF_CALLING.to_string());
    form.reply(done, urls::STAFF_CALLING).await
}

pub async fn next(State(state): State<AppState>, form: StaffForm) -> Response {
    let role = form.actor().role;
    let done = state
        .hall
        .call_next_ticket(form.actor())
        .await
        .map(|called| match called {
            Some(ticket) => match ticket.application {
                Some(number) => desk_url(role, number.as_str()),
                None => urls::STAFF_CALLING.to_string(),
            },
            None => format!("{}?nobody=1", urls::STAFF_CALLING),
        });
    form.reply(done, urls::STAFF_CALLING).await
}

pub async fn recall(State(state): State<AppState>, form: StaffForm) -> Response {
    let done = state
        .hall
        .recall_ticket(form.actor())
        .await
        .map(|_| urls::STAFF_CALLING.to_string());
    form.reply(done, urls::STAFF_CALLING).await
}

pub async fn no_show(State(state): State<AppState>, form: StaffForm) -> Response {
    let done = state
        .hall
        .ticket_no_show(form.actor())
        .await
        .map(|_| urls::STAFF_CALLING.to_string());
    form.reply(done, urls::STAFF_CALLING).await
}
