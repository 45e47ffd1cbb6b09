//! 取号叫号 under load, through the real HTTP path: 100 kiosks taking
//! numbers at once (each its own address), and the time from a desk
//! pressing "call next" to the call arriving on hall displays' streams —
//! displays on the server the desk uses, and displays on a second server
//! over the same database (which hears of the call by looking, every 2 s).
//!
//! ```text
//! cargo run --release -p server --features app/ssr --example queuebench -- [sqlite|postgres|both]
//!     [--kiosks N] [--tickets-each N] [--calls N] [--smoke]
//! ```
//! Defaults: sqlite, 100 kiosks × 9 numbers (3 of each category), 200
//! calls seen by 3 displays on each server. PostgreSQL needs
//! `HALL_TEST_POSTGRES_URL` (run under `scripts/with-postgres.sh`).
//! `--smoke` uses 10 kiosks × 3 and 5 calls (the test command runs it so
//! the tool cannot rot).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "bench/mod.rs"]
mod bench;

use bench::Latencies;
use server::configuration::Settings;
use server::Application;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Plan {
    backends: Vec<&'static str>,
    kiosks: usize,
    tickets_each: usize,
    calls: usize,
    displays: usize,
}

fn plan() -> Plan {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    Plan {
        backends: bench::backends(&args),
        kiosks: bench::number_after(&args, "--kiosks").unwrap_or(if smoke { 10 } else { 100 }),
        tickets_each: bench::number_after(&args, "--tickets-each").unwrap_or(if smoke {
            3
        } else {
            9
        }),
        calls: bench::number_after(&args, "--calls").unwrap_or(if smoke { 5 } else { 200 }),
        displays: 3,
    }
}

fn settings(url: &str, dir: &std::path::Path, name: &str) -> Settings {
    let mut s = Settings::defaults().expect("settings");
    s.server.port = 0;
    s.server.client_ip_header = "x-real-ip".into();
    s.database.url = url.to_string();
    s.staff.demo = true;
    s.issuing.seal_key_file = dir.join(format!("seal-{name}.pem"));
    s.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
    s.calendar.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../calendar");
    s.log.filter = "warn".into();
    for c in &mut s.queue.categories {
        c.tickets_per_day = domain::queue::MAX_TICKETS_PER_DAY;
    }
    s
}

fn client(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-real-ip", address.parse().expect("an address"));
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client")
}

/// When each ticket number arrived on one display's stream.
type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

/// A display: reads the stream and notes each call's arrival.
fn open_display(base: String, address: String) -> Arrivals {
    let arrivals: Arrivals = Arc::default();
    let noted = arrivals.clone();
    tokio::spawn(async move {
        let mut res = client(&address)
            .get(format!("{base}/hall/display/events"))
            .send()
            .await
            .expect("stream");
        assert_eq!(res.status(), 200, "a display's stream");
        let mut pending = String::new();
        // The stream also sends who waits ("waiting" events): only calls count.
        let mut event = String::new();
        while let Ok(Some(chunk)) = res.chunk().await {
            let at = Instant::now();
            pending.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = pending.find('\n') {
                let line: String = pending.drain(..=end).collect();
                let line = line.trim_end();
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if event == "call" {
                        if let Some(call) = app::components::call_board::parse_call_event(data) {
                            noted.lock().unwrap().insert(call.number.to_string(), at);
                        }
                    }
                } else if line.is_empty() {
                    event.clear();
                }
            }
        }
    });
    arrivals
}

