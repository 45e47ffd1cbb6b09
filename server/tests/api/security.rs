//! Security headers on every route, cookies over https, and the lookup
//! rate limits.

use crate::helpers::{answered_household_draft, location, receipt_number, TestApp};
use reqwest::Method;

/// Every route the router answers: (pattern, method, example). `{draft}`
/// is a real draft's path, `{number}` a real application's number.
const ROUTES: &[(&str, &str, &str)] = &[
    ("/", "GET", "/"),
    ("/healthz", "GET", "/healthz"),
    ("/lang/{tag}", "GET", "/lang/en?next=/"),
    ("/text/{size}", "GET", "/text/large?next=/"),
    ("/kiosk", "GET", "/kiosk"),
    ("/kiosk/end", "POST", "/kiosk/end"),
    ("/matters", "GET", "/matters"),
    ("/matters/{code}", "GET", "/matters/GA-HJ-001"),
    ("/matters/{code}/apply", "GET", "/matters/GA-HJ-001/apply"),
    ("/matters/{code}/apply", "POST", "/matters/GA-HJ-001/apply"),
    ("/bundles/{code}", "GET", "/bundles/YJS-KCG"),
    ("/bundles/{code}/apply", "GET", "/bundles/YJS-KCG/apply"),
    ("/bundles/{code}/apply", "POST", "/bundles/YJS-KCG/apply"),
    ("/lists/one-visit", "GET", "/lists/one-visit"),
    ("/lists/online", "GET", "/lists/online"),
    ("/drafts/{id}/{step}", "GET", "{draft}/applicant"),
    ("/drafts/{id}/{step}", "POST", "{draft}/applicant"),
    (
        "/drafts/{id}/materials/{key}",
        "POST",
        "{draft}/materials/id_card",
    ),
    (
        "/drafts/{id}/files/{file}",
        "GET",
        "{draft}/files/0123456789abcdef0123456789abcdef",
    ),
    (
        "/drafts/{id}/files/{file}/remove",
        "POST",
        "{draft}/files/0123456789abcdef0123456789abcdef/remove",
    ),
    ("/drafts/{id}/handoff", "POST", "{draft}/handoff"),
    (
        "/drafts/{id}/materials/events",
        "GET",
        "{draft}/materials/events",
    ),
    (
        "/upload/{token}",
        "GET",
        "/upload/0123456789abcdef0123456789abcdef",
    ),
    (
        "/upload/{token}/{key}",
        "POST",
        "/upload/0123456789abcdef0123456789abcdef/id_card",
    ),
    ("/resume", "GET", "/resume"),
    ("/resume/find", "GET", "/resume/find?code=ABCD-EFGH"),
    ("/resume/{code}", "GET", "/resume/ABCD-EFGH"),
    ("/draft-deleted", "GET", "/draft-deleted"),
    ("/applications", "GET", "/applications?number={number}"),
    ("/my", "GET", "/my"),
    ("/my/code", "POST", "/my/code"),
    ("/my/enter", "POST", "/my/enter"),
    ("/my/leave", "POST", "/my/leave"),
    ("/applications/{number}", "GET", "/applications/{number}"),
    (
        "/applications/{number}/receipt",
        "GET",
        "/applications/{number}/receipt",
    ),
    (
        "/applications/{number}/proof",
        "POST",
        "/applications/{number}/proof",
    ),
    (
        "/applications/{number}/delivery",
        "POST",
        "/applications/{number}/delivery",
    ),
    (
        "/applications/{number}/pickup-renewal",
        "POST",
        "/applications/{number}/pickup-renewal",
    ),
    (
        "/applications/{number}/materials/{key}",
        "POST",
        "/applications/{number}/materials/id_card",
    ),
    ("/verify", "GET", "/verify?code=AAAA"),
    ("/verify/{code}", "GET", "/verify/AAAAAAAAAAAAAAAA"),
    // Staff desks (anonymous here: redirects and refusals carry them too).
    ("/staff", "GET", "/staff"),
    ("/staff/sign-in", "GET", "/staff/sign-in"),
    ("/staff/sign-in", "POST", "/staff/sign-in"),
    ("/staff/sign-out", "POST", "/staff/sign-out"),
    (
        "/staff/sign-out-everywhere",
        "POST",
        "/staff/sign-out-everywhere",
    ),
    ("/staff/find", "GET", "/staff/find?number={number}"),
    (
        "/staff/applications/{number}",
        "GET",
        "/staff/applications/{number}",
    ),
    (
        "/staff/applications/{number}/notice",
        "GET",
        "/staff/applications/{number}/notice",
    ),
    (
        "/staff/applications/{number}/decision",
        "POST",
        "/staff/applications/{number}/decision",
    ),
    (
        "/staff/applications/{number}/corrections-received",
        "POST",
        "/staff/applications/{number}/corrections-received",
    ),
    (
        "/staff/applications/{number}/withdrawal",
        "POST",
        "/staff/applications/{number}/withdrawal",
    ),
    (
        "/staff/applications/{number}/review-notice",
        "POST",
        "/staff/applications/{number}/review-notice",
    ),
    ("/staff/reviews", "GET", "/staff/reviews"),
    ("/staff/reviews/{id}", "GET", "/staff/reviews/1"),
    (
        "/staff/reviews/{id}/decision",
        "POST",
        "/staff/reviews/1/decision",
    ),
    (
        "/staff/reviews/{id}/special-step-end",
        "POST",
        "/staff/reviews/1/special-step-end",
    ),
    (
        "/staff/reviews/{id}/extension",
        "POST",
        "/staff/reviews/1/extension",
    ),
    (
        "/staff/applications/{number}/deferred-received",
        "POST",
        "/staff/applications/{number}/deferred-received",
    ),
    (
        "/staff/applications/{number}/files/{file}",
        "GET",
        "/staff/applications/{number}/files/0123456789abcdef0123456789abcdef",
    ),
    (
        "/staff/review/{task}/files/{number}/{file}",
        "GET",
        "/staff/review/1/files/{number}/0123456789abcdef0123456789abcdef",
    ),
    ("/staff/issuing", "GET", "/staff/issuing"),
    ("/staff/issuing/{number}", "GET", "/staff/issuing/{number}"),
    (
        "/staff/issuing/{number}/handover",
        "GET",
        "/staff/issuing/{number}/handover",
    ),
    (
        "/staff/issuing/{number}/issue",
        "POST",
        "/staff/issuing/{number}/issue",
    ),
    (
        "/staff/issuing/{number}/post",
        "POST",
        "/staff/issuing/{number}/post",
    ),
    ("/staff/pickup", "GET", "/staff/pickup"),
    ("/staff/messages", "GET", "/staff/messages"),
    ("/staff/follow-ups", "GET", "/staff/follow-ups"),
    (
        "/staff/follow-ups/{number}/{touchpoint}",
        "GET",
        "/staff/follow-ups/{number}/submission",
    ),
    (
        "/staff/follow-ups/{number}/{touchpoint}/reply",
        "POST",
        "/staff/follow-ups/{number}/submission/reply",
    ),
    (
        "/staff/follow-ups/{number}/{touchpoint}/close",
        "POST",
        "/staff/follow-ups/{number}/submission/close",
    ),
    ("/staff/supervision", "GET", "/staff/supervision"),
    (
        "/staff/supervision/report",
        "GET",
        "/staff/supervision/report?month=2026-12",
    ),
    (
        "/staff/supervision/report.csv",
        "GET",
        "/staff/supervision/report.csv?month=2026-12&table=matters",
    ),
    (
        "/staff/supervision/finished",
        "GET",
        "/staff/supervision/finished?month=2026-12&matter=&filter=all",
    ),
    ("/window", "GET", "/window"),
    ("/window/pair", "POST", "/window/pair"),
    ("/window/rating", "POST", "/window/rating"),
    ("/staff/window-screen", "GET", "/staff/window-screen"),
    (
        "/staff/window-screen/code",
        "POST",
        "/staff/window-screen/code",
    ),
    (
        "/staff/window-screen/unpair",
        "POST",
        "/staff/window-screen/unpair",
    ),
    ("/queue", "GET", "/queue"),
    ("/queue/tickets", "POST", "/queue/tickets"),
    (
        "/queue/tickets/{token}",
        "GET",
        "/queue/tickets/0123456789abcdef0123456789abcdef",
    ),
    ("/queue/book", "GET", "/queue/book?category=A"),
    ("/queue/bookings", "POST", "/queue/bookings"),
    (
        "/queue/bookings/{token}",
        "GET",
        "/queue/bookings/0123456789abcdef0123456789abcdef",
    ),
    (
        "/queue/bookings/{token}/cancel",
        "POST",
        "/queue/bookings/0123456789abcdef0123456789abcdef/cancel",
    ),
    (
        "/queue/bookings/{token}/change",
        "POST",
        "/queue/bookings/0123456789abcdef0123456789abcdef/change",
    ),
    ("/queue/check-in", "POST", "/queue/check-in"),
    (
        "/queue/tickets/{token}/events",
        "GET",
        "/queue/tickets/0123456789abcdef0123456789abcdef/events",
    ),
    ("/hall/display", "GET", "/hall/display"),
    ("/hall/display/events", "GET", "/hall/display/events"),
    ("/staff/calling", "GET", "/staff/calling"),
    ("/staff/calling/window", "POST", "/staff/calling/window"),
    ("/staff/calling/next", "POST", "/staff/calling/next"),
    ("/staff/calling/recall", "POST", "/staff/calling/recall"),
    ("/staff/calling/no-show", "POST", "/staff/calling/no-show"),
    ("/staff/assist", "GET", "/staff/assist"),
    ("/staff/assist/start", "POST", "/staff/assist/start"),
    (
        "/staff/assist/{id}",
        "GET",
        "/staff/assist/0123456789abcdef",
    ),
    (
        "/staff/assist/{id}/declaration",
        "GET",
        "/staff/assist/0123456789abcdef/declaration",
    ),
    (
        "/staff/assist/{id}/phone",
        "POST",
        "/staff/assist/0123456789abcdef/phone",
    ),
    (
        "/staff/assist/{id}/signed",
        "POST",
        "/staff/assist/0123456789abcdef/signed",
    ),
    (
        "/confirm/{token}",
        "GET",
        "/confirm/0123456789abcdef0123456789abcdef",
    ),
    (
        "/confirm/{token}",
        "POST",
        "/confirm/0123456789abcdef0123456789abcdef",
    ),
    ("/ratings", "GET", "/ratings"),
    (
        "/ratings/matters/{code}",
        "GET",
        "/ratings/matters/GA-HJ-001",
    ),
    (
        "/ratings/departments/{code}",
        "GET",
        "/ratings/departments/GA",
    ),
    (
        "/applications/{number}/rating",
        "POST",
        "/applications/{number}/rating",
    ),
    ("/staff/pickup", "POST", "/staff/pickup"),
    ("/staff/pickup/confirm", "POST", "/staff/pickup/confirm"),
    // Not routes of their own, answered all the same: the 404 page, files.
    ("(fallback)", "GET", "/no-such-page"),
    ("(static)", "GET", "/pkg/hall.css"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_covers_every_route_of_the_router() {
    let table: std::collections::BTreeSet<&str> = ROUTES.iter().map(|(p, _, _)| *p).collect();
    let patterns = server::route_patterns();
    assert!(patterns.len() >= 20, "{patterns:?}");
    let functions = server::server_function_paths();
    assert!(functions.len() >= 15, "{functions:?}");
    for pattern in patterns {
        // Server functions are each requested by the next test.
        assert!(
            table.contains(pattern.as_str()) || functions.contains(&pattern),
            "route {pattern} is not in the security headers' table"
        );
    }
}

/// Every server function's endpoint, posted to by anyone with nothing:
/// the security headers, never a 500, and nothing of the desks' without
/// a session.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_outsiders_with_the_headers_and_no_500() {
    let app = TestApp::spawn().await;
    for path in server::server_function_paths() {
        let res = app
            .client
            .post(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert!(status < 500, "POST {path} → {status}");
        assert!(
            header("content-security-policy").contains("default-src 'self'"),
            "{path}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        if path.starts_with("/api/staff/") {
            assert!(
                matches!(status, 400 | 401),
                "POST {path} without a session → {status}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_with_the_security_headers() {
    let app = TestApp::spawn().await;
    let draft = answered_household_draft(&app).await;
    // Another application, submitted, for the lookup pages.
    let other = answered_household_draft(&app).await;
    let res = app
        .post_step(&other, "declaration", &[("declaration", "yes")])
        .await;
    let number = receipt_number(&res);
    for (pattern, method, example) in ROUTES {
        let path = example
            .replace("{draft}", &draft)
            .replace("{number}", &number);
        let url = format!("{}{path}", app.address);
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let res = app
            .client
            .request(method.clone(), &url)
            .send()
            .await
            .unwrap();
        let where_ = format!("{method} {path} ({pattern}) → {}", res.status());
        let header = |name: &str| {
            res.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let csp = header("content-security-policy");
        for part in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            "'wasm-unsafe-eval'",
        ] {
            assert!(csp.contains(part), "{where_}: CSP lacks {part}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{where_}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{where_}");
        assert_eq!(header("referrer-policy"), "same-origin", "{where_}");
        assert_eq!(
            header("cross-origin-opener-policy"),
            "same-origin",
            "{where_}"
        );
        assert_eq!(header("x-frame-options"), "DENY", "{where_}");
        let permissions = header("permissions-policy");
        for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"] {
            assert!(permissions.contains(feature), "{where_}: {permissions}");
        }
        if header("content-type").starts_with("text/html") {
            // A page: its own nonce, on its inline style (and scripts).
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|s| s.split('\'').next())
                .unwrap_or_else(|| panic!("{where_}: a page without a nonce: {csp}"))
                .to_string();
            let html = res.text().await.unwrap();
            assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{where_}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_are_secure_and_host_only_when_the_hall_is_served_over_https() {
    let app =
        TestApp::spawn_with(|s| s.server.public_base_url = "https://hall.example.gov.cn".into())
            .await;
    let res = app.get("/").await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(cookie.starts_with("__Host-visit="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        cookie.contains("HttpOnly") && !cookie.contains("Domain"),
        "{cookie}"
    );
    let res = app.get("/lang/en?next=/").await;
    let lang = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        lang.starts_with("__Host-lang=en;") && lang.contains("Secure"),
        "{lang}"
    );
    // Over https an unprefixed cookie counts for nothing.
    let page = |cookie: &'static str| {
        app.client
            .get(format!("{}/", app.address))
            .header("cookie", cookie)
            .send()
    };
    let html = page("lang=en").await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"<html lang="zh-CN""#));
    let html = page("__Host-lang=en").await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_are_limited_per_address_with_a_page_that_keeps_what_was_typed() {
    let app = TestApp::spawn_with(|s| {
        s.limits.lookups = 3;
        s.limits.lookup_window_seconds = 2;
    })
    .await;
    for _ in 0..3 {
        let res = app.get("/resume/find?code=ABCD-EFGH").await;
        assert_eq!(res.status(), 303, "within the limit");
    }
    let res = app.get("/resume/find?code=ABCD-EFGH").await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "Retry-After {retry}");
    let html = res.text().await.unwrap();
    assert!(html.contains("尝试次数过多"), "{html}");
    assert!(
        html.contains(r#"value="ABCD-EFGH""#),
        "what was typed is kept"
    );
    // Application numbers share the allowance, in the visitor's language.
    app.get("/lang/en?next=/").await;
    let res = app.get("/applications?number=23456-789AB").await;
    assert_eq!(res.status(), 429);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Too many tries") && html.contains("23456-789AB"),
        "{html}"
    );
    assert_eq!(
        app.get("/applications/23456789AB/receipt").await.status(),
        429
    );
    // Other pages and posts are not limited.
    assert_eq!(app.get("/matters").await.status(), 200);
    let res = app.post_form("/matters/GA-HJ-001/apply", &[]).await;
    assert_eq!(res.status(), 303, "{}", location(&res));

    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(app.get("/resume/find?code=ABCD-EFGH").await.status(), 303);
}
