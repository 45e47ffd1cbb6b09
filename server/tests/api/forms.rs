//! Numbers, choices, conditional questions and repeatable groups, through
//! real form posts (the 最低生活保障 application uses them all).

use crate::helpers::{location, TestApp, APPLICANT};

const MATTER_STEP: &str = "mz-sh-002";

/// Two household members; the second's ID has a wrong check digit.
const TWO_MEMBERS: [(&str, &str); 6] = [
    ("household_members.0.name", "张小三"),
    ("household_members.0.resident_id", "11010519491231002X"),
    ("household_members.0.relation", "子女"),
    ("household_members.1.name", "李四"),
    ("household_members.1.resident_id", "110105194912310021"),
    ("household_members.1.relation", "配偶"),
];

async fn draft_at_matter_step(app: &TestApp) -> String {
    let (base, _) = app.start_draft("/matters/MZ-SH-002/apply").await;
    let mut applicant = APPLICANT.to_vec();
    applicant.push(("applicant_address", "达州市通川区朝阳中路1号"));
    let res = app.post_step(&base, "applicant", &applicant).await;
    assert_eq!(location(&res), format!("{base}/{MATTER_STEP}"));
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_choices_and_conditions_are_checked_by_the_server() {
    let app = TestApp::spawn().await;
    let base = draft_at_matter_step(&app).await;
    let (_, html) = app.html(&format!("{base}/{MATTER_STEP}")).await;
    assert!(html.contains(r#"type="radio""#) && html.contains(r#"type="checkbox""#));
    assert!(
        html.contains("仅当“婚姻状况”为“已婚”时填写"),
        "JS-off readers see when to answer"
    );

    let res = app
        .post_step(
            &base,
            MATTER_STEP,
            &[
                ("household_size", "25"),
                ("monthly_income", "1200.505"),
                ("marital_status", "married"),
                ("spouse_name", ""),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/{MATTER_STEP}?check=1"));
    let (status, html) = app.html(&format!("{base}/{MATTER_STEP}?check=1")).await;
    assert_eq!(status, 422);
    for message in ["请填写 1 到 20 之间的数", "小数点后最多 2 位", "此项必填"] {
        assert!(html.contains(message), "{message}");
    }
    assert!(html.contains(r#"value="1200.505""#), "typed value kept");

    // Not married: the spouse question is not asked, and its answer is dropped.
    let res = app
        .post_step(
            &base,
            MATTER_STEP,
            &[
                ("household_size", "3"),
                ("monthly_income", "1200.5"),
                ("income_sources", "pension"),
                ("income_sources", "wages"),
                ("marital_status", "widowed"),
                ("spouse_name", "不应保存"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/materials"));
    let (_, html) = app.html(&format!("{base}/check")).await;
    assert!(
        html.contains("工资、养老金"),
        "choices shown by label, in catalog order"
    );
    assert!(html.contains("丧偶"));
    assert!(!html.contains("配偶姓名"), "hidden question not listed");
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    assert!(location(&res).starts_with("/applications/"), "submitted");

    // An option no page offers is tampering.
    let other = draft_at_matter_step(&app).await;
    let res = app
        .post_step(&other, MATTER_STEP, &[("marital_status", "complicated")])
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_rows_are_added_checked_and_removed_without_js() {
    let app = TestApp::spawn().await;
    let base = draft_at_matter_step(&app).await;
    let step = format!("{base}/{MATTER_STEP}");
    let (_, html) = app.html(&step).await;
    assert!(html.contains(r#"name="household_members.0.name""#));
    assert!(!html.contains(r#"name="household_members.1.name""#));

    // "Add another" keeps what was typed and shows a second row.
    let res = app
        .post_step(
            &base,
            MATTER_STEP,
            &[
                ("household_members.0.name", "张小三"),
                ("household_members.0.resident_id", "11010519491231002X"),
                ("household_members.0.relation", "子女"),
                ("_action", "add:household_members"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{step}#field-household_members"));
    let (_, html) = app.html(&step).await;
    assert!(html.contains(r#"value="张小三""#));
    assert!(html.contains(r#"name="household_members.1.name""#));

    // A wrong ID in row 2 is reported against row 2.
    app.post_step(&base, MATTER_STEP, &TWO_MEMBERS).await;
    let (status, html) = app.html(&format!("{step}?check=1")).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("#field-household_members-1-resident_id"),
        "summary links the cell"
    );

    // Removing row 1 keeps row 2 as the new row 1.
    app.post_step(
        &base,
        MATTER_STEP,
        &[
            TWO_MEMBERS.as_slice(),
            &[("_action", "remove:household_members:0")],
        ]
        .concat(),
    )
    .await;
    let (_, html) = app.html(&step).await;
    assert!(!html.contains("张小三"));
    assert!(html.contains(r#"value="李四""#));
    assert!(!html.contains(r#"name="household_members.1.name""#));

    // A row index no page offers is tampering.
    let res = app
        .post_step(&base, MATTER_STEP, &[("household_members.300.name", "x")])
        .await;
    assert_eq!(res.status(), 422);
}
