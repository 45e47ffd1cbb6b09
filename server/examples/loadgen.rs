//! Load generator: durable submissions per second through the real HTTP
//! path, next to the same run's raw SQLite insert rate.
//!
//! `cargo run --release -p server --example loadgen -- [CLIENTS...]`
//! (default: 64 512). The server runs in this process on a temporary
//! database (WAL, synchronous=FULL: a commit survives power loss), with
//! the shipped catalog. For each client count, drafts are prepared first
//! (not timed), then that many clients submit them as fast as they can:
//! each submission is one `POST /drafts/{id}/declaration` that answers
//! only after its commit.

use server::configuration::Settings;
use server::Application;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SUBMISSIONS_PER_CLIENT: usize = 8;
const MIN_SUBMISSIONS: usize = 2048;

#[tokio::main]
async fn main() {
    let clients: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let clients = if clients.is_empty() {
        vec![64, 512]
    } else {
        clients
    };

    let dir = tempfile::tempdir().expect("temp dir");
    let raw =
        raw_sqlite_inserts_per_second(&dir.path().join("raw.db"), Duration::from_secs(5)).await;
    println!("raw SQLite single-row INSERT, autocommit, WAL + synchronous=FULL: {raw:.0} rows/s");

    println!();
    println!("| layer | clients | submissions/s | ratio to raw inserts |");
    println!("|---|---:|---:|---:|");
    for &n in &clients {
        let rate =
            store_submissions_per_second(&dir.path().join(format!("store-{n}.db")), n, 8192).await;
        println!(
            "| store.submit (group commit, no HTTP) | {n} | {rate:.0} | {:.2} |",
            rate / raw
        );
    }

    let mut settings = Settings::defaults().expect("settings");
    settings.server.port = 0;
    settings.database.path = dir.path().join("hall.db");
    settings.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
    let app = Application::build(settings).await.expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(1024)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");

    println!();
    println!("Through HTTP (POST /drafts/{{id}}/declaration, in-process server):");
    println!();
    println!("| clients | submissions | submissions/s | ratio to raw inserts | p50 ms | p99 ms |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for &n in &clients {
        let total = (n * SUBMISSIONS_PER_CLIENT).max(MIN_SUBMISSIONS);
        let drafts = prepare_drafts(&http, &base, total).await;
        let (elapsed, mut latencies) = submit_all(&http, &base, drafts, n).await;
        latencies.sort_unstable();
        let rate = total as f64 / elapsed.as_secs_f64();
        println!(
            "| {n} | {total} | {rate:.0} | {:.2} | {:.1} | {:.1} |",
            rate / raw,
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.99)
        );
    }
}

/// The storage layer alone: `clients` tasks submitting distinct
/// applications through the group-committing writer.
async fn store_submissions_per_second(path: &std::path::Path, clients: usize, total: usize) -> f64 {
    use domain::{ApplicationNumber, FormValues, MatterCode};
    let store = store::Store::open_sqlite(path).await.expect("store");
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers = (0..clients).map(|_| {
        let (store, next) = (store.clone(), next.clone());
        tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let values = FormValues(
                    [
                        ("applicant_name", "张三"),
                        ("new_address", "四川省达州市通川区朝阳中路1号"),
                    ]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                );
                let new = store::NewApplication {
                    submission_key: format!("bench-{i:08}-0000000000"),
                    matters: vec![MatterCode::parse("GA-HJ-001").expect("code")],
                    values,
                    applicant_masked: "张*".into(),
                    submitted_at: "2026-11-24T10:00:00+08:00".into(),
                    promised_by: "2026-12-01".parse().expect("date"),
                    draft_id: None,
                };
                // Distinct numbers from the index (base 30), never colliding.
                let number = ApplicationNumber::from_indices(std::array::from_fn(|d| {
                    ((i / 30usize.pow(d as u32)) % 30) as u8
                }));
                store.submit(new, || number.clone()).await.expect("submit");
            }
        })
    });
    futures::future::join_all(workers).await;
    total as f64 / start.elapsed().as_secs_f64()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// The baseline: one connection inserting one row per transaction.
async fn raw_sqlite_inserts_per_second(path: &std::path::Path, run: Duration) -> f64 {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    use sqlx::{ConnectOptions, Connection};
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await
        .expect("raw sqlite");
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
        .execute(&mut conn)
        .await
        .expect("table");
    let payload = "x".repeat(400);
    let start = Instant::now();
    let mut rows = 0u64;
    while start.elapsed() < run {
        sqlx::query("INSERT INTO t (payload) VALUES (?)")
            .bind(&payload)
            .execute(&mut conn)
            .await
            .expect("insert");
        rows += 1;
    }
    let rate = rows as f64 / start.elapsed().as_secs_f64();
    conn.close().await.ok();
    rate
}

/// Answered household-transfer drafts, ready to submit.
async fn prepare_drafts(http: &reqwest::Client, base: &str, n: usize) -> Vec<String> {
    let next = Arc::new(AtomicUsize::new(0));
    let workers = (0..64).map(|_| {
        let (http, base, next) = (http.clone(), base.to_string(), next.clone());
        tokio::spawn(async move {
            let mut made = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < n {
                let res = http
                    .post(format!("{base}/matters/GA-HJ-001/apply"))
                    .send()
                    .await
                    .expect("start");
                let step = location(&res);
                let draft = step.trim_end_matches("/applicant").to_string();
                for (path, form) in [
                    (
                        "applicant",
                        vec![
                            ("applicant_name", "张三"),
                            ("applicant_id", "11010519491231002X"),
                            ("applicant_mobile", "13812345678"),
                        ],
                    ),
                    (
                        "ga-hj-001",
                        vec![
                            ("new_address", "四川省达州市通川区朝阳中路1号"),
                            ("move_date", ""),
                        ],
                    ),
                ] {
                    let res = http
                        .post(format!("{base}{draft}/{path}"))
                        .form(&form)
                        .send()
                        .await
                        .expect("step");
                    assert_eq!(res.status(), 303, "step {path}");
                }
                made.push(draft);
            }
            made
        })
    });
    let mut drafts = Vec::with_capacity(n);
    for w in futures::future::join_all(workers).await {
        drafts.extend(w.expect("worker"));
    }
    drafts
}

/// `clients` concurrent clients submit every draft once; returns the wall
/// time and each submission's latency.
async fn submit_all(
    http: &reqwest::Client,
    base: &str,
    drafts: Vec<String>,
    clients: usize,
) -> (Duration, Vec<Duration>) {
    let drafts = Arc::new(drafts);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers = (0..clients).map(|_| {
        let (http, base, next, drafts) =
            (http.clone(), base.to_string(), next.clone(), drafts.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(draft) = drafts.get(i) else { break };
                let sent = Instant::now();
                let res = http
                    .post(format!("{base}{draft}/declaration"))
                    .form(&[("declaration", "yes")])
                    .send()
                    .await
                    .expect("submit");
                latencies.push(sent.elapsed());
                assert!(location(&res).ends_with("/receipt"), "submitted");
            }
            latencies
        })
    });
    let mut all = Vec::new();
    for w in futures::future::join_all(workers).await {
        all.extend(w.expect("worker"));
    }
    (start.elapsed(), all)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}
