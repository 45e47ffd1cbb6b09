//! Uploads through the real HTTP path into each file store: the server's
//! extra memory while a 50 MB file streams in, its throughput against the
//! same machine's plain disk write rate (write + fsync of the same bytes,
//! measured right before each upload, since this VM's disk rate drifts
//! with what the host has cached), for S3 also against a plain PUT of the
//! same bytes to the same S3 server, and the memory of 20 concurrent 20 MB
//! uploads.
//!
//! ```text
//! cargo run --release -p server --example uploadbench -- [local|s3|both] [--smoke]
//! ```
//! The server runs in this process; the uploads are sent by `curl`
//! processes streaming from disk, so this process's resident memory is the
//! server's. An upload's time is curl's own (`time_total`: connecting,
//! sending, the server's checks and storing, the answer), without starting
//! the curl process; the wall time with it is printed beside. `s3` needs
//! `HALL_TEST_S3_ENDPOINT` (run under `scripts/with-s3.sh`). `--smoke`
//! sends 5 MB and 3 concurrent 2 MB files, one round (the test command
//! runs it so the tool cannot rot).

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

/// The same bytes written and flushed to disk beside the store: MB/s, and
/// the file, to be removed once the upload it is compared with is done.
/// (`bytes` is read once for the whole run, so measuring this does not
/// move the resident memory the uploads are measured against.)
fn disk_rate(bytes: &[u8], dir: &Path) -> (f64, PathBuf) {
    let target = dir.join("disk-rate.bin");
    let t = Instant::now();
    let mut f = std::fs::File::create(&target).unwrap();
    for chunk in bytes.chunks(64 * 1024) {
        f.write_all(chunk).unwrap();
    }
    f.sync_all().unwrap();
    let secs = t.elapsed().as_secs_f64();
    (bytes.len() as f64 / MB as f64 / secs, target)
}

/// Removes what the uploads stored (not `.incoming`, kept empty by the
/// store). On this VM, page cache that was used and freed is fast to write
/// to again, pages never used are several times slower (the host backs
/// them on first touch): the baseline's file and the upload's both stay
/// until the end of their round and both go then, so neither is measured
/// on fresher memory than the other.
fn clear_store(root: &Path) {
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.ends_with(".incoming") {
            std::fs::remove_dir_all(&path).unwrap();
        }
    }
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
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code} %{time_total}",
            "-H",
        ])
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

/// The answer's status and curl's own time for the transfer, in seconds,
/// from curl's `-w "%{http_code} %{time_total}"`.
fn status_and_secs(stdout: &[u8]) -> (String, f64) {
    let out = String::from_utf8_lossy(stdout);
    let (status, secs) = out.split_once(' ').unwrap_or((&out, "0"));
    (status.to_string(), secs.trim().parse().unwrap_or(0.0))
}

fn finished(child: std::process::Child) -> (String, f64) {
    status_and_secs(&child.wait_with_output().unwrap().stdout)
}

