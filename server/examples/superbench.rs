//! 电子监察 with a big store: latency of the supervision desk (open work
//! now), the monthly report, its drill-down lists and a CSV, for the
//! supervisor and for a department head, through the real HTTP path; then
//! the lookups by number and the desks' everyday lists at the same size,
//! and the database's bytes per application.
//!
//! ```text
//! cargo run --release -p server --features app/ssr --example superbench -- \
//!     [sqlite|postgres|both] [--applications N] [--smoke]
//! ```
//! Defaults: sqlite, 10,000,000 applications filed over five years (one in
//! three at a kiosk), each with its review task, later trips (half collect
//! at the window, one in seventeen brought corrections), one in three
//! rated at handover (bad ratings followed up), and every finished one
//! in `finished_services`; the rollups (`service_months`, `work_months`,
//! `satisfaction_tallies`) hold what the same rows would have added one by
//! one. The last 20 days' applications are still open (about 1 %: the work
//! a hall of that size has in hand). PostgreSQL needs
//! `HALL_TEST_POSTGRES_URL` (run under `scripts/with-postgres.sh`).
//! `--smoke` seeds 3,000 and asks each page a few times (the test command
//! runs it so the tool cannot rot).
//!
//! Seeding writes rows straight into the tables (not timed); the pages are
//! then asked one after another by one signed-in desk, so each figure is one
//! page's latency, queries and rendering included.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "bench/mod.rs"]
mod bench;

use chrono::{DateTime, Duration as Days, NaiveDate, Utc};
use domain::catalog::Catalog;
use domain::period::{FinishedService, Finishing, Month};
use domain::WorkingDayCalendar;
use server::configuration::Settings;
use server::Application;
use sqlx::Connection;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

struct Plan {
    backends: Vec<&'static str>,
    applications: usize,
    repeats: usize,
}

fn plan() -> Plan {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    Plan {
        backends: bench::backends(&args),
        applications: bench::number_after(&args, "--applications").unwrap_or(if smoke {
            3_000
        } else {
            10_000_000
        }),
        repeats: if smoke { 3 } else { 100 },
    }
}

/// A value bound into a multi-row INSERT on either backend.
enum V {
    T(String),
    I(i64),
    B(bool),
}

