//! 取号叫号 over HTTP on this run's backend: kiosks taking numbers at once,
//! desks calling at once, a number carrying its application to the
//! window, the display's stream, and who may call.

use crate::helpers::{answered_household_draft, location, receipt_number, TestApp};
use crate::staff::{clock_at, hall_on, spawn, Desk};
use std::collections::BTreeSet;

const PASSWORD: &str = "hall-demo-2026";

/// The text of the element with this test id.
fn testid_text(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!(r#"data-testid="{id}""#))?;
    let rest = &html[at..];
    let open = rest.find('>')? + 1;
    let close = rest[open..].find('<')?;
    Some(rest[open..open + close].to_string())
}

/// The number on a ticket's page.
fn ticket_number(html: &str) -> String {
    testid_text(html, "ticket-number").unwrap_or_else(|| panic!("a ticket number: {html}"))
}

/// The number a desk's panel says it is serving.
fn serving(html: &str) -> Option<String> {
    let text = testid_text(html, "calling-current")?;
    Some(
        text.chars()
            .skip_while(|c| !c.is_ascii_uppercase())
            .collect(),
    )
}

async fn take(desk: &Desk, category: &str, application: &str) -> reqwest::Response {
    desk.post(
        "/queue/tickets",
        &[("category", category), ("application", application)],
    )
    .await
}

/// A front desk besides the demo's own.
async fn second_front_desk(app: &TestApp) -> Desk {
    let hall = hall_on(
        &app.database_url,
        clock_at(&chrono::Utc::now().to_rfc3339()),
    )
    .await;
    hall.add_staff(
        "desk.two",
        "前台 李娜",
        domain::StaffRole::FrontDesk,
        &[],
        PASSWORD,
    )
    .await
    .unwrap();
    let desk = Desk::anonymous(app);
    let res = desk
        .post(
            "/staff/sign-in",
            &[("name", "desk.two"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(location(&res), "/staff");
    desk
}

async fn sit_at(desk: &Desk, window: &str) {
    let res = desk
        .post_form("/staff/calling/window", &[("window", window)])
        .await;
    assert_eq!(location(&res), "/staff/calling");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_kiosks_at_once_take_unique_gapless_numbers() {
    let app = spawn().await;
    let kiosks: Vec<Desk> = (0..50).map(|_| Desk::anonymous(&app)).collect();
    let taken = futures::future::join_all(kiosks.iter().map(|k| async move {
        let res = take(k, "A", "").await;
        assert_eq!(res.status(), 303);
        let (status, html) = k.get(&location(&res)).await;
        assert_eq!(status, 200);
        ticket_number(&html)
    }))
    .await;
    let numbers: BTreeSet<String> = taken.iter().cloned().collect();
    let expected: BTreeSet<String> = (1..=50).map(|n| format!("A{n:03}")).collect();
    assert_eq!(numbers, expected, "unique and gapless: {taken:?}");
    // Another category counts on its own.
    let res = take(&kiosks[0], "B", "").await;
    let (_, html) = kiosks[0].get(&location(&res)).await;
    assert_eq!(ticket_number(&html), "B001");
    // The last A in line has 49 ahead of it.
    let res = take(&kiosks[1], "A", "").await;
    let (_, html) = kiosks[1].get(&location(&res)).await;
    assert_eq!(ticket_number(&html), "A051");
    assert!(html.contains("前面还有 50 人等候"), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desks_calling_at_once_call_each_number_once() {
    let app = spawn().await;
    let kiosk = Desk::anonymous(&app);
    for _ in 0..12 {
        assert_eq!(take(&kiosk, "A", "").await.status(), 303);
    }
    let one = Desk::sign_in(&app, "desk.demo").await;
    let two = second_front_desk(&app).await;
    sit_at(&one, "3").await;
    sit_at(&two, "4").await;
    let calls = |desk: Desk| async move {
        let mut called = Vec::new();
        loop {
            let res = desk.post_form("/staff/calling/next", &[]).await;
            let to = location(&res);
            if to.ends_with("?nobody=1") {
                return called;
            }
            assert_eq!(to, "/staff/calling");
            let (_, html) = desk.get("/staff/calling").await;
            called.push(serving(&html).expect("a number at the window"));
        }
    };
    let (a, b) = tokio::join!(calls(one), calls(two));
    let all: BTreeSet<String> = a.iter().chain(&b).cloned().collect();
    assert_eq!(a.len() + b.len(), 12, "each called once: {a:?} {b:?}");
    assert_eq!(all.len(), 12, "{a:?} {b:?}");
    assert!(
        !a.is_empty() && !b.is_empty(),
        "both desks called: {a:?} {b:?}"
    );
    // Each desk called in order of the line.
    for called in [&a, &b] {
        let mut sorted = called.clone();
        sorted.sort();
        assert_eq!(&sorted, called);
    }
    // The supervisor's day: 12 taken, 10 served, 2 still at windows.
    let boss = Desk::sign_in(&app, "super.demo").await;
    let (_, html) = boss.get("/staff/supervision").await;
    assert!(html.contains("今日取号叫号"), "{html}");
    assert!(html.contains(r#"data-testid="queue-day-A""#), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_carries_its_application_only_for_the_visit_that_submitted_it() {
    let app = spawn().await;
    let kiosk = app.get("/kiosk").await;
    assert!(kiosk.status().is_redirection() || kiosk.status().is_success());
    let draft = answered_household_draft(&app).await;
    let res = app
        .post_step(&draft, "declaration", &[("declaration", "yes")])
        .await;
    let number = receipt_number(&res);
    // The receipt at a kiosk offers the number.
    let (_, receipt) = app.html(&format!("/applications/{number}/receipt")).await;
    assert!(
        receipt.contains(&format!("/queue?application={number}")),
        "{receipt}"
    );
    // Another visit cannot tie its ticket to someone's application.
    let stranger = Desk::anonymous(&app);
    let res = take(&stranger, "A", &number).await;
    assert_eq!(res.status(), 403);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("只有提交这份申请的设备可以为它取号"),
        "{html}"
    );
    let res = take(&stranger, "A", "12345").await;
    assert_eq!(
        res.status(),
        422,
        "a malformed number is refused, not dropped"
    );
    // The visit that submitted it can.
    let res = app
        .post_form(
            "/queue/tickets",
            &[("category", "A"), ("application", number.as_str())],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, html) = app.html(&location(&res)).await;
    assert_eq!(ticket_number(&html), "A001");
    assert!(html.contains("已关联您的申请"));
    assert!(
        !html.contains(&number),
        "the ticket does not show the number"
    );
    // Calling it opens the application at the desk.
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let res = desk.post_form("/staff/calling/next", &[]).await;
    assert_eq!(res.status(), 409, "no window yet");
    let html = res.text().await.unwrap();
    assert!(html.contains("请先填写您所在的窗口号"), "{html}");
    let res = desk
        .post_form("/staff/calling/window", &[("window", "100")])
        .await;
    assert_eq!(res.status(), 422);
    sit_at(&desk, "7").await;
    let res = desk.post_form("/staff/calling/next", &[]).await;
    assert_eq!(location(&res), format!("/staff/applications/{number}"));
    // The ticket's page sends its holder to the window.
    let (_, html) = app
        .html(&location(
            &app.post_form("/queue/tickets", &[("category", "C")]).await,
        ))
        .await;
    assert!(
        html.contains("前面还有 0 人") || html.contains("下一位就是您"),
        "{html}"
    );
    // Re-call and missed, at the desk; the audit chain has every move.
    let res = desk.post_form("/staff/calling/recall", &[]).await;
    assert_eq!(location(&res), "/staff/calling");
    let res = desk.post_form("/staff/calling/no-show", &[]).await;
    assert_eq!(location(&res), "/staff/calling");
    let res = desk.post_form("/staff/calling/no-show", &[]).await;
    assert_eq!(res.status(), 409, "nobody at the window any more");
    let (ok, out) = crate::staff::audit_verify(&app).await;
    assert!(ok, "{out}");
    let hall = hall_on(
        &app.database_url,
        clock_at(&chrono::Utc::now().to_rfc3339()),
    )
    .await;
    let actions: Vec<String> = hall
        .storage()
        .audit_events(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.record.action)
        .collect();
    for action in [
        "queue_ticket_taken",
        "queue_window_set",
        "queue_ticket_called",
        "queue_ticket_recalled",
        "queue_ticket_no_show",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} audited: {actions:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_category_and_a_busy_kiosk_are_told_what_to_do() {
    let app = TestApp::spawn_with(|s| {
        s.staff.demo = true;
        s.queue.categories[0].tickets_per_day = 2;
    })
    .await;
    let kiosk = Desk::anonymous(&app);
    for _ in 0..2 {
        assert_eq!(take(&kiosk, "A", "").await.status(), 303);
    }
    let res = take(&kiosk, "A", "").await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("A 类今日号码已发完"));
    let res = take(&kiosk, "Q", "").await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("请选择一项业务"));
    // 120 tickets an hour from one address, counted before anything else.
    let mut last = None;
    for _ in 0..130 {
        let res = take(&kiosk, "B", "").await;
        if res.status() == 429 {
            last = Some(res);
            break;
        }
        assert_eq!(res.status(), 303);
    }
    let res = last.expect("the address is held back");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 3600, "{retry}");
    assert!(res.text().await.unwrap().contains("秒后再试"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_display_streams_each_call_as_it_is_made() {
    let app = spawn().await;
    let kiosk = Desk::anonymous(&app);
    assert_eq!(take(&kiosk, "B", "").await.status(), 303);
    let (status, html) = kiosk.get("/hall/display").await;
    assert_eq!(status, 200);
    assert!(html.contains("暂无叫号"), "{html}");
    let mut stream = kiosk
        .client
        .get(format!("{}/hall/display/events", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert!(stream.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let desk = Desk::sign_in(&app, "issue.demo").await;
    sit_at(&desk, "9").await;
    let res = desk.post_form("/staff/calling/next", &[]).await;
    assert_eq!(location(&res), "/staff/calling");
    let mut seen = String::new();
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("event: call") && seen.contains("B001\t9\t") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(got, Ok(true), "{seen}");
    // A board opened now shows it, and resumes after it.
    let (_, html) = kiosk.get("/hall/display").await;
    assert!(html.contains("请 B001 号"), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_desks_that_serve_people_call_numbers() {
    let app = spawn().await;
    let mut who = vec![("anonymous", Desk::anonymous(&app))];
    for name in [
        "desk.demo",
        "issue.demo",
        "review.ga",
        "super.demo",
        "head.ga",
        "admin.demo",
    ] {
        who.push((name, Desk::sign_in(&app, name).await));
    }
    for (name, desk) in &who {
        let allowed = matches!(*name, "desk.demo" | "issue.demo");
        let (status, _) = desk.get("/staff/calling").await;
        let api = desk.post("/api/staff/calling", &[]).await;
        let csrf = if name.contains('.') {
            desk.csrf().await
        } else {
            String::new()
        };
        for path in [
            "/staff/calling/window",
            "/staff/calling/next",
            "/staff/calling/recall",
            "/staff/calling/no-show",
        ] {
            let res = desk.post(path, &[("_csrf", &csrf), ("window", "5")]).await;
            let s = res.status().as_u16();
            if allowed {
                assert!(
                    s == 303 || s == 409,
                    "{name} {path}: {s} (a move or a clear refusal)"
                );
            } else {
                assert!(
                    s == 403 || (s == 303 && location(&res).starts_with("/staff/sign-in")),
                    "{name} {path}: {s}"
                );
            }
        }
        if allowed {
            assert_eq!(status, 200, "{name}");
            assert_eq!(api.status(), 200, "{name}");
        } else {
            assert!(
                matches!(status.as_u16(), 303 | 401 | 403),
                "{name}: {status}"
            );
            assert!(matches!(api.status().as_u16(), 401 | 403), "{name}");
        }
    }
    // The public side, for everyone.
    for (name, desk) in &who {
        for path in ["/queue", "/queue/book?category=A", "/hall/display"] {
            let (status, _) = desk.get(path).await;
            assert_eq!(status, 200, "{name} {path}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tickets_page_hears_its_call_and_then_the_stream_stops() {
    let app = spawn().await;
    let kiosk = Desk::anonymous(&app);
    let res = take(&kiosk, "B", "").await;
    let page = location(&res);
    let mut stream = kiosk
        .client
        .get(format!("{}{page}/events", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let desk = Desk::sign_in(&app, "issue.demo").await;
    sit_at(&desk, "4").await;
    assert_eq!(
        location(&desk.post_form("/staff/calling/next", &[]).await),
        "/staff/calling"
    );
    let mut seen = String::new();
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("data: called\t请到 4 号窗口办理。") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(got, Ok(true), "{seen}");
    assert!(
        seen.contains("data: waiting\t下一位就是您"),
        "the state it started from: {seen}"
    );
    // Served (the desk moves on): the stream ends, and a reconnect is told
    // there is nothing more (204: the browser stops).
    desk.post_form("/staff/calling/next", &[]).await;
    let res = kiosk.get(&format!("{page}/events")).await;
    assert_eq!(res.0.as_u16(), 204);
    let res = kiosk
        .get("/queue/tickets/0123456789abcdef0123456789abcdef/events")
        .await;
    assert_eq!(res.0.as_u16(), 404);
}
