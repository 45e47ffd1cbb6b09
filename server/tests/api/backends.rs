//! PostgreSQL as a shared database: several server processes on one
//! database agree on one application, and a database that goes away gives
//! pages that say so (503), not hangs or stack traces. These always run on
//! PostgreSQL (the throwaway test cluster), whichever backend the rest of
//! the suite uses.

use crate::helpers::{location, TestApp, APPLICANT};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

/// A server process (the real binary) on a free port.
pub(crate) struct ServerProcess {
    child: Child,
    pub(crate) address: String,
}

impl ServerProcess {
    /// Every process of one hall shares its seal key.
    fn start(database_url: &str, seal_key: &std::path::Path) -> Self {
        Self::start_with(database_url, seal_key, &[])
    }

    /// With more settings (`HALL__…` variables).
    pub(crate) fn start_with(
        database_url: &str,
        seal_key: &std::path::Path,
        settings: &[(String, String)],
    ) -> Self {
        let catalog = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("HALL__DATABASE__URL", database_url)
            .env("HALL__SERVER__PORT", "0")
            .env("HALL__CATALOG__DIR", catalog)
            .env(
                "HALL__CALENDAR__DIR",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../calendar"),
            )
            .env("HALL__LOG__FILTER", "warn")
            .env("HALL__SECURITY__ID_KEY", crate::helpers::TEST_ID_KEY)
            .env("HALL__ISSUING__PICKUP_KEY", crate::helpers::TEST_PICKUP_KEY)
            .env("HALL__ISSUING__SEAL_KEY_FILE", seal_key)
            .envs(settings.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        // It prints its address once listening.
        let address = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| l.split("open at ").nth(1).map(str::to_string))
            .expect("the server says where it listens");
        Self { child, address }
    }
}

impl ServerProcess {
    /// SIGKILL: no shutdown, nothing flushed or finished.
    pub(crate) fn kill_9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_on_one_database_give_one_application() {
    let url = store::testing::fresh_postgres_database().await;
    // Started one after the other: the second finds the schema migrated.
    let keys = tempfile::tempdir().unwrap();
    let seal_key = keys.path().join("seal.pem");
    server::configuration::write_new_seal_key(&seal_key).unwrap();
    let a = ServerProcess::start(&url, &seal_key);
    let b = ServerProcess::start(&url, &seal_key);
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    let post = |base: &str, path: &str, form: &[(&str, &str)]| {
        client.post(format!("{base}{path}")).form(form).send()
    };
    // Start and answer on A; the visit cookie (host-wide) also opens it on B.
    let res = post(&a.address, "/matters/GA-HJ-001/apply", &[])
        .await
        .unwrap();
    let draft = location(&res).trim_end_matches("/applicant").to_string();
    let res = post(&b.address, &format!("{draft}/applicant"), &APPLICANT)
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = post(
        &a.address,
        &format!("{draft}/ga-hj-001"),
        &[("new_address", "四川省达州市通川区朝阳中路1号")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);

    let submits = (0..200).map(|i| {
        let base = if i % 2 == 0 { &a.address } else { &b.address };
        post(
            base,
            &format!("{draft}/declaration"),
            &[("declaration", "yes")],
        )
    });
    let receipts: std::collections::BTreeSet<String> = futures::future::join_all(submits)
        .await
        .into_iter()
        .map(|res| {
            let res = res.expect("submit answered");
            assert_eq!(res.status(), 303);
            location(&res)
        })
        .collect();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    let receipt = receipts.into_iter().next().unwrap();
    assert!(receipt.ends_with("/receipt"), "{receipt}");

    let mut db = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM applications")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(n, 1);
    // The same number on both servers.
    let number = receipt
        .trim_start_matches("/applications/")
        .trim_end_matches("/receipt");
    for server in [&a, &b] {
        let res = client
            .get(format!("{}/applications/{number}", server.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains(&number[..5]));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_goes_away_gives_503_pages_and_health_says_so() {
    let url = store::testing::fresh_postgres_database().await;
    let app = TestApp::spawn_on(url.clone()).await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);

    let name = url.rsplit('/').next().unwrap().to_string();
    let admin = std::env::var("HALL_TEST_POSTGRES_URL").unwrap();
    let mut db = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap();
    let set_allowed =
        |allowed: bool| format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {allowed}");
    sqlx::query(&set_allowed(false))
        .execute(&mut db)
        .await
        .unwrap();
    sqlx::query(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .execute(&mut db)
    .await
    .unwrap();

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 503);
    let body: serde_json::Value = health.json().await.unwrap();
    assert_eq!(body["database"], "unreachable");

    // A step post: the page again, saying the service is unavailable and
    // nothing typed is lost — no stack trace, no internals.
    let res = app.post_step(&base, "applicant", &APPLICANT).await;
    assert_eq!(res.status(), 503);
    let html = res.text().await.unwrap();
    assert!(html.contains("服务暂时不可用"), "{html}");
    assert!(
        !html.contains("sqlx") && !html.contains("database"),
        "{html}"
    );
    let number = domain::ApplicationNumber::from_indices([1; 9]);
    let res = app.get(&format!("/applications/{}", number.as_str())).await;
    assert_eq!(res.status(), 503, "lookup");
    assert!(res.text().await.unwrap().contains("服务暂时不可用"));

    // It comes back: so does the hall.
    sqlx::query(&set_allowed(true))
        .execute(&mut db)
        .await
        .unwrap();
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    let res = app.post_step(&base, "applicant", &APPLICANT).await;
    assert_eq!(res.status(), 303);
}
