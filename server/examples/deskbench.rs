//! The desks with a big store: page latency of the acceptance queue
//! (first page, pages deep into it), of finding an application by its
//! number, and of a reviewer's and the supervisor's task lists (every
//! decided application has an open review task, spread over nine
//! departments), through the real HTTP path with signed-in desks.
//!
//! ```text
//! cargo run --release -p server --example deskbench -- [sqlite|postgres|both]
//!     [--applications N] [--smoke]
//! ```
//! Defaults: sqlite, 1,000,000 applications of which 5 % wait for the front
//! desk (the rest are accepted and under review: 950,000 open tasks). PostgreSQL needs `HALL_TEST_POSTGRES_URL`
//! (run under `scripts/with-postgres.sh`). `--smoke` seeds 2,000 and asks
//! a few pages (the test command runs it so the tool cannot rot).
//!
//! Seeding writes rows straight into the tables (not timed); the pages are
//! then asked one after another by one desk, so each figure is one page's
//! latency, not a throughput.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "bench/mod.rs"]
mod bench;

use bench::{application_number as number, Latencies};
use chrono::{DateTime, Duration as Days, Utc};
use server::configuration::Settings;
use server::Application;
use sqlx::Connection;
use std::path::PathBuf;
use std::time::{Duration, Instant};

struct Plan {
    backends: Vec<&'static str>,
    applications: usize,
    repeats: usize,
    deep_pages: usize,
}

fn plan() -> Plan {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let applications = bench::number_after(&args, "--applications").unwrap_or(if smoke {
        2_000
    } else {
        1_000_000
    });
    Plan {
        backends: bench::backends(&args),
        applications,
        repeats: if smoke { 5 } else { 300 },
        deep_pages: if smoke { 3 } else { 300 },
    }
}

struct Row {
    number: String,
    key: String,
    status: &'static str,
    submitted_at: DateTime<Utc>,
}

/// Application `i`: one in twenty waits for the front desk; times spread
/// over the past year, so the queue is long and old.
fn row(i: usize, now: DateTime<Utc>, total: usize) -> Row {
    let seconds = (i as i64 * 365 * 86_400) / total.max(1) as i64;
    Row {
        number: number(i).as_str().to_string(),
        key: format!("bench-{i:011}"),
        status: if i.is_multiple_of(20) {
            "submitted"
        } else {
            "accepted"
        },
        submitted_at: now - Days::days(365) + Days::seconds(seconds),
    }
}

const DEPARTMENTS: [&str; 9] = ["SCJG", "GA", "ZRZY", "ZJ", "RS", "MZ", "SW", "YB", "CG"];

/// A decided application's open review task: its department, deadline
/// (as stored: JSON) and due date.
fn task_of(r: &Row) -> (&'static str, String, chrono::NaiveDate) {
    let i = r.key[6..].parse::<usize>().unwrap_or(0);
    let started = r.submitted_at.date_naive();
    let days = 3 + (i % 18) as u32;
    let deadline = domain::deadline::Deadline::start(started, days);
    let due = started + Days::days(i64::from(days) * 7 / 5);
    (
        DEPARTMENTS[i % DEPARTMENTS.len()],
        serde_json::to_string(&deadline).unwrap(),
        due,
    )
}

const BATCH: usize = 5_000;
/// SQLite binds at most 32,766 values per statement (9 per row here).
const SQLITE_BATCH: usize = 3_000;

