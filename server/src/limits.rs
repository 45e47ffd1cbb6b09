//! Rate limits per client address on guessable lookups: resume codes
//! (`/resume/find`, `/resume/{code}`) and application numbers
//! (`/applications?number=`, `/applications/{number}[/receipt]`). Later the
//! pickup code and staff login take their own limiter of this kind.
//!
//! In memory, per server process (the `governor` crate's keyed GCRA):
//! with several servers each one limits on its own, so the effective limit
//! is the configured one times the servers — still far from enough to
//! guess a 30⁷ resume code or a 30⁹ number. A limited request gets the page
//! it asked for with what was typed and when to try again (429,
//! `Retry-After`); the log names the kind of lookup, never the code.

use crate::configuration::LimitSettings;
use app::state::AppState;
use app::visit::Visit;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct Limits {
    lookups: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// Behind a reverse proxy: the header it writes the client's address
    /// into. None: the TCP peer is the client.
    client_ip_header: Option<HeaderName>,
    app: AppState,
}

#[derive(Debug, thiserror::Error)]
pub enum LimitsError {
    #[error("limits.lookups and limits.lookup_window_seconds must be at least 1")]
    Zero,
    #[error("server.client_ip_header {0:?} is not a header name")]
    Header(String),
}

impl Limits {
    pub fn new(
        settings: &LimitSettings,
        client_ip_header: &str,
        app: AppState,
    ) -> Result<Self, LimitsError> {
        let burst = NonZeroU32::new(settings.lookups).ok_or(LimitsError::Zero)?;
        let window = Duration::from_secs(u64::from(settings.lookup_window_seconds));
        // `lookups` at once, then one more every window/lookups.
        let quota = Quota::with_period(window / settings.lookups)
            .ok_or(LimitsError::Zero)?
            .allow_burst(burst);
        let client_ip_header = match client_ip_header.trim() {
            "" => None,
            name => Some(
                HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes())
                    .map_err(|_| LimitsError::Header(name.to_string()))?,
            ),
        };
        Ok(Self {
            lookups: Arc::new(RateLimiter::keyed(quota)),
            client_ip_header,
            app,
        })
    }

    /// Forgets addresses that are back to a full allowance (memory stays
    /// bounded by the addresses seen in one window).
    pub fn spawn_cleanup(&self) {
        let lookups = self.lookups.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                lookups.retain_recent();
                lookups.shrink_to_fit();
            }
        });
    }

    fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        match &self.client_ip_header {
            // X-Forwarded-For: the proxy appends the address it saw last.
            Some(name) => headers
                .get(name)?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()?
                .trim()
                .parse()
                .ok(),
            None => peer.map(|p| p.ip()),
        }
    }
}

/// What a lookup request asks for, and the page that answers a limited one.
enum Lookup {
    ResumeCode(String),
    ApplicationNumber(String),
}

fn lookup_of(uri: &Uri) -> Option<Lookup> {
    let path = uri.path();
    let query = |key: &str| {
        uri.query()?
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
    };
    let mut segments = path.trim_start_matches('/').split('/');
    match (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) {
        (Some("resume"), Some("find"), None, _) => {
            Some(Lookup::ResumeCode(query("code").unwrap_or_default()))
        }
        (Some("resume"), Some(code), None, _) => Some(Lookup::ResumeCode(code.to_string())),
        (Some("applications"), None, _, _) => query("number")
            .filter(|n| !n.trim().is_empty())
            .map(Lookup::ApplicationNumber),
        (Some("applications"), Some(n), None | Some("receipt"), None) => {
            Some(Lookup::ApplicationNumber(n.to_string()))
        }
        _ => None,
    }
}

/// Only what a code can contain goes back into the page's URL.
fn kept(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(20)
        .collect()
}

/// The client's address as the limits see it (the peer, or the trusted
/// proxy's header), for handlers that count by it in the database.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub IpAddr);

pub async fn limit_lookups(State(limits): State<Limits>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let client = limits.client(req.headers(), peer);
    if let Some(ip) = client {
        req.extensions_mut().insert(ClientIp(ip));
    }
    if req.method() != axum::http::Method::GET {
        return next.run(req).await;
    }
    let Some(lookup) = lookup_of(req.uri()) else {
        return next.run(req).await;
    };
    let Some(client) = client else {
        // No address to key on (misconfigured proxy header): refuse to
        // guess rather than let everyone share one allowance.
        tracing::warn!("lookup without a client address; check server.client_ip_header");
        return next.run(req).await;
    };
    let Err(not_until) = limits.lookups.check_key(&client) else {
        return next.run(req).await;
    };
    let wait = not_until
        .wait_time_from(DefaultClock::default().now())
        .as_secs()
        .max(1);
    let (kind, page) = match &lookup {
        Lookup::ResumeCode(code) => (
            "resume code",
            format!("/resume?code={}&problem=too_many&wait={wait}", kept(code)),
        ),
        Lookup::ApplicationNumber(number) => (
            "application number",
            format!(
                "/applications?number={}&problem=too_many&wait={wait}",
                kept(number)
            ),
        ),
    };
    tracing::warn!(kind, %client, retry_after = wait, "lookup rate limit reached");
    let visit = req.extensions().get::<Visit>().cloned().unwrap_or_default();
    let headers = req.headers().clone();
    let uri = page.parse().unwrap_or_default();
    let mut res = crate::routes::render_page(
        limits.app.clone(),
        visit,
        uri,
        headers,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(uri: &str) -> Option<String> {
        lookup_of(&uri.parse().unwrap()).map(|l| match l {
            Lookup::ResumeCode(c) => format!("resume:{c}"),
            Lookup::ApplicationNumber(n) => format!("number:{n}"),
        })
    }

    #[test]
    fn only_lookups_by_code_or_number_are_counted() {
        assert_eq!(kind("/resume/find?code=AB").as_deref(), Some("resume:AB"));
        assert_eq!(
            kind("/resume/ABCD-EFGH").as_deref(),
            Some("resume:ABCD-EFGH")
        );
        assert_eq!(kind("/applications?number=X").as_deref(), Some("number:X"));
        assert_eq!(kind("/applications/X").as_deref(), Some("number:X"));
        assert_eq!(kind("/applications/X/receipt").as_deref(), Some("number:X"));
        assert_eq!(kind("/applications"), None);
        assert_eq!(kind("/applications?number="), None);
        assert_eq!(kind("/resume"), None);
        assert_eq!(kind("/matters/GA-HJ-001"), None);
        assert_eq!(kind("/applications/X/other"), None);
    }

    #[test]
    fn only_code_characters_go_back_into_the_url() {
        assert_eq!(kept("ab<script>&x=1"), "abscriptx1");
    }
}