/// A plain PUT of the file to the S3 server (signed by curl with the
/// server's keys): the store's own write rate, MB/s by curl's clock.
fn plain_put_rate(endpoint: &str, bucket: &str, file: &Path) -> f64 {
    let out = std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}"])
        .args([
            "--aws-sigv4",
            "aws:amz:us-east-1:s3",
            "--user",
            "bench:bench",
            "-T",
        ])
        .arg(file)
        .arg(format!("{endpoint}/{bucket}/plain-put"))
        .output()
        .expect("curl");
    let (status, secs) = status_and_secs(&out.stdout);
    assert_eq!(status, "200", "plain PUT to the S3 server");
    let bytes = std::fs::metadata(file).unwrap().len();
    bytes as f64 / MB as f64 / secs
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn run(backend: &str, smoke: bool) {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::defaults().expect("settings");
    settings.server.port = 0;
    settings.database.url = dir.path().join("hall.db").display().to_string();
    settings.staff.demo = true;
    settings.issuing.seal_key_file = dir.path().join("seal.pem");
    settings.limits.lookups = u32::MAX / 2;
    // Measures throughput, not the per-address allowance.
    settings.limits.upload_megabytes = u32::MAX / 2;
    settings.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
    settings.calendar.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../calendar");
    settings.log.filter = "warn".into();
    settings.files.max_file_mb = 64;
    settings.files.max_application_mb = 2048;
    let files_dir = dir.path().join("files");
    settings.files.dir = files_dir.clone();
    let mut s3 = None;
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
        s3 = Some((endpoint.clone(), bucket.clone()));
        settings.files.backend = FileBackend::S3;
        settings.files.s3_endpoint = endpoint;
        settings.files.s3_bucket = bucket;
        settings.files.s3_access_key_id = "bench".into();
        settings.files.s3_secret_access_key = "bench".into();
    }
    let app = Application::build(settings).await.expect("server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());

    let (big, concurrent, each, rounds) = if smoke { (5, 3, 2, 1) } else { (50, 20, 20, 5) };
    let big_file = pdf_file(dir.path(), "big.pdf", big * MB);
    let small_file = pdf_file(dir.path(), "each.pdf", each * MB);
    let warm = pdf_file(dir.path(), "warm.pdf", MB);
    let big_bytes = std::fs::read(&big_file).unwrap();

    // Warm up (pools, first allocations).
    let (base, cookie) = draft(&address).await;
    let addr = address.clone();
    let (status, _) =
        tokio::task::spawn_blocking(move || finished(curl(&addr, &base, &cookie, &warm)))
            .await
            .unwrap();
    assert_eq!(status, "200", "warm-up upload");
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Each round: the disk's rate, the S3 server's (if any), then the upload.
    let (mut vs_disk, mut vs_store, mut growth) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        let (rate, baseline) = disk_rate(&big_bytes, dir.path());
        let store_rate = s3
            .as_ref()
            .map(|(endpoint, bucket)| plain_put_rate(endpoint, bucket, &big_file));
        let (base, cookie) = draft(&address).await;
        let before = rss_kb();
        let peak = Peak::start();
        let t = Instant::now();
        let addr = address.clone();
        let file = big_file.clone();
        let (status, secs) =
            tokio::task::spawn_blocking(move || finished(curl(&addr, &base, &cookie, &file)))
                .await
                .unwrap();
        let wall = t.elapsed().as_secs_f64();
        let top = peak.stop();
        assert_eq!(status, "200", "the {big} MB upload");
        std::fs::remove_file(baseline).unwrap();
        if s3.is_none() {
            clear_store(&files_dir);
        }
        let throughput = big as f64 / secs;
        let extra = (top.saturating_sub(before)) as f64 / 1024.0;
        vs_disk.push(throughput / rate);
        growth.push(extra);
        let store = match store_rate {
            Some(store_rate) => {
                vs_store.push(throughput / store_rate);
                format!(
                    ", plain PUT to the S3 server {store_rate:.0} MB/s (ratio {:.2})",
                    throughput / store_rate
                )
            }
            None => String::new(),
        };
        println!(
            "{backend} round {round}: {big} MB upload in {secs:.3} s ({wall:.3} s with starting curl) = {throughput:.0} MB/s; disk write+fsync of the same bytes {rate:.0} MB/s (ratio {:.2}){store}; server RSS {} → peak {} MB (+{extra:.1} MB)",
            throughput / rate,
            before / 1024,
            top / 1024,
        );
    }
    let store = if vs_store.is_empty() {
        String::new()
    } else {
        format!(", vs a plain PUT to the S3 server {:.2}", median(vs_store))
    };
    println!(
        "{backend}: median of {rounds}: throughput vs disk {:.2}{store}; extra RSS +{:.1} MB (max +{:.1})",
        median(vs_disk),
        median(growth.clone()),
        growth.iter().cloned().fold(0.0, f64::max),
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
    assert!(statuses.iter().all(|(s, _)| s == "200"), "{statuses:?}");
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
