//! 一件事: a life event's matters share one guided form and one number.

use crate::helpers::{location, receipt_number, TestApp, VALID_ID};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_asks_shared_questions_once_and_gives_one_number() {
    let app = TestApp::spawn().await;
    let (status, html) = app.html("/bundles/YJS-KCG/apply").await;
    assert_eq!(status, 200);
    assert!(html.contains("同时申请以下事项"));
    let (base, first) = app.start_draft("/bundles/YJS-KCG/apply").await;
    assert_eq!(first, "applicant");

    // Every shared question sits on the applicant step, asked once; the
    // credit code is not asked at all (联办: the licence issues it, and the
    // food permit and sign take it from there).
    let (_, html) = app.html(&format!("{base}/applicant")).await;
    assert!(!html.contains(r#"name="enterprise_credit_code""#));
    for key in [
        "applicant_name",
        "applicant_mobile",
        "enterprise_name",
        "legal_rep_name",
    ] {
        assert_eq!(
            html.matches(&format!(r#"name="{key}""#)).count(),
            1,
            "{key} asked once"
        );
    }
    let res = app
        .post_step(
            &base,
            "applicant",
            &[
                ("enterprise_name", "达州市通川区老王餐饮有限公司"),
                ("legal_rep_name", "王五"),
                ("applicant_name", "王五"),
                ("applicant_id", VALID_ID),
                ("applicant_mobile", "13912345678"),
            ],
        )
        .await;
    // Then one step per matter, in the bundle's order, for what only it
    // asks: business_address, needed by all three, is asked by the first;
    // the food permit asks only its own two (optional) questions.
    assert_eq!(location(&res), format!("{base}/scjg-xk-001"));
    let (_, html) = app.html(&format!("{base}/scjg-xk-001")).await;
    assert!(
        html.contains(r#"name="business_address""#)
            && html.contains(r#"name="registered_capital""#)
    );
    let res = app
        .post_step(
            &base,
            "scjg-xk-001",
            &[
                ("business_address", "达州市通川区西外大街8号"),
                ("registered_capital", "50"),
                ("business_scope", ""),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/scjg-xk-004"));
    let (_, html) = app.html(&format!("{base}/scjg-xk-004")).await;
    assert!(
        html.contains(r#"name="sells_by_vending_machine""#)
            && !html.contains(r#"name="business_address""#)
    );
    let res = app.post_step(&base, "scjg-xk-004", &[]).await;
    assert_eq!(location(&res), format!("{base}/cg-xk-001"));
    let res = app
        .post_step(&base, "cg-xk-001", &[("sign_text", "老王川菜馆")])
        .await;
    assert_eq!(location(&res), format!("{base}/materials"));
    let (_, html) = app.html(&format!("{base}/materials")).await;
    assert!(html.contains("营业执照"), "merged materials list");
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    assert_eq!(res.status(), 303);
    let number = receipt_number(&res);
    let (_, html) = app.html(&format!("/applications/{number}/receipt")).await;
    // A phone cannot scan its own screen: the receipt links to the page too,
    // and so does the lookup by number.
    let link = format!(r#"href="/applications/{number}" data-testid="progress-link""#);
    assert!(html.contains(&link), "a tappable link on the receipt");
    let (_, found) = app.html(&format!("/applications?number={number}")).await;
    assert!(found.contains(&link), "and on the lookup's result");
    // In the life event's order, as the citizen saw them (not by code).
    let at: Vec<usize> = [
        "企业设立登记（营业执照）",
        "食品经营许可证核发",
        "户外招牌设置审批",
    ]
    .iter()
    .map(|name| {
        html.find(name)
            .unwrap_or_else(|| panic!("{name} on the receipt"))
    })
    .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "bundle order: {at:?}");
    // The promise is the longest chain: licence 3, then (联办) the food
    // permit's 10 working days, from today.
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .date_naive();
    // On the shipped holiday calendar, as the server counts.
    let calendar = server::calendar::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../calendar"),
    )
    .unwrap();
    let promised = calendar.add_working_days(today, 13);
    assert!(html.contains(&promised.to_string()), "promised {promised}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_bundle_or_step_is_404() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/bundles/NO-SUCH/apply").await.status(), 404);
    assert_eq!(
        app.post_form("/bundles/NO-SUCH/apply", &[]).await.status(),
        404
    );
    let (base, _) = app.start_draft("/bundles/YJS-KCG/apply").await;
    assert_eq!(app.get(&format!("{base}/no-such-step")).await.status(), 404);
    assert_eq!(
        app.get("/drafts/0123456789abcdef0123456789abcdef/applicant")
            .await
            .status(),
        404
    );
    assert_eq!(app.get("/drafts/not-an-id/applicant").await.status(), 404);
}
