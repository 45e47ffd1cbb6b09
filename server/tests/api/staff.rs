//! The staff desks over real HTTP: sign-in and sessions, the front desk's
//! decisions end to end (with the citizen's view of the notices), refused
//! posts, a race of twenty desks, the breach list, and an authorization
//! matrix of every staff route and server function × every role,
//! anonymous and a citizen's visit.

use crate::helpers::{
    answered_household_draft, location, receipt_number, TestApp, TEST_ID_KEY, VALID_ID,
};
use reqwest::StatusCode;

const PASSWORD: &str = "hall-demo-2026";

pub(crate) async fn spawn() -> TestApp {
    TestApp::spawn_with(|s| s.staff.demo = true).await
}

/// One browser at a desk: its own cookies.
pub(crate) struct Desk {
    pub(crate) client: reqwest::Client,
    address: String,
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

impl Desk {
    pub(crate) async fn sign_in(app: &TestApp, name: &str) -> Desk {
        let desk = Desk {
            client: browser(),
            address: app.address.clone(),
        };
        let res = desk
            .post("/staff/sign-in", &[("name", name), ("password", PASSWORD)])
            .await;
        let home = if name.starts_with("review.") {
            "/staff/reviews"
        } else if name.starts_with("issue.") {
            "/staff/issuing"
        } else if name.starts_with("head.") {
            "/staff/supervision"
        } else {
            "/staff"
        };
        assert_eq!(location(&res), home, "{name} signs in");
        desk
    }

    pub(crate) fn anonymous(app: &TestApp) -> Desk {
        Desk {
            client: browser(),
            address: app.address.clone(),
        }
    }

    /// A browser at another client address, as a trusted proxy reports it
    /// in `x-real-ip` (the app must be started with that header set).
    pub(crate) fn at_address(app: &TestApp, ip: &str) -> Desk {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-real-ip", ip.parse().unwrap());
        Desk {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .default_headers(headers)
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .unwrap(),
            address: app.address.clone(),
        }
    }

    pub(crate) fn address(&self) -> &str {
        &self.address
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    }

    pub(crate) async fn post(&self, path: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(pairs)
            .send()
            .await
            .unwrap()
    }

    /// The CSRF token of this desk's session, as its pages carry it (a
    /// reviewer's desk is their task list).
    pub(crate) async fn csrf(&self) -> String {
        let field = r#"name="_csrf" value=""#;
        let (_, mut html) = self.get("/staff").await;
        if !html.contains(field) {
            html = self.get("/staff/reviews").await.1;
        }
        let at = html.find(field).expect("a csrf field");
        html[at + 20..at + 52].to_string()
    }

    /// Posts with this session's form token.
    pub(crate) async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut all = vec![("_csrf", csrf.as_str())];
        all.extend_from_slice(pairs);
        self.post(path, &all).await
    }

    pub(crate) async fn decide(&self, number: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut all = vec![("_csrf", csrf.as_str())];
        all.extend_from_slice(pairs);
        self.post(&format!("/staff/applications/{number}/decision"), &all)
            .await
    }
}

/// A citizen submits a household transfer (GA): its number.
pub(crate) async fn submitted(app: &TestApp) -> String {
    let base = answered_household_draft(app).await;
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    receipt_number(&res)
}

fn body_has(html: &str, all: &[&str]) {
    for s in all {
        assert!(html.contains(s), "{s:?} missing");
    }
}

/// The promised completion date on the desk's file page.
pub(crate) async fn promised_date(desk: &Desk, number: &str) -> String {
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    let label = "承诺办结日期</dt><dd>";
    let at = file.find(label).expect("the promised date") + label.len();
    file[at..at + 10].to_string()
}

