//! The issuing window's posts: issue (seal), record a posting, take in a
//! 容缺 commitment's deferred materials, scan a pickup code and confirm
//! the handover. Each checks the form token and calls one use case (which
//! checks the role and the state); then post/redirect/get, or the page
//! again with what was posted and why not.

use super::acceptance::{refused, token};
use super::to_sign_in;
use crate::limits::ClientIp;
use app::errors::AppError;
use app::pages::staff::issuing::ScannedPickup;
use app::pages::staff::PostedForm;
use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hall::StaffSession;

#[derive(Clone, Copy)]
enum Post {
    Issue,
    Mail,
    DeferredReceived,
}

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
    let number = clean(&number);
    let here = match what {
        Post::DeferredReceived => urls::staff_application(&number),
        Post::Issue | Post::Mail => urls::staff_issuing(&number),
    };
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
        Post::Issue => hall.issue(actor, &number).await.map(|()| here.clone()),
        Post::Mail => hall
            .record_post(actor, &number, &pairs)
            .await
            .map(|()| urls::staff_handover(&number)),
        Post::DeferredReceived => hall
            .deferred_materials_received(actor, &number)
            .await
            .map(|()| here.clone()),
    };
    match done {
        Ok(next) => Redirect::to(&next).into_response(),
        Err(e) => {
            let e = AppError::from(e);
            let page = if e == AppError::Forbidden {
                urls::staff_home(actor.role).to_string()
            } else {
                here
            };
            refused(state, visit, session, &page, headers, pairs, e).await
        }
    }
}

pub async fn issue(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, visit, session, number, headers, pairs, Post::Issue).await
}

pub async fn mail(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, visit, session, number, headers, pairs, Post::Mail).await
}

pub async fn deferred_received(
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
        Post::DeferredReceived,
    )
    .await
}

fn scanned_text(pairs: &[(String, String)]) -> &str {
    pairs
        .iter()
        .find(|(k, _)| k == "scan")
        .map_or("", |(_, v)| v.as_str())
}

/// The scanner page again: with the pickup found, and/or why not.
async fn scanner_page(
    state: AppState,
    visit: Visit,
    session: StaffSession,
    headers: HeaderMap,
    found: Option<app::api::PickupScanView>,
    refusal: Option<(Vec<(String, String)>, AppError)>,
) -> Response {
    let status = refusal
        .as_ref()
        .map_or(axum::http::StatusCode::OK, |(_, e)| e.status_code());
    let retry_after = refusal.as_ref().and_then(|(_, e)| e.retry_after());
    let res = crate::routes::render_page_with(
        state,
        visit,
        Uri::from_static(urls::STAFF_PICKUP),
        headers,
        status,
        move |ext| {
            ext.insert(session);
            if let Some(found) = found {
                ext.insert(ScannedPickup(found));
            }
            if let Some((pairs, error)) = refusal {
                ext.insert(PostedForm { pairs, error });
            }
        },
    )
    .await;
    crate::routes::with_retry_after(res, retry_after)
}

/// `POST /staff/pickup`: what the scanner (or the desk) typed.
pub async fn scan(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let Some(Extension(session)) = session else {
        return to_sign_in();
    };
    if !session.csrf_matches(token(&pairs)) {
        tracing::warn!(staff = %session.actor.name, "refused: a scan without the form token");
        return scanner_page(
            state,
            visit,
            session,
            headers,
            None,
            Some((pairs, AppError::FormExpired)),
        )
        .await;
    }
    let scanned = scanned_text(&pairs).to_string();
    match state
        .hall
        .scan_pickup(&session.actor, &scanned, &client_of(client))
        .await
    {
        Ok(file) => {
            let found = app::views::issuing::scan_view(&scanned, &file);
            scanner_page(state, visit, session, headers, Some(found), None).await
        }
        Err(e) => {
            // The typed text is not shown again: a wrong code stays wrong.
            let e = AppError::from(e);
            scanner_page(state, visit, session, headers, None, Some((vec![], e))).await
        }
    }
}

/// `POST /staff/pickup/confirm`: identity checked, hand it over.
pub async fn confirm(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<StaffSession>>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let Some(Extension(session)) = session else {
        return to_sign_in();
    };
    if !session.csrf_matches(token(&pairs)) {
        tracing::warn!(staff = %session.actor.name, "refused: a handover without the form token");
        return scanner_page(
            state,
            visit,
            session,
            headers,
            None,
            Some((pairs, AppError::FormExpired)),
        )
        .await;
    }
    let client = client_of(client);
    let scanned = scanned_text(&pairs).to_string();
    let hall = &state.hall;
    match hall
        .hand_over(&session.actor, &scanned, &pairs, &client)
        .await
    {
        Ok(h) => Redirect::to(&urls::staff_handover(h.number.as_str())).into_response(),
        Err(e) => {
            let e = AppError::from(e);
            // Still handed over to nobody: show the pickup again beside
            // what is missing (the ID tick, the proxy).
            let again = match e {
                AppError::IdentityNotChecked | AppError::NoProxy => hall
                    .scan_pickup(&session.actor, &scanned, &client)
                    .await
                    .ok()
                    .map(|f| app::views::issuing::scan_view(&scanned, &f)),
                _ => None,
            };
            scanner_page(state, visit, session, headers, again, Some((pairs, e))).await
        }
    }
}
