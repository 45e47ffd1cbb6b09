use crate::helpers::{as_refs, receipt_number, valid_household_form, TestApp, VALID_ID};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_form_post_redirects_to_a_receipt_with_a_qr_code() {
    let app = TestApp::spawn().await;
    let form = valid_household_form("aaaaaaaaaaaaaaaaaaaa");
    let res = app
        .post_form("/matters/GA-HJ-001/apply", &as_refs(&form))
        .await;
    assert_eq!(res.status(), 303);
    let number = receipt_number(&res);
    let parsed = domain::ApplicationNumber::parse(&number).expect("a valid number");

    let res = app.get(&format!("/applications/{number}/receipt")).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&parsed.to_string()),
        "display form XXXXX-XXXXX"
    );
    assert!(html.contains("<svg"), "QR code");
    assert!(html.contains("张*"), "masked name");
    assert!(!html.contains("张三"), "no full name on the receipt");
    assert!(
        !html.contains(VALID_ID) && !html.contains("13812345678"),
        "no ID or phone on the receipt"
    );

    // The QR code leads to the progress page, which links back to the receipt.
    let res = app.get(&format!("/applications/{number}")).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("已提交，等待窗口受理"));
    assert!(html.contains(&format!(r#"href="/applications/{number}/receipt""#)));

    // The lookup page finds it by the number as people type it.
    let res = app
        .get(&format!("/applications?number={}", number.to_lowercase()))
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("已提交，等待窗口受理"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resubmitting_the_same_form_gives_the_same_application() {
    let app = TestApp::spawn().await;
    let form = valid_household_form("bbbbbbbbbbbbbbbbbbbb");
    let first = receipt_number(
        &app.post_form("/matters/GA-HJ-001/apply", &as_refs(&form))
            .await,
    );
    let second = receipt_number(
        &app.post_form("/matters/GA-HJ-001/apply", &as_refs(&form))
            .await,
    );
    assert_eq!(first, second);

    // Same key, other content: refused, what was typed is kept.
    let mut changed = form.clone();
    changed[1].1 = "李四".into();
    let res = app
        .post_form("/matters/GA-HJ-001/apply", &as_refs(&changed))
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("已经提交过不同的内容"));
    assert!(html.contains(r#"value="李四""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_form_post_is_422_with_every_problem_and_every_value_kept() {
    let app = TestApp::spawn().await;
    let pairs = [
        ("_submission_key", "cccccccccccccccccccc"),
        ("applicant_name", "王五"),
        ("applicant_id", "110105194912310029"),
        ("applicant_mobile", "12812345678"),
        ("new_address", ""),
        ("move_date", "2026-02-30"),
    ];
    let res = app.post_form("/matters/GA-HJ-001/apply", &pairs).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    for message in [
        "身份证号校验位不正确",
        "这不是有效的手机号码",
        "此项必填",
        "请按 年-月-日 填写",
    ] {
        assert!(html.contains(message), "{message}");
    }
    for value in [
        "王五",
        "110105194912310029",
        "12812345678",
        "2026-02-30",
        "cccccccccccccccccccc",
    ] {
        assert!(
            html.contains(&format!(r#"value="{value}""#)),
            "{value} kept"
        );
    }
    assert!(html.contains(r#"aria-invalid="true""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_follow_the_chosen_language() {
    let app = TestApp::spawn().await;
    app.get("/lang/en?next=/").await;
    let res = app
        .post_form(
            "/matters/GA-HJ-001/apply",
            &[("_submission_key", "dddddddddddddddddddd")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("This field is required."));
    assert!(!html.contains("此项必填"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_function_submits_once_and_refuses_tampering() {
    let app = TestApp::spawn().await;
    let body = serde_json::json!({
        "target": { "matter": "GA-HJ-001" },
        "submission_key": "eeeeeeeeeeeeeeeeeeee",
        "fields": [["applicant_name", "张三"], ["applicant_id", VALID_ID], ["applicant_mobile", "13812345678"], ["new_address", "达州市"]],
    });
    let res = app.submit_json(body.clone()).await;
    assert_eq!(res.status(), 200);
    let number: String = res.json().await.unwrap();
    let res = app.submit_json(body).await;
    assert_eq!(res.json::<String>().await.unwrap(), number);

    // A field of another matter, and an oversized one: 422, nothing stored.
    let tampered = serde_json::json!({
        "target": { "matter": "GA-HJ-001" },
        "submission_key": "ffffffffffffffffffff",
        "fields": [["applicant_name", "张三"], ["applicant_id", VALID_ID], ["applicant_mobile", "13812345678"],
                   ["new_address", "x".repeat(5000)], ["enterprise_credit_code", "91350100M000100Y43"]],
    });
    let res = app.submit_json(tampered).await;
    assert_eq!(res.status(), 422);
    let err: serde_json::Value = res.json().await.unwrap();
    let problems: Vec<&str> = err["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["problem"].as_str().unwrap())
        .collect();
    assert!(
        problems.contains(&"unknown") && problems.contains(&"oversized"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_submits_of_one_form_create_one_application() {
    let app = TestApp::spawn().await;
    let form = valid_household_form("gggggggggggggggggggg");
    let pairs = as_refs(&form);
    let requests = (0..200).map(|_| app.post_form("/matters/GA-HJ-001/apply", &pairs));
    let responses = futures::future::join_all(requests).await;
    let numbers: std::collections::BTreeSet<String> =
        responses.iter().map(receipt_number).collect();
    assert_eq!(numbers.len(), 1, "{numbers:?}");
}
