//! The issuing window's posts: issue (seal), record a posting, take in a
//! 容缺 commitment's deferred materials, scan a pickup code and confirm
//! the handover. Each is a [`StaffForm`] (signed in, form token checked)
//! and calls one use case (which checks the role and the state); then
//! post/redirect/get, or the page again with what was posted and why not.

use super::form::StaffForm;
use crate::limits::ClientIp;
use app::errors::AppError;
use app::pages::staff::issuing::ScannedPickup;
use app::state::AppState;
use app::urls;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

fn client_of(client: Option<Extension<ClientIp>>) -> String {
    client.map_or_else(|| "unknown".to_string(), |c| c.0 .0.to_string())
}

/// Only what an application number can contain goes back into a URL.
fn clean(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(20)
        .collect()
}

/// On, or the refusal on `here` — one the desk may not see on its own
/// home.
async fn reply<E: Into<AppError>>(
    form: StaffForm,
    done: Result<String, E>,
    here: String,
) -> Response {
    let home = urls::staff_home(form.actor().role).to_string();
    form.reply_at(done, |e| {
        if *e == AppError::Forbidden {
            home
        } else {
            here
        }
    })
    .await
}

pub async fn issue(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: StaffForm,
) -> Response {
    let number = clean(&number);
    let here = urls::staff_issuing(&number);
    let done = state
        .hall
        .issue(form.actor(), &number)
        .await
        .map(|()| here.clone());
    reply(form, done, here).await
}

pub async fn mail(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: StaffForm,
) -> Response {
    let number = clean(&number);
    let done = state
        .hall
        .record_post(form.actor(), &number, &form.pairs)
        .await
        .map(|()| urls::staff_handover(&number));
    reply(form, done, urls::staff_issuing(&number)).await
}

pub async fn deferred_received(
    State(state): State<AppState>,
    Path(number): Path<String>,
    form: StaffForm,
) -> Response {
    let number = clean(&number);
    let here = urls::staff_application(&number);
    let done = state
        .hall
        .deferred_materials_received(form.actor(), &number)
        .await
        .map(|()| here.clone());
    reply(form, done, here).await
}

fn scanned_text(pairs: &[(String, String)]) -> &str {
    pairs
        .iter()
        .find(|(k, _)| k == "scan")
        .map_or("", |(_, v)| v.as_str())
}

/// `POST /staff/pickup`: what the scanner (or the desk) typed.
pub async fn scan(
    State(state): State<AppState>,
    client: Option<Extension<ClientIp>>,
    mut form: StaffForm,
) -> Response {
    let scanned = scanned_text(&form.pairs).to_string();
    match state
        .hall
        .scan_pickup(form.actor(), &scanned, &client_of(client))
        .await
    {
        Ok(file) => {
            let found = app::views::issuing::scan_view(&scanned, &file);
            form.show(urls::STAFF_PICKUP, move |ext| {
                ext.insert(ScannedPickup(found));
            })
            .await
        }
        Err(e) => {
            // The typed text is not shown again: a wrong code stays wrong.
            form.pairs.clear();
            form.again(urls::STAFF_PICKUP, e.into()).await
        }
    }
}

/// `POST /staff/pickup/confirm`: identity checked, hand it over.
pub async fn confirm(
    State(state): State<AppState>,
    client: Option<Extension<ClientIp>>,
    form: StaffForm,
) -> Response {
    let client = client_of(client);
    let scanned = scanned_text(&form.pairs).to_string();
    let hall = &state.hall;
    match hall
        .hand_over(form.actor(), &scanned, &form.pairs, &client)
        .await
    {
        Ok(h) => Redirect::to(&urls::staff_handover(h.number.as_str())).into_response(),
        Err(e) => {
            let e = AppError::from(e);
            // Still handed over to nobody: show the pickup again beside
            // what is missing (the ID tick, the proxy).
            let again = match e {
                AppError::IdentityNotChecked | AppError::NoProxy => hall
                    .scan_pickup(form.actor(), &scanned, &client)
                    .await
                    .ok()
                    .map(|f| app::views::issuing::scan_view(&scanned, &f)),
                _ => None,
            };
            form.again_with(urls::STAFF_PICKUP, e, move |ext| {
                if let Some(found) = again {
                    ext.insert(ScannedPickup(found));
                }
            })
            .await
        }
    }
}