enum Conn {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

/// SQLite binds at most 32,766 values per statement.
const VALUES_PER_STATEMENT: usize = 30_000;

impl Conn {
    async fn execute(&mut self, sql: &str) {
        match self {
            Conn::Sqlite(c) => sqlx::query(sql).execute(c).await.map(|_| ()),
            Conn::Postgres(c) => sqlx::query(sql).execute(c).await.map(|_| ()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// `head` is `INSERT INTO t (a, b, …) `; the rows follow as VALUES.
    async fn insert(&mut self, head: &str, rows: &[Vec<V>]) {
        let Some(width) = rows.first().map(Vec::len) else {
            return;
        };
        for chunk in rows.chunks(VALUES_PER_STATEMENT / width) {
            macro_rules! run {
                ($db:ty, $c:expr) => {{
                    let mut q = sqlx::QueryBuilder::<$db>::new(head);
                    q.push_values(chunk, |mut b, row| {
                        for v in row {
                            match v {
                                V::T(s) => b.push_bind(s.clone()),
                                V::I(i) => b.push_bind(*i),
                                V::B(x) => b.push_bind(*x),
                            };
                        }
                    });
                    q.build().execute(&mut *$c).await.map(|_| ())
                }};
            }
            match self {
                Conn::Sqlite(c) => run!(sqlx::Sqlite, c),
                Conn::Postgres(c) => run!(sqlx::Postgres, c),
            }
            .unwrap_or_else(|e| panic!("{head}: {e}"));
        }
    }
}

fn t(s: impl Into<String>) -> V {
    V::T(s.into())
}

/// What the rollups would hold had each row been added by its own step.
#[derive(Default)]
struct Rollups {
    /// (month, matter, working days) → finished, within promise, within
    /// legal, one visit, kept visit promise, online.
    services: BTreeMap<(String, String, u32), [i64; 6]>,
    /// (month, desk, staff, action) → count.
    work: BTreeMap<(String, &'static str, &'static str, &'static str), i64>,
    /// (scope, code) → five levels best first, follow-ups, replied, on time.
    tallies: BTreeMap<(&'static str, String), [i64; 8]>,
}

const STAFF: [(&str, &str, &str); 4] = [
    ("front_desk", "desk.demo", "accept"),
    ("review", "review.ga", "review_approve"),
    ("issuing", "issue.demo", "issue"),
    ("issuing", "issue.demo", "hand_over"),
];

struct World {
    catalog: Catalog,
    calendar: WorkingDayCalendar,
    now: DateTime<Utc>,
    span_days: i64,
    open_days: i64,
}

impl World {
    fn filed_at(&self, i: usize, n: usize) -> DateTime<Utc> {
        let seconds = (i as i64 * self.span_days * 86_400) / n.max(1) as i64;
        self.now - Days::days(self.span_days) + Days::seconds(seconds)
    }
}

/// Applications `range` of `n`, written with everything that hangs off them.
async fn seed_range(
    conn: &mut Conn,
    w: &World,
    range: std::ops::Range<usize>,
    n: usize,
    r: &mut Rollups,
) {
    let matters = &w.catalog.matters;
    let (mut apps, mut ams, mut tasks, mut trips, mut finished, mut ratings, mut follow) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for i in range {
        let num = bench::application_number(i);
        let matter = &matters[(i * 7) % matters.len()];
        let at = w.filed_at(i, n);
        let filed_on = (at + Days::hours(8)).date_naive();
        let kiosk = i % 3 == 0;
        let open = at > w.now - Days::days(w.open_days);
        let status = if !open {
            "delivered"
        } else {
            [
                "submitted",
                "accepted",
                "accepted",
                "accepted",
                "approved",
                "issued",
            ][i % 6]
        };
        let promised_by = filed_on + Days::days(i64::from(matter.promised_days) * 7 / 5);
        let micros = at.timestamp_micros();
        apps.push(vec![
            t(num.as_str()),
            t(format!("bench-{i:011}")),
            t("bench"),
            t(status),
            t("张*"),
            t(r#"{"applicant_name":"张三"}"#),
            V::I(micros),
            t(promised_by.to_string()),
            V::I(micros),
            t(if kiosk { "kiosk" } else { "phone" }),
        ]);
        ams.push(vec![t(num.as_str()), t(matter.code.as_str()), V::I(0)]);
        let task_open = status == "accepted";
        let due = filed_on + Days::days(3 + (i % 18) as i64);
        let deadline = domain::deadline::Deadline::start(filed_on, 3 + (i % 18) as u32);
        tasks.push(vec![
            t(num.as_str()),
            t(matter.code.as_str()),
            V::I(0),
            t(matter.department.as_str()),
            t(if task_open { "in_review" } else { "approved" }),
            V::B(task_open),
            t(serde_json::to_string(&deadline).expect("deadline")),
            t(if task_open {
                due.to_string()
            } else {
                "9999-12-31".into()
            }),
            V::I(micros),
        ]);
        if open {
            continue;
        }
        // Finished: issued some working days after filing, collected or
        // posted a little later; one in seventeen came back with corrections.
        let days = 1 + (i * 13) % (usize::from(matter.legal_days) + 3);
        let issued_on = filed_on + Days::days(days as i64 * 7 / 5);
        let finished_on = issued_on + Days::days((i % 4) as i64);
        let collected = u32::from(i % 2 == 0);
        let extra = u32::from(i % 17 == 0);
        // Filing in the hall is `submitted_via`; later trips are rows.
        let trip = |day: NaiveDate, reason: &str| {
            let at = day.and_hms_opt(2, 0, 0).expect("time").and_utc();
            vec![
                t(num.as_str()),
                V::I(at.timestamp_micros()),
                t(reason),
                t("window"),
            ]
        };
        if extra == 1 {
            trips.push(trip(filed_on + Days::days(2), "corrections_brought"));
        }
        if collected == 1 {
            trips.push(trip(finished_on, "collected"));
        }
        let f = FinishedService::new(
            &num,
            matter,
            Finishing {
                filed_on,
                issued_on,
                promised_by,
                finished_on,
                trips: u32::from(kiosk) + collected + extra,
                online: !kiosk,
            },
            &w.calendar,
        );
        let month = f.month.to_string();
        let e = r
            .services
            .entry((month.clone(), f.matter.as_str().to_owned(), f.working_days))
            .or_default();
        for (k, b) in [
            true,
            f.within_promise,
            f.within_legal,
            f.one_visit(),
            f.kept_visit_promise,
            f.online,
        ]
        .into_iter()
        .enumerate()
        {
            e[k] += i64::from(b);
        }
        for (desk, staff, action) in STAFF {
            *r.work
                .entry((month.clone(), desk, staff, action))
                .or_default() += 1;
        }
        finished.push(vec![
            t(num.as_str()),
            t(f.matter.as_str()),
            t(f.department.as_str()),
            t(month.clone()),
            t(f.finished_on.to_string()),
            V::I(i64::from(f.working_days)),
            V::B(f.within_promise),
            V::B(f.within_legal),
            V::I(i64::from(f.trips)),
            V::B(f.kept_visit_promise),
            V::B(f.online),
        ]);
        if i % 3 == 1 {
            // One in eleven of those rated is a 差评 (levels 1–2).
            let level: i64 = if i % 11 == 1 {
                1 + (i % 2) as i64
            } else {
                5 - (i % 3) as i64
            };
            let rated = finished_on.and_hms_opt(3, 0, 0).expect("time").and_utc();
            ratings.push(vec![
                t(num.as_str()),
                t("handover"),
                V::I(1),
                V::I(level),
                t(r#"{"overall":"satisfied"}"#),
                t("[]"),
                t(""),
                t("window"),
                V::I(rated.timestamp_micros()),
            ]);
            let rated_month = Month::of(finished_on).to_string();
            let d = matter.department.as_str();
            let bad = level <= 2;
            // Follow-ups of the last weeks are still open; the rest replied.
            let replied = bad && finished_on < w.now.date_naive() - Days::days(30);
            for key in [
                ("matter", matter.code.as_str().to_owned()),
                ("department", d.to_owned()),
                ("month", rated_month.clone()),
                ("department_month", format!("{d}:{rated_month}")),
            ] {
                let e = r.tallies.entry(key).or_default();
                e[(5 - level) as usize] += 1;
                e[5] += i64::from(bad);
                e[6] += i64::from(replied);
                e[7] += i64::from(replied);
            }
            if bad {
                let due: NaiveDate = finished_on + Days::days(21);
                follow.push(vec![
                    t(num.as_str()),
                    t("handover"),
                    t(d),
                    V::I(rated.timestamp_micros()),
                    t(due.to_string()),
                    t(if replied { "closed" } else { "open" }),
                ]);
            }
        }
    }
    conn.insert(
        "INSERT INTO applications (number, submission_key, payload_sha256, status, \
         applicant_masked, form_json, submitted_at_us, promised_by, queued_at_us, submitted_via) ",
        &apps,
    )
    .await;
    conn.insert(
        "INSERT INTO application_matters (number, matter_code, position) ",
        &ams,
    )
    .await;
    conn.insert(
        "INSERT INTO review_tasks (number, matter, part, department, status, is_open, \
         deadline, sort_due, created_at_us) ",
        &tasks,
    )
    .await;
    conn.insert(
        "INSERT INTO trips (number, at_us, reason, channel) ",
        &trips,
    )
    .await;
    conn.insert(
        "INSERT INTO finished_services (number, matter, department, month, finished_on, \
         working_days, within_promise, within_legal, trips, kept_visit_promise, online) ",
        &finished,
    )
    .await;
    conn.insert(
        "INSERT INTO ratings (number, touchpoint, round, level, levels_json, problems_json, \
         comment, channel, rated_at_us) ",
        &ratings,
    )
    .await;
    conn.insert(
        "INSERT INTO rating_follow_ups (number, touchpoint, department, opened_at_us, due_on, \
         state) ",
        &follow,
    )
    .await;
}

async fn write_rollups(conn: &mut Conn, r: Rollups) {
    let services: Vec<Vec<V>> = r
        .services
        .into_iter()
        .map(|((month, matter, days), c)| {
            let mut row = vec![t(month), t(matter), V::I(i64::from(days))];
            row.extend(c.into_iter().map(V::I));
            row
        })
        .collect();
    conn.insert(
        "INSERT INTO service_months (month, matter, working_days, finished, within_promise, \
         within_legal, one_visit, kept_visit_promise, online) ",
        &services,
    )
    .await;
    let work: Vec<Vec<V>> = r
        .work
        .into_iter()
        .map(|((month, desk, staff, action), n)| {
            vec![t(month), t(desk), t(staff), t(action), V::I(n)]
        })
        .collect();
    conn.insert(
        "INSERT INTO work_months (month, desk, staff, action, count) ",
        &work,
    )
    .await;
    let tallies: Vec<Vec<V>> = r
        .tallies
        .into_iter()
        .map(|((scope, code), c)| {
            let mut row = vec![t(scope), t(code)];
            row.extend(c.into_iter().map(V::I));
            row
        })
        .collect();
    conn.insert(
        "INSERT INTO satisfaction_tallies (scope, code, very_satisfied, satisfied, basic, \
         dissatisfied, very_dissatisfied, follow_ups, replied, replied_on_time) ",
        &tallies,
    )
    .await;
}

/// Applications at a time per transaction.
const CHUNK: usize = 50_000;

async fn seed(url: &str, backend: &str, w: &World, n: usize) {
    let mut conn = match backend {
        "postgres" => Conn::Postgres(sqlx::PgConnection::connect(url).await.expect("postgres")),
        _ => Conn::Sqlite(
            sqlx::SqliteConnection::connect(&format!("sqlite://{url}"))
                .await
                .expect("sqlite"),
        ),
    };
    match backend {
        "postgres" => conn.execute("SET synchronous_commit = off").await,
        _ => conn.execute("PRAGMA synchronous = OFF").await,
    }
    let mut rollups = Rollups::default();
    let started = Instant::now();
    for start in (0..n).step_by(CHUNK) {
        conn.execute("BEGIN").await;
        seed_range(&mut conn, w, start..(start + CHUNK).min(n), n, &mut rollups).await;
        conn.execute("COMMIT").await;
        if start % 1_000_000 == 0 && start > 0 {
            eprintln!(
                "  {start} applications in {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    write_rollups(&mut conn, rollups).await;
    conn.execute("ANALYZE").await;
}

async fn timed(client: &reqwest::Client, url: &str) -> (Duration, String) {
    let start = Instant::now();
    let res = client.get(url).send().await.expect("request");
    let status = res.status();
    let body = res.text().await.expect("body");
    let took = start.elapsed();
    assert!(status.is_success(), "{url}: {status}");
    (took, body)
}

/// A request answered with a redirect (the desk's search by number).
async fn timed_redirect(client: &reqwest::Client, url: &str) -> Duration {
    let start = Instant::now();
    let res = client.get(url).send().await.expect("request");
    let status = res.status();
    let _ = res.bytes().await.expect("body");
    assert!(status.is_redirection(), "{url}: {status}");
    start.elapsed()
}

/// The whole database on disk: the SQLite file with its WAL, or what
/// PostgreSQL reports for the database.
async fn database_bytes(backend: &str, url: &str) -> u64 {
    if backend == "postgres" {
        let mut c = sqlx::PgConnection::connect(url).await.expect("postgres");
        let (size,): (i64,) = sqlx::query_as("SELECT pg_database_size(current_database())")
            .fetch_one(&mut c)
            .await
            .expect("size");
        return size as u64;
    }
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{url}{suffix}")).ok())
        .map(|m| m.len())
        .sum()
}

async fn desk(base: &str, name: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let res = client
        .post(format!("{base}/staff/sign-in"))
        .form(&[("name", name), ("password", "hall-demo-2026")])
        .send()
        .await
        .expect("sign in");
    assert_eq!(res.status(), 303, "{name} signed in");
    client
}

#[tokio::main]
async fn main() {
    let plan = plan();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let catalog = server::catalog::load(&root.join("../catalog")).expect("catalog");
    let calendar = server::calendar::load(&root.join("../calendar")).expect("calendar");
    let world = World {
        catalog,
        calendar,
        now: Utc::now(),
        span_days: 5 * 365,
        open_days: 20,
    };
    let this_month = Month::of((world.now + Days::hours(8)).date_naive());
    let last_month = this_month.previous();
    for backend in plan.backends.clone() {
        let dir = tempfile::tempdir().expect("temp dir");
        // SUPERBENCH_KEEP=1 leaves the SQLite file behind to study plans.
        let dir_path = if std::env::var_os("SUPERBENCH_KEEP").is_some() {
            dir.keep()
        } else {
            dir.path().to_path_buf()
        };
        let url = match backend {
            "postgres" => store::testing::fresh_postgres_database().await,
            _ => dir_path.join("super.db").display().to_string(),
        };
        // Migrations first (the store's own), then the rows.
        drop(
            store::connect(&store::DatabaseUrl::parse(&url).expect("url"), 2)
                .await
                .expect("store"),
        );
        let seeding = Instant::now();
        seed(&url, backend, &world, plan.applications).await;
        println!(
            "\n# {backend}: {} applications, seeded in {:.0} s\n",
            plan.applications,
            seeding.elapsed().as_secs_f64()
        );

        let mut settings = Settings::defaults().expect("settings");
        settings.server.port = 0;
        settings.database.url = url.clone();
        settings.staff.demo = true;
        settings.issuing.seal_key_file = dir_path.join("seal.pem");
        settings.catalog.dir = root.join("../catalog");
        settings.calendar.dir = root.join("../calendar");
        settings.log.filter = "warn".into();
        // One address asks every lookup here; the per-address limit is for
        // guessers, not for this bench.
        settings.limits.lookups = u32::MAX / 2;
        // The minute's count of open work, timed on its own: it runs on the
        // server's refresh period, never on a desk's request.
        let counter = server::open_hall(&settings).await.expect("hall");
        let app = Application::build(settings).await.expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let supervisor = desk(&base, "super.demo").await;
        let head = desk(&base, "head.ga").await;
        let front = desk(&base, "desk.demo").await;
        let reviewer = desk(&base, "review.ga").await;
        let issuer = desk(&base, "issue.demo").await;
        let citizen = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");

        let pages: Vec<(&str, &reqwest::Client, String)> = vec![
            (
                "supervision now (hall)",
                &supervisor,
                "/staff/supervision".into(),
            ),
            (
                "monthly report, last month (hall)",
                &supervisor,
                format!("/staff/supervision/report?month={last_month}"),
            ),
            (
                "monthly report, this month (hall)",
                &supervisor,
                "/staff/supervision/report".into(),
            ),
            (
                "finished list, last month, all matters (first 500)",
                &supervisor,
                format!("/staff/supervision/finished?month={last_month}&matter=&filter=all"),
            ),
            (
                "finished list, last month, one matter, late",
                &supervisor,
                format!(
                    "/staff/supervision/finished?month={last_month}&matter=GA-ZZ-003&filter=late"
                ),
            ),
            (
                "finished list, last month, all, more than one visit",
                &supervisor,
                format!(
                    "/staff/supervision/finished?month={last_month}&matter=&filter=repeat_visits"
                ),
            ),
            (
                "report CSV, matters",
                &supervisor,
                format!("/staff/supervision/report.csv?month={last_month}&table=matters"),
            ),
            (
                "supervision now (head of GA)",
                &head,
                "/staff/supervision".into(),
            ),
            (
                "monthly report, last month (head of GA)",
                &head,
                format!("/staff/supervision/report?month={last_month}"),
            ),
            (
                "finished list, last month (head of GA)",
                &head,
                format!("/staff/supervision/finished?month={last_month}&matter=&filter=all"),
            ),
        ];
        println!("| page | requests | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|");
        let mut worst = 0.0f64;
        for (what, client, path) in &pages {
            let url = format!("{base}{path}");
            // One warm-up (caches, prepared statements), not counted.
            let (_, body) = timed(client, &url).await;
            assert!(!body.is_empty(), "{what}");
            let mut l = bench::Latencies(vec![]);
            for _ in 0..plan.repeats {
                l.0.push(timed(client, &url).await.0);
            }
            worst = worst.max(l.report(what));
        }
        println!("\nworst p99: {worst:.1} ms (target ≤ 200 ms)");

        // Lookups by number and the desks' everyday lists at the same size.
        println!(
            "\n| lookup or list | requests | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|"
        );
        let n = plan.applications;
        let spread = |r: usize| bench::application_number((r * 7_919 + 13) % n);
        let (_, _) = timed(&citizen, &format!("{base}/")).await;
        let mut lookups = bench::Latencies(vec![]);
        let mut finds = bench::Latencies(vec![]);
        let mut files = bench::Latencies(vec![]);
        for r in 0..plan.repeats {
            let number = spread(r);
            let n = number.as_str();
            let (took, _) = timed(&citizen, &format!("{base}/applications/{n}")).await;
            lookups.0.push(took);
            let took = timed_redirect(&front, &format!("{base}/staff/find?number={number}")).await;
            finds.0.push(took);
            let (took, _) = timed(&front, &format!("{base}/staff/applications/{n}")).await;
            files.0.push(took);
        }
        lookups.report("citizen's progress page by number");
        finds.report("front desk: search by number (redirect)");
        files.report("front desk: application file by number (audited view)");
        let lists: Vec<(&str, &reqwest::Client, &str)> = vec![
            ("front desk: the queue, first page", &front, "/staff"),
            (
                "review tasks, one department (GA)",
                &reviewer,
                "/staff/reviews",
            ),
            (
                "review tasks, every department (supervisor)",
                &supervisor,
                "/staff/reviews",
            ),
            ("issuing desk: ready to issue", &issuer, "/staff/issuing"),
            ("差评 follow-ups (head of GA)", &head, "/staff/follow-ups"),
        ];
        for (what, client, path) in lists {
            let url = format!("{base}{path}");
            let _ = timed(client, &url).await;
            let mut l = bench::Latencies(vec![]);
            for _ in 0..plan.repeats {
                l.0.push(timed(client, &url).await.0);
            }
            l.report(what);
        }
        let bytes = database_bytes(backend, &url).await;
        println!(
            "\ndatabase size: {:.2} GB, {:.0} bytes per application (every row and index that hangs off it)",
            bytes as f64 / 1e9,
            bytes as f64 / n as f64
        );
        let mut count = bench::Latencies(vec![]);
        for _ in 0..plan.repeats.min(20) {
            let started = Instant::now();
            counter.refresh_open_work().await.expect("count");
            count.0.push(started.elapsed());
        }
        println!("\n| the minute's open-work count (not on a request) | runs | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|");
        count.report("tasks, applications and follow-ups grouped");
    }
}
