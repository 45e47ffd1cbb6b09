//! Notification benchmarks, each a same-run comparison:
//!
//! 1. **The outbox on the submit path.** Stored submissions per second with
//!    their "submitted" notification written in the same transaction, and
//!    without it, at 64 and 512 concurrent submitters (the store alone:
//!    the HTTP path around it is the same either way).
//! 2. **Drain rate.** Messages per second the delivery worker takes from
//!    the outbox to a local webhook receiver over HTTP (signed, keyed).
//! 3. **Latency.** With the server's worker running and submissions at a
//!    steady 100 a second through the real HTTP path, the time from each
//!    submission's answer to its message reaching the receiver.
//!
//! ```text
//! cargo run --release -p server --features app/ssr --example notifybench -- [sqlite|postgres|both] [--smoke]
//! ```
//! PostgreSQL needs `HALL_TEST_POSTGRES_URL` (run under
//! `scripts/with-postgres.sh`). `--smoke` runs each part once at a tiny
//! size (the test command does); its figures mean nothing.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "bench/mod.rs"]
mod bench;

use axum::body::Bytes;
use axum::http::HeaderMap;
use chrono::Utc;
use domain::notification::{Notification, NotificationEvent};
use domain::{ApplicationNumber, FormValues, MatterCode, MobileNumber, SubmissionKey};
use hall::notifications::DeliveryPolicy;
use hall::ports::NewApplication;
use hall::Storage;
use server::configuration::{NotificationChannelKind, Settings};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const HOOK_SECRET: &str = "notifybench-webhook-secret-0123456789abcdef";

struct Plan {
    backends: Vec<&'static str>,
    smoke: bool,
}

fn plan() -> Plan {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let backends = bench::backends(&args);
    Plan {
        backends,
        smoke: args.iter().any(|a| a == "--smoke"),
    }
}

/// A webhook receiver that records when each application's first message
/// arrived (and how many messages came in all).
#[derive(Default)]
struct Receiver {
    arrived: Mutex<HashMap<String, Instant>>,
    count: AtomicU64,
}

