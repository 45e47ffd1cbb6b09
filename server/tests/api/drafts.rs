//! Drafts: resumed by code on another device, expiring, deletable.

use crate::helpers::{answered_household_draft, location, TestApp, APPLICANT};

fn resume_code(html: &str) -> String {
    let at = html
        .find(r#"data-testid="resume-code""#)
        .expect("resume code shown");
    let start = at + html[at..].find('>').expect("tag end") + 1;
    html[start..start + 9].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_resumed_by_its_code_on_another_device() {
    let phone = TestApp::spawn().await;
    let (base, _) = phone.start_draft("/matters/GA-HJ-001/apply").await;
    phone.post_step(&base, "applicant", &APPLICANT).await;
    let res = phone
        .post_step(
            &base,
            "ga-hj-001",
            &[("new_address", "达州市"), ("_action", "save")],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/saved"));
    let (status, html) = phone.html(&format!("{base}/saved")).await;
    assert_eq!(status, 200);
    let code = resume_code(&phone.html(&format!("{base}/applicant")).await.1);
    assert!(html.contains(&code), "the saved page shows the code");
    assert!(html.contains("<svg"), "and a QR code");

    // Another browser (its own cookies, nothing shared) types the code.
    let kiosk = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let typed = code.to_lowercase().replace('-', " ");
    let res = kiosk
        .get(format!("{}/resume/find", phone.address))
        .query(&[("code", typed.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    // Every question is answered: it opens at "check your answers".
    assert_eq!(location(&res), format!("{base}/check"));
    let html = kiosk
        .get(format!("{}{base}/check", phone.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("张三") && html.contains("达州市"));

    // The draft is now open at the kiosk only: the phone's old link shows
    // nothing of it and asks for the code.
    let (status, html) = phone.html(&format!("{base}/check")).await;
    assert_eq!(status, 403);
    assert!(!html.contains("张三") && !html.contains("达州市"));
    assert!(html.contains("resume-code"), "offers the resume form");

    // The QR's link works the same way.
    let res = kiosk
        .get(format!(
            "{}/resume/{}",
            phone.address,
            code.replace('-', "")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), format!("{base}/check"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mistyped_or_unknown_code_says_what_is_wrong() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    let code = resume_code(&app.html(&format!("{base}/applicant")).await.1).replace('-', "");
    // Change the last (check) character.
    let last = code.chars().last().unwrap();
    let other = if last == 'A' { 'B' } else { 'A' };
    let typo = format!("{}{other}", &code[..7]);
    let res = app.get(&format!("/resume/find?code={typo}")).await;
    let to = location(&res);
    assert!(
        to.starts_with("/resume?") && to.contains("problem=check"),
        "{to}"
    );
    let (status, html) = app.html(&to).await;
    assert_eq!(status, 422);
    assert!(html.contains("续办码有误"));
    assert!(
        html.contains(&format!(r#"value="{typo}""#)),
        "what was typed is kept"
    );

    let (status, html) = app
        .html(&app_location(&app, "/resume/find?code=ABC").await)
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("续办码应为 8 位"));
    // A well-formed code nobody holds.
    let unused = domain::ResumeCode::from_indices([7, 7, 7, 7, 7, 7, 7]);
    let (status, html) = app
        .html(&app_location(&app, &format!("/resume/find?code={}", unused.as_str())).await)
        .await;
    assert_eq!(status, 404);
    assert!(html.contains("没有找到这个续办码的草稿"));
}

async fn app_location(app: &TestApp, path: &str) -> String {
    location(&app.get(path).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_draft_is_gone_with_its_answers() {
    let app = TestApp::spawn().await;
    let base = answered_household_draft(&app).await;
    let res = app
        .post_step(&base, "saved", &[("_action", "delete")])
        .await;
    assert_eq!(location(&res), "/draft-deleted");
    let (status, html) = app.html(&format!("{base}/check")).await;
    assert_eq!(status, 404);
    assert!(!html.contains("张三"));
    let res = app.post_step(&base, "applicant", &APPLICANT).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_expire() {
    // A lifetime of zero days: every draft has expired as soon as it exists.
    let app = TestApp::spawn_with(|s| s.drafts.ttl_days = 0).await;
    let res = app.post_form("/matters/GA-HJ-001/apply", &[]).await;
    let step = location(&res);
    let (status, _) = app.html(&step).await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_from_the_check_page_returns_to_it() {
    let app = TestApp::spawn().await;
    let base = answered_household_draft(&app).await;
    let (_, check) = app.html(&format!("{base}/check")).await;
    let change = format!("{base}/applicant?from=check");
    assert!(check.contains(&format!(r#"href="{change}""#)), "{check}");
    // Nothing is saved on the check page: its button does not say so.
    assert!(!check.contains("保存并继续") && check.contains(">继续<"));

    let (_, step) = app.html(&change).await;
    assert!(step.contains(r#"name="_return" value="check""#));
    // Later steps already done stay links while changing this one.
    for later in ["ga-hj-001", "materials", "check"] {
        assert!(
            step.contains(&format!(r#"href="{base}/{later}""#)),
            "{later}"
        );
    }
    let mut changed = APPLICANT.to_vec();
    changed.push(("_return", "check"));
    let res = app.post_step(&base, "applicant", &changed).await;
    assert_eq!(
        location(&res),
        format!("{base}/check"),
        "back to check, not on"
    );

    // With a problem it stays, still on its way back to the check page.
    let wrong = [("applicant_name", ""), ("_return", "check")];
    let res = app.post_step(&base, "applicant", &wrong).await;
    assert_eq!(
        location(&res),
        format!("{base}/applicant?check=1&from=check")
    );
    let (_, step) = app.html(&location(&res)).await;
    assert!(step.contains(r#"name="_return" value="check""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_resume_form_is_reachable_and_a_resume_code_in_the_number_box_is_offered() {
    let app = TestApp::spawn().await;
    for page in ["/", "/applications"] {
        let (_, html) = app.html(page).await;
        assert!(
            html.contains(r#"href="/resume""#),
            "{page} links to the resume form"
        );
    }
    // An empty box says what is missing.
    let (status, html) = app.html("/applications?number=").await;
    assert_eq!(status, 422);
    assert!(html.contains("请输入申请编号"));
    // A resume code (8 characters) typed where the number goes.
    let code = domain::ResumeCode::from_indices([1; 7]);
    let (status, html) = app
        .html(&format!(
            "/applications?number={}",
            code.to_string().to_lowercase()
        ))
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("这是续办码"), "{html}");
    assert!(html.contains(&format!(r#"href="/resume/find?code={}""#, code.as_str())));
}

/// A step of optional questions is done only once saved: stopped after
/// the licence step of the restaurant bundle, the draft resumes at the
/// food permit's questions (vending machines, who applies — they decide
/// the materials), not at the signboard after it, and the progress list
/// says "done" only of the steps saved without problems.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_draft_opens_at_the_first_step_never_saved() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/bundles/YJS-KCG/apply").await;
    app.post_step(
        &base,
        "applicant",
        &[
            ("enterprise_name", "达州市通川区老王餐饮有限公司"),
            ("legal_rep_name", "王五"),
            ("applicant_name", "王五"),
            ("applicant_id", crate::helpers::VALID_ID),
            ("applicant_mobile", "13912345678"),
        ],
    )
    .await;
    let res = app
        .post_step(
            &base,
            "scjg-xk-001",
            &[
                ("business_address", "达州市通川区西外大街8号"),
                ("registered_capital", "50"),
                ("_action", "save"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{base}/saved"));
    let code = resume_code(&app.html(&format!("{base}/applicant")).await.1).replace('-', "");

    let phone = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let res = phone
        .get(format!("{}/resume/{code}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), format!("{base}/scjg-xk-004"));
    let html = phone
        .get(format!("{}{base}/scjg-xk-004", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        html.matches(r#"<li class="done">"#).count(),
        2,
        "the applicant and licence steps are done; the signboard is not"
    );
    assert!(html.contains(r#"aria-current="step""#));
}
