//! Uploads through the real HTTP path into each file store: the server's
//! extra memory while a 50 MB file streams in, its throughput against the
//! same machine's plain disk write rate (write + fsync of the same bytes),
//! and the memory of 20 concurrent 20 MB uploads.
//!
//! ```text
//! cargo run --release -p server --example uploadbench -- [local|s3|both] [--smoke]
//! ```
//! The server runs in this process; the uploads are sent by `curl`
//! processes streaming from disk, so this process's resident memory is the
//! server's. `s3` needs `HALL_TEST_S3_ENDPOINT` (run under
//! `scripts/with-s3.sh`). `--smoke` sends 5 MB and 3 concurrent 2 MB files
//! (the test command runs it so the tool cannot rot).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use server::configuration::{FileBackend, Settings};
use server::Application;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const MB: usize = 1024 * 1024;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Samples resident memory every 5 ms until stopped; the peak.
struct Peak {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl Peak {
    fn start() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(rss_kb()));
        let (s, p) = (stop.clone(), peak.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max(rss_kb(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        Peak { stop, peak, thread }
    }

    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.peak.load(Ordering::Relaxed)
    }
}

/// A file that is a PDF by its content, of `bytes` pseudo-random bytes.
fn pdf_file(dir: &Path, name: &str, bytes: usize) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"%PDF-1.7\n").unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut block = vec![0u8; 64 * 1024];
    let mut left = bytes - 9;
    while left > 0 {
        for b in block.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
        let n = left.min(block.len());
        f.write_all(&block[..n]).unwrap();
        left -= n;
    }
    f.flush().unwrap();
    path
}

/// The same bytes written and flushed to disk beside the store: MB/s.
fn disk_rate(file: &Path, dir: &Path) -> f64 {
    let bytes = std::fs::read(file).unwrap();
    let target = dir.join("disk-rate.bin");
    let t = Instant::now();
    let mut f = std::fs::File::create(&target).unwrap();
    for chunk in bytes.chunks(64 * 1024) {
        f.write_all(chunk).unwrap();
    }
    f.sync_all().unwrap();
    let secs = t.elapsed().as_secs_f64();
    std::fs::remove_file(target).unwrap();
    bytes.len() as f64 / MB as f64 / secs
}

/// A draft answered up to its materials: its path and the visit cookie.
async fn draft(address: &str) -> (String, String) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    let res = client
        .post(format!("{address}/matters/GA-HJ-001/apply"))
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let base = location.rsplit_once('/').unwrap().0.to_string();
    let url: reqwest::Url = address.parse().unwrap();
    let cookie = reqwest::cookie::CookieStore::cookies(jar.as_ref(), &url)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    (base, cookie)
}

