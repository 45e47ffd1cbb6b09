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
//!
//! The file routes take two more, per client address too: megabytes sent
//! per window (every upload is charged its declared length before any of
//! it is stored, so a stream of throwaway drafts cannot fill the file
//! store), and live file lists open at once (each one reads the database
//! every 0.7 s).

use crate::configuration::LimitSettings;
use app::state::AppState;
use app::visit::Visit;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub struct Limits {
    lookups: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// One cell per megabyte (MiB) sent.
    uploads: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// The largest request the file routes take, in MiB: what an upload
    /// without a declared length is charged.
    largest_upload_mb: NonZeroU32,
    streams: Arc<OpenStreams>,
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
    #[error("limits.upload_window_seconds and limits.streams must be at least 1")]
    ZeroFiles,
    #[error(
        "limits.upload_megabytes must allow one application's files in one request: at least {0}"
    )]
    UploadsBelowOneRequest(u32),
}

const MIB: u64 = 1024 * 1024;

fn megabytes(bytes: u64) -> u32 {
    u32::try_from(bytes.div_ceil(MIB))
        .unwrap_or(u32::MAX)
        .max(1)
}

impl Limits {
    /// `largest_upload`: the most bytes one request to the file routes may
    /// carry (one application's allowance and the multipart framing).
    pub fn new(
        settings: &LimitSettings,
        client_ip_header: &str,
        largest_upload: u64,
        app: AppState,
    ) -> Result<Self, LimitsError> {
        let burst = NonZeroU32::new(settings.lookups).ok_or(LimitsError::Zero)?;
        let window = Duration::from_secs(u64::from(settings.lookup_window_seconds));
        // `lookups` at once, then one more every window/lookups.
        let quota = Quota::with_period(window / settings.lookups)
            .ok_or(LimitsError::Zero)?
            .allow_burst(burst);
        let largest_upload_mb =
            NonZeroU32::new(megabytes(largest_upload)).ok_or(LimitsError::ZeroFiles)?;
        // Below one full request, an application could never send its
        // files at all (governor refuses a charge above the burst).
        let upload_burst = NonZeroU32::new(settings.upload_megabytes)
            .filter(|b| *b >= largest_upload_mb)
            .ok_or(LimitsError::UploadsBelowOneRequest(largest_upload_mb.get()))?;
        let upload_window = Duration::from_secs(u64::from(settings.upload_window_seconds));
        let upload_quota = Quota::with_period(upload_window / settings.upload_megabytes)
            .ok_or(LimitsError::ZeroFiles)?
            .allow_burst(upload_burst);
        if settings.streams == 0 {
            return Err(LimitsError::ZeroFiles);
        }
        let client_ip_header = match client_ip_header.trim() {
            "" => None,
            name => Some(
                HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes())
                    .map_err(|_| LimitsError::Header(name.to_string()))?,
            ),
        };
        Ok(Self {
            lookups: Arc::new(RateLimiter::keyed(quota)),
            uploads: Arc::new(RateLimiter::keyed(upload_quota)),
            largest_upload_mb,
            streams: Arc::new(OpenStreams {
                open: Mutex::new(HashMap::new()),
                most: settings.streams,
            }),
            client_ip_header,
            app,
        })
    }

    /// Forgets addresses that are back to a full allowance (memory stays
    /// bounded by the addresses seen in one window).
    pub fn spawn_cleanup(&self) {
        let lookups = self.lookups.clone();
        let uploads = self.uploads.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                for limiter in [&lookups, &uploads] {
                    limiter.retain_recent();
                    limiter.shrink_to_fit();
                }
            }
        });
    }

    /// Charges an upload's declared length (a request without one, the
    /// largest allowed) to its client, before any of it is stored.
    /// `Err`: seconds until this much may be sent.
    pub fn charge_upload(&self, client: Option<IpAddr>, declared: Option<u64>) -> Result<(), u64> {
        let Some(client) = client else {
            tracing::warn!("upload without a client address; check server.client_ip_header");
            return Ok(());
        };
        let cost = declared
            .and_then(|bytes| NonZeroU32::new(megabytes(bytes)))
            .map_or(self.largest_upload_mb, |mb| mb.min(self.largest_upload_mb));
        match self.uploads.check_key_n(&client, cost) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => {
                let wait = not_until
                    .wait_time_from(DefaultClock::default().now())
                    .as_secs()
                    .max(1);
                tracing::warn!(%client, megabytes = cost.get(), retry_after = wait, "upload rate limit reached");
                Err(wait)
            }
            // Cannot happen: the burst is at least the largest request.
            Err(_) => Err(1),
        }
    }

    /// A place for one more live file list from this client, held until
    /// the slot is dropped; `None` when it has `limits.streams` open.
    pub fn open_stream(&self, client: Option<IpAddr>) -> Option<StreamSlot> {
        let Some(client) = client else {
            return Some(StreamSlot {
                streams: self.streams.clone(),
                client: None,
            });
        };
        let mut open = self.streams.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(client).or_insert(0);
        if *count >= self.streams.most {
            tracing::warn!(%client, open = *count, "live file list limit reached");
            return None;
        }
        *count += 1;
        Some(StreamSlot {
            streams: self.streams.clone(),
            client: Some(client),
        })
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

/// Live file lists open per client address.
struct OpenStreams {
    open: Mutex<HashMap<IpAddr, u32>>,
    most: u32,
}

/// One open live file list; gives its place back when dropped (the
/// stream ended or the client went away).
pub struct StreamSlot {
    streams: Arc<OpenStreams>,
    client: Option<IpAddr>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let Some(client) = self.client else { return };
        let mut open = self.streams.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&client);
            }
        }
    }
}

