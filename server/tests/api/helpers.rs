//! Spawns the real server on a random port with a temporary database:
//! SQLite by default, PostgreSQL (a fresh database on the test cluster)
//! when `HALL_TEST_DATABASE=postgres` — the test command runs the whole
//! suite both ways.

use server::configuration::Settings;
use server::Application;
use std::path::PathBuf;

/// The breach list's key in tests (configuration, as in production).
pub const TEST_ID_KEY: &str = "integration-tests-id-key-0123456789abcdef";
pub const TEST_PICKUP_KEY: &str = "integration-tests-pickup-key-0123456789abcdef";

pub struct TestApp {
    pub address: String,
    /// Where uploaded materials go in this run (`HALL_TEST_FILES`).
    pub files: TestFiles,
    /// Where its data is (for the `server` commands run against it).
    pub database_url: String,
    pub client: reqwest::Client,
    /// The client's cookies (for requests made by hand).
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
    /// The hall's seal key (PKCS#8 PEM).
    pub seal_key: PathBuf,
    _dir: tempfile::TempDir,
}

pub const VALID_ID: &str = "11010519491231002X";

/// The backend this run of the suite uses: `sqlite` or `postgres`.
pub fn backend() -> &'static str {
    match std::env::var("HALL_TEST_DATABASE").as_deref() {
        Ok("postgres") => "postgres",
        Ok("sqlite") | Err(_) => "sqlite",
        Ok(other) => panic!("HALL_TEST_DATABASE={other}: use sqlite or postgres"),
    }
}

/// The file store this run of the suite uses: `local` (default) or `s3`
/// (`HALL_TEST_FILES=s3`, with the S3-compatible test server the test
/// command starts at `HALL_TEST_S3_ENDPOINT`).
pub fn files_backend() -> &'static str {
    match std::env::var("HALL_TEST_FILES").as_deref() {
        Ok("s3") => "s3",
        Ok("local") | Err(_) => "local",
        Ok(other) => panic!("HALL_TEST_FILES={other}: use local or s3"),
    }
}

pub enum TestFiles {
    Local(std::path::PathBuf),
    S3 { endpoint: String, bucket: String },
}

impl TestFiles {
    async fn configure(dir: &std::path::Path, settings: &mut Settings) -> Self {
        use server::configuration::FileBackend;
        if files_backend() == "s3" {
            let endpoint = std::env::var("HALL_TEST_S3_ENDPOINT").expect(
                "HALL_TEST_FILES=s3 needs HALL_TEST_S3_ENDPOINT (scripts/with-s3.sh sets it)",
            );
            // A bucket per app: tests see only their own objects.
            let bucket = format!("hall-test-{:016x}", rand_bits());
            let made = reqwest::Client::new()
                .put(format!("{endpoint}/{bucket}"))
                .send()
                .await
                .expect("the S3 test server answers");
            assert!(
                made.status().is_success(),
                "create bucket: {}",
                made.status()
            );
            settings.files.backend = FileBackend::S3;
            settings.files.s3_endpoint = endpoint.clone();
            settings.files.s3_bucket = bucket.clone();
            settings.files.s3_access_key_id = "test".into();
            settings.files.s3_secret_access_key = "test".into();
            TestFiles::S3 { endpoint, bucket }
        } else {
            let root = dir.join("files");
            settings.files.backend = FileBackend::Local;
            settings.files.dir = root.clone();
            TestFiles::Local(root)
        }
    }

    /// Everything in the store: whole files, half-written ones and (S3)
    /// multipart uploads never completed.
    pub async fn everything(&self) -> Vec<String> {
        match self {
            TestFiles::Local(root) => store::files::LocalFiles::open_existing(root)
                .list_all()
                .expect("list files"),
            TestFiles::S3 { endpoint, bucket } => {
                let files = store::files::S3Files::new(&store::files::S3Settings {
                    endpoint: endpoint.clone(),
                    bucket: bucket.clone(),
                    region: "us-east-1".into(),
                    access_key_id: "test".into(),
                    secret_access_key: "test".into(),
                })
                .expect("s3 client");
                let mut all = files.list_all().await.expect("list objects");
                let uploads = reqwest::get(format!("{endpoint}/{bucket}?uploads"))
                    .await
                    .expect("list uploads")
                    .text()
                    .await
                    .expect("uploads body");
                all.extend(
                    uploads
                        .match_indices("<UploadId>")
                        .map(|(i, _)| format!("open multipart upload at {i}")),
                );
                all
            }
        }
    }
}

