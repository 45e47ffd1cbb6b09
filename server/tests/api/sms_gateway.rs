//! A local stand-in for 阿里云短信's `SendSms` endpoint that checks each
//! request as the provider documents it — every common parameter present,
//! the timestamp fresh, the nonce unused, and the HMAC-SHA1 signature over
//! the canonical query recomputed here, independently of the server's
//! code — and records what it accepted. It can be down (503), throttle
//! (`isv.BUSINESS_LIMIT_CONTROL`) or be slow, as the tests need.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use hmac::{Hmac, Mac};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const SECRET: &str = "gateway-test-access-key-secret-0123";
pub const KEY_ID: &str = "LTAI5tGatewayTest";

#[derive(Clone, Debug)]
pub struct Sms {
    pub phone: String,
    pub template: String,
    pub params: serde_json::Map<String, serde_json::Value>,
    pub out_id: String,
    pub sign_name: String,
    /// The whole request body, to check nothing personal travels.
    pub raw: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Up,
    /// 503, as a provider outage.
    Down,
    /// This many more requests answered with 业务限流.
    Throttle(u32),
    /// Every number refused as invalid (isv.MOBILE_NUMBER_ILLEGAL).
    RefuseNumbers,
}

#[derive(Default)]
struct Recorded {
    accepted: Vec<Sms>,
    nonces: HashSet<String>,
}

pub struct GatewayState {
    mode: Mutex<Mode>,
    recorded: Mutex<Recorded>,
    delay: Mutex<Duration>,
    pub bad_signatures: AtomicU32,
    pub requests: AtomicU32,
}

pub struct SmsGateway {
    pub endpoint: String,
    state: Arc<GatewayState>,
}

impl SmsGateway {
    pub async fn start() -> Self {
        let state = Arc::new(GatewayState {
            mode: Mutex::new(Mode::Up),
            recorded: Mutex::new(Recorded::default()),
            delay: Mutex::new(Duration::ZERO),
            bad_signatures: AtomicU32::new(0),
            requests: AtomicU32::new(0),
        });
        let router = Router::new()
            .route("/", post(send_sms))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { endpoint, state }
    }

    pub fn set(&self, mode: Mode) {
        *self.state.mode.lock().unwrap() = mode;
    }

    pub fn slow(&self, delay: Duration) {
        *self.state.delay.lock().unwrap() = delay;
    }

    pub fn accepted(&self) -> Vec<Sms> {
        self.state.recorded.lock().unwrap().accepted.clone()
    }

    pub fn bad_signatures(&self) -> u32 {
        self.state.bad_signatures.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> u32 {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// Waits (up to 20 s) until `n` messages were accepted.
    pub async fn wait_for(&self, n: usize) -> Vec<Sms> {
        for _ in 0..400 {
            let got = self.accepted();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the gateway accepted {} of {n} messages: {:?}",
            self.accepted().len(),
            self.accepted()
        );
    }
}

/// RFC 3986 percent-encoding as the provider's page spells it out:
/// `A–Z a–z 0–9 - _ . ~` as they are, every other byte `%XX` (upper case).
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn expected_signature(method: &str, params: &BTreeMap<String, String>) -> String {
    let canonical: Vec<String> = params
        .iter()
        .filter(|(k, _)| k.as_str() != "Signature")
        .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
        .collect();
    let to_sign = format!(
        "{method}&{}&{}",
        percent("/"),
        percent(&canonical.join("&"))
    );
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{SECRET}&").as_bytes()).unwrap();
    mac.update(to_sign.as_bytes());
    data_encoding::BASE64.encode(&mac.finalize().into_bytes())
}

fn answer(status: StatusCode, code: &str, message: &str) -> (StatusCode, String) {
    (
        status,
        serde_json::json!({"Code": code, "Message": message, "RequestId": "test"}).to_string(),
    )
}

/// Handles the request at once (a message is sent before the answer is),
/// then answers after the configured delay: a client that dies meanwhile
/// never hears that its message went out.
async fn send_sms(State(state): State<Arc<GatewayState>>, body: Bytes) -> (StatusCode, String) {
    state.requests.fetch_add(1, Ordering::SeqCst);
    let answered = handle(&state, &body);
    let delay = *state.delay.lock().unwrap();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    answered
}

fn handle(state: &GatewayState, body: &[u8]) -> (StatusCode, String) {
    let raw = String::from_utf8_lossy(body).to_string();
    let params: BTreeMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
    let get = |k: &str| params.get(k).cloned().unwrap_or_default();
    for (k, want) in [
        ("Action", "SendSms"),
        ("Version", "2017-05-25"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("Format", "JSON"),
    ] {
        if get(k) != want {
            return answer(StatusCode::BAD_REQUEST, "MissingParameter", k);
        }
    }
    if get("AccessKeyId") != KEY_ID {
        return answer(StatusCode::NOT_FOUND, "InvalidAccessKeyId.NotFound", "key");
    }
    let fresh = chrono::DateTime::parse_from_rfc3339(&get("Timestamp"))
        .map(|t| {
            (chrono::Utc::now() - t.with_timezone(&chrono::Utc))
                .num_minutes()
                .abs()
                <= 15
        })
        .unwrap_or(false);
    if !fresh {
        return answer(StatusCode::BAD_REQUEST, "InvalidTimeStamp.Expired", "time");
    }
    if get("Signature") != expected_signature("POST", &params) {
        state.bad_signatures.fetch_add(1, Ordering::SeqCst);
        return answer(
            StatusCode::BAD_REQUEST,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation.",
        );
    }
    let mode = *state.mode.lock().unwrap();
    match mode {
        Mode::Down => return (StatusCode::SERVICE_UNAVAILABLE, "down".into()),
        Mode::Throttle(n) => {
            *state.mode.lock().unwrap() = if n > 1 {
                Mode::Throttle(n - 1)
            } else {
                Mode::Up
            };
            return answer(
                StatusCode::OK,
                "isv.BUSINESS_LIMIT_CONTROL",
                "触发分钟级流控",
            );
        }
        Mode::RefuseNumbers => {
            return answer(StatusCode::OK, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
        }
        Mode::Up => {}
    }
    let mut recorded = state.recorded.lock().unwrap();
    if !recorded.nonces.insert(get("SignatureNonce")) {
        return answer(StatusCode::BAD_REQUEST, "SignatureNonceUsed", "nonce");
    }
    let Ok(serde_json::Value::Object(template_params)) =
        serde_json::from_str::<serde_json::Value>(&get("TemplateParam"))
    else {
        return answer(StatusCode::OK, "isv.INVALID_JSON_PARAM", "TemplateParam");
    };
    if template_params
        .values()
        .any(|v| v.as_str().is_none_or(|s| s.chars().count() > 35))
    {
        return answer(StatusCode::OK, "isv.PARAM_LENGTH_LIMIT", "too long");
    }
    let phone = get("PhoneNumbers");
    if phone.len() != 11 || !phone.starts_with('1') {
        return answer(StatusCode::OK, "isv.MOBILE_NUMBER_ILLEGAL", "phone");
    }
    recorded.accepted.push(Sms {
        phone,
        template: get("TemplateCode"),
        params: template_params,
        out_id: get("OutId"),
        sign_name: get("SignName"),
        raw,
    });
    answer(StatusCode::OK, "OK", "OK")
}