#[tokio::main]
async fn main() {
    let plan = plan();
    let dir = tempfile::tempdir().expect("temp dir");
    for backend in plan.backends.clone() {
        let url = match backend {
            "postgres" => store::testing::fresh_postgres_database().await,
            _ => dir.path().join("queue.db").display().to_string(),
        };
        let app = Application::build(settings(&url, dir.path(), &format!("{backend}-1")))
            .await
            .expect("server starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let other = Application::build(settings(&url, dir.path(), &format!("{backend}-2")))
            .await
            .expect("second server starts");
        let other_base = format!("http://127.0.0.1:{}", other.port());
        tokio::spawn(other.run_until_stopped());

        println!(
            "\n# {backend}: {} kiosks × {} numbers, {} calls\n",
            plan.kiosks, plan.tickets_each, plan.calls
        );
        println!("| step | requests | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|");

        // Every kiosk at once, each its own address.
        let letters = ["A", "B", "C"];
        let started = Instant::now();
        let taken = futures::future::join_all((0..plan.kiosks).map(|k| {
            let base = base.clone();
            let tickets = plan.tickets_each;
            async move {
                let kiosk = client(&format!("10.1.{}.{}", k / 250, k % 250 + 1));
                let mut took = Vec::with_capacity(tickets);
                for t in 0..tickets {
                    let start = Instant::now();
                    let res = kiosk
                        .post(format!("{base}/queue/tickets"))
                        .form(&[("category", letters[(k + t) % 3])])
                        .send()
                        .await
                        .expect("take");
                    assert_eq!(res.status(), 303, "a number");
                    took.push(start.elapsed());
                }
                took
            }
        }))
        .await;
        let wall = started.elapsed();
        let all: Vec<Duration> = taken.into_iter().flatten().collect();
        let n = all.len();
        Latencies(all).report(&format!("take a number ({} kiosks at once)", plan.kiosks));
        println!(
            "\n{n} numbers in {:.2} s: {:.0} numbers/s\n",
            wall.as_secs_f64(),
            n as f64 / wall.as_secs_f64()
        );

        // Displays on both servers, then one desk calls, one call at a
        // time (each waits until every display has it).
        let here: Vec<Arrivals> = (0..plan.displays)
            .map(|d| open_display(base.clone(), format!("10.2.0.{}", d + 1)))
            .collect();
        let there: Vec<Arrivals> = (0..plan.displays)
            .map(|d| open_display(other_base.clone(), format!("10.3.0.{}", d + 1)))
            .collect();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let desk = client("10.4.0.1");
        let res = desk
            .post(format!("{base}/staff/sign-in"))
            .form(&[("name", "desk.demo"), ("password", "hall-demo-2026")])
            .send()
            .await
            .expect("sign in");
        assert_eq!(res.status(), 303, "signed in");
        let page = desk
            .get(format!("{base}/staff/calling"))
            .send()
            .await
            .expect("panel")
            .text()
            .await
            .expect("panel");
        let field = r#"name="_csrf" value=""#;
        let at = page.find(field).expect("a csrf field") + field.len();
        let csrf = page[at..at + 32].to_string();
        let res = desk
            .post(format!("{base}/staff/calling/window"))
            .form(&[("_csrf", csrf.as_str()), ("window", "5")])
            .send()
            .await
            .expect("window");
        assert_eq!(res.status(), 303);
        let (mut same, mut across, mut press) = (vec![], vec![], vec![]);
        let mut seen = 0;
        for _ in 0..plan.calls {
            let start = Instant::now();
            let res = desk
                .post(format!("{base}/staff/calling/next"))
                .form(&[("_csrf", csrf.as_str())])
                .send()
                .await
                .expect("call");
            press.push(start.elapsed());
            assert_eq!(res.status(), 303, "called");
            seen += 1;
            // Wait for every display to have one more call than before.
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let done = here
                    .iter()
                    .chain(&there)
                    .all(|a| a.lock().unwrap().len() >= seen);
                if done || Instant::now() > deadline {
                    assert!(done, "every display got call {seen}");
                    break;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            let newest = |a: &Arrivals| *a.lock().unwrap().values().max().expect("a call");
            same.extend(here.iter().map(|a| newest(a) - start));
            across.extend(there.iter().map(|a| newest(a) - start));
        }
        Latencies(press).report("call next (the desk's post)");
        Latencies(same).report("call → display, same server");
        Latencies(across).report("call → display, another server (looks every 2 s)");
    }
}
