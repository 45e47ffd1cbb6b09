//! 帮你办 over real HTTP: the front desk fills the guided form for a
//! walk-in in its own browser; nothing is submitted until the applicant
//! confirms — on their phone through the desk's link, or by the signed
//! declaration whose check code the desk types back. The application
//! records the channel and the staff member; every role is checked.

use crate::helpers::{location, TestApp, VALID_ID};
use crate::staff::{spawn, Desk};

/// The actions in the audit chain, after verifying it.
async fn audited(app: &TestApp) -> Vec<String> {
    let (ok, out) = crate::staff::audit_verify(app).await;
    assert!(ok, "{out}");
    let hall = crate::staff::hall_on(
        &app.database_url,
        crate::staff::clock_at(&chrono::Utc::now().to_rfc3339()),
    )
    .await;
    hall.storage()
        .audit_events(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.record.action)
        .collect()
}

/// Starts a household-transfer form at the desk; returns its draft id.
async fn start(desk: &Desk) -> String {
    let res = desk
        .post_form("/staff/assist/start", &[("target", "matter:GA-HJ-001")])
        .await;
    assert_eq!(res.status(), 303);
    let to = location(&res);
    assert!(to.ends_with("/applicant"), "{to}");
    to.trim_start_matches("/drafts/")
        .trim_end_matches("/applicant")
        .to_string()
}

/// Posts the applicant step as the desk with the step's button `action`
/// (`next` or `save`).
async fn post_applicant(desk: &Desk, id: &str, action: &str) -> reqwest::Response {
    desk.post(
        &format!("/drafts/{id}/applicant"),
        &[
            ("applicant_name", "李四"),
            ("applicant_id", VALID_ID),
            ("applicant_mobile", "138 1234 5678"),
            ("_action", action),
        ],
    )
    .await
}

/// Answers every step as the desk (its visit holds the draft).
async fn fill(desk: &Desk, id: &str, address: &str) {
    let res = post_applicant(desk, id, "next").await;
    assert_eq!(location(&res), format!("/drafts/{id}/ga-hj-001"));
    let res = desk
        .post(
            &format!("/drafts/{id}/ga-hj-001"),
            &[("new_address", address), ("move_date", "")],
        )
        .await;
    assert_eq!(location(&res), format!("/drafts/{id}/materials"));
}

/// The applicant ticks the declaration on their phone and confirms the
/// content their page showed with `code`.
async fn confirm(phone: &Desk, token: &str, code: &str) -> reqwest::Response {
    phone
        .post(
            &format!("/confirm/{token}"),
            &[("seen", code), ("declaration", "yes")],
        )
        .await
}

