//! What an outside attacker found, each reproduced over real HTTP on this
//! run's backend: attempt limits raced by tries sent together, lookups
//! around the limit, a panic on full-width scans, 500s and an open
//! redirect on the switches, server functions answering bad arguments with
//! 500, invisible and broken text accepted, and lockouts of the owner.

use crate::helpers::{location, TestApp, APPLICANT};
use crate::issuing::{approved, prove};
use crate::staff::{spawn, submitted, Desk};
use futures::future::join_all;
use reqwest::Method;

const PASSWORD: &str = "hall-demo-2026";

/// Demo accounts, behind a proxy that names the client in `x-real-ip`.
async fn spawn_behind_proxy() -> TestApp {
    TestApp::spawn_with(|s| {
        s.staff.demo = true;
        s.server.client_ip_header = "x-real-ip".into();
    })
    .await
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()
        .get("retry-after")
        .unwrap_or_else(|| panic!("a {} without Retry-After", res.status()))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_sign_ins_at_once_check_exactly_five_passwords() {
    let app = spawn().await;
    let tries = (0..50).map(|_| {
        let desk = Desk::anonymous(&app);
        async move {
            desk.post(
                "/staff/sign-in",
                &[("name", "desk.demo"), ("password", "wrong wrong wrong")],
            )
            .await
        }
    });
    let answers = join_all(tries).await;
    let wrong = answers
        .iter()
        .filter(|r| location(r).contains("problem=wrong"))
        .count();
    let held: Vec<u64> = answers
        .iter()
        .filter(|r| location(r).contains("problem=throttled"))
        .map(retry_after)
        .collect();
    assert_eq!(wrong, 5, "exactly the limit's worth of passwords checked");
    assert_eq!(held.len(), 45);
    assert!(held.iter().all(|s| (1..=900).contains(s)), "{held:?}");
    // The right password now waits too (from this address).
    let res = Desk::anonymous(&app)
        .post(
            "/staff/sign-in",
            &[("name", "desk.demo"), ("password", PASSWORD)],
        )
        .await;
    assert!(
        location(&res).contains("problem=throttled"),
        "{}",
        location(&res)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_from_one_address_do_not_lock_the_owner_out() {
    let app = spawn_behind_proxy().await;
    let attacker = Desk::at_address(&app, "203.0.113.9");
    for _ in 0..12 {
        attacker
            .post(
                "/staff/sign-in",
                &[("name", "desk.demo"), ("password", "wrong wrong wrong")],
            )
            .await;
    }
    let res = attacker
        .post(
            "/staff/sign-in",
            &[("name", "desk.demo"), ("password", PASSWORD)],
        )
        .await;
    assert!(location(&res).contains("problem=throttled"));
    assert!(retry_after(&res) >= 1);
    // The owner at the hall's own address signs in.
    let owner = Desk::at_address(&app, "10.0.0.1");
    let res = owner
        .post(
            "/staff/sign-in",
            &[("name", "desk.demo"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(location(&res), "/staff");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_proofs_at_once_check_exactly_five_and_the_owner_still_proves() {
    let app = spawn_behind_proxy().await;
    let number = approved(&app).await;
    let tries = (0..40).map(|_| {
        let attacker = Desk::at_address(&app, "203.0.113.9");
        let path = format!("/applications/{number}/proof");
        async move { attacker.post(&path, &[("id_tail", "000000")]).await }
    });
    let answers = join_all(tries).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        35,
        "{statuses:?}"
    );
    for res in answers.iter().filter(|r| r.status() == 429) {
        assert!((1..=3600).contains(&retry_after(res)));
    }
    // The applicant, from elsewhere, is not locked out.
    prove(&Desk::at_address(&app, "10.0.0.1"), &number).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_numeric_codes_at_once_check_exactly_twenty() {
    let app = spawn().await;
    let window = Desk::sign_in(&app, "issue.demo").await;
    let csrf = window.csrf().await;
    let tries = (0..60).map(|i| {
        let client = window.client.clone();
        let url = format!("{}/staff/pickup", window.address());
        let form = vec![
            ("_csrf".to_string(), csrf.clone()),
            ("scan".to_string(), format!("{:08}", 20_000_000 + i)),
        ];
        async move { client.post(url).form(&form).send().await.unwrap() }
    });
    let answers = join_all(tries).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        20,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        40,
        "{statuses:?}"
    );
    for res in answers.iter().filter(|r| r.status() == 429) {
        assert!((1..=3600).contains(&retry_after(res)));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_width_and_chinese_scans_are_answered_not_crashed() {
    let app = spawn().await;
    let window = Desk::sign_in(&app, "issue.demo").await;
    for path in ["/staff/pickup", "/staff/pickup/confirm"] {
        for scan in ["１２３４５６７８", "中文字", "ab中", "HP1中", "ＨＰ１－中"]
        {
            let res = window
                .post_form(path, &[("scan", scan), ("number", "23456789AB")])
                .await;
            assert_eq!(res.status(), 422, "{path} {scan}");
            let html = res.text().await.unwrap();
            assert!(
                html.contains("取件码"),
                "{path} {scan}: the desk is told why"
            );
        }
    }
}

/// A route, and its form with `{n}` for the number.
type Door = (Method, String, Vec<(&'static str, &'static str)>);

/// While `GET /applications/{n}` answers 429, nothing else tells an
/// existing number from a missing one either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_door_that_answers_by_number_shares_the_lookup_limit() {
    let app = TestApp::spawn_with(|s| {
        s.limits.lookups = 3;
        s.limits.lookup_window_seconds = 600;
    })
    .await;
    let existing = submitted(&app).await;
    // Well-formed (its check character right), never issued.
    let missing = domain::ApplicationNumber::from_indices([7, 1, 4, 1, 5, 9, 2, 6, 5])
        .as_str()
        .to_string();
    assert_ne!(missing, existing);
    let probe = Desk::anonymous(&app);
    // Unknown numbers count too.
    for _ in 0..3 {
        let (status, _) = probe.get(&format!("/applications/{missing}")).await;
        assert_eq!(status, 404);
    }
    let get_application = <app::api::GetApplication as leptos::server_fn::ServerFn>::PATH;
    let doors: Vec<Door> = vec![
        (Method::HEAD, "/applications/{n}".into(), vec![]),
        (Method::GET, "/applications/{n}".into(), vec![]),
        (Method::GET, "/applications/{n}/receipt".into(), vec![]),
        (Method::GET, "/applications?number={n}".into(), vec![]),
        (
            Method::POST,
            "/applications/{n}/proof".into(),
            vec![("id_tail", "000000")],
        ),
        (
            Method::POST,
            "/applications/{n}/delivery".into(),
            vec![("method", "window")],
        ),
        (
            Method::POST,
            "/applications/{n}/pickup-renewal".into(),
            vec![],
        ),
        (
            Method::POST,
            get_application.into(),
            vec![("number", "{n}")],
        ),
    ];
    for (method, path, form) in &doors {
        let mut seen = Vec::new();
        for n in [&existing, &missing] {
            let form: Vec<(String, String)> = form
                .iter()
                .map(|(k, v)| (k.to_string(), v.replace("{n}", n)))
                .collect();
            let res = probe
                .client
                .request(
                    method.clone(),
                    format!("{}{}", app.address, path.replace("{n}", n)),
                )
                .form(&form)
                .send()
                .await
                .unwrap();
            seen.push((res.status().as_u16(), retry_after(&res)));
        }
        assert!(
            seen.iter().all(|(status, _)| *status == 429),
            "{method} {path}: {seen:?}"
        );
    }
    // A correction sent by upload names the number too.
    for n in [&existing, &missing] {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec()).file_name("a.pdf"),
        );
        let res = probe
            .client
            .post(format!("{}/applications/{n}/materials/photo", app.address))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "upload of a correction to {n}");
        retry_after(&res);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_switches_send_only_to_local_paths_and_never_fail() {
    let app = TestApp::spawn().await;
    for switch in ["/lang/en", "/text/large"] {
        for next in [
            "/%0a",
            "/%00",
            "/%0d%0a",
            "/%7f",
            "/%0B",
            "/%09/evil.example",
            "/%5Cevil.example",
            "//evil.example",
            "/%E3%80%80/evil.example",
        ] {
            let res = app.get(&format!("{switch}?next={next}")).await;
            assert_eq!(res.status(), 303, "{switch}?next={next}");
            assert_eq!(location(&res), "/", "{switch}?next={next}");
        }
        let res = app
            .get(&format!("{switch}?next=/matters%3Fq%3D%E8%90%A5"))
            .await;
        assert_eq!(location(&res), "/matters?q=%E8%90%A5", "a local path stays");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_answer_bad_arguments_with_400_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    let get_application = <app::api::GetApplication as leptos::server_fn::ServerFn>::PATH;
    for path in ["/api/staff/application", get_application] {
        let res = app
            .client
            .post(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains("请求内容不完整"), "{path}: {body}");
        assert!(
            !body.contains("missing field"),
            "{path}: no parser internals: {body}"
        );
    }
    app.get("/lang/en?next=/").await;
    let res = app
        .client
        .post(format!("{}{get_application}", app.address))
        .form(&[("wrong", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("incomplete or malformed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invisible_characters_in_a_name_are_refused_with_a_reason() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    for (name, expect) in [
        ("\u{1}", "看不见的字符"),
        ("\u{AD}", "看不见的字符"),
        ("张\u{202E}三", "看不见的字符"),
        ("张\u{200B}三", "看不见的字符"),
        ("123", "至少要有一个字"),
    ] {
        let mut answers = APPLICANT.to_vec();
        answers[0] = ("applicant_name", name);
        let res = app.post_step(&base, "applicant", &answers).await;
        assert_eq!(
            location(&res),
            format!("{base}/applicant?check=1"),
            "{name:?}"
        );
        let (_, html) = app.html(&format!("{base}/applicant?check=1")).await;
        assert!(html.contains(expect), "{name:?}: {expect}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_that_is_not_utf8_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    let res = app.post_step(&base, "applicant", &APPLICANT).await;
    assert_eq!(location(&res), format!("{base}/ga-hj-001"));
    let res = app
        .client
        .post(format!("{}{base}/applicant", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("applicant_name=%FF%FE&applicant_id=11010519491231002X&applicant_mobile=13812345678")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("UTF-8"));
    // NUL (no database keeps it): refused the same way.
    let mut answers = APPLICANT.to_vec();
    answers[0] = ("applicant_name", "\u{0}\u{0}");
    let res = app.post_step(&base, "applicant", &answers).await;
    assert_eq!(res.status(), 400);
    let (_, html) = app.html(&format!("{base}/applicant")).await;
    assert!(
        html.contains(r#"value="张三""#),
        "the name saved before is kept"
    );
    assert!(!html.contains('\u{FFFD}'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_that_answers_429_says_when_to_retry() {
    let app = TestApp::spawn().await;
    for (path, seconds) in [
        ("/staff/sign-in?problem=throttled&wait=15", 900),
        (
            "/applications?number=23456-789AB&problem=too_many&wait=7",
            7,
        ),
        ("/resume?code=ABCD-EFGH&problem=too_many&wait=9", 9),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 429, "{path}");
        assert_eq!(retry_after(&res), seconds, "{path}");
    }
}