/// What a lookup request asks for, and the page that answers a limited one.
#[derive(Debug, PartialEq, Eq)]
enum Lookup {
    ResumeCode(String),
    ApplicationNumber(String),
    /// A server function that answers by application number: refused
    /// with its JSON error, not a page.
    ServerFunction,
}

/// The server functions a citizen could call by number over HTTP (the
/// pages call them in-process, which no limit sees).
fn is_number_function(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/api/") else {
        return false;
    };
    name.strip_prefix("get_application")
        .is_some_and(|hash| hash.bytes().all(|b| b.is_ascii_digit()))
}

/// Every request that could tell whether a resume code or an application
/// number exists, whatever its method: reads, the applicant's posts on a
/// progress page, and the server functions behind them.
fn lookup_of(method: &Method, uri: &Uri) -> Option<Lookup> {
    let path = uri.path();
    if is_number_function(path) {
        return Some(Lookup::ServerFunction);
    }
    let query = |key: &str| {
        form_urlencoded::parse(uri.query()?.as_bytes())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    let reads = matches!(*method, Method::GET | Method::HEAD);
    let mut segments = path.trim_start_matches('/').split('/');
    match (segments.next(), segments.next(), segments.next()) {
        (Some("resume"), Some("find"), None) if reads => {
            Some(Lookup::ResumeCode(query("code").unwrap_or_default()))
        }
        (Some("resume"), Some(code), None) if reads => Some(Lookup::ResumeCode(code.to_string())),
        (Some("applications"), None, _) if reads => query("number")
            .filter(|n| !n.trim().is_empty())
            .map(Lookup::ApplicationNumber),
        (Some("applications"), Some(n), _) if !n.is_empty() => {
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

/// Notes the client's address on the request (`ClientIp`) and returns it.
fn note_client(limits: &Limits, req: &mut Request) -> Option<IpAddr> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let client = limits.client(req.headers(), peer);
    if let Some(ip) = client {
        req.extensions_mut().insert(ClientIp(ip));
    }
    client
}

/// The file routes' layer: the client's address and the limits, for the
/// handlers to charge uploads and open live lists against.
pub async fn for_files(State(limits): State<Limits>, mut req: Request, next: Next) -> Response {
    note_client(&limits, &mut req);
    req.extensions_mut().insert(limits);
    next.run(req).await
}

pub async fn limit_lookups(State(limits): State<Limits>, mut req: Request, next: Next) -> Response {
    let client = note_client(&limits, &mut req);
    let Some(lookup) = lookup_of(req.method(), req.uri()) else {
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
    if lookup == Lookup::ServerFunction {
        tracing::warn!(kind = "server function", %client, retry_after = wait, "lookup rate limit reached");
        return too_many_for_function(wait);
    }
    let (kind, page) = match &lookup {
        Lookup::ResumeCode(code) => ("resume code", app::urls::resume_limited(&kept(code), wait)),
        Lookup::ApplicationNumber(number) => (
            "application number",
            app::urls::track_limited(&kept(number), wait),
        ),
        Lookup::ServerFunction => return too_many_for_function(wait),
    };
    tracing::warn!(kind, %client, retry_after = wait, "lookup rate limit reached");
    let visit = req.extensions().get::<Visit>().cloned().unwrap_or_default();
    let headers = req.headers().clone();
    let uri = page.parse().unwrap_or_default();
    let mut res = crate::render::render_page(
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

/// A limited server function call: its JSON error, 429, when to retry.
fn too_many_for_function(wait: u64) -> Response {
    let body =
        serde_json::to_string(&app::errors::AppError::TooManyLookups { wait }).unwrap_or_default();
    let mut res = Response::new(axum::body::Body::from(body));
    *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(method: Method, uri: &str) -> Option<String> {
        lookup_of(&method, &uri.parse().unwrap()).map(|l| match l {
            Lookup::ResumeCode(c) => format!("resume:{c}"),
            Lookup::ApplicationNumber(n) => format!("number:{n}"),
            Lookup::ServerFunction => "function".to_string(),
        })
    }

    fn kind(uri: &str) -> Option<String> {
        kind_of(Method::GET, uri)
    }

    #[test]
    fn every_method_and_function_that_answers_by_number_is_counted() {
        assert_eq!(
            kind_of(Method::HEAD, "/applications/X").as_deref(),
            Some("number:X")
        );
        for post in [
            "/applications/X/proof",
            "/applications/X/delivery",
            "/applications/X/pickup-renewal",
        ] {
            assert_eq!(
                kind_of(Method::POST, post).as_deref(),
                Some("number:X"),
                "{post}"
            );
        }
        assert_eq!(
            kind_of(Method::POST, "/api/get_application123").as_deref(),
            Some("function")
        );
        assert_eq!(kind_of(Method::POST, "/api/get_application_file123"), None);
        assert_eq!(kind_of(Method::POST, "/resume/find"), None);
        assert_eq!(
            kind("/applications?number=A%20B").as_deref(),
            Some("number:A B")
        );
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
    }

    #[test]
    fn only_code_characters_go_back_into_the_url() {
        assert_eq!(kept("ab<script>&x=1"), "abscriptx1");
    }
}
