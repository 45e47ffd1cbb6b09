//! Spawns the real server on a random port with a temporary database.

use server::configuration::Settings;
use server::Application;
use std::path::PathBuf;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub const VALID_ID: &str = "11010519491231002X";

impl TestApp {
    pub async fn spawn() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = Settings::defaults().expect("default settings");
        settings.server.port = 0;
        settings.database.path = dir.path().join("hall.db");
        settings.catalog.dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        let app = Application::build(settings).await.expect("app starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            // A hung request fails the test fast instead of stalling CI.
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("client");
        Self {
            address,
            client,
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

    pub async fn submit_json(&self, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}/api/submit_application", self.address))
            .json(&serde_json::json!({ "request": body }))
            .send()
            .await
            .expect("request")
    }
}

/// A complete, valid household transfer form.
pub fn valid_household_form(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_submission_key", key.to_string()),
        ("applicant_name", "张三".to_string()),
        ("applicant_id", VALID_ID.to_string()),
        ("applicant_mobile", "138 1234 5678".to_string()),
        ("new_address", "四川省达州市通川区朝阳中路1号".to_string()),
    ]
}

pub fn as_refs<'a>(pairs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
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