async fn seed_sqlite(path: &std::path::Path, n: usize) {
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let now = Utc::now();
    let mut tx = c.begin().await.unwrap();
    for start in (0..n).step_by(SQLITE_BATCH) {
        let rows: Vec<Row> = (start..(start + SQLITE_BATCH).min(n))
            .map(|i| row(i, now, n))
            .collect();
        let mut apps = sqlx::QueryBuilder::new(
            "INSERT INTO applications (number, submission_key, payload_sha256, status, \
             applicant_masked, form_json, submitted_at_us, promised_by, queued_at_us) ",
        );
        apps.push_values(&rows, |mut b, r| {
            b.push_bind(&r.number)
                .push_bind(&r.key)
                .push_bind("bench")
                .push_bind(r.status)
                .push_bind("张*")
                .push_bind(r#"{"applicant_name":"张三"}"#)
                .push_bind(r.submitted_at.timestamp_micros())
                .push_bind((r.submitted_at + Days::days(14)).date_naive().to_string())
                .push_bind(r.submitted_at.timestamp_micros());
        });
        apps.build().execute(&mut *tx).await.unwrap();
        let mut matters = sqlx::QueryBuilder::new(
            "INSERT INTO application_matters (number, matter_code, position) ",
        );
        matters.push_values(&rows, |mut b, r| {
            b.push_bind(&r.number).push_bind("SCJG-XK-001").push_bind(0);
        });
        matters.build().execute(&mut *tx).await.unwrap();
        let open: Vec<&Row> = rows.iter().filter(|r| r.status != "submitted").collect();
        if !open.is_empty() {
            let mut tasks = sqlx::QueryBuilder::new(
                "INSERT INTO review_tasks (number, matter, part, department, status, is_open, \
                 deadline, sort_due, created_at_us) ",
            );
            tasks.push_values(&open, |mut b, r| {
                let (department, deadline, due) = task_of(r);
                b.push_bind(&r.number)
                    .push_bind("SCJG-XK-001")
                    .push_bind(0)
                    .push_bind(department)
                    .push_bind("in_review")
                    .push_bind(true)
                    .push_bind(deadline)
                    .push_bind(due.to_string())
                    .push_bind(r.submitted_at.timestamp_micros());
            });
            tasks.build().execute(&mut *tx).await.unwrap();
        }
    }
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
}

async fn seed_postgres(url: &str, n: usize) {
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    let now = Utc::now();
    for start in (0..n).step_by(BATCH) {
        let rows: Vec<Row> = (start..(start + BATCH).min(n))
            .map(|i| row(i, now, n))
            .collect();
        let numbers: Vec<&str> = rows.iter().map(|r| r.number.as_str()).collect();
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        let statuses: Vec<&str> = rows.iter().map(|r| r.status).collect();
        let times: Vec<i64> = rows
            .iter()
            .map(|r| r.submitted_at.timestamp_micros())
            .collect();
        sqlx::query(
            "INSERT INTO applications (number, submission_key, payload_sha256, status,
                 applicant_masked, form_json, submitted_at_us, promised_by, queued_at_us)
             SELECT n, k, 'bench', s, '张*', '{\"applicant_name\":\"张三\"}', t,
                    to_char(to_timestamp(t / 1000000.0) + interval '14 days', 'YYYY-MM-DD'), t
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bigint[]) AS x(n, k, s, t)",
        )
        .bind(&numbers)
        .bind(&keys)
        .bind(&statuses)
        .bind(&times)
        .execute(&mut c)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO application_matters (number, matter_code, position)
             SELECT n, 'SCJG-XK-001', 0 FROM UNNEST($1::text[]) AS x(n)",
        )
        .bind(&numbers)
        .execute(&mut c)
        .await
        .unwrap();
        let open: Vec<&Row> = rows.iter().filter(|r| r.status != "submitted").collect();
        let tasks: Vec<(&str, String, chrono::NaiveDate)> =
            open.iter().map(|r| task_of(r)).collect();
        sqlx::query(
            "INSERT INTO review_tasks (number, matter, part, department, status, is_open,
                 deadline, sort_due, created_at_us)
             SELECT n, 'SCJG-XK-001', 0, d, 'in_review', TRUE, l, s, t
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
                  AS x(n, d, l, s, t)",
        )
        .bind(open.iter().map(|r| r.number.as_str()).collect::<Vec<_>>())
        .bind(tasks.iter().map(|t| t.0).collect::<Vec<_>>())
        .bind(tasks.iter().map(|t| t.1.as_str()).collect::<Vec<_>>())
        .bind(tasks.iter().map(|t| t.2.to_string()).collect::<Vec<_>>())
        .bind(
            open.iter()
                .map(|r| r.submitted_at.timestamp_micros())
                .collect::<Vec<_>>(),
        )
        .execute(&mut c)
        .await
        .unwrap();
    }
    sqlx::query("ANALYZE").execute(&mut c).await.unwrap();
}

