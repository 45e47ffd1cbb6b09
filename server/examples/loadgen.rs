//! Load generator: durable submissions per second through the real HTTP
//! path next to the same run's raw single-row insert rate, and the
//! application page's lookup rate next to the home page's.
//!
//! ```text
//! cargo run --release -p server --example loadgen -- [sqlite|postgres|both] [CLIENTS...]
//!     [--lookup N] [--page home|application|healthz] [--pool N] [--smoke]
//! ```
//! Defaults: sqlite, clients 64 512, 256 lookup connections. PostgreSQL
//! needs `HALL_TEST_POSTGRES_URL` (run under `scripts/with-postgres.sh`).
//! `--guard FILE` runs at the guard's size (32 clients, 64 lookup
//! connections, 2 s per measure) and fails when a same-run ratio falls
//! below 60% of its value in FILE (`server/examples/loadgen-baseline.toml`,
//! the figures of a known-good run on this machine kind);
//! `--write-baseline FILE` records this run's ratios as the new baseline.
//! `--pool` sets the server's PostgreSQL connections (default: the
//! configured 16). `--page` looks up that page only (to profile it: `perf record` the run).
//! `--smoke` runs every part once at a tiny size (the test command does,
//! so this tool cannot rot unnoticed); its figures mean nothing.
//!
//! The server runs in this process with the shipped catalog. Submissions:
//! drafts are prepared first (not timed), then that many clients submit
//! them as fast as they can, each one `POST /drafts/{id}/declaration` that
//! answers only after its commit. Lookups: keep-alive connections fetch
//! one page as fast as they can for a few seconds.

// The same allocator as the server binary: the server runs in here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "bench/mod.rs"]
mod bench;

use server::configuration::Settings;
use server::Application;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Plan {
    backends: Vec<&'static str>,
    clients: Vec<usize>,
    lookup_connections: usize,
    /// Submissions per client count (at least).
    min_submissions: usize,
    baseline_run: Duration,
    lookup_run: Duration,
    /// Only this page's lookups (all three when None).
    page: Option<String>,
    /// PostgreSQL connections of the server (its configured default when
    /// None).
    pool: Option<u32>,
    /// Compare the ratios with this baseline; fail below [`GUARD_SHARE`].
    guard: Option<PathBuf>,
    /// Record this run's ratios here.
    write_baseline: Option<PathBuf>,
}

/// A ratio below this share of its baseline fails the guard: loose enough
/// for a shared 2-core machine's noise, tight enough to catch a halving.
const GUARD_SHARE: f64 = 0.6;

/// The same-run ratios the guard watches, per backend.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
struct Ratios {
    /// HTTP submissions per second ÷ raw single-row inserts per second.
    submits_per_raw_insert: f64,
    /// Application page lookups per second ÷ home page lookups per second.
    application_per_home: f64,
}

fn plan() -> Plan {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let path_after = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(PathBuf::from)
    };
    let guard = path_after("--guard");
    let write_baseline = path_after("--write-baseline");
    // A baseline is recorded at the size it is checked at.
    let guarding = guard.is_some() || write_baseline.is_some();
    let backends = bench::backends(&args);
    let lookup_connections = args
        .iter()
        .position(|a| a == "--lookup")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(match (smoke, guarding) {
            (true, _) => 4,
            (false, true) => 64,
            (false, false) => 256,
        });
    let clients: Vec<usize> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            *i == 0
                || ![
                    "--lookup",
                    "--page",
                    "--pool",
                    "--guard",
                    "--write-baseline",
                ]
                .contains(&args[i - 1].as_str())
        })
        .filter_map(|(_, a)| a.parse().ok())
        .collect();
    Plan {
        backends,
        clients: match (clients.is_empty(), smoke, guarding) {
            (false, _, _) => clients,
            (true, true, _) => vec![4],
            (true, false, true) => vec![32],
            (true, false, false) => vec![64, 512],
        },
        lookup_connections,
        min_submissions: match (smoke, guarding) {
            (true, _) => 16,
            (false, true) => 1024,
            (false, false) => 2048,
        },
        baseline_run: Duration::from_millis(match (smoke, guarding) {
            (true, _) => 200,
            (false, true) => 2000,
            (false, false) => 5000,
        }),
        lookup_run: Duration::from_millis(match (smoke, guarding) {
            (true, _) => 300,
            (false, true) => 2000,
            (false, false) => 5000,
        }),
        page: args
            .iter()
            .position(|a| a == "--page")
            .and_then(|i| args.get(i + 1).cloned()),
        pool: args
            .iter()
            .position(|a| a == "--pool")
            .and_then(|i| args.get(i + 1)?.parse().ok()),
        write_baseline,
        guard,
    }
}

