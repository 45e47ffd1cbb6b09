//! 统一出件 over real HTTP, on this run's backend: an approved application
//! is sealed and issued once at the issuing window; the public check says
//! genuine, and not valid once a byte of the stored licence changes; the
//! applicant sees the pickup QR only after proving who they are; the desk
//! scans it (garbage, forged, right), checks the ID, and hands over once —
//! a second scan says when and by whom. Post, numeric codes and their
//! limit, 50 desks confirming at once, and who may do what.

use crate::helpers::{location, TestApp, VALID_ID};
use crate::staff::{clock_at, hall_on, promised_date, spawn, submitted, Desk};

/// 居民身份证换领 (GA, one review part), submitted through the use case,
/// accepted at the front desk and approved by the GA reviewer.
pub(crate) async fn approved(app: &TestApp) -> String {
    approved_via(app, domain::trip::Channel::Phone).await
}

/// Filed through `channel`, accepted by the front desk, approved.
pub(crate) async fn approved_via(app: &TestApp, channel: domain::trip::Channel) -> String {
    let now = chrono::Utc::now().to_rfc3339();
    let hall = hall_on(&app.database_url, clock_at(&now)).await;
    let target = domain::ApplyTarget::Matter(domain::MatterCode::parse("GA-ZZ-003").unwrap());
    let subject = hall.catalog().subject(&target).unwrap();
    let answers: Vec<(String, String)> = [
        ("applicant_name", "张三"),
        ("applicant_id", VALID_ID),
        ("applicant_mobile", "13812345678"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let key = domain::SubmissionKey::parse(&format!(
        "issue-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ))
    .unwrap();
    let number = hall
        .submit(&subject, &key, &answers, None, channel)
        .await
        .unwrap()
        .number
        .as_str()
        .to_string();
    let desk = Desk::sign_in(app, "desk.demo").await;
    let res = desk
        .decide(
            &number,
            &[
                ("check.household_register", "ok"),
                ("original.household_register", "yes"),
                ("check.photo", "ok"),
                ("decision", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let ga = Desk::sign_in(app, "review.ga").await;
    let (_, list) = ga.get("/staff/reviews").await;
    let display = format!("{}-{}", &number[..5], &number[5..]);
    let at = list.find(&display).expect("the task on the GA list");
    let href = list[..at].rfind("/staff/reviews/").unwrap();
    let task: String = list[href + 15..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let res = ga
        .post_form(
            &format!("/staff/reviews/{task}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    number
}

/// A second valid ID number (the proxy's).
fn proxy_id() -> String {
    let first17 = "11010219800101001";
    format!(
        "{first17}{}",
        domain::resident_id::check_character(first17.as_bytes())
    )
}

/// The citizen's browser: its own visit cookie.
fn citizen(app: &TestApp) -> Desk {
    Desk::anonymous(app)
}

pub(crate) async fn prove(citizen: &Desk, number: &str) {
    let tail = &VALID_ID[VALID_ID.len() - 6..];
    let res = citizen
        .post(
            &format!("/applications/{number}/proof"),
            &[("id_tail", &tail.to_lowercase())],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in the page"))
        + start.len();
    let len = html[at..].find(end).unwrap();
    &html[at..at + len]
}

/// Runs one statement on the app's database, past the store.
async fn raw(app: &TestApp, sql: &str) {
    use sqlx::Connection;
    if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url)
            .await
            .unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", app.database_url))
            .await
            .unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_is_sealed_checked_and_handed_over_once() {
    let app = spawn().await;
    let number = approved(&app).await;
    let me = citizen(&app);

    // Before the proof: the page asks for it and shows nothing else.
    let (status, page) = me.get(&format!("/applications/{number}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-testid=\"proof-form\""), "{page}");
    assert!(!page.contains("delivery-form"));
    let res = me
        .post(
            &format!("/applications/{number}/proof"),
            &[("id_tail", "000000")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("本小时内还可尝试 4 次"), "{html}");
    prove(&me, &number).await;
    let (_, page) = me.get(&format!("/applications/{number}")).await;
    assert!(page.contains("delivery-form") && !page.contains("proof-form"));
    // Another browser has not proved anything.
    let (_, other) = citizen(&app).get(&format!("/applications/{number}")).await;
    assert!(other.contains("proof-form"));

    // A proxy with a bad ID: refused, what was typed kept.
    let res = me
        .post(
            &format!("/applications/{number}/delivery"),
            &[
                ("method", "window"),
                ("proxy_name", "李四"),
                ("proxy_id", "123"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("代领人身份证号码不正确") && html.contains("value=\"李四\""));
    let res = me
        .post(
            &format!("/applications/{number}/delivery"),
            &[
                ("method", "window"),
                ("proxy_name", "李四"),
                ("proxy_id", &proxy_id()),
            ],
        )
        .await;
    assert_eq!(
        location(&res),
        format!("/applications/{number}?saved=1#collect")
    );

    // The issuing window: listed, sealed and issued once.
    let window = Desk::sign_in(&app, "issue.demo").await;
    let (status, list) = window.get("/staff/issuing").await;
    assert_eq!(status, 200);
    assert!(list.contains(&format!("/staff/issuing/{number}")), "{list}");
    let res = window
        .post_form(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    assert_eq!(location(&res), format!("/staff/issuing/{number}"));
    let res = window
        .post_form(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    assert_eq!(res.status(), 409, "issued once");
    // A reload of the address the choice left: not "saved, you can change
    // it" beside "it can no longer change".
    let (_, page) = me.get(&format!("/applications/{number}?saved=1")).await;
    assert!(page.contains("领取方式不能再更改"), "{page}");
    assert!(!page.contains("领取方式已保存"), "{page}");
    let (_, file) = window.get(&format!("/staff/issuing/{number}")).await;
    let verify = between(&file, "href=\"http://127.0.0.1", "\"");
    let verify = &verify[verify.find("/verify/").unwrap()..];

    // Anyone checks it: genuine; one changed byte of the stored text: not valid.
    let anyone = Desk::anonymous(&app);
    let (status, check) = anyone.get(verify).await;
    assert_eq!(status, 200);
    assert!(
        check.contains("真实有效") && check.contains("居民身份证"),
        "{check}"
    );
    assert!(
        check.contains("张三") && !check.contains(VALID_ID),
        "ID masked"
    );
    let code = &verify["/verify/".len()..];
    let (status, unknown) = anyone.get("/verify/AAAAAAAAAAAAAAAA").await;
    assert_eq!(status, 404);
    assert!(unknown.contains("查无此证照"));
    raw(
        &app,
        &format!("UPDATE issued_documents SET content = REPLACE(content, '张三', '张四') WHERE code = '{code}'"),
    )
    .await;
    let (status, forged) = anyone.get(verify).await;
    assert_eq!(status, 404);
    assert!(
        forged.contains("无效") && !forged.contains("张四"),
        "{forged}"
    );
    raw(
        &app,
        &format!("UPDATE issued_documents SET content = REPLACE(content, '张四', '张三') WHERE code = '{code}'"),
    )
    .await;
    assert!(anyone.get(verify).await.1.contains("真实有效"));

    // The applicant's pass: QR and code, the delivery fixed now.
    let (_, page) = me.get(&format!("/applications/{number}")).await;
    assert!(page.contains("不能再更改") && !page.contains("delivery-form"));
    let token = between(&page, "data-token=\"", "\"").to_string();
    assert!(token.starts_with("HP1-"));
    let (_, other) = citizen(&app).get(&format!("/applications/{number}")).await;
    assert!(!other.contains(&token), "only after the proof");

    // The scanner: garbage, a forged token, then the real one.
    let scan = |text: String| {
        let window = &window;
        async move { window.post_form("/staff/pickup", &[("scan", &text)]).await }
    };
    let res = scan("hello".into()).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("这不是取件码"));
    let mut forged = token.clone().into_bytes();
    let last = forged.len() - 3;
    forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
    let res = scan(String::from_utf8(forged).unwrap()).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("不是本大厅签发"));
    let res = scan(token.to_lowercase()).await;
    assert_eq!(res.status(), 200);
    let found = res.text().await.unwrap();
    assert!(found.contains("data-testid=\"pickup-file\"") && found.contains("李四"));
    // The ID not ticked: refused, the pickup shown again.
    let res = window
        .post_form(
            "/staff/pickup/confirm",
            &[
                ("scan", &token),
                ("number", &number),
                ("collector", "proxy"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("请先核验领取人的身份证件"));
    let res = window
        .post_form(
            "/staff/pickup/confirm",
            &[
                ("scan", &token),
                ("number", &number),
                ("collector", "proxy"),
                ("id_checked", "on"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("/staff/issuing/{number}/handover"));
    let (_, receipt) = window
        .get(&format!("/staff/issuing/{number}/handover"))
        .await;
    assert!(
        receipt.contains("送达回证") && receipt.contains("李四") && receipt.contains("出件 赵丽")
    );
    assert!(!receipt.contains(&proxy_id()), "the proxy's ID masked");
    // 送达地点: the hall's window as configured, never a client address.
    assert!(receipt.contains("政务服务中心一楼统一出件窗口"));
    assert!(!receipt.contains("127.0.0.1"), "no address on the receipt");
    // 跑动: collected at the window is a trip (filed on a phone: the only one).
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert!(
        file.replace("<!>", "").contains("1 次（承诺最多 1 次）"),
        "one trip, to collect"
    );
    // A second scan: when and by whom.
    let res = scan(token.clone()).await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("不能重复领取"));
    // Said as what happened to the code, not as a form that was not saved.
    assert!(html.contains("这个取件码未办理领取") && !html.contains("没有保存"));
    let (_, page) = me.get(&format!("/applications/{number}")).await;
    assert!(page.contains("data-testid=\"delivered\""), "{page}");
    let (ok, out) = crate::staff::audit_verify(&app).await;
    assert!(ok, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_post_the_window_records_carrier_and_tracking() {
    let app = spawn().await;
    let number = approved(&app).await;
    let me = citizen(&app);
    prove(&me, &number).await;
    let res = me
        .post(
            &format!("/applications/{number}/delivery"),
            &[
                ("method", "post"),
                ("recipient", "张三"),
                ("phone", "13812345678"),
                ("address", "四川省达州市通川区朝阳中路1号"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let window = Desk::sign_in(&app, "issue.demo").await;
    let (_, list) = window.get("/staff/issuing").await;
    assert!(list.contains("138****5678"), "the phone masked in the list");
    window
        .post_form(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    let (_, page) = me.get(&format!("/applications/{number}")).await;
    assert!(!page.contains("data-token"), "no pickup code for post");
    let res = window
        .post_form(
            &format!("/staff/issuing/{number}/post"),
            &[("carrier", "EMS"), ("tracking", "<b>")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("运单号只能由字母和数字组成") && html.contains("value=\"EMS\""));
    let res = window
        .post_form(
            &format!("/staff/issuing/{number}/post"),
            &[("carrier", "EMS"), ("tracking", "1234 5678 9012")],
        )
        .await;
    assert_eq!(location(&res), format!("/staff/issuing/{number}/handover"));
    let (_, page) = me.get(&format!("/applications/{number}")).await;
    assert!(page.contains("EMS，运单号 123456789012"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numeric_codes_work_wrong_ones_are_counted_and_fifty_desks_hand_over_once() {
    let app = spawn().await;
    let number = approved(&app).await;
    let window = Desk::sign_in(&app, "issue.demo").await;
    window
        .post_form(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    let me = citizen(&app);
    prove(&me, &number).await;
    let (_, page) = me.get(&format!("/applications/{number}")).await;
    let code = between(&page, "data-testid=\"pickup-code\">", "<").replace(' ', "");
    assert_eq!(code.len(), 8);
    // A renewed code: the old one stops working.
    let res = me
        .post(&format!("/applications/{number}/pickup-renewal"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = me.get(&format!("/applications/{number}")).await;
    let renewed = between(&page, "data-testid=\"pickup-code\">", "<").replace(' ', "");
    assert_ne!(renewed, code);
    let res = window.post_form("/staff/pickup", &[("scan", &code)]).await;
    assert_eq!(res.status(), 422, "the old code is not live");
    assert!(res.text().await.unwrap().contains("已作废"));
    let res = window
        .post_form("/staff/pickup", &[("scan", &renewed)])
        .await;
    assert_eq!(res.status(), 200);

    // Fifty confirmations at once: one handover. Every numeric code is
    // counted before it is looked up (an existing one, and one refused
    // unchecked, is given back after), so past twenty at the same instant
    // the rest wait (429) and leave no count behind.
    let csrf = window.csrf().await;
    let posts = (0..50).map(|_| {
        let client = window.client.clone();
        let url = format!("{}/staff/pickup/confirm", app.address);
        let form = vec![
            ("_csrf".to_string(), csrf.clone()),
            ("scan".to_string(), renewed.clone()),
            ("number".to_string(), number.clone()),
            ("collector".to_string(), "applicant".to_string()),
            ("id_checked".to_string(), "on".to_string()),
        ];
        tokio::spawn(async move { client.post(url).form(&form).send().await.unwrap().status() })
    });
    let statuses: Vec<u16> = futures::future::join_all(posts)
        .await
        .into_iter()
        .map(|s| s.unwrap().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == 303 || *s == 409 || *s == 422 || *s == 429),
        "{statuses:?}"
    );

    // Codes that never existed are counted per desk (a replaced or used
    // one says so and is not): past the limit even a right one waits.
    for i in 0..hall::issuing::GUESSES_PER_CLIENT {
        let res = window
            .post_form(
                "/staff/pickup",
                &[("scan", &format!("{:08}", 10_000_000 + i))],
            )
            .await;
        assert_eq!(res.status(), 422);
    }
    let res = window
        .post_form("/staff/pickup", &[("scan", "12345678")])
        .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert!(res.text().await.unwrap().contains("尝试次数过多"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_issuing_window_issues_and_hands_over() {
    let app = spawn().await;
    let number = approved(&app).await;
    for name in ["desk.demo", "review.ga", "super.demo"] {
        let other = Desk::sign_in(&app, name).await;
        let res = other
            .post_form(&format!("/staff/issuing/{number}/issue"), &[])
            .await;
        assert_eq!(res.status(), 403, "{name} may not issue");
        let res = other
            .post_form("/staff/pickup", &[("scan", "12345678")])
            .await;
        assert_eq!(res.status(), 403, "{name} may not scan");
    }
    let (status, _) = Desk::sign_in(&app, "review.ga")
        .await
        .get(&format!("/staff/issuing/{number}"))
        .await;
    assert_eq!(status, 403);
    // The supervisor sees the window's file, changes nothing.
    let (status, _) = Desk::sign_in(&app, "super.demo")
        .await
        .get(&format!("/staff/issuing/{number}"))
        .await;
    assert_eq!(status, 200);
    let res = Desk::anonymous(&app)
        .post(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    assert!(location(&res).starts_with("/staff/sign-in"));
}

/// The task of `number` on this reviewer's list, approved.
async fn approve_as(app: &TestApp, reviewer: &str, number: &str) {
    let desk = Desk::sign_in(app, reviewer).await;
    let (_, list) = desk.get("/staff/reviews").await;
    let display = format!("{}-{}", &number[..5], &number[5..]);
    let at = list.find(&display).expect("the task on the list");
    let href = list[..at].rfind("/staff/reviews/").unwrap();
    let task: String = list[href + 15..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let res = desk
        .post_form(
            &format!("/staff/reviews/{task}/decision"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
}

/// 容缺: the property certificate to follow by the promised date.
async fn post_deficiency(desk: &Desk, number: &str) -> (reqwest::Response, String) {
    let promised = promised_date(desk, number).await;
    let res = desk
        .decide(
            number,
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
    (res, promised)
}

/// Accepted under 容缺; returns the committed date.
pub(crate) async fn accept_with_deficiency(desk: &Desk, number: &str) -> String {
    let (res, promised) = post_deficiency(desk, number).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    promised
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missed_commitment_ends_the_application_and_lists_the_applicant() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let due = accept_with_deficiency(&desk, &number).await;
    // On the due date nothing happens; the day after, it ends — once.
    let on_time = hall_on(&app.database_url, clock_at(&format!("{due}T08:00:00Z"))).await;
    assert_eq!(on_time.enforce_commitments().await.unwrap(), 0);
    let day_after: chrono::NaiveDate = due.parse().unwrap();
    let late = hall_on(
        &app.database_url,
        clock_at(&format!("{}T08:00:00Z", day_after.succ_opt().unwrap())),
    )
    .await;
    assert_eq!(late.enforce_commitments().await.unwrap(), 1);
    assert_eq!(late.enforce_commitments().await.unwrap(), 0);
    let (_, page) = app.html(&format!("/applications/{number}")).await;
    assert!(page.contains("已终止"), "{page}");
    // The reviewer's task is gone from the list.
    let ga = Desk::sign_in(&app, "review.ga").await;
    let (_, list) = ga.get("/staff/reviews").await;
    assert!(!list.contains(&format!("{}-{}", &number[..5], &number[5..])));
    // The same applicant's next 容缺 is refused: on the breach list.
    let next = submitted(&app).await;
    let (res, _) = post_deficiency(&desk, &next).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("申请人在失信名单中"));
    let (ok, out) = crate::staff::audit_verify(&app).await;
    assert!(ok, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_issued_while_deferred_materials_are_owed() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    accept_with_deficiency(&desk, &number).await;
    approve_as(&app, "review.ga", &number).await;
    let window = Desk::sign_in(&app, "issue.demo").await;
    let (_, file) = window.get(&format!("/staff/issuing/{number}")).await;
    assert!(file.contains("data-testid=\"deferred-owed\"") && !file.contains("加盖电子印章并出证"));
    let res = window
        .post_form(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("补交材料尚未收到"));
    // The front desk takes them in (once); then the window issues.
    let (_, front) = desk.get(&format!("/staff/applications/{number}")).await;
    assert!(front.contains("容缺补交材料已收到"), "{front}");
    // The panel names what is owed and by when, under a heading that does
    // not say it was received.
    assert!(
        front.contains(r#"<h2 id="deferred-heading">容缺补交材料</h2>"#),
        "{front}"
    );
    let owed = between(&front, r#"data-testid="deferred-items">"#, "</ul>");
    assert!(
        owed.contains("不动产权证书") && owed.contains(&promised_date(&desk, &number).await),
        "{owed}"
    );
    let path = format!("/staff/applications/{number}/deferred-received");
    let res = desk.post_form(&path, &[]).await;
    assert_eq!(location(&res), format!("/staff/applications/{number}"));
    let res = desk.post_form(&path, &[]).await;
    assert_eq!(res.status(), 409, "received once");
    let res = window
        .post_form(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    assert_eq!(location(&res), format!("/staff/issuing/{number}"));
}
