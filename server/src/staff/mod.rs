//! The staff desks' routes and session layer. The layer finds the session
//! behind the staff cookie and puts it in the request (pages and server
//! functions read it there); it sends signed-out visits to `/staff/*`
//! pages to sign in and marks every staff response `no-store`. The use
//! cases check roles themselves: this layer only says who is asking.

mod acceptance;
mod assist;
mod calling;
mod follow_ups;
mod form;
mod issuing;
mod report;
mod review;
mod sign_in;
mod window;

use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};

const COOKIE: &str = "hall_staff";

pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        (urls::STAFF_SIGN_IN, post(sign_in::sign_in)),
        (urls::STAFF_SIGN_OUT, post(sign_in::sign_out)),
        (
            urls::STAFF_SIGN_OUT_EVERYWHERE,
            post(sign_in::sign_out_everywhere),
        ),
        (urls::STAFF_FIND, get(acceptance::find)),
        (urls::STAFF_REPORT_CSV, get(report::csv)),
        (
            "/staff/applications/{number}/decision",
            post(acceptance::decide),
        ),
        (
            "/staff/applications/{number}/corrections-received",
            post(acceptance::corrections_received),
        ),
        (
            "/staff/applications/{number}/withdrawal",
            post(acceptance::withdrawal),
        ),
        (
            "/staff/applications/{number}/review-notice",
            post(acceptance::review_notice),
        ),
        ("/staff/reviews/{id}/decision", post(review::decision)),
        (
            "/staff/reviews/{id}/special-step-end",
            post(review::special_step_end),
        ),
        ("/staff/reviews/{id}/extension", post(review::extension)),
        (
            "/staff/applications/{number}/deferred-received",
            post(issuing::deferred_received),
        ),
        ("/staff/issuing/{number}/issue", post(issuing::issue)),
        ("/staff/issuing/{number}/post", post(issuing::mail)),
        (urls::STAFF_PICKUP, post(issuing::scan)),
        (urls::STAFF_PICKUP_CONFIRM, post(issuing::confirm)),
        (urls::STAFF_WINDOW_CODE, post(window::new_code)),
        (urls::STAFF_CALLING_WINDOW, post(calling::window)),
        (urls::STAFF_CALLING_NEXT, post(calling::next)),
        (urls::STAFF_CALLING_RECALL, post(calling::recall)),
        (urls::STAFF_CALLING_NO_SHOW, post(calling::no_show)),
        (urls::STAFF_WINDOW_UNPAIR, post(window::unpair)),
        (urls::STAFF_ASSIST_START, post(assist::start)),
        ("/staff/assist/{id}/phone", post(assist::phone)),
        ("/staff/assist/{id}/signed", post(assist::signed)),
        (
            "/staff/follow-ups/{number}/{touchpoint}/reply",
            post(follow_ups::reply),
        ),
        (
            "/staff/follow-ups/{number}/{touchpoint}/close",
            post(follow_ups::close),
        ),
    ]
}

/// The staff cookie is `Secure` (and `__Host-`) unless the hall is served
/// from this machine itself: a desk's session never crosses a network in
/// the clear.
#[derive(Clone, Copy)]
pub(crate) struct StaffCookie {
    secure: bool,
}

impl StaffCookie {
    pub(crate) fn of(state: &AppState) -> Self {
        let host = state
            .public_base_url
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .split('/')
            .next()
            .unwrap_or_default();
        let host = host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        });
        let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
        Self {
            secure: state.secure_cookies || !local,
        }
    }

    fn name(self) -> String {
        if self.secure {
            format!("{}{COOKIE}", app::visit::SECURE_PREFIX)
        } else {
            COOKIE.to_string()
        }
    }

    fn attributes(self) -> &'static str {
        if self.secure {
            "Path=/; Secure; HttpOnly; SameSite=Strict"
        } else {
            "Path=/; HttpOnly; SameSite=Strict"
        }
    }

    pub(crate) fn set(self, session_id: &str) -> HeaderValue {
        HeaderValue::from_str(&format!(
            "{}={session_id}; {}",
            self.name(),
            self.attributes()
        ))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    pub(crate) fn expire(self) -> HeaderValue {
        HeaderValue::from_str(&format!(
            "{}=; {}; Max-Age=0",
            self.name(),
            self.attributes()
        ))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    /// The session id the browser sent, if any.
    pub(crate) fn read(self, headers: &HeaderMap) -> Option<String> {
        let name = self.name();
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(cookie::Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|c| c.name() == name)
            .map(|c| c.value().to_string())
            .filter(|id| id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

fn is_staff_path(path: &str) -> bool {
    path == urls::STAFF || path.starts_with("/staff/")
}

pub async fn staff_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let cookie = StaffCookie::of(&state);
    let sent = cookie.read(req.headers());
    let mut ended = false;
    if let Some(id) = &sent {
        match state.hall.staff_session(id).await {
            Ok(session) => {
                req.extensions_mut().insert(session);
            }
            Err(hall::SessionError::NotSignedIn) => ended = true,
            // The database is down: the desk gets the 503 page's status
            // (the cause is logged once by the conversion).
            Err(hall::SessionError::Storage(e)) => {
                let visit = req.extensions().get::<Visit>().cloned().unwrap_or_default();
                let headers = req.headers().clone();
                return unavailable(state, visit, headers, e.into()).await;
            }
        }
    }
    let path = req.uri().path().to_string();
    let staff_page = is_staff_path(&path) && path != urls::STAFF_SIGN_IN;
    let signed_in = req.extensions().get::<hall::StaffSession>().is_some();
    if staff_page && !signed_in && req.method() == Method::GET {
        let to = if ended {
            urls::staff_sign_in("expired")
        } else {
            urls::STAFF_SIGN_IN.to_string()
        };
        let mut res = Redirect::to(&to).into_response();
        if ended {
            res.headers_mut()
                .append(header::SET_COOKIE, cookie.expire());
        }
        return res;
    }
    let mut res = next.run(req).await;
    if is_staff_path(&path) {
        // Personal data: never kept by the browser or a proxy.
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if ended && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut()
            .append(header::SET_COOKIE, cookie.expire());
    }
    res
}

/// The database is down (logged once by the conversion into `e`): the
/// sign-in page says so, under 503.
pub(crate) async fn unavailable(
    state: AppState,
    visit: Visit,
    headers: HeaderMap,
    e: app::errors::AppError,
) -> Response {
    let uri = urls::staff_sign_in("unavailable")
        .parse()
        .unwrap_or_default();
    crate::render::render_page(state, visit, uri, headers, e.status_code()).await
}

/// Tells a signed-out post where to go (its form is lost with the session;
/// nothing was changed).
pub(crate) fn to_sign_in() -> Response {
    Redirect::to(&urls::staff_sign_in("expired")).into_response()
}
