use crate::helpers::{receipt_number, TestApp, VALID_ID};

fn restaurant_form(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_submission_key", key.to_string()),
        ("enterprise_name", "达州市通川区老王餐饮有限公司".into()),
        ("legal_rep_name", "王五".into()),
        ("applicant_name", "王五".into()),
        ("applicant_id", VALID_ID.into()),
        ("applicant_mobile", "13912345678".into()),
        ("business_address", "达州市通川区西外大街8号".into()),
        ("registered_capital", "50".into()),
        ("enterprise_credit_code", "91350100M000100Y43".into()),
        ("sign_text", "老王川菜馆".into()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_asks_shared_fields_once() {
    let app = TestApp::spawn().await;
    let res = app.get("/bundles/YJS-KCG/apply").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for key in [
        "applicant_name",
        "applicant_mobile",
        "enterprise_name",
        "business_address",
        "sign_text",
        "registered_capital",
    ] {
        assert_eq!(
            html.matches(&format!(r#"name="{key}""#)).count(),
            1,
            "{key} asked exactly once"
        );
    }
    assert!(html.contains(r#"action="/bundles/YJS-KCG/apply""#));
    assert!(html.contains("同时申请以下事项"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_submission_gives_one_number_for_every_matter_of_the_bundle() {
    let app = TestApp::spawn().await;
    let form = restaurant_form("hhhhhhhhhhhhhhhhhhhh");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.post_form("/bundles/YJS-KCG/apply", &pairs).await;
    assert_eq!(res.status(), 303, "{:?}", res.text().await);
    let number = receipt_number(&res);
    let html = app
        .get(&format!("/applications/{number}/receipt"))
        .await
        .text()
        .await
        .unwrap();
    for name in [
        "企业设立登记（营业执照）",
        "食品经营许可证核发",
        "户外招牌设置审批",
    ] {
        assert!(html.contains(name), "{name} on the receipt");
    }
    // Parallel review: the promise is the longest (10 working days) from today.
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    let promised = domain::WorkingDayCalendar::weekends_only().add_working_days(today, 10);
    assert!(html.contains(&promised.to_string()), "promised {promised}");
    // Submitting again is the same application.
    let again = app.post_form("/bundles/YJS-KCG/apply", &pairs).await;
    assert_eq!(receipt_number(&again), number);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_form_reports_every_problem_once_and_keeps_values() {
    let app = TestApp::spawn().await;
    let res = app
        .post_form(
            "/bundles/YJS-KCG/apply",
            &[
                ("_submission_key", "iiiiiiiiiiiiiiiiiiii"),
                ("sign_text", "老王川菜馆"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"value="老王川菜馆""#));
    // The summary lists the missing applicant name once, though three matters need it.
    assert_eq!(html.matches(r##"href="#field-applicant_name""##).count(), 1);
    let res = app.get("/bundles/NO-SUCH/apply").await;
    assert_eq!(res.status(), 404);
}