#[tokio::main]
async fn main() {
    let plan = plan();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut measured: std::collections::BTreeMap<String, Ratios> = Default::default();
    for backend in plan.backends.clone() {
        println!("# {backend}\n");
        let (raw, database_url) = match backend {
            "postgres" => {
                let admin = std::env::var("HALL_TEST_POSTGRES_URL")
                    .expect("HALL_TEST_POSTGRES_URL: run under scripts/with-postgres.sh");
                let raw_db = store::testing::fresh_postgres_database().await;
                let rate = raw_postgres_inserts_per_second(&raw_db, plan.baseline_run).await;
                println!(
                    "raw PostgreSQL single-row INSERT, autocommit, fsync on: {rate:.0} rows/s"
                );
                drop(admin);
                (rate, store::testing::fresh_postgres_database().await)
            }
            _ => {
                let rate =
                    raw_sqlite_inserts_per_second(&dir.path().join("raw.db"), plan.baseline_run)
                        .await;
                println!(
                    "raw SQLite single-row INSERT, autocommit, WAL + synchronous=FULL: {rate:.0} rows/s"
                );
                (rate, dir.path().join("hall.db").display().to_string())
            }
        };

        let mut settings = Settings::defaults().expect("settings");
        settings.server.port = 0;
        settings.database.url = database_url;
        if let Some(pool) = plan.pool {
            settings.database.max_connections = pool;
        }
        settings.security.id_key = "load-generator-id-key-0123456789abcdef".into();
        settings.issuing.pickup_key = "load-generator-pickup-key-0123456789abcdef".into();
        settings.issuing.seal_key_file = dir.path().join(format!("seal-{backend}.pem"));
        server::configuration::write_new_seal_key(&settings.issuing.seal_key_file)
            .expect("a seal key");
        // One address asks for everything here: no lookup limit.
        settings.limits.lookups = u32::MAX / 2;
        settings.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        settings.calendar.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../calendar");
        let app = Application::build(settings).await.expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        // Drafts are bound to the visit that started them: keep its cookie.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .pool_max_idle_per_host(1024)
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client");

        println!();
        println!("Submissions through HTTP (POST /drafts/{{id}}/declaration):");
        println!();
        println!(
            "| clients | submissions | submissions/s | ratio to raw inserts | p50 ms | p99 ms |"
        );
        println!("|---:|---:|---:|---:|---:|---:|");
        let mut a_number = String::new();
        let mut first_submit_ratio = None;
        for &n in &plan.clients {
            let total = (n * 8).max(plan.min_submissions);
            let drafts = prepare_drafts(&http, &base, total).await;
            let (elapsed, mut latencies, number) = submit_all(&http, &base, drafts, n).await;
            a_number = number;
            latencies.sort_unstable();
            let rate = total as f64 / elapsed.as_secs_f64();
            first_submit_ratio.get_or_insert(rate / raw);
            println!(
                "| {n} | {total} | {rate:.0} | {:.2} | {:.1} | {:.1} |",
                rate / raw,
                percentile(&latencies, 0.50),
                percentile(&latencies, 0.99)
            );
        }

        println!();
        println!(
            "Lookups ({} keep-alive connections, GET, {:.0} s each):",
            plan.lookup_connections,
            plan.lookup_run.as_secs_f64()
        );
        println!();
        println!("| page | requests | requests/s | p50 ms | p99 ms |");
        println!("|---|---:|---:|---:|---:|");
        let mut rates = Vec::new();
        let pages = [
            ("home `/`", "/".to_string()),
            (
                "application `/applications/{number}`",
                format!("/applications/{a_number}"),
            ),
            ("`/healthz`", "/healthz".to_string()),
        ];
        for (label, path) in pages {
            let wanted = plan.page.as_deref().is_none_or(|p| label.contains(p));
            if !wanted {
                rates.push(f64::NAN);
                continue;
            }
            let (count, elapsed, mut latencies) =
                lookups(&base, &path, plan.lookup_connections, plan.lookup_run).await;
            latencies.sort_unstable();
            let rate = count as f64 / elapsed.as_secs_f64();
            rates.push(rate);
            println!(
                "| {label} | {count} | {rate:.0} | {:.2} | {:.2} |",
                percentile(&latencies, 0.50),
                percentile(&latencies, 0.99)
            );
        }
        let application_per_home = rates[1] / rates[0].max(f64::MIN_POSITIVE);
        println!("\napplication page / home page: {application_per_home:.2}\n");
        measured.insert(
            backend.to_string(),
            Ratios {
                submits_per_raw_insert: first_submit_ratio.unwrap_or(f64::NAN),
                application_per_home,
            },
        );
    }
    if let Some(path) = &plan.write_baseline {
        let text = toml::to_string(&measured).expect("ratios as TOML");
        std::fs::write(path, text).expect("write the baseline");
        println!("baseline written to {}", path.display());
    }
    if let Some(path) = &plan.guard {
        if !guard(path, &measured) {
            std::process::exit(1);
        }
    }
}

