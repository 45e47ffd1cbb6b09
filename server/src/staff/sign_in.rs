//! Signing in and out. A sign-in post comes from our own page or is
//! refused (Sec-Fetch-Site / Origin: nobody is signed in yet, so there is
//! no session token to check); signing out is a post with the token.

use super::form::StaffForm;
use super::StaffCookie;
use crate::limits::ClientIp;
use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::extract::{Extension, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hall::{SignInError, StaffSession};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// A browser says where a post comes from: refuse one from another site
/// (login CSRF signs a desk into someone else's account).
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => match (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            (Some(origin), Some(host)) => origin.split("://").nth(1) == Some(host),
            // No browser headers at all (scripts, old browsers): the
            // session cookie's SameSite=Strict still keeps other sites out.
            (None, _) => true,
            (Some(_), None) => false,
        },
    }
}

pub async fn sign_in(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    client: Option<Extension<ClientIp>>,
    session: Option<Extension<StaffSession>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    if !same_origin(&headers) {
        tracing::warn!("refused: cross-site sign-in post");
        return StatusCode::FORBIDDEN.into_response();
    }
    let client = client.map_or_else(|| "unknown".to_string(), |c| c.0 .0.to_string());
    let cookie = StaffCookie::of(&state);
    match state
        .hall
        .sign_in(&form.name, &form.password, &client)
        .await
    {
        Ok(signed_in) => {
            // A new id every time; the session this browser had ends.
            if let Some(Extension(old)) = session {
                if let Err(e) = state.hall.sign_out(&old).await {
                    tracing::warn!(error = %e, "could not end the previous session");
                }
            }
            let mut res = Redirect::to(urls::staff_home(signed_in.actor.role)).into_response();
            res.headers_mut()
                .append(header::SET_COOKIE, cookie.set(&signed_in.session_id));
            res
        }
        Err(SignInError::Refused) => Redirect::to(&format!(
            "{}&name={}",
            urls::staff_sign_in("wrong"),
            urls::query_value(&form.name.trim().chars().take(64).collect::<String>())
        ))
        .into_response(),
        Err(SignInError::Throttled { retry_after_secs }) => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            let mut res = Redirect::to(&format!(
                "{}&wait={minutes}",
                urls::staff_sign_in("throttled")
            ))
            .into_response();
            if let Ok(v) = header::HeaderValue::from_str(&retry_after_secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        Err(SignInError::Storage(e)) => super::unavailable(state, visit, headers, e.into()).await,
    }
}

/// Signing out here, or everywhere (a lost phone, a shared desk).
async fn end(state: AppState, form: StaffForm, everywhere: bool) -> Response {
    let done = if everywhere {
        state
            .hall
            .sign_out_everywhere(&form.session)
            .await
            .map(|_| ())
    } else {
        state.hall.sign_out(&form.session).await
    };
    if let Err(e) = done {
        return form.unavailable(e.into()).await;
    }
    let mut res = Redirect::to(&urls::staff_sign_in("signed_out")).into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, StaffCookie::of(&state).expire());
    res
}

pub async fn sign_out(State(state): State<AppState>, form: StaffForm) -> Response {
    end(state, form, false).await
}

pub async fn sign_out_everywhere(State(state): State<AppState>, form: StaffForm) -> Response {
    end(state, form, true).await
}
