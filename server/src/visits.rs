//! The visit: a token for every browser session (drafts are tied to it),
//! the language and text-size switches, and a kiosk's start and end.

use app::i18n::{Lang, LANG_COOKIE};
use app::state::AppState;
use app::visit::{KioskTerminal, Visit, KIOSK_COOKIE, TEXT_COOKIE, VISIT_COOKIE};
use axum::extract::{Extension, Path, Query, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// How this hall writes its cookies: session cookies only (a shared
/// terminal must not keep them past the browser session), never read by
/// scripts; over https also `Secure` and `__Host-` named.
#[derive(Clone, Copy)]
struct Cookies {
    secure: bool,
}

impl Cookies {
    fn of(state: &AppState) -> Self {
        Self {
            secure: state.secure_cookies,
        }
    }

    fn attributes(self) -> &'static str {
        if self.secure {
            "Path=/; Secure; HttpOnly; SameSite=Lax"
        } else {
            "Path=/; HttpOnly; SameSite=Lax"
        }
    }

    fn name(self, base: &str) -> String {
        if self.secure {
            format!("{}{base}", app::visit::SECURE_PREFIX)
        } else {
            base.to_string()
        }
    }

    fn set(self, name: &str, value: &str) -> String {
        format!("{}={value}; {}", self.name(name), self.attributes())
    }

    fn expire(self, name: &str) -> String {
        format!("{}=; {}; Max-Age=0", self.name(name), self.attributes())
    }
}

fn set_cookies(res: &mut Response, cookies: &[String]) {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
}

/// Reads the visit from the cookies into the request (pages, server
/// functions and handlers take it from there), issuing a token to a new
/// browser. Pages are personal (language, drafts): never stored by a
/// cache, so "back" after a kiosk wipe asks the server again.
pub async fn visit_middleware(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let cookies = Cookies::of(&state);
    let mut visit = Visit::from_cookie_headers(
        req.headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
        cookies.secure,
    );
    let issued = match &visit.token {
        Some(_) => None,
        None => {
            let token = app::visit::random_token();
            visit.token = Some(token.clone());
            Some(token)
        }
    };
    // The language alone too, for what answers without a page (a server
    // function's refusal).
    req.extensions_mut().insert(visit.lang);
    req.extensions_mut().insert(visit);
    let mut res = next.run(req).await;
    if let Some(token) = issued {
        let prefix = format!("{}=", cookies.name(VISIT_COOKIE));
        let handler_set_one = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|v| v.as_bytes().starts_with(prefix.as_bytes()));
        if !handler_set_one {
            set_cookies(&mut res, &[cookies.set(VISIT_COOKIE, token.as_str())]);
        }
    }
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

#[derive(Deserialize)]
pub struct NextPath {
    next: Option<String>,
}

/// Only paths on this site: never an open redirect. A browser drops tabs
/// and newlines from a URL and reads `\\` as `/`, so `/\t/evil.example` or
/// `/\\evil.example` would become `//evil.example`, another site: any
/// control character, whitespace or backslash sends the visitor home
/// instead, and what is left must be a valid header value.
pub fn local_path(next: Option<String>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p
                    .chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == '\\') =>
        {
            // Non-ASCII (a search for 营业执照) goes back percent-encoded.
            percent_encoding::utf8_percent_encode(&p, percent_encoding::CONTROLS).to_string()
        }
        _ => "/".to_string(),
    }
}

/// The language switch on every page.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(tag): Path<String>,
    Query(q): Query<NextPath>,
) -> Response {
    let mut res = Redirect::to(&local_path(q.next)).into_response();
    if let Some(lang) = Lang::from_tag(&tag) {
        set_cookies(
            &mut res,
            &[Cookies::of(&state).set(LANG_COOKIE, lang.tag())],
        );
    }
    res
}

/// The large-text switch on every page (`large` or `standard`).
pub async fn switch_text_size(
    State(state): State<AppState>,
    Path(size): Path<String>,
    Query(q): Query<NextPath>,
) -> Response {
    let mut res = Redirect::to(&local_path(q.next)).into_response();
    let cookies = Cookies::of(&state);
    match size.as_str() {
        "large" => set_cookies(&mut res, &[cookies.set(TEXT_COOKIE, "large")]),
        "standard" => set_cookies(&mut res, &[cookies.expire(TEXT_COOKIE)]),
        _ => {}
    }
    res
}

#[derive(Deserialize)]
pub struct KioskQuery {
    idle: Option<u16>,
    warning: Option<u16>,
}

/// A terminal's start URL: this browser becomes a kiosk (with the
/// configured idle times unless the URL gives its own) and starts a fresh
/// visit on the start screen.
pub async fn start_kiosk(State(state): State<AppState>, Query(q): Query<KioskQuery>) -> Response {
    let defaults = state.kiosk_defaults;
    let Some(terminal) = KioskTerminal::new(
        q.idle.unwrap_or(defaults.idle_seconds),
        q.warning.unwrap_or(defaults.warning_seconds),
    ) else {
        return (
            StatusCode::BAD_REQUEST,
            format!(
                "idle and warning must be whole seconds from {} to {}",
                KioskTerminal::MIN_SECONDS,
                KioskTerminal::MAX_SECONDS
            ),
        )
            .into_response();
    };
    let cookies = Cookies::of(&state);
    let mut res = fresh_visit(cookies);
    set_cookies(
        &mut res,
        &[cookies.set(KIOSK_COOKIE, &terminal.cookie_value())],
    );
    res
}

/// "Finish" and the idle timeout: the next citizen gets a new visit (the
/// last one's drafts no longer open from this browser's history), the
/// language and text size go back to the defaults, and the browser is told
/// to drop this site's storage and cache.
pub async fn end_visit(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
) -> Response {
    // Its upload-by-phone codes and 我的办件 end with it (they reach
    // nothing once the visit is gone; this deletes them).
    if let Some(token) = &visit.token {
        if let Err(e) = state.hall.end_visit(token).await {
            tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "could not end what the visit opened");
        }
    }
    let mut res = fresh_visit(Cookies::of(&state));
    res.headers_mut().insert(
        HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    tracing::info!("visit ended");
    res
}

fn fresh_visit(cookies: Cookies) -> Response {
    let mut res = Redirect::to("/").into_response();
    set_cookies(
        &mut res,
        &[
            cookies.set(VISIT_COOKIE, app::visit::random_token().as_str()),
            cookies.expire(LANG_COOKIE),
            cookies.expire(TEXT_COOKIE),
        ],
    );
    res
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(local_path(Some("/matters/A".into())), "/matters/A");
        assert_eq!(local_path(Some("//evil.example".into())), "/");
        assert_eq!(local_path(Some("https://evil.example".into())), "/");
        assert_eq!(local_path(Some("/\\evil.example".into())), "/");
        assert_eq!(local_path(None), "/");
        assert_eq!(
            local_path(Some("/matters?q=营业".into())),
            "/matters?q=%E8%90%A5%E4%B8%9A"
        );
        for bad in [
            "/\t/evil.example",
            "/\n",
            "/\0",
            "/\r\n",
            "/\u{7f}",
            "/\u{b}",
            "/ /x",
            "/\u{3000}/x",
        ] {
            assert_eq!(local_path(Some(bad.into())), "/", "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_next_is_a_local_path_that_a_header_can_carry(next in "(?s).{0,30}") {
            let p = local_path(Some(next));
            proptest::prop_assert!(p.starts_with('/') && !p.starts_with("//"));
            proptest::prop_assert!(axum::http::HeaderValue::from_str(&p).is_ok());
        }
    }
}