/// Each measured ratio against its baseline; false (after saying which)
/// when one fell below [`GUARD_SHARE`] of it.
fn guard(path: &std::path::Path, measured: &std::collections::BTreeMap<String, Ratios>) -> bool {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("baseline {}: {e}", path.display()));
    let baseline: std::collections::BTreeMap<String, Ratios> =
        toml::from_str(&text).unwrap_or_else(|e| panic!("baseline {}: {e}", path.display()));
    println!("| backend | ratio | baseline | now | share |");
    println!("|---|---|---:|---:|---:|");
    let mut ok = true;
    for (backend, now) in measured {
        let Some(then) = baseline.get(backend) else {
            panic!("baseline {} has no [{backend}]", path.display());
        };
        for (name, was, is) in [
            (
                "submits ÷ raw inserts",
                then.submits_per_raw_insert,
                now.submits_per_raw_insert,
            ),
            (
                "application ÷ home",
                then.application_per_home,
                now.application_per_home,
            ),
        ] {
            let share = is / was;
            let verdict = if share >= GUARD_SHARE {
                ""
            } else {
                " ← below 60%"
            };
            println!("| {backend} | {name} | {was:.2} | {is:.2} | {share:.2}{verdict} |");
            ok &= share >= GUARD_SHARE;
        }
    }
    if !ok {
        eprintln!(
            "loadgen guard: a ratio fell below {:.0}% of its baseline ({}): find what got slower \
             (docs/BENCHMARKS.md says how to profile), or, if the change is meant, record a new \
             baseline with --write-baseline",
            GUARD_SHARE * 100.0,
            path.display()
        );
    }
    ok
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Rows per second one connection inserts, one row per transaction, for
/// `run`: the baseline the submissions are compared with.
macro_rules! inserts_per_second {
    ($conn:expr, $insert:literal, $run:expr) => {{
        let payload = "x".repeat(400);
        let start = Instant::now();
        let mut rows = 0u64;
        while start.elapsed() < $run {
            sqlx::query($insert)
                .bind(&payload)
                .execute(&mut $conn)
                .await
                .expect("insert");
            rows += 1;
        }
        rows as f64 / start.elapsed().as_secs_f64()
    }};
}

/// The SQLite baseline: WAL and synchronous=FULL, like the store.
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
    let rate = inserts_per_second!(conn, "INSERT INTO t (payload) VALUES (?)", run);
    conn.close().await.ok();
    rate
}

/// The PostgreSQL baseline: autocommit, fsync on.
async fn raw_postgres_inserts_per_second(url: &str, run: Duration) -> f64 {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .expect("raw postgres");
    sqlx::query("CREATE TABLE t (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)")
        .execute(&mut conn)
        .await
        .expect("table");
    let rate = inserts_per_second!(conn, "INSERT INTO t (payload) VALUES ($1)", run);
    conn.close().await.ok();
    rate
}

/// Answered household-transfer drafts, ready to submit.
async fn prepare_drafts(http: &reqwest::Client, base: &str, n: usize) -> Vec<String> {
    // One visit for all: take its cookie before the workers start, or each
    // would be handed a visit of its own and lose the others' drafts.
    http.get(format!("{base}/"))
        .send()
        .await
        .expect("first page");
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
                assert!(step.ends_with("/applicant"), "start: {}", res.status());
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
/// time, each submission's latency and one application number.
async fn submit_all(
    http: &reqwest::Client,
    base: &str,
    drafts: Vec<String>,
    clients: usize,
) -> (Duration, Vec<Duration>, String) {
    let drafts = Arc::new(drafts);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers = (0..clients).map(|_| {
        let (http, base, next, drafts) =
            (http.clone(), base.to_string(), next.clone(), drafts.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut number = String::new();
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
                let receipt = location(&res);
                assert!(receipt.ends_with("/receipt"), "submitted: {}", res.status());
                number = receipt
                    .trim_start_matches("/applications/")
                    .trim_end_matches("/receipt")
                    .to_string();
            }
            (latencies, number)
        })
    });
    let mut all = Vec::new();
    let mut number = String::new();
    for w in futures::future::join_all(workers).await {
        let (latencies, n) = w.expect("worker");
        all.extend(latencies);
        if !n.is_empty() {
            number = n;
        }
    }
    (start.elapsed(), all, number)
}

/// `connections` keep-alive connections GET `path` for `run`; returns how
/// many answered 200, the wall time and each latency.
async fn lookups(
    base: &str,
    path: &str,
    connections: usize,
    run: Duration,
) -> (usize, Duration, Vec<Duration>) {
    let start = Instant::now();
    let workers = (0..connections).map(|_| {
        let url = format!("{base}{path}");
        tokio::spawn(async move {
            // One client per connection: its own keep-alive connection, and
            // a visit cookie like a browser's after its first page.
            let http = reqwest::Client::builder()
                .cookie_store(true)
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client");
            let mut latencies = Vec::new();
            while start.elapsed() < run {
                let sent = Instant::now();
                let res = http.get(&url).send().await.expect("lookup");
                assert_eq!(res.status(), 200, "{url}");
                res.bytes().await.expect("body");
                latencies.push(sent.elapsed());
            }
            latencies
        })
    });
    let mut all = Vec::new();
    for w in futures::future::join_all(workers).await {
        all.extend(w.expect("worker"));
    }
    (all.len(), start.elapsed(), all)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}
