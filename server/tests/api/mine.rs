//! 我的办件 over real HTTP, on this run's backend, with the SMS gateway
//! that checks 阿里云短信's signature: a code opens every application of
//! that mobile and no other; the answer never tells whether a number has
//! applications; a wrong code says how many tries are left; 50 tries sent
//! together meet the limits exactly; the code expires, works once and
//! belongs to the visit that asked for it; the resend cooldown says when.

use crate::helpers::TestApp;
use crate::notifications::through;
use crate::sms_gateway::{SmsGateway, SECRET};
use crate::staff::{submitted, Desk};

/// The code the gateway last carried to `phone`.
async fn code_sent_to(gateway: &SmsGateway, phone: &str, n: usize) -> String {
    let got = gateway.wait_for(n).await;
    let m = got
        .iter()
        .rev()
        .find(|m| {
            m.phone == phone && m.template == crate::notifications::template_of("sign_in_code")
        })
        .unwrap_or_else(|| panic!("a code to {phone}: {got:?}"));
    m.params["code"].as_str().unwrap().to_string()
}

/// A household transfer by an applicant with another mobile.
async fn submitted_by_other(app: &TestApp) -> String {
    let base = crate::helpers::answered_household_draft(app).await;
    let res = app
        .post_step(
            &base,
            "applicant",
            &[
                ("applicant_name", "李四"),
                ("applicant_id", crate::helpers::VALID_ID),
                ("applicant_mobile", "13912345678"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    crate::helpers::receipt_number(&res)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_opens_the_applications_of_that_mobile_and_no_other() {
    let gateway = SmsGateway::start().await;
    let app = TestApp::spawn_with(through(&gateway, SECRET)).await;
    let first = submitted(&app).await;
    let second = submitted(&app).await;
    let other = submitted_by_other(&app).await;
    // Their "submitted" messages.
    gateway.wait_for(3).await;

    let phone = Desk::anonymous(&app);
    let (status, page) = phone.get("/my").await;
    assert_eq!(status, 200);
    assert!(page.contains("data-testid=\"mobile-form\""), "{page}");

    // A typo: said so, what was typed kept.
    let res = phone.post("/my/code", &[("mobile", "138 1234 567")]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("请输入 11 位大陆手机号") && html.contains("138 1234 567"));

    let res = phone.post("/my/code", &[("mobile", "138 1234 5678")]).await;
    assert_eq!(res.status(), 303);
    let code = code_sent_to(&gateway, "13812345678", 4).await;
    assert_eq!(code.len(), 6);
    let (_, page) = phone.get("/my").await;
    assert!(page.contains("验证码已发送至 138****5678"), "{page}");
    assert!(!page.contains("13812345678"), "the number masked");

    // Another browser cannot use this visit's code.
    let stranger = Desk::anonymous(&app);
    let res = stranger.post("/my/enter", &[("code", &code)]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("验证码已失效"));

    let wrong = if code == "000000" { "000001" } else { "000000" };
    let res = phone.post("/my/enter", &[("code", wrong)]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("还可尝试 4 次"), "{html}");
    assert!(!html.contains(wrong), "a code is not shown again");

    let res = phone.post("/my/enter", &[("code", &code)]).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let (status, list) = phone.get("/my").await;
    assert_eq!(status, 200);
    assert_eq!(
        list.matches("data-testid=\"my-application\"").count(),
        2,
        "{list}"
    );
    for n in [&first, &second] {
        assert!(list.contains(&format!("/applications/{n}")), "{n} listed");
    }
    assert!(
        !list.contains(&other),
        "another mobile's application is not listed"
    );
    assert!(list.contains("办件消息") && list.contains("您的申请已提交"));
    assert!(!list.contains(crate::helpers::VALID_ID) && !list.contains("13812345678"));
    // The stranger still sees nothing.
    let (_, theirs) = stranger.get("/my").await;
    assert!(theirs.contains("data-testid=\"mobile-form\"") && !theirs.contains(&first));

    // The code worked once.
    let res = phone.post("/my/leave", &[]).await;
    assert_eq!(res.status(), 303);
    let (_, page) = phone.get("/my").await;
    assert!(page.contains("data-testid=\"mobile-form\"") && !page.contains(&first));
    let res = phone.post("/my/enter", &[("code", &code)]).await;
    assert_eq!(res.status(), 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answer_is_the_same_with_or_without_applications_and_resending_waits() {
    let gateway = SmsGateway::start().await;
    let app = TestApp::spawn_with(through(&gateway, SECRET)).await;
    submitted(&app).await;
    let a = Desk::anonymous(&app);
    let b = Desk::anonymous(&app);
    let with = a.post("/my/code", &[("mobile", "13812345678")]).await;
    let without = b.post("/my/code", &[("mobile", "13700000000")]).await;
    assert_eq!(with.status(), without.status());
    assert_eq!(
        crate::helpers::location(&with),
        crate::helpers::location(&without)
    );
    gateway.wait_for(3).await;
    let (_, pa) = a.get("/my").await;
    let (_, pb) = b.get("/my").await;
    assert!(pa.contains("验证码已发送至 138****5678"));
    assert!(pb.contains("验证码已发送至 137****0000"));

    // Again at once: wait, and for how long.
    let again = b.post("/my/code", &[("mobile", "13700000000")]).await;
    assert_eq!(again.status(), 429);
    let wait: u64 = again.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(again.text().await.unwrap().contains("操作太频繁"));
}

/// 50 tries at once from one address: 30 reach the code check (the
/// address's hourly allowance; the rest are told when to retry), of which
/// exactly 5 are compared with the code; the right code is then refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_tries_at_once_meet_the_limits_exactly() {
    let gateway = SmsGateway::start().await;
    let app = TestApp::spawn_with(through(&gateway, SECRET)).await;
    let phone = Desk::anonymous(&app);
    let res = phone.post("/my/code", &[("mobile", "13812345678")]).await;
    assert_eq!(res.status(), 303);
    let code = code_sent_to(&gateway, "13812345678", 1).await;
    let wrong = if code == "999999" { "999998" } else { "999999" };
    let tries = (0..50).map(|_| {
        let client = phone.client.clone();
        let url = format!("{}/my/enter", app.address);
        async move {
            let res = client
                .post(url)
                .form(&[("code", wrong)])
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let retry = res.headers().contains_key("retry-after");
            let body = res.text().await.unwrap();
            (status, retry, body)
        }
    });
    let answers = futures::future::join_all(tries).await;
    let limited = answers.iter().filter(|(s, r, _)| *s == 429 && *r).count();
    let compared = answers
        .iter()
        .filter(|(s, _, b)| *s == 422 && b.contains("验证码不对"))
        .count();
    let dead = answers
        .iter()
        .filter(|(s, _, b)| *s == 422 && b.contains("验证码已失效"))
        .count();
    assert_eq!((limited, compared, dead), (20, 5, 25), "{answers:?}");
    // The right code now: the code is spent (and this address is limited).
    let res = phone.post("/my/enter", &[("code", &code)]).await;
    assert!(matches!(res.status().as_u16(), 422 | 429));
    let (_, page) = phone.get("/my").await;
    assert!(!page.contains("data-testid=\"my-list-heading\""));
}