async fn receiver() -> (String, Arc<Receiver>) {
    let state = Arc::new(Receiver::default());
    let s = state.clone();
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |_headers: HeaderMap, body: Bytes| {
            let s = s.clone();
            async move {
                let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                if let Some(n) = v["number"].as_str() {
                    s.arrived
                        .lock()
                        .unwrap()
                        .entry(n.to_string())
                        .or_insert_with(Instant::now);
                }
                s.count.fetch_add(1, Ordering::Relaxed);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, state)
}

static NEXT: AtomicU64 = AtomicU64::new(1);

fn new_application(told: bool) -> NewApplication {
    let i = NEXT.fetch_add(1, Ordering::Relaxed);
    let candidates = (0..4)
        .map(|k| {
            let seed = i * 4 + k + (rand_u64() % 1_000_000) * 1_000_000;
            ApplicationNumber::from_indices(std::array::from_fn(|d| {
                ((seed / 30u64.pow(d as u32)) % 30) as u8
            }))
        })
        .collect();
    let values: FormValues =
        serde_json::from_str(r#"{"applicant_name":"张三","applicant_mobile":"13812345678"}"#)
            .unwrap();
    NewApplication {
        submission_key: SubmissionKey::from_bits(u128::from(i) << 32 | u128::from(rand_u64())),
        payload_sha256: format!("bench-{i}"),
        matters: vec![MatterCode::parse("SCJG-001").unwrap()],
        values,
        applicant_masked: "张*".into(),
        submitted_at: Utc::now(),
        promised_by: Utc::now().date_naive(),
        draft: None,
        candidates,
        applicant_mobile_key: Some(format!("bench-key-{i}")),
        channel: domain::trip::Channel::Phone,
        assisted: None,
        applicant_id_key: None,
        notification: told.then(|| {
            Notification::new(
                NotificationEvent::Submitted,
                MobileNumber::parse("13812345678").ok(),
                "张*",
            )
        }),
    }
}

fn rand_u64() -> u64 {
    rand::random()
}

/// Stored submissions per second with `clients` submitting at once.
async fn store_submits(
    storage: &Arc<dyn Storage>,
    clients: usize,
    total: usize,
    told: bool,
) -> f64 {
    let left = Arc::new(AtomicU64::new(total as u64));
    let start = Instant::now();
    let workers = (0..clients).map(|_| {
        let storage = storage.clone();
        let left = left.clone();
        tokio::spawn(async move {
            while left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok()
            {
                storage.submit(new_application(told)).await.expect("submit");
            }
        })
    });
    futures::future::join_all(workers).await;
    total as f64 / start.elapsed().as_secs_f64()
}

async fn open(backend: &str, dir: &std::path::Path, name: &str) -> (String, Arc<dyn Storage>) {
    let url = match backend {
        "postgres" => store::testing::fresh_postgres_database().await,
        _ => dir.join(format!("{name}.db")).display().to_string(),
    };
    let storage = store::connect(&store::DatabaseUrl::parse(&url).unwrap(), 16)
        .await
        .expect("store");
    (url, storage)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let plan = plan();
    let dir = tempfile::tempdir().expect("temp dir");
    let (hook, received) = receiver().await;
    for backend in plan.backends.clone() {
        println!("# {backend}\n");

        // 1. The outbox on the submit path, alternating so drift hits both.
        println!("Stored submissions per second, with and without the outbox row:\n");
        println!("| clients | without | with | with ÷ without |");
        println!("|---:|---:|---:|---:|");
        let clients: &[usize] = if plan.smoke { &[4] } else { &[64, 512] };
        for &n in clients {
            let total = if plan.smoke { 32 } else { (n * 8).max(4096) };
            let (_, without_db) = open(backend, dir.path(), &format!("without-{n}")).await;
            let (_, with_db) = open(backend, dir.path(), &format!("with-{n}")).await;
            let (mut without, mut with) = (0.0, 0.0);
            let rounds = if plan.smoke { 1 } else { 3 };
            for _ in 0..rounds {
                without += store_submits(&without_db, n, total, false).await;
                with += store_submits(&with_db, n, total, true).await;
            }
            let (without, with) = (without / rounds as f64, with / rounds as f64);
            println!("| {n} | {without:.0} | {with:.0} | {:.3} |", with / without);
        }

        // 2. Drain rate: a backlog, delivered by rounds as the worker runs them.
        let backlog = if plan.smoke { 50 } else { 20_000 };
        let (url, storage) = open(backend, dir.path(), "drain").await;
        let fill_start = Instant::now();
        let fillers = (0..8).map(|_| {
            let storage = storage.clone();
            tokio::spawn(async move {
                for _ in 0..backlog / 8 {
                    storage.submit(new_application(true)).await.expect("submit");
                }
            })
        });
        futures::future::join_all(fillers).await;
        let queued = backlog / 8 * 8;
        println!(
            "\nDrain: {queued} messages queued in {:.1} s; delivering to a local webhook receiver:",
            fill_start.elapsed().as_secs_f64()
        );
        let mut settings = Settings::defaults().expect("settings");
        settings.notifications.channel = NotificationChannelKind::Webhook;
        settings.notifications.webhook.url = hook.clone();
        settings.notifications.webhook.secret = HOOK_SECRET.into();
        let channel =
            server::notify::channel(&settings.notifications, "http://127.0.0.1").expect("channel");
        let policy = DeliveryPolicy {
            batch: 256,
            parallel: 32,
            ..settings.notifications.policy().expect("policy")
        };
        let hall = hall::Hall::new(
            storage.clone(),
            Arc::new(
                hall::CatalogIndex::new(
                    server::catalog::load(
                        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog"),
                    )
                    .expect("catalog"),
                    domain::search::SearchIndex::new(vec![]),
                )
                .expect("index"),
            ),
            Arc::new(domain::WorkingDayCalendar::weekends_only()),
            Duration::from_secs(86_400),
        );
        let before = received.count.load(Ordering::Relaxed);
        let start = Instant::now();
        let mut sent = 0u64;
        loop {
            let round = hall
                .deliver_notifications(channel.as_ref(), &policy)
                .await
                .expect("round");
            sent += u64::from(round.sent);
            if round.claimed == 0 {
                break;
            }
        }
        let elapsed = start.elapsed().as_secs_f64();
        let arrived = received.count.load(Ordering::Relaxed) - before;
        assert_eq!(arrived, sent, "every delivered message arrived once");
        assert_eq!(sent, queued as u64, "the whole backlog was delivered");
        println!(
            "{sent} messages in {elapsed:.2} s: **{:.0} messages/s** (batch 256, 32 in flight)\n",
            sent as f64 / elapsed
        );
        drop(url);

        // 3. Latency at a steady rate through the real server and worker.
        let rate = 100u32;
        let seconds = if plan.smoke { 1 } else { 20 };
        let (url, _) = open(backend, dir.path(), "latency").await;
        let mut settings = Settings::defaults().expect("settings");
        settings.server.port = 0;
        settings.database.url = url;
        settings.staff.demo = true;
        settings.issuing.seal_key_file = dir.path().join(format!("seal-{backend}.pem"));
        settings.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        settings.calendar.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../calendar");
        settings.limits.lookups = u32::MAX / 2;
        settings.notifications.channel = NotificationChannelKind::Webhook;
        settings.notifications.webhook.url = hook.clone();
        settings.notifications.webhook.secret = HOOK_SECRET.into();
        let app = server::Application::build(settings)
            .await
            .expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let sent_at: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
        let mut tick = tokio::time::interval(Duration::from_secs(1) / rate);
        let mut tasks = Vec::new();
        for _ in 0..rate * seconds {
            tick.tick().await;
            let base = base.clone();
            let sent_at = sent_at.clone();
            tasks.push(tokio::spawn(async move {
                let number = submit_one(&base).await;
                sent_at.lock().unwrap().insert(number, Instant::now());
            }));
        }
        futures::future::join_all(tasks).await;
        // Wait for the stragglers (at most 10 s).
        let want: Vec<String> = sent_at.lock().unwrap().keys().cloned().collect();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let all_in = {
                let arrived = received.arrived.lock().unwrap();
                want.iter().all(|n| arrived.contains_key(n))
            };
            if all_in {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let arrived = received.arrived.lock().unwrap();
        let sent_at = sent_at.lock().unwrap();
        let mut latencies: Vec<Duration> = want
            .iter()
            .filter_map(|n| Some(arrived.get(n)?.saturating_duration_since(sent_at[n])))
            .collect();
        let lost = want.len() - latencies.len();
        latencies.sort_unstable();
        println!(
            "Latency, {rate} submissions/s for {seconds} s through HTTP, worker polling every 500 ms:\n"
        );
        println!("| messages | not arrived in 10 s | p50 ms | p99 ms | max ms |");
        println!("|---:|---:|---:|---:|---:|");
        println!(
            "| {} | {lost} | {:.0} | {:.0} | {:.0} |\n",
            want.len(),
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99),
            percentile(&latencies, 1.0)
        );
    }
}

/// One household transfer through the real HTTP path: its number.
async fn submit_one(base: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    let post = |path: String, form: Vec<(&'static str, &'static str)>| {
        let http = http.clone();
        async move {
            http.post(format!("{base}{path}"))
                .form(&form)
                .send()
                .await
                .expect("post")
        }
    };
    let res = post("/matters/GA-HJ-001/apply".into(), vec![]).await;
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let draft = location.rsplit_once('/').unwrap().0.to_string();
    post(
        format!("{draft}/applicant"),
        vec![
            ("applicant_name", "张三"),
            ("applicant_id", "11010519491231002X"),
            ("applicant_mobile", "13812345678"),
        ],
    )
    .await;
    post(
        format!("{draft}/ga-hj-001"),
        vec![("new_address", "四川省达州市通川区朝阳中路1号")],
    )
    .await;
    let res = post(format!("{draft}/declaration"), vec![("declaration", "yes")]).await;
    let location = res.headers()["location"].to_str().unwrap().to_string();
    location
        .trim_start_matches("/applications/")
        .trim_end_matches("/receipt")
        .to_string()
}
