//! The visit: kiosk start and end, large text, and what a browser may cache.

use crate::helpers::{answered_household_draft, location, TestApp};

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn ending_a_kiosk_visit_locks_the_last_citizens_draft_out_of_this_browser() {
    let app = TestApp::spawn().await;
    let res = app.get("/kiosk?idle=5&warning=3").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/");
    assert!(set_cookies(&res)
        .iter()
        .any(|c| c.starts_with("kiosk=5-3;")));
    let (_, home) = app.html("/").await;
    assert!(home.contains(r#"class="kiosk""#), "kiosk pages are marked");
    assert!(home.contains(r#"id="idle-warning""#), "the idle warning");
    assert!(home.contains(r#"action="/kiosk/end""#), "a finish button");

    let base = answered_household_draft(&app).await;
    let (status, html) = app.html(&format!("{base}/check")).await;
    assert_eq!(status, 200);
    assert!(html.contains("张三"));

    let res = app.post_form("/kiosk/end", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/");
    assert_eq!(
        res.headers().get("clear-site-data").unwrap(),
        r#""cache", "storage""#
    );
    let cookies = set_cookies(&res);
    assert!(
        cookies.iter().any(|c| c.starts_with("visit=")),
        "a new visit"
    );
    assert!(
        cookies.iter().any(|c| c.starts_with("lang=;")),
        "language reset"
    );

    // "Back" to any step of that draft: nothing of it is shown.
    for step in ["applicant", "check", "saved", "declaration"] {
        let (status, html) = app.html(&format!("{base}/{step}")).await;
        assert_eq!(status, 403, "{step}");
        assert!(!html.contains("张三") && !html.contains("达州市"), "{step}");
    }
    // Nor can it be changed, submitted or deleted from here.
    let res = app
        .post_form(&format!("{base}/declaration"), &[("declaration", "yes")])
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_form(&format!("{base}/saved"), &[("_action", "delete")])
        .await;
    assert_eq!(res.status(), 403);
    // The terminal is still a kiosk.
    let (_, home) = app.html("/").await;
    assert!(home.contains(r#"class="kiosk""#));
}

#[tokio::test]
async fn kiosk_times_out_of_range_are_refused_with_a_reason() {
    let app = TestApp::spawn().await;
    let res = app.get("/kiosk?idle=1").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("2 to 3600"));
}

#[tokio::test]
async fn large_text_is_rendered_by_the_server_on_every_page_until_switched_off() {
    let app = TestApp::spawn().await;
    let (_, html) = app.html("/").await;
    assert!(!html.contains("large-text"));
    assert!(html.contains(r#"href="/text/large?next=/""#));
    let res = app.get("/text/large?next=/matters").await;
    assert_eq!(location(&res), "/matters");
    for page in [
        "/",
        "/matters",
        "/matters/GA-HJ-001",
        "/resume",
        "/applications",
    ] {
        let (_, html) = app.html(page).await;
        assert!(
            html.contains(r#"<html lang="zh-CN" class="large-text""#),
            "{page}"
        );
    }
    app.get("/text/standard?next=/").await;
    let (_, html) = app.html("/").await;
    assert!(!html.contains("large-text"));
}

#[tokio::test]
async fn pages_are_never_cached_and_carry_a_visit_cookie() {
    let app = TestApp::spawn().await;
    let res = app.get("/").await;
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    assert!(set_cookies(&res)
        .iter()
        .any(|c| c.starts_with("visit=") && c.contains("HttpOnly")));
    // Issued once: the next page keeps the same visit.
    let res = app.get("/matters").await;
    assert!(set_cookies(&res).is_empty());
}
