//! The guided application, step by step, as a browser without JS drives it.

use crate::helpers::{
    answered_household_draft, location, receipt_number, TestApp, APPLICANT, VALID_ID,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wizard_saves_each_step_and_submits_to_a_receipt() {
    let app = TestApp::spawn().await;
    let (status, html) = app.html("/matters/GA-HJ-001/apply").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("开始填写") && html.contains("核对信息"),
        "start page lists the steps"
    );

    let base = answered_household_draft(&app).await;
    // Materials, then check your answers: everything typed, normalised on submit.
    let (status, html) = app.html(&format!("{base}/materials")).await;
    assert_eq!(status, 200);
    assert!(html.contains("居民户口簿") || html.contains("申请材料") || html.contains("材料"));
    let (status, html) = app.html(&format!("{base}/check")).await;
    assert_eq!(status, 200);
    for shown in ["张三", VALID_ID, "四川省达州市通川区朝阳中路1号", "未填写"] {
        assert!(html.contains(shown), "{shown} on the check page");
    }
    assert!(
        html.contains(&format!(r#"href="{base}/applicant""#)),
        "change link"
    );

    // The declaration must be ticked.
    let res = app.post_step(&base, "declaration", &[]).await;
    assert_eq!(location(&res), format!("{base}/declaration?check=1"));
    let (status, html) = app.html(&format!("{base}/declaration?check=1")).await;
    assert_eq!(status, 422);
    assert!(html.contains("请勾选承诺后再提交"));

    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    assert_eq!(res.status(), 303);
    let number = receipt_number(&res);
    let parsed = domain::ApplicationNumber::parse(&number).expect("a valid number");
    let (status, html) = app.html(&format!("/applications/{number}/receipt")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&parsed.to_string()),
        "display form XXXXX-XXXXX"
    );
    assert!(html.contains("<svg"), "QR code");
    assert!(html.contains("张*"), "masked name");
    assert!(!html.contains("张三") && !html.contains(VALID_ID) && !html.contains("13812345678"));

    // Submitting again, or posting a step of the submitted draft, leads to
    // the same application; the draft no longer holds the answers.
    let again = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    assert_eq!(receipt_number(&again), number);
    let res = app.post_step(&base, "applicant", &APPLICANT).await;
    assert_eq!(location(&res), format!("/applications/{number}/receipt"));
    let (status, html) = app.html(&format!("{base}/check")).await;
    assert_eq!(status, 409);
    assert!(!html.contains("张三"));

    // The QR code's progress page, and lookup by the number as typed.
    let (status, html) = app.html(&format!("/applications/{number}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("已提交，等待窗口受理"));
    let (status, _) = app
        .html(&format!("/applications?number={}", number.to_lowercase()))
        .await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_with_problems_is_saved_and_shown_again_with_every_message() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    let res = app
        .post_step(
            &base,
            "applicant",
            &[
                ("applicant_name", "王五"),
                ("applicant_id", "110105194912310029"),
                ("applicant_mobile", "12812345678"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/applicant?check=1"));
    let (status, html) = app.html(&format!("{base}/applicant?check=1")).await;
    assert_eq!(status, 422);
    for message in ["身份证号校验位不正确", "这不是有效的手机号码"] {
        assert!(html.contains(message), "{message}");
    }
    for value in ["王五", "110105194912310029", "12812345678"] {
        assert!(
            html.contains(&format!(r#"value="{value}""#)),
            "{value} kept"
        );
    }
    assert!(html.contains(r#"aria-invalid="true""#));

    // Moving on past a wrong answer is possible only by "back" or "save";
    // the check page then lists what is left, all at once.
    let res = app
        .post_step(
            &base,
            "ga-hj-001",
            &[("new_address", ""), ("move_date", "2026-02-30")],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/ga-hj-001?check=1"));
    let (_, html) = app.html(&format!("{base}/check")).await;
    for message in [
        "身份证号校验位不正确",
        "这不是有效的手机号码",
        "此项必填",
        "请按 年-月-日 填写",
    ] {
        assert!(html.contains(message), "{message} on the check page");
    }
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    assert_eq!(location(&res), format!("{base}/check"), "not submitted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_follow_the_chosen_language() {
    let app = TestApp::spawn().await;
    app.get("/lang/en?next=/").await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    app.post_step(&base, "applicant", &[("applicant_name", "")])
        .await;
    let (status, html) = app.html(&format!("{base}/applicant?check=1")).await;
    assert_eq!(status, 422);
    assert!(html.contains("This field is required."));
    assert!(!html.contains("此项必填"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_step_is_refused_and_nothing_of_it_is_stored() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    let long = "x".repeat(5000);
    for tampered in [
        vec![
            ("applicant_name", "张三"),
            ("enterprise_credit_code", "91350100M000100Y43"),
        ],
        vec![("applicant_name", "张三"), ("new_address", "达州市")], // another step's field
        vec![("applicant_name", "张三"), ("applicant_name", "李四")],
        vec![("applicant_name", long.as_str())],
        vec![("applicant_name", "张三"), ("_action", "drop_table")],
    ] {
        let res = app.post_step(&base, "applicant", &tampered).await;
        assert_eq!(res.status(), 422, "{tampered:?}");
    }
    let (_, html) = app.html(&format!("{base}/applicant")).await;
    assert!(
        !html.contains("张三"),
        "nothing of a refused post is stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_submits_of_one_draft_create_one_application() {
    let app = TestApp::spawn().await;
    let base = answered_household_draft(&app).await;
    let path = format!("{base}/declaration");
    let requests = (0..200).map(|_| app.post_form(&path, &[("declaration", "yes")]));
    let responses = futures::future::join_all(requests).await;
    let numbers: std::collections::BTreeSet<String> = responses
        .iter()
        .map(|r| {
            assert_eq!(r.status(), 303);
            receipt_number(r)
        })
        .collect();
    assert_eq!(numbers.len(), 1, "{numbers:?}");
    // And a second draft is a second application.
    let other = answered_household_draft(&app).await;
    let res = app
        .post_step(&other, "declaration", &[("declaration", "yes")])
        .await;
    assert!(!numbers.contains(&receipt_number(&res)));
}