/// `curl` streams the file from disk as a multipart post.
fn curl(address: &str, base: &str, cookie: &str, file: &Path) -> std::process::Child {
    std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H"])
        .arg(format!("Cookie: {cookie}"))
        .args(["-H", "Accept: application/json", "-F"])
        .arg(format!(
            "file=@{};filename=big.pdf;type=application/pdf",
            file.display()
        ))
        .arg(format!("{address}{base}/materials/id_card"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("curl")
}

fn finished(child: std::process::Child) -> String {
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).to_string()
}

async fn run(backend: &str, smoke: bool) {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::defaults().expect("settings");
    settings.server.port = 0;
    settings.database.url = dir.path().join("hall.db").display().to_string();
    settings.staff.demo = true;
    settings.issuing.seal_key_file = dir.path().join("seal.pem");
    settings.limits.lookups = u32::MAX / 2;
    settings.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
    settings.calendar.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../calendar");
    settings.log.filter = "warn".into();
    settings.files.max_file_mb = 64;
    settings.files.max_application_mb = 2048;
    settings.files.dir = dir.path().join("files");
    if backend == "s3" {
        let endpoint = std::env::var("HALL_TEST_S3_ENDPOINT")
            .expect("s3 needs HALL_TEST_S3_ENDPOINT: run under scripts/with-s3.sh");
        let bucket = format!("uploadbench-{}", std::process::id());
        let made = reqwest::Client::new()
            .put(format!("{endpoint}/{bucket}"))
            .send()
            .await
            .unwrap();
        assert!(made.status().is_success(), "bucket: {}", made.status());
        settings.files.backend = FileBackend::S3;
        settings.files.s3_endpoint = endpoint;
        settings.files.s3_bucket = bucket;
        settings.files.s3_access_key_id = "bench".into();
        settings.files.s3_secret_access_key = "bench".into();
    }
    let app = Application::build(settings).await.expect("server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());

    let (big, concurrent, each) = if smoke { (5, 3, 2) } else { (50, 20, 20) };
    let big_file = pdf_file(dir.path(), "big.pdf", big * MB);
    let small_file = pdf_file(dir.path(), "each.pdf", each * MB);
    let warm = pdf_file(dir.path(), "warm.pdf", MB);
    let rate = disk_rate(&big_file, dir.path());

    // Warm up (pools, first allocations), then the baseline.
    let (base, cookie) = draft(&address).await;
    let addr = address.clone();
    let status = tokio::task::spawn_blocking(move || finished(curl(&addr, &base, &cookie, &warm)))
        .await
        .unwrap();
    assert_eq!(status, "200", "warm-up upload");
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The fixed cost of one request (curl starting, connecting, the
    // draft's checks), to read the 50 MB figure against.
    let (base, cookie) = draft(&address).await;
    let addr = address.clone();
    let small = pdf_file(dir.path(), "small.pdf", 64 * 1024);
    let t = Instant::now();
    let status = tokio::task::spawn_blocking(move || finished(curl(&addr, &base, &cookie, &small)))
        .await
        .unwrap();
    let fixed = t.elapsed().as_secs_f64();
    assert_eq!(status, "200", "a 64 KB upload");

    let (base, cookie) = draft(&address).await;
    let before = rss_kb();
    let peak = Peak::start();
    let t = Instant::now();
    let addr = address.clone();
    let file = big_file.clone();
    let status = tokio::task::spawn_blocking(move || finished(curl(&addr, &base, &cookie, &file)))
        .await
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let top = peak.stop();
    assert_eq!(status, "200", "the {big} MB upload");
    let throughput = big as f64 / secs;
    println!(
        "{backend}: {big} MB upload in {secs:.3} s = {throughput:.0} MB/s (disk write+fsync of the same bytes: {rate:.0} MB/s, ratio {:.2}; a 64 KB upload takes {:.3} s, so {:.0} MB/s past that); server RSS {} → peak {} MB (+{:.1} MB)",
        throughput / rate,
        fixed,
        big as f64 / (secs - fixed).max(1e-6),
        before / 1024,
        top / 1024,
        (top.saturating_sub(before)) as f64 / 1024.0
    );

    let mut drafts = Vec::new();
    for _ in 0..concurrent {
        drafts.push(draft(&address).await);
    }
    let before = rss_kb();
    let peak = Peak::start();
    let t = Instant::now();
    let addr = address.clone();
    let file = small_file.clone();
    let statuses = tokio::task::spawn_blocking(move || {
        let children: Vec<_> = drafts
            .iter()
            .map(|(base, cookie)| curl(&addr, base, cookie, &file))
            .collect();
        children.into_iter().map(finished).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let top = peak.stop();
    assert!(statuses.iter().all(|s| s == "200"), "{statuses:?}");
    println!(
        "{backend}: {concurrent} concurrent {each} MB uploads in {secs:.2} s ({:.0} MB/s together); server RSS {} → peak {} MB (+{:.1} MB)",
        (concurrent * each) as f64 / secs,
        before / 1024,
        top / 1024,
        (top.saturating_sub(before)) as f64 / 1024.0
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let backends: Vec<&str> = if args.iter().any(|a| a == "both") {
        vec!["local", "s3"]
    } else if args.iter().any(|a| a == "s3") {
        vec!["s3"]
    } else {
        vec!["local"]
    };
    for backend in backends {
        run(backend, smoke).await;
    }
}
