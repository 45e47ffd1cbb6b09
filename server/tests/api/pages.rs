use crate::helpers::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_check_reports_the_database() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["backend"], crate::helpers::backend());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_offers_search_and_categories_in_chinese_by_default() {
    let app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<html lang="zh-CN""#));
    assert!(html.contains(r#"role="search""#));
    for link in [
        "/matters?audience=personal",
        "/matters?audience=enterprise",
        "/bundles/YJS-KCG",
        "/matters?department=SCJG",
        "/lists/one-visit",
        "/lists/online",
    ] {
        assert!(html.contains(&format!(r#"href="{link}""#)), "{link}");
    }
    let all = app.get("/matters").await.text().await.unwrap();
    assert!(all.contains("企业设立登记（营业执照）"));
    assert!(all.contains("承诺 3 个工作日办结"));
    assert!(all.contains(r#"href="/matters/SCJG-XK-001""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_sets_a_cookie_and_returns_to_the_page() {
    let app = TestApp::spawn().await;
    let res = app.get("/lang/en?next=/matters/GA-HJ-001").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/matters/GA-HJ-001");
    let html = app.get("/matters/GA-HJ-001").await.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("Household registration transfer"));
    assert!(html.contains("Done within 5 working days"));
    // An attempt to leave the site goes home instead.
    let res = app.get("/lang/zh-CN?next=//evil.example").await;
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_and_matters_are_404_with_a_message() {
    let app = TestApp::spawn().await;
    for path in ["/nowhere", "/matters/NO-SUCH", "/matters/bad%20code/apply"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("role=\"alert\""), "{path}");
    }
    let html = app.get("/matters/NO-SUCH").await.text().await.unwrap();
    assert!(html.contains("没有找到这个事项"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_application_numbers_are_422_and_unknown_ones_404() {
    let app = TestApp::spawn().await;
    let res = app.get("/applications?number=ABC").await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("申请编号应为 10 位"));
    assert!(html.contains(r#"value="ABC""#), "typed value is kept");

    let res = app.get("/applications/ABCDE-FGHI0").await;
    assert_eq!(res.status(), 422);

    // Well-formed (valid check character) but never issued.
    let unissued = domain::ApplicationNumber::from_indices([1; 9]);
    let res = app.get(&format!("/applications?number={unissued}")).await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("没有找到这个编号的申请"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_for_slow_phones() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(format!("{}/", app.address))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
}