pub(crate) async fn audit_verify(app: &TestApp) -> (bool, String) {
    let url = app.database_url.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["audit", "verify"])
            // The database alone: no catalog, no keys needed to verify.
            .env("HALL__DATABASE__URL", url)
            .env("HALL__LOG__FILTER", "warn")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_says_the_same_for_unknown_names_and_wrong_passwords() {
    let app = spawn().await;
    let anon = Desk::anonymous(&app);
    let res = anon
        .client
        .get(format!("{}/staff", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/sign-in");

    let wrong = anon
        .post(
            "/staff/sign-in",
            &[("name", "desk.demo"), ("password", "not the password")],
        )
        .await;
    let unknown = anon
        .post(
            "/staff/sign-in",
            &[("name", "nobody.here"), ("password", "not the password")],
        )
        .await;
    assert_eq!(
        location(&wrong),
        "/staff/sign-in?problem=wrong&name=desk.demo"
    );
    assert_eq!(
        location(&unknown),
        "/staff/sign-in?problem=wrong&name=nobody.here"
    );
    let (status, html) = anon.get(&location(&wrong)).await;
    assert_eq!(status, 401);
    body_has(&html, &["账号或密码不正确。", r#"value="desk.demo""#]);

    let res = anon
        .post(
            "/staff/sign-in",
            &[("name", "desk.demo"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(location(&res), "/staff");
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let id = cookie.split(';').next().unwrap().split('=').nth(1).unwrap();
    assert_eq!(id.len(), 64, "256 random bits");

    // A post from another site is refused before anything is checked.
    let res = anon
        .client
        .post(format!("{}/staff/sign-in", app.address))
        .header("sec-fetch-site", "cross-site")
        .form(&[("name", "desk.demo"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_passwords_hold_the_account_even_with_the_right_one() {
    let app = spawn().await;
    let anon = Desk::anonymous(&app);
    for _ in 0..5 {
        anon.post(
            "/staff/sign-in",
            &[("name", "super.demo"), ("password", "guess guess guess")],
        )
        .await;
    }
    let res = anon
        .post(
            "/staff/sign-in",
            &[("name", "Super.Demo"), ("password", PASSWORD)],
        )
        .await;
    assert!(location(&res).starts_with("/staff/sign-in?problem=throttled&wait=15"));
    // Until the window that began with the first wrong try ends.
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((890..=900).contains(&retry), "{retry}");
    let (status, html) = anon.get(&location(&res)).await;
    assert_eq!(status, 429);
    assert!(html.contains("登录失败次数过多"));
    // Another account from the same address still signs in.
    Desk::sign_in(&app, "desk.demo").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_everywhere_ends_every_session_of_the_account() {
    let app = spawn().await;
    let here = Desk::sign_in(&app, "desk.demo").await;
    let there = Desk::sign_in(&app, "desk.demo").await;
    // Without the form token nothing happens.
    let res = here
        .post("/staff/sign-out-everywhere", &[("_csrf", "forged")])
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(there.get("/staff").await.0, 200);

    let csrf = here.csrf().await;
    let res = here
        .post("/staff/sign-out-everywhere", &[("_csrf", &csrf)])
        .await;
    assert_eq!(location(&res), "/staff/sign-in?problem=signed_out");
    let res = there
        .client
        .get(format!("{}/staff", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/sign-in?problem=expired");
    let (status, _) = here.get("/staff").await;
    assert_eq!(status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_returns_with_one_notice_then_accepts_with_deficiency() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let desk = Desk::sign_in(&app, "desk.demo").await;

    // The queue shows the masked name only; the file shows the answers.
    let (status, queue) = desk.get("/staff").await;
    assert_eq!(status, 200);
    body_has(&queue, &[&number.clone(), "张*", "视为受理日"]);
    assert!(!queue.contains("张三") && !queue.contains(VALID_ID));
    let (status, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert_eq!(status, 200);
    body_has(
        &file,
        &[
            "张三",
            VALID_ID,
            "申请人身份证",
            "居民户口簿",
            "不动产权证书",
        ],
    );
    assert!(
        file.contains(r#"data-testid="deemed""#),
        "undecided: the deemed date shows"
    );

    // Returned: two problems in one notice.
    let res = desk
        .decide(
            &number,
            &[
                ("check.id_card", "wrong"),
                ("reason.id_card", "身份证已过有效期"),
                ("check.household_register", "missing"),
                ("check.property_certificate", "ok"),
                ("decision", "return_for_correction"),
                ("correct_by", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(
        location(&res),
        format!("/staff/applications/{number}/notice")
    );
    let (status, notice) = desk.get(&location(&res)).await;
    assert_eq!(status, 200);
    body_has(
        &notice,
        &[
            "补正材料通知书",
            "身份证已过有效期",
            "居民户口簿",
            "2099-12-31",
            "张三",
        ],
    );

    // The citizen sees both, in their language, with the masked name only.
    let (status, page) = app.html(&format!("/applications/{number}")).await;
    assert_eq!(status, 200);
    body_has(
        &page,
        &[
            "需要补正材料",
            "身份证已过有效期",
            "居民户口簿",
            "申请人身份证",
            "2099-12-31",
            "张*",
        ],
    );
    assert!(!page.contains("张三"));
    app.get("/lang/en?next=/").await;
    let (_, page) = app.html(&format!("/applications/{number}")).await;
    body_has(
        &page,
        &[
            "Materials to correct",
            "Household register booklet",
            "身份证已过有效期",
        ],
    );

    // The corrections are handed in at the window: back to the queue, the
    // checklist remembered.
    let csrf = desk.csrf().await;
    let res = desk
        .post(
            &format!("/staff/applications/{number}/corrections-received"),
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(location(&res), format!("/staff/applications/{number}"));
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert!(
        file.contains(r#"value="身份证已过有效期""#),
        "reason remembered"
    );
    let (_, queue) = desk.get("/staff").await;
    assert!(queue.contains(&number));

    // 容缺: the title certificate follows later, under a signed commitment,
    // by the promised completion date at the latest.
    let promised = promised_date(&desk, &number).await;
    let res = desk
        .decide(
            &number,
            &[
                ("check.id_card", "ok"),
                ("original.id_card", "yes"),
                ("check.household_register", "ok"),
                ("original.household_register", "yes"),
                ("check.property_certificate", "missing"),
                ("due.property_certificate", &promised),
                ("decision", "accept_with_deficiency"),
                ("commitment_signed", "yes"),
            ],
        )
        .await;
    assert_eq!(
        location(&res),
        format!("/staff/applications/{number}/notice")
    );
    let (_, notice) = desk.get(&location(&res)).await;
    body_has(
        &notice,
        &["受理通知书", "信用承诺书", "不动产权证书", "法定办结时限"],
    );
    // Decided: the deemed-acceptance date no longer means anything.
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert!(
        !file.contains(r#"data-testid="deemed""#),
        "decided: no deemed date"
    );
    let (_, page) = app.html(&format!("/applications/{number}")).await;
    body_has(
        &page,
        &[
            "Accepted with materials to follow",
            "Real estate title certificate",
        ],
    );

    let (ok, out) = audit_verify(&app).await;
    assert!(ok, "{out}");
    assert!(out.contains("audit log intact"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_decision_keeps_what_was_typed_and_changes_nothing() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let path = format!("/staff/applications/{number}/decision");

    // No token, or a forged one: refused, the form comes back.
    let res = desk
        .post(
            &path,
            &[("decision", "refuse"), ("refusal_reason", "理由甲")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let html = res.text().await.unwrap();
    body_has(&html, &["表单已失效", "理由甲"]);
    let res = desk
        .post(
            &path,
            &[
                ("_csrf", "0123456789abcdef0123456789abcdef"),
                ("decision", "refuse"),
                ("refusal_reason", "理由乙"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);

    // Every problem at once, each naming its material; typed text kept.
    let res = desk
        .decide(
            &number,
            &[
                ("check.id_card", "wrong"),
                ("check.property_certificate", "missing"),
                ("decision", "accept_with_deficiency"),
                ("reason.household_register", "未核对"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    body_has(
        &html,
        &[
            "决定没有保存",
            "申请人身份证：请写明不符合要求的原因。",
            "居民户口簿：请选择",
            "不动产权证书：请填写补交日期。",
            "容缺受理须申请人签署信用承诺书。",
            r#"value="未核对""#,
        ],
    );
    // A return with nothing to correct is refused too.
    let res = desk
        .decide(
            &number,
            &[
                ("check.id_card", "ok"),
                ("check.household_register", "ok"),
                ("check.property_certificate", "ok"),
                ("decision", "return_for_correction"),
                ("correct_by", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("无需补正"));

    let (_, page) = app.html(&format!("/applications/{number}")).await;
    assert!(page.contains("已提交，等待窗口受理"), "nothing changed");
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert!(file.contains("尚无办理记录"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_desks_deciding_at_once_leave_one_decision() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let a = Desk::sign_in(&app, "desk.demo").await;
    let b = Desk::sign_in(&app, "desk.demo").await;
    let (ta, tb) = (a.csrf().await, b.csrf().await);
    let path = format!("/staff/applications/{number}/decision");
    let posts = (0..20).map(|i| {
        let (desk, csrf) = if i % 2 == 0 { (&a, &ta) } else { (&b, &tb) };
        let path = path.clone();
        async move {
            let reason = format!("第{i}号窗口的理由");
            desk.post(
                &path,
                &[
                    ("_csrf", csrf),
                    ("decision", "refuse"),
                    ("refusal_reason", &reason),
                ],
            )
            .await
        }
    });
    let results = futures::future::join_all(posts).await;
    let mut won = 0;
    for res in results {
        match res.status().as_u16() {
            303 => won += 1,
            409 => {
                let html = res.text().await.unwrap();
                assert!(
                    html.contains("前台 王敏") && html.contains("您的决定没有保存"),
                    "says who decided"
                );
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(won, 1);
    let (_, file) = a.get(&format!("/staff/applications/{number}")).await;
    let history = &file[file.find(r#"class="history""#).expect("a history")..];
    assert_eq!(
        history.matches("<li>").count(),
        1,
        "one decision in the history: {history}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deficiency_is_refused_for_an_applicant_on_the_breach_list() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let storage = store::connect(&store::DatabaseUrl::parse(&app.database_url).unwrap(), 2)
        .await
        .unwrap();
    storage
        .add_to_breach_list(
            &hall::acceptance::breach_key(TEST_ID_KEY.as_bytes(), &VALID_ID.to_lowercase()),
            "承诺未履行",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let promised = promised_date(&desk, &number).await;
    let res = desk
        .decide(
            &number,
            &[
                ("check.id_card", "ok"),
                ("original.id_card", "yes"),
                ("check.household_register", "ok"),
                ("original.household_register", "yes"),
                ("check.property_certificate", "missing"),
                ("due.property_certificate", &promised),
                ("decision", "accept_with_deficiency"),
                ("commitment_signed", "yes"),
            ],
        )
        .await;
    let status = res.status();
    let html = res.text().await.unwrap();
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("申请人在失信名单中"));
}

/// Every staff route and server function × every role, anonymous and a
/// citizen's visit: who may, and that nobody else sees personal data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix() {
    let app = spawn().await;
    let number = submitted(&app).await;
    // A second application to decide on (the first is kept waiting).
    let other = submitted(&app).await;
    let roles = [
        "desk.demo",
        "review.scjg",
        "issue.demo",
        "super.demo",
        "head.ga",
        "admin.demo",
    ];
    let mut who: Vec<(&str, Desk)> = vec![("anonymous", Desk::anonymous(&app))];
    // A citizen's visit: it has a visit cookie but no staff session.
    let citizen = Desk::anonymous(&app);
    citizen.get("/").await;
    who.push(("citizen", citizen));
    for r in roles {
        who.push((r, Desk::sign_in(&app, r).await));
    }
    let secret = ["张三", VALID_ID, "13812345678"];
    let pages = [
        ("/staff".to_string(), vec!["desk.demo", "super.demo"]),
        (
            format!("/staff/applications/{number}"),
            vec!["desk.demo", "super.demo"],
        ),
        (
            "/staff/reviews".to_string(),
            vec!["review.scjg", "super.demo", "head.ga"],
        ),
        (
            "/staff/issuing".to_string(),
            vec!["issue.demo", "super.demo"],
        ),
        (
            format!("/staff/issuing/{number}"),
            vec!["issue.demo", "super.demo"],
        ),
        ("/staff/pickup".to_string(), vec!["issue.demo"]),
        ("/staff/messages".to_string(), vec!["super.demo"]),
    ];
    for (path, allowed) in &pages {
        for (name, desk) in &who {
            let (status, html) = desk.get(path).await;
            if allowed.contains(name) {
                assert_eq!(status, 200, "{name} {path}");
            } else {
                assert!(
                    matches!(status.as_u16(), 303 | 401 | 403),
                    "{name} {path}: {status}"
                );
                for s in secret {
                    assert!(!html.contains(s), "{name} {path} leaks {s}");
                }
            }
        }
    }
    // 我的办件: nobody without the SMS code sees a list, staff included
    // (the page and its server function, called directly).
    let my_function = server::server_function_paths()
        .into_iter()
        .find(|p| p.contains("get_my_applications"))
        .expect("the 我的办件 server function");
    for (name, desk) in &who {
        let (status, html) = desk.get("/my").await;
        assert_eq!(status, 200, "{name} /my");
        assert!(html.contains("data-testid=\"mobile-form\""), "{name} /my");
        assert!(!html.contains(&number), "{name} /my lists nothing");
        let res = desk
            .client
            .post(format!("{}{my_function}", app.address))
            .send()
            .await
            .unwrap();
        let body = res.text().await.unwrap();
        assert!(
            body.contains("AskMobile") && !body.contains(&number),
            "{name} {my_function}: {body}"
        );
    }
    // Server functions, called directly.
    let calls = [
        ("/api/staff/queue", vec![]),
        ("/api/staff/application", vec![("number", number.as_str())]),
        ("/api/staff/notice", vec![("number", number.as_str())]),
    ];
    for (path, args) in &calls {
        for (name, desk) in &who {
            let res = desk.post(path, args).await;
            let status = res.status().as_u16();
            let body = res.text().await.unwrap();
            let allowed = matches!(*name, "desk.demo" | "super.demo");
            if !allowed {
                assert!(matches!(status, 401 | 403), "{name} {path}: {status}");
            }
            if !allowed || *path == "/api/staff/queue" {
                for s in secret {
                    assert!(!body.contains(s), "{name} {path} leaks {s}");
                }
            }
        }
    }
    // 电子监察's undelivered messages: supervisors only.
    for (name, desk) in &who {
        let res = desk.post("/api/staff/messages", &[]).await;
        let status = res.status().as_u16();
        if *name == "super.demo" {
            assert_eq!(status, 200, "{name} /api/staff/messages");
        } else {
            assert!(
                matches!(status, 401 | 403),
                "{name} /api/staff/messages: {status}"
            );
        }
    }
    // Posts that change things: only the front desk, and only with its token.
    for (name, desk) in &who {
        let csrf = if name.contains('.') {
            desk.csrf().await
        } else {
            String::new()
        };
        let res = desk
            .post(
                &format!("/staff/applications/{other}/decision"),
                &[
                    ("_csrf", &csrf),
                    ("decision", "refuse"),
                    ("refusal_reason", "测试"),
                ],
            )
            .await;
        let status = res.status().as_u16();
        if *name == "desk.demo" {
            assert_eq!(status, 303, "the front desk decides");
        } else {
            assert!(matches!(status, 303 | 401 | 403), "{name}: {status}");
            if status == 303 {
                assert!(location(&res).starts_with("/staff/sign-in"), "{name}");
            }
            // The supervisor may read the file the refusal is shown on.
            if *name != "super.demo" {
                let body = res.text().await.unwrap();
                for s in secret {
                    assert!(!body.contains(s), "{name} decision leaks {s}");
                }
            }
        }
        let res = desk
            .post(
                &format!("/staff/applications/{other}/corrections-received"),
                &[("_csrf", &csrf)],
            )
            .await;
        let status = res.status().as_u16();
        if *name == "desk.demo" {
            assert_eq!(status, 409, "refused: not returned for correction");
        } else {
            assert!(matches!(status, 303 | 401 | 403), "{name}: {status}");
        }
    }
    // Review routes (并联审批): the lists and server functions for reviewers
    // and the supervisor only; the merged notice is the front desk's; task
    // posts need a session and the form token, and an unknown task is not
    // found for anyone.
    for (name, desk) in &who {
        let signed_in = name.contains('.');
        let csrf = if signed_in {
            desk.csrf().await
        } else {
            String::new()
        };
        for (path, args) in [
            ("/api/staff/reviews", vec![]),
            ("/api/staff/review", vec![("id", "1")]),
        ] {
            let status = desk.post(path, &args).await.status().as_u16();
            let lists = matches!(*name, "review.scjg" | "super.demo" | "head.ga");
            if path == "/api/staff/reviews" && lists {
                assert_eq!(status, 200, "{name} {path}");
            } else {
                assert!(matches!(status, 401 | 403 | 404), "{name} {path}: {status}");
            }
        }
        let res = desk
            .post(
                &format!("/staff/applications/{number}/review-notice"),
                &[("_csrf", &csrf)],
            )
            .await;
        let status = res.status().as_u16();
        match *name {
            "desk.demo" => assert_eq!(status, 409, "not under review: no notice is due"),
            _ if signed_in => assert_eq!(status, 403, "{name}: review notice"),
            _ => assert!(location(&res).starts_with("/staff/sign-in"), "{name}"),
        }
        for what in ["decision", "special-step-end", "extension"] {
            let res = desk
                .post(
                    &format!("/staff/reviews/999999/{what}"),
                    &[("_csrf", &csrf), ("decision", "approve")],
                )
                .await;
            let status = res.status().as_u16();
            if signed_in {
                assert_eq!(status, 404, "{name} {what}");
            } else {
                assert!(
                    location(&res).starts_with("/staff/sign-in"),
                    "{name} {what}"
                );
            }
        }
    }
    // Issuing routes (统一出件): lists and files for the issuing window and
    // the supervisor; issuing, scanning and handing over for the window
    // only; taking in 容缺 materials for the front desk only.
    for (name, desk) in &who {
        let signed_in = name.contains('.');
        let csrf = if signed_in {
            desk.csrf().await
        } else {
            String::new()
        };
        for (path, args) in [
            ("/api/staff/issuing", vec![]),
            ("/api/staff/issuing-file", vec![("number", number.as_str())]),
            ("/api/staff/handover", vec![("number", number.as_str())]),
        ] {
            let res = desk.post(path, &args).await;
            let status = res.status().as_u16();
            let body = res.text().await.unwrap();
            let reads = matches!(*name, "issue.demo" | "super.demo");
            match (reads, path) {
                (true, "/api/staff/handover") => {
                    assert_eq!(status, 404, "{name}: nothing handed over")
                }
                (true, _) => assert_eq!(status, 200, "{name} {path}"),
                (false, _) => {
                    assert!(matches!(status, 401 | 403), "{name} {path}: {status}");
                    for s in secret {
                        assert!(!body.contains(s), "{name} {path} leaks {s}");
                    }
                }
            }
        }
        for (path, allowed, when_allowed) in [
            (format!("/staff/issuing/{number}/issue"), "issue.demo", 409),
            (format!("/staff/issuing/{number}/post"), "issue.demo", 409),
            ("/staff/pickup".to_string(), "issue.demo", 422),
            ("/staff/pickup/confirm".to_string(), "issue.demo", 422),
            (
                format!("/staff/applications/{number}/deferred-received"),
                "desk.demo",
                409,
            ),
        ] {
            let res = desk
                .post(&path, &[("_csrf", &csrf), ("scan", "nonsense")])
                .await;
            let status = res.status().as_u16();
            if *name == allowed {
                assert_eq!(status, when_allowed, "{name} {path}");
            } else if signed_in {
                assert_eq!(status, 403, "{name} {path}");
            } else {
                assert!(
                    location(&res).starts_with("/staff/sign-in"),
                    "{name} {path}"
                );
            }
        }
    }
    let (_, page) = app.html(&format!("/applications/{other}")).await;
    assert!(page.contains("不予受理"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_applicant_withdraws_at_the_window_with_a_reason() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let path = format!("/staff/applications/{number}/withdrawal");
    let csrf = desk.csrf().await;
    let res = desk
        .post(&path, &[("_csrf", &csrf), ("withdrawal_reason", "  ")])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("请记录申请人撤回的原因。"));
    let res = desk
        .post(
            &path,
            &[("_csrf", &csrf), ("withdrawal_reason", "不再需要办理")],
        )
        .await;
    assert_eq!(location(&res), format!("/staff/applications/{number}"));
    let (_, page) = app.html(&format!("/applications/{number}")).await;
    assert!(page.contains("已撤回"));
    // Nothing more happens to it: a decision or a second withdrawal is refused.
    let res = desk
        .decide(&number, &[("decision", "refuse"), ("refusal_reason", "x")])
        .await;
    assert_eq!(res.status(), 409);
    let res = desk
        .post(&path, &[("_csrf", &csrf), ("withdrawal_reason", "again")])
        .await;
    assert_eq!(res.status(), 409);
    let (ok, out) = audit_verify(&app).await;
    assert!(ok, "{out}");
}

/// A clock the test moves.
pub(crate) struct ManualClock(std::sync::Mutex<chrono::DateTime<chrono::Utc>>);

impl hall::Clock for ManualClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        *self.0.lock().unwrap()
    }
}

impl ManualClock {
    pub(crate) fn advance(&self, minutes: i64) {
        *self.0.lock().unwrap() += chrono::Duration::minutes(minutes);
    }
}

/// The use cases alone on this run's backend (the staff use cases are
/// called directly, as a future CLI or worker would), on a moved clock.
pub(crate) async fn hall_on(url: &str, clock: std::sync::Arc<ManualClock>) -> hall::Hall {
    let storage = store::connect(&store::DatabaseUrl::parse(url).unwrap(), 4)
        .await
        .unwrap();
    let catalog_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog");
    let catalog = server::catalog::load(&catalog_dir).unwrap();
    let search = server::catalog::search_index(&catalog);
    hall::Hall::new(
        storage,
        std::sync::Arc::new(hall::CatalogIndex::new(catalog, search).unwrap()),
        std::sync::Arc::new(
            server::calendar::load(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../calendar"),
            )
            .unwrap(),
        ),
        std::time::Duration::from_secs(86_400),
    )
    .with_clock(clock)
    .with_staff(hall::StaffPolicy::default(), TEST_ID_KEY.as_bytes())
}

/// The household transfer (GA) and a complete set of answers to submit
/// straight through the use case.
pub(crate) fn household(
    hall: &hall::Hall,
) -> (std::sync::Arc<domain::ApplySubject>, Vec<(String, String)>) {
    let subject = hall
        .catalog()
        .subject(&domain::ApplyTarget::Matter(
            domain::MatterCode::parse("GA-HJ-001").unwrap(),
        ))
        .unwrap();
    let answers = [
        ("applicant_name", "张三"),
        ("applicant_id", VALID_ID),
        ("applicant_mobile", "13812345678"),
        ("new_address", "四川省达州市通川区朝阳中路1号"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    (subject, answers)
}

pub(crate) fn front_desk() -> domain::Actor {
    domain::Actor {
        staff_id: 1,
        name: domain::StaffName::parse("desk.one").unwrap(),
        display_name: "前台".into(),
        role: domain::StaffRole::FrontDesk,
        departments: vec![],
    }
}

pub(crate) fn clock_at(at: &str) -> std::sync::Arc<ManualClock> {
    std::sync::Arc::new(ManualClock(std::sync::Mutex::new(at.parse().unwrap())))
}

/// Sessions end 30 minutes after the last request, and 12 hours after
/// signing in however busy (the defaults), on a clock the test moves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_when_idle_and_after_twelve_hours() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(dir.path()).await;
    let clock = clock_at("2026-11-24T01:00:00Z");
    let hall = hall_on(&url, clock.clone()).await;
    hall.add_staff("desk.one", "", domain::StaffRole::FrontDesk, &[], PASSWORD)
        .await
        .unwrap();

    let idle = hall
        .sign_in("desk.one", PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    clock.advance(29);
    assert!(hall.staff_session(&idle.session_id).await.is_ok());
    clock.advance(29);
    assert!(
        hall.staff_session(&idle.session_id).await.is_ok(),
        "29 min after the last request"
    );
    clock.advance(31);
    assert!(matches!(
        hall.staff_session(&idle.session_id).await,
        Err(hall::SessionError::NotSignedIn)
    ));

    let busy = hall
        .sign_in("desk.one", PASSWORD, "10.0.0.1")
        .await
        .unwrap();
    for _ in 0..(12 * 60 / 20) {
        clock.advance(20);
        assert!(hall.staff_session(&busy.session_id).await.is_ok());
    }
    clock.advance(1);
    assert!(matches!(
        hall.staff_session(&busy.session_id).await,
        Err(hall::SessionError::NotSignedIn)
    ));
    // Gone for good, not only refused.
    clock.advance(-600);
    assert!(hall.staff_session(&busy.session_id).await.is_err());
}

/// Every staff use case × every role, called directly (no route in
/// between): each checks the role itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_use_case_checks_the_role_itself() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let hall = hall_on(&app.database_url, clock_at("2026-11-24T01:00:00Z")).await;
    let actor = |role: domain::StaffRole, departments: &[&str]| domain::Actor {
        staff_id: 1,
        name: domain::StaffName::parse("someone").unwrap(),
        display_name: "某人".into(),
        role,
        departments: departments
            .iter()
            .map(|d| domain::DepartmentCode::parse(d).unwrap())
            .collect(),
    };
    use domain::StaffRole as R;
    let forbidden =
        |r: Result<(), hall::StaffError>| matches!(r, Err(hall::StaffError::Forbidden { .. }));
    let cases = [
        (actor(R::FrontDesk, &[]), [true, true, true, true]),
        (actor(R::Supervisor, &[]), [true, true, false, false]),
        // Reviewers see only their part of it, through their review tasks.
        (actor(R::Reviewer, &["GA"]), [false, false, false, false]),
        (actor(R::Reviewer, &["SCJG"]), [false, false, false, false]),
        // A department head watches; the front desk's file is not theirs.
        (
            actor(R::DepartmentHead, &["GA"]),
            [false, false, false, false],
        ),
        (actor(R::Issuing, &[]), [false, false, false, false]),
        (actor(R::Administrator, &[]), [false, false, false, false]),
    ];
    let refuse = [
        ("decision".to_string(), "refuse".to_string()),
        ("refusal_reason".to_string(), "—".to_string()),
    ];
    for (who, _) in &cases {
        let label = format!("{:?}", who.role);
        let tasks = hall.review_queue(who).await.map(|_| ());
        let may_list = matches!(who.role, R::Reviewer | R::Supervisor | R::DepartmentHead);
        assert_eq!(!forbidden(tasks), may_list, "{label}: review tasks");
        let notice = hall.send_review_notice(who, &number).await;
        assert_eq!(
            !forbidden(notice),
            who.role == R::FrontDesk,
            "{label}: review notice"
        );
        // Task moves check the department against the task itself: an
        // unknown task is simply not found, for everyone.
        assert!(matches!(
            hall.decide_review(who, "999999", &refuse).await,
            Err(hall::StaffError::NotFound)
        ));
    }
    for (who, [queue, file, decide, window]) in cases {
        let label = format!("{:?} {:?}", who.role, who.departments);
        let q = hall.front_desk_queue(&who, None).await.map(|_| ());
        assert_eq!(!forbidden(q), queue, "{label}: queue");
        let f = hall.application_file(&who, &number).await.map(|_| ());
        assert_eq!(!forbidden(f), file, "{label}: file");
        if !decide {
            let d = hall.decide(&who, &number, &refuse).await.map(|_| ());
            assert!(forbidden(d), "{label}: decide");
        }
        if !window {
            assert!(
                forbidden(hall.corrections_received(&who, &number).await),
                "{label}: corrections"
            );
            assert!(
                forbidden(hall.withdraw(&who, &number, "x").await),
                "{label}: withdraw"
            );
        }
    }
    // Nothing a refused role tried changed the application.
    let (_, page) = app.html(&format!("/applications/{number}")).await;
    assert!(page.contains("已提交，等待窗口受理"));
}

/// A deemed-acceptance date that runs into a year without holiday data
/// (2027 here) is counted on weekends only and flagged on the desk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_in_a_year_without_holiday_data_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(dir.path()).await;
    let clock = clock_at("2026-11-24T02:00:00Z");
    let hall = hall_on(&url, clock.clone()).await;
    let (subject, answers) = household(&hall);
    let key = |k: &str| domain::SubmissionKey::parse(&format!("{k:-<16}")).unwrap();
    hall.submit(
        &subject,
        &key("november"),
        &answers,
        None,
        domain::trip::Channel::Phone,
    )
    .await
    .unwrap();
    clock.advance(34 * 24 * 60); // Monday 2026-12-28
    let late = hall
        .submit(
            &subject,
            &key("december"),
            &answers,
            None,
            domain::trip::Channel::Phone,
        )
        .await
        .unwrap();
    let desk = front_desk();
    let page = hall.front_desk_queue(&desk, None).await.unwrap();
    let flags: Vec<(String, bool)> = page
        .items
        .iter()
        .map(|i| (i.deemed_accepted_on.to_string(), i.deemed_weekends_only))
        .collect();
    // Nov 24 + 5 working days is Dec 1 (2026 data). Dec 28 + 5 is Jan 4,
    // 2027, counting Jan 1 as worked: 2027's New Year is not known yet.
    assert_eq!(
        flags,
        vec![
            ("2026-12-01".to_string(), false),
            ("2027-01-04".to_string(), true)
        ]
    );
    let file = hall
        .application_file(&desk, late.number.as_str())
        .await
        .unwrap();
    assert!(file.weekends_only);
}

/// 限时办结 counts from acceptance: accepted nine days after submitting,
/// the promised date moves to five working days after acceptance.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_promised_date_counts_from_acceptance() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(dir.path()).await;
    let clock = clock_at("2026-11-24T02:00:00Z");
    let hall = hall_on(&url, clock.clone()).await;
    let (subject, answers) = household(&hall);
    let key = domain::SubmissionKey::parse("promise-from-acceptance").unwrap();
    let submitted = hall
        .submit(&subject, &key, &answers, None, domain::trip::Channel::Phone)
        .await
        .unwrap();
    assert_eq!(
        submitted.promised_by.to_string(),
        "2026-12-01",
        "an estimate on the receipt"
    );
    clock.advance(9 * 24 * 60); // Thursday 2026-12-03
    let desk = front_desk();
    let pairs: Vec<(String, String)> = [
        ("check.id_card", "ok"),
        ("original.id_card", "yes"),
        ("check.household_register", "ok"),
        ("original.household_register", "yes"),
        ("check.property_certificate", "ok"),
        ("decision", "accept"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    hall.decide(&desk, submitted.number.as_str(), &pairs)
        .await
        .unwrap();
    let record = hall.application(submitted.number.as_str()).await.unwrap();
    assert_eq!(record.promised_by.to_string(), "2026-12-10");
}
