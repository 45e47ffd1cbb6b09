//! Identity numbers as people type them (found when new users walked the citizen path): spaces, full-width
//! digits from a Chinese input method, a lower-case x — accepted and kept
//! canonical; a birth date after today refused with its own message.

use crate::helpers::{location, receipt_number, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_typed_by_input_methods_are_accepted_and_stored_canonical() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    let res = app
        .post_step(
            &base,
            "applicant",
            &[
                ("applicant_name", "张三"),
                ("applicant_id", "１１０１ ０５１９ ４９１２ ３１００ ２ｘ"),
                ("applicant_mobile", "+86 １３８-１２３４-５６７８"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/ga-hj-001"), "accepted");
    // Shown back (and stored) canonical.
    let (_, html) = app.html(&format!("{base}/applicant")).await;
    assert!(html.contains(r#"value="11010519491231002X""#), "{html}");
    assert!(html.contains(r#"value="13812345678""#));

    app.post_step(
        &base,
        "ga-hj-001",
        &[("new_address", "四川省达州市通川区朝阳中路1号")],
    )
    .await;
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    assert!(location(&res).ends_with("/receipt"));
    assert!(!receipt_number(&res).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standards_1880_example_is_valid_and_a_future_birth_date_is_not() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    let post = |id: &'static str| {
        let base = base.clone();
        let app = &app;
        async move {
            app.post_step(
                &base,
                "applicant",
                &[
                    ("applicant_name", "张三"),
                    ("applicant_id", id),
                    ("applicant_mobile", "13812345678"),
                ],
            )
            .await
        }
    };
    // Born 2030-12-31, a correct check character: after today.
    let res = post("110105203012310026").await;
    assert_eq!(location(&res), format!("{base}/applicant?check=1"));
    let (status, html) = app.html(&format!("{base}/applicant?check=1")).await;
    assert_eq!(status, 422);
    assert!(html.contains("晚于今天"), "its own message: {html}");
    assert!(!html.contains("不是有效日期"));
    // GB 11643's own example, born 1880-01-01.
    let res = post("440524188001010014").await;
    assert_eq!(location(&res), format!("{base}/ga-hj-001"));
}