/// The check code the desk's confirmation panel shows.
async fn check_code(desk: &Desk, id: &str) -> String {
    let (status, html) = desk.get(&format!("/staff/assist/{id}")).await;
    assert_eq!(status, 200, "{html}");
    let at = html.find("核对码 ").expect("a check code") + "核对码 ".len();
    let code = html[at..at + 9].to_string();
    assert!(
        domain::assisted::ContentCheck::parse(&code).is_some(),
        "{code}"
    );
    code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_fills_for_a_walk_in_and_the_applicant_confirms_on_the_phone() {
    let app = spawn().await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let (status, html) = desk.get("/staff/assist").await;
    assert_eq!(status, 200);
    assert!(html.contains("value=\"matter:GA-HJ-001\""), "{html}");
    let id = start(&desk).await;
    // The same wizard, marked as filled by staff.
    let (status, html) = desk.get(&format!("/drafts/{id}/applicant")).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"assisted-banner\""));

    // Not complete: no link for the phone yet.
    let res = desk
        .post_form(&format!("/staff/assist/{id}/phone"), &[])
        .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("还有未填或需更正的内容"));

    fill(&desk, &id, "四川省达州市通川区朝阳中路1号").await;
    let (_, html) = desk.get("/staff/assist").await;
    assert!(html.contains(&format!("/staff/assist/{id}\"")), "listed");

    // The citizen's declaration does not submit a form staff filled.
    let res = desk
        .post(
            &format!("/drafts/{id}/declaration"),
            &[("declaration", "yes")],
        )
        .await;
    assert_eq!(location(&res), format!("/staff/assist/{id}"));
    let (_, html) = desk.get(&format!("/staff/assist/{id}")).await;
    assert!(!html.contains("data-testid=\"assist-submitted\""));
    // Its pages show no resume code (it would open the form nowhere) and
    // lead back to the desk's panel; "save" goes there too.
    let (_, step) = desk.get(&format!("/drafts/{id}/check")).await;
    assert!(!step.contains("class=\"resume-code\""), "{step}");
    assert!(step.contains(&format!("href=\"/staff/assist/{id}\"")));
    let res = post_applicant(&desk, &id, "save").await;
    assert_eq!(location(&res), format!("/staff/assist/{id}"));
    // The code, read from the store, does not take it away from the desk.
    let hall = crate::staff::hall_on(
        &app.database_url,
        crate::staff::clock_at(&chrono::Utc::now().to_rfc3339()),
    )
    .await;
    let record = hall
        .storage()
        .draft(&domain::DraftId::parse(&id).unwrap(), chrono::Utc::now())
        .await
        .unwrap()
        .unwrap();
    let code = record.resume_code.to_string();
    let stranger = Desk::anonymous(&app);
    let res = stranger
        .client
        .get(format!("{}/resume/find?code={code}", app.address))
        .send()
        .await
        .unwrap();
    assert!(location(&res).contains("not_found"), "{}", location(&res));

    // The phone's link.
    let res = desk
        .post_form(&format!("/staff/assist/{id}/phone"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let panel = location(&res);
    let token = panel.rsplit_once("link=").unwrap().1.to_string();
    assert_eq!(token.len(), 32);
    let (status, html) = desk.get(&panel).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"confirm-qr\""));
    assert!(html.contains(&format!("/confirm/{token}")));
    let code = check_code(&desk, &id).await;

    // The applicant's phone sees what was filled, with the same code.
    let phone = Desk::anonymous(&app);
    let (status, html) = phone.get(&format!("/confirm/{token}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("李四") && html.contains("朝阳中路1号"),
        "{html}"
    );
    assert!(html.contains(&code));
    // Without the tick: said, nothing submitted.
    let res = phone
        .post(&format!("/confirm/{token}"), &[("seen", &code)])
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("请勾选确认后再提交"));
    // The desk changes an answer after the phone's page was shown: the
    // phone's confirmation of the old content is refused, and shown anew.
    fill(&desk, &id, "四川省达州市通川区朝阳中路2号").await;
    let res = confirm(&phone, &token, &code).await;
    assert_eq!(location(&res), format!("/confirm/{token}?changed=1"));
    let (_, html) = phone.get(&location(&res)).await;
    assert!(html.contains("朝阳中路2号") && html.contains("data-testid=\"confirm-changed\""));
    let code = check_code(&desk, &id).await;
    // So does a file the desk uploads after that: the code names the
    // materials too.
    let scan = reqwest::multipart::Part::bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .to_vec(),
    )
    .file_name("scan.pdf");
    let res = desk
        .client
        .post(format!("{}/drafts/{id}/materials/id_card", desk.address()))
        .multipart(reqwest::multipart::Form::new().part("file", scan))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let res = confirm(&phone, &token, &code).await;
    assert_eq!(location(&res), format!("/confirm/{token}?changed=1"));
    let code = check_code(&desk, &id).await;
    // A wrong link is refused.
    let (status, _) = phone.get("/confirm/0123456789abcdef0123456789abcdef").await;
    assert_eq!(status, 404);

    let res = confirm(&phone, &token, &code).await;
    assert_eq!(location(&res), format!("/confirm/{token}"));
    let (status, html) = phone.get(&format!("/confirm/{token}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"confirm-done\""));
    // After submitting, the link shows only the number: no answers.
    assert!(!html.contains("朝阳中路2号") && !html.contains("李四"));
    let number = {
        let (_, html) = desk.get(&format!("/staff/assist/{id}")).await;
        assert!(html.contains("data-testid=\"assist-submitted\""), "{html}");
        let at = html.find("/staff/applications/").unwrap() + 20;
        html[at..at + 10].to_string()
    };
    // A second confirmation changes nothing.
    let res = confirm(&phone, &token, &code).await;
    assert_eq!(location(&res), format!("/confirm/{token}"));

    // The desk's browser held the draft but is not the applicant: it may
    // not rate its own service in the applicant's name.
    let res = desk
        .post(
            &format!("/applications/{number}/rating"),
            &[
                ("touchpoint", "submission"),
                ("level.overall", "very_satisfied"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("只有申请人本人可以评价"));

    // The file records who filled it and how the applicant confirmed.
    let (status, html) = desk.get(&format!("/staff/applications/{number}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("desk.demo 代填，申请人手机确认"), "{html}");
    assert!(html.contains("朝阳中路2号"));
    let audit = audited(&app).await;
    for action in [
        "assist_start",
        "assist_confirmation_link",
        "assist_confirmed",
    ] {
        assert!(audit.iter().any(|a| a == action), "{action}: {audit:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_declaration_submits_only_the_content_it_shows() {
    let app = spawn().await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let id = start(&desk).await;
    // Not complete: no declaration to print.
    let (status, _) = desk.get(&format!("/staff/assist/{id}/declaration")).await;
    assert_eq!(status, 409);
    fill(&desk, &id, "四川省达州市通川区朝阳中路1号").await;
    let (status, sheet) = desk.get(&format!("/staff/assist/{id}/declaration")).await;
    assert_eq!(status, 200);
    let printed = check_code(&desk, &id).await;
    assert!(sheet.contains(&printed) && sheet.contains("申请人签字"));
    let signed = |check: &str, tick: bool| {
        let check = check.to_string();
        let desk = &desk;
        let id = &id;
        async move {
            let mut pairs = vec![("check", check.as_str())];
            if tick {
                pairs.push(("signed", "yes"));
            }
            desk.post_form(&format!("/staff/assist/{id}/signed"), &pairs)
                .await
        }
    };
    // Not ticked, malformed: said, the typed code kept.
    let res = signed(&printed, false).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("请先确认申请人已在确认书上签字") && html.contains(&printed));
    let res = signed("12AB-34C", true).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("8 位字符"));
    // An answer changed after printing: the signed sheet no longer matches.
    fill(&desk, &id, "四川省达州市通川区朝阳中路3号").await;
    let res = signed(&printed, true).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("请重新打印"));
    // Printed again, signed again: typed as read from paper.
    let reprinted = check_code(&desk, &id).await;
    assert_ne!(reprinted, printed);
    let res = signed(&reprinted.to_lowercase().replace('-', " "), true).await;
    assert_eq!(res.status(), 303);
    let file = location(&res);
    assert!(file.starts_with("/staff/applications/"), "{file}");
    let (_, html) = desk.get(&file).await;
    assert!(html.contains("desk.demo 代填，申请人签字确认"), "{html}");
    // Submitted once: the panel now leads to the file.
    let (_, html) = desk.get(&format!("/staff/assist/{id}")).await;
    assert!(html.contains("data-testid=\"assist-submitted\""));
    let audit = audited(&app).await;
    for action in ["assist_print_declaration", "assist_submit_signed"] {
        assert!(audit.iter().any(|a| a == action), "{action}: {audit:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_front_desk_fills_for_applicants_and_only_its_own_forms() {
    let app = spawn().await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let id = start(&desk).await;
    fill(&desk, &id, "四川省达州市通川区朝阳中路1号").await;
    let mut who: Vec<(&str, Desk)> = vec![("anonymous", Desk::anonymous(&app))];
    for r in [
        "review.scjg",
        "issue.demo",
        "super.demo",
        "head.ga",
        "admin.demo",
    ] {
        who.push((r, Desk::sign_in(&app, r).await));
    }
    for (name, other) in &who {
        for page in [
            "/staff/assist".to_string(),
            format!("/staff/assist/{id}"),
            format!("/staff/assist/{id}/declaration"),
        ] {
            let (status, html) = other.get(&page).await;
            assert!(
                matches!(status.as_u16(), 303 | 401 | 403 | 404),
                "{name} {page}: {status}"
            );
            assert!(!html.contains("李四"), "{name} {page} leaks the name");
        }
        let csrf = if name.contains('.') {
            other.csrf().await
        } else {
            String::new()
        };
        for post in [
            "/staff/assist/start".to_string(),
            format!("/staff/assist/{id}/phone"),
            format!("/staff/assist/{id}/signed"),
        ] {
            let res = other
                .post(
                    &post,
                    &[
                        ("_csrf", csrf.as_str()),
                        ("target", "matter:GA-HJ-001"),
                        ("signed", "yes"),
                        ("check", "00000000"),
                    ],
                )
                .await;
            let status = res.status().as_u16();
            assert!(
                matches!(status, 303 | 401 | 403 | 404),
                "{name} {post}: {status}"
            );
            if status == 303 {
                assert!(
                    location(&res).starts_with("/staff/sign-in"),
                    "{name} {post}"
                );
            }
        }
        // Their server functions, called directly.
        for (path, args) in [
            ("/api/staff/assist", vec![]),
            ("/api/staff/assist/confirm", vec![("id", id.as_str())]),
            ("/api/staff/assist/sheet", vec![("id", id.as_str())]),
        ] {
            let res = other.post(path, &args).await;
            let status = res.status().as_u16();
            assert!(matches!(status, 401 | 403 | 404), "{name} {path}: {status}");
            assert!(!res.text().await.unwrap().contains("李四"));
        }
    }
    // The same desk in another browser does not hold the form.
    let elsewhere = Desk::sign_in(&app, "desk.demo").await;
    let (status, html) = elsewhere.get(&format!("/staff/assist/{id}")).await;
    assert_eq!(status, 403, "{html}");
    assert!(!html.contains("李四"));
    // A form the desk did not start for an applicant is not confirmed here.
    let (base, _) = app.start_draft("/matters/GA-HJ-001/apply").await;
    let own = base.trim_start_matches("/drafts/");
    let (status, _) = desk.get(&format!("/staff/assist/{own}")).await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_returning_applicant_whose_id_card_the_desk_checked_starts_from_their_latest_details() {
    let app = spawn().await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    // A malformed ID number: said beside its field, both choices kept.
    let res = desk
        .post_form(
            "/staff/assist/start",
            &[
                ("target", "bundle:YJS-KCG"),
                ("applicant_id", "11010519491231002"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(!html.contains("data-testid=\"assist-error\""));
    assert!(html.contains("id=\"assist-id-error\""), "{html}");
    assert!(html.contains("value=\"11010519491231002\""));
    assert!(
        html.contains("value=\"bundle:YJS-KCG\" selected"),
        "the choice kept"
    );

    // Nobody with that ID has applied here: only the ID is filled.
    let start = |pairs: Vec<(&'static str, &'static str)>| {
        let desk = &desk;
        async move {
            let res = desk.post_form("/staff/assist/start", &pairs).await;
            assert_eq!(res.status(), 303);
            let (_, html) = desk.get(&location(&res)).await;
            html
        }
    };
    let html = start(vec![
        ("target", "matter:GA-HJ-001"),
        ("applicant_id", VALID_ID),
    ])
    .await;
    assert!(html.contains(&format!("value=\"{VALID_ID}\"")), "{html}");
    assert!(!html.contains("value=\"张三\""));

    // They applied from their own phone since: the desk's next form for
    // them starts from those details (typed in lower case, as people do).
    crate::staff::submitted(&app).await;
    let html = start(vec![
        ("target", "matter:GA-HJ-001"),
        ("applicant_id", "11010519491231002x"),
    ])
    .await;
    assert!(html.contains("value=\"张三\""), "{html}");
    assert!(html.contains("value=\"13812345678\""));
    assert!(html.contains(&format!("value=\"{VALID_ID}\"")));
    // Without an ID typed, nothing is looked up.
    let html = start(vec![("target", "matter:GA-HJ-001")]).await;
    assert!(!html.contains("value=\"张三\""));
    assert!(audited(&app).await.iter().any(|a| a == "assist_prefill"));
}