async fn timed(client: &reqwest::Client, url: &str) -> (Duration, reqwest::Response) {
    let start = Instant::now();
    let res = client.get(url).send().await.expect("request");
    let status = res.status();
    let bytes = res.bytes().await.expect("body");
    let took = start.elapsed();
    assert!(
        status.is_success() || status.is_redirection(),
        "{url}: {status}"
    );
    // Rebuild a response-like value only for what callers need: the body.
    let res = http::Response::builder()
        .status(status)
        .body(bytes)
        .expect("response");
    (took, reqwest::Response::from(res))
}

#[tokio::main]
async fn main() {
    let plan = plan();
    let dir = tempfile::tempdir().expect("temp dir");
    for backend in plan.backends.clone() {
        let url = match backend {
            "postgres" => store::testing::fresh_postgres_database().await,
            _ => dir.path().join("desk.db").display().to_string(),
        };
        // Migrations first (the store's own), then the rows.
        drop(
            store::connect(&store::DatabaseUrl::parse(&url).unwrap(), 2)
                .await
                .unwrap(),
        );
        let seeding = Instant::now();
        match backend {
            "postgres" => seed_postgres(&url, plan.applications).await,
            _ => seed_sqlite(std::path::Path::new(&url), plan.applications).await,
        }
        println!(
            "\n# {backend}: {} applications ({} waiting), seeded in {:.0} s\n",
            plan.applications,
            plan.applications.div_ceil(20),
            seeding.elapsed().as_secs_f64()
        );

        let mut settings = Settings::defaults().expect("settings");
        settings.server.port = 0;
        settings.database.url = url.clone();
        settings.staff.demo = true;
        // Demo mode makes the seal key; not in the working directory.
        settings.issuing.seal_key_file = dir.path().join(format!("seal-{backend}.pem"));
        settings.limits.lookups = u32::MAX / 2;
        settings.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        settings.calendar.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../calendar");
        settings.log.filter = "warn".into();
        let app = Application::build(settings).await.expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let desk = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let res = desk
            .post(format!("{base}/staff/sign-in"))
            .form(&[("name", "desk.demo"), ("password", "hall-demo-2026")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "signed in");

        println!("| page | requests | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|");
        let mut first = Latencies(vec![]);
        for _ in 0..plan.repeats {
            first.0.push(timed(&desk, &format!("{base}/staff")).await.0);
        }
        first.report("queue, first page (50 oldest + count)");

        // Deep pages: jump to an old point of the queue, then follow "next".
        let mut deep = Latencies(vec![]);
        let mut next = format!("{base}/staff");
        for _ in 0..plan.deep_pages {
            let (took, res) = timed(&desk, &next).await;
            deep.0.push(took);
            let html = res.text().await.unwrap();
            let Some(at) = html
                .find("rel=\"next\"")
                .or_else(|| html.find("href=\"/staff?after="))
            else {
                break;
            };
            let start = html[..at].rfind("href=\"").map(|i| i + 6).unwrap_or(at);
            let href = html[start..]
                .split('"')
                .next()
                .unwrap()
                .replace("&amp;", "&");
            if !href.starts_with("/staff?after=") {
                break;
            }
            next = format!("{base}{href}");
        }
        deep.report("queue, following \"next\" page by page");

        let mut find = Latencies(vec![]);
        let mut file = Latencies(vec![]);
        for r in 0..plan.repeats {
            let i = (r * 7919) % plan.applications;
            let n = number(i).to_string();
            let (took, _) = timed(&desk, &format!("{base}/staff/find?number={n}")).await;
            find.0.push(took);
            let (took, _) = timed(
                &desk,
                &format!("{base}/staff/applications/{}", number(i).as_str()),
            )
            .await;
            file.0.push(took);
        }
        find.report("search by number (redirect)");
        file.report("application file by number (audited view)");

        for (who, what) in [
            ("review.scjg", "review tasks, one department (≈1/9 of them)"),
            ("super.demo", "review tasks, every department (supervisor)"),
        ] {
            let reviewer = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let res = reviewer
                .post(format!("{base}/staff/sign-in"))
                .form(&[("name", who), ("password", "hall-demo-2026")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303, "{who} signed in");
            let mut list = Latencies(vec![]);
            for _ in 0..plan.repeats {
                list.0
                    .push(timed(&reviewer, &format!("{base}/staff/reviews")).await.0);
            }
            list.report(what);
        }
    }
}