fn rand_bits() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

/// A new, empty database of this run's backend.
pub async fn database_url(dir: &std::path::Path) -> String {
    match backend() {
        "postgres" => store::testing::fresh_postgres_database().await,
        _ => dir.join("hall.db").display().to_string(),
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// With adjusted settings (e.g. a short draft lifetime).
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::spawn_configured(None, adjust).await
    }

    /// On a given database (e.g. one a test will take away).
    pub async fn spawn_on(database_url: String) -> Self {
        Self::spawn_configured(Some(database_url), |_| {}).await
    }

    async fn spawn_configured(
        database: Option<String>,
        adjust: impl FnOnce(&mut Settings),
    ) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = Settings::defaults().expect("default settings");
        settings.security.id_key = TEST_ID_KEY.into();
        settings.issuing.pickup_key = TEST_PICKUP_KEY.into();
        settings.issuing.seal_key_file = dir.path().join("seal.pem");
        server::configuration::write_new_seal_key(&settings.issuing.seal_key_file)
            .expect("a seal key");
        let files = TestFiles::configure(dir.path(), &mut settings).await;
        adjust(&mut settings);
        settings.server.port = 0;
        settings.database.url = match database {
            Some(url) => url,
            None => database_url(dir.path()).await,
        };
        let database_url = settings.database.url.clone();
        let seal_key = settings.issuing.seal_key_file.clone();
        settings.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        settings.calendar.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../calendar");
        // Each test reads the supervision desk right after its steps; the
        // minute's reading is tested on its own (supervision.rs).
        settings.supervision.open_work_refresh_seconds = 0;
        let app = Application::build(settings).await.expect("app starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(jar.clone())
            // A hung request fails the test fast instead of stalling CI.
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client");
        Self {
            address,
            files,
            database_url,
            client,
            jar,
            seal_key,
            _dir: dir,
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    pub async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(pairs)
            .send()
            .await
            .expect("request")
    }

    /// "Start" on an application page; returns the draft's base path
    /// `/drafts/{id}` and the first step's slug.
    pub async fn start_draft(&self, start_path: &str) -> (String, String) {
        let res = self.post_form(start_path, &[]).await;
        assert_eq!(res.status(), 303, "start {start_path}");
        let location = location(&res);
        let (base, first) = location.rsplit_once('/').expect("a step path");
        (base.to_string(), first.to_string())
    }

    pub async fn post_step(
        &self,
        base: &str,
        step: &str,
        pairs: &[(&str, &str)],
    ) -> reqwest::Response {
        self.post_form(&format!("{base}/{step}"), pairs).await
    }

    pub async fn html(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string()
}

/// The applicant step of most matters.
pub const APPLICANT: [(&str, &str); 3] = [
    ("applicant_name", "张三"),
    ("applicant_id", VALID_ID),
    ("applicant_mobile", "138 1234 5678"),
];

/// A household-transfer draft with every step answered; returns its base path.
pub async fn answered_household_draft(app: &TestApp) -> String {
    let (base, first) = app.start_draft("/matters/GA-HJ-001/apply").await;
    assert_eq!(first, "applicant");
    let res = app.post_step(&base, "applicant", &APPLICANT).await;
    assert_eq!(location(&res), format!("{base}/ga-hj-001"));
    let res = app
        .post_step(
            &base,
            "ga-hj-001",
            &[
                ("new_address", "四川省达州市通川区朝阳中路1号"),
                ("move_date", ""),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/materials"));
    base
}

/// The number in a `Location: /applications/{number}/receipt` header.
pub fn receipt_number(res: &reqwest::Response) -> String {
    let location = res
        .headers()
        .get("location")
        .expect("redirect")
        .to_str()
        .unwrap()
        .to_string();
    location
        .trim_start_matches("/applications/")
        .trim_end_matches("/receipt")
        .to_string()
}
