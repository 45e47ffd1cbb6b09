//! 并联审批 over real HTTP: acceptance hands a bundle to three departments
//! at once; each reviewer sees only their department's tasks and, in them,
//! only what their part may see; corrections from two departments reach
//! the citizen as one notice through the front desk; all approve → the
//! application is approved. Refusals (another department, twice, after a
//! withdrawal, an extension without reason) change nothing.

use crate::helpers::{location, TestApp, VALID_ID};
use crate::staff::{audit_verify, clock_at, hall_on, spawn, Desk};

/// 二手房买卖一件事 (ZRZY title transfer with a SW tax part, GA household
/// move), submitted through the use case on the app's database.
async fn home_purchase(app: &TestApp) -> String {
    submit_through_the_use_case(
        app,
        domain::ApplyTarget::Bundle(domain::BundleCode::parse("YJS-ESF").unwrap()),
        &[
            ("applicant_name", "张三"),
            ("applicant_id", VALID_ID),
            ("applicant_mobile", "13812345678"),
            (
                "property_location",
                "四川省达州市通川区西外街道 5 栋 2 单元 301",
            ),
            (
                "property_certificate_no",
                "川(2024)达州市不动产权第0012345号",
            ),
            ("new_address", "四川省达州市通川区朝阳中路1号"),
        ],
    )
    .await
}

async fn submit_through_the_use_case(
    app: &TestApp,
    target: domain::ApplyTarget,
    answers: &[(&str, &str)],
) -> String {
    let now = chrono::Utc::now().to_rfc3339();
    let hall = hall_on(&app.database_url, clock_at(&now)).await;
    let subject = hall.catalog().subject(&target).unwrap();
    let answers: Vec<(String, String)> = answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let key = domain::SubmissionKey::parse(&format!(
        "esf-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ))
    .unwrap();
    let record = hall
        .submit(&subject, &key, &answers, None, domain::trip::Channel::Phone)
        .await
        .unwrap();
    record.number.as_str().to_string()
}

/// The front desk accepts it with every material in order.
async fn accept(desk: &Desk, number: &str) {
    let res = desk
        .decide(
            number,
            &[
                ("check.id_card", "ok"),
                ("original.id_card", "yes"),
                ("check.property_certificate", "ok"),
                ("original.property_certificate", "yes"),
                ("check.transfer_contract", "ok"),
                ("check.tax_receipt", "ok"),
                ("check.household_register", "ok"),
                ("original.household_register", "yes"),
                ("decision", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
}

/// The task id of `number` on this reviewer's list.
pub(crate) async fn task_of(reviewer: &Desk, number: &str) -> String {
    let (status, list) = reviewer.get("/staff/reviews").await;
    assert_eq!(status, 200);
    let display = format!("{}-{}", &number[..5], &number[5..]);
    let at = list.find(&display).expect("the application on the list");
    let href = list[..at].rfind("/staff/reviews/").expect("a task link");
    list[href + 15..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

async fn post_task(
    reviewer: &Desk,
    task: &str,
    what: &str,
    pairs: &[(&str, &str)],
) -> reqwest::Response {
    reviewer
        .post_form(&format!("/staff/reviews/{task}/{what}"), pairs)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn departments_review_in_parallel_and_corrections_go_out_as_one_notice() {
    let app = spawn().await;
    let number = home_purchase(&app).await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    accept(&desk, &number).await;

    let zrzy = Desk::sign_in(&app, "review.zrzy").await;
    let sw = Desk::sign_in(&app, "review.sw").await;
    let ga = Desk::sign_in(&app, "review.ga").await;
    let (zrzy_task, sw_task, ga_task) = (
        task_of(&zrzy, &number).await,
        task_of(&sw, &number).await,
        task_of(&ga, &number).await,
    );
    assert_eq!(
        [&zrzy_task, &sw_task, &ga_task]
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        3,
        "one task per department"
    );
    // Each sees only their part: the tax office does not see the phone
    // number, the title office does not see the new household address.
    let (status, page) = zrzy.get(&format!("/staff/reviews/{zrzy_task}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("川(2024)达州市不动产权第0012345号"));
    assert!(
        page.contains("剩 5 个工作日"),
        "ZRZY's part: 5 working days"
    );
    assert!(
        !page.contains("朝阳中路"),
        "GA's answer is not ZRZY's to see"
    );
    let (_, page) = sw.get(&format!("/staff/reviews/{sw_task}")).await;
    assert!(page.contains("契税完税凭证"));
    assert!(
        !page.contains("13812345678"),
        "the tax part does not see the phone"
    );
    let (_, page) = ga.get(&format!("/staff/reviews/{ga_task}")).await;
    assert!(page.contains("朝阳中路"));
    assert!(!page.contains("0012345号"));

    // Another department's task: refused (and audited), nothing changes.
    let (status, page) = sw.get(&format!("/staff/reviews/{zrzy_task}")).await;
    assert_eq!(status, 403);
    assert!(!page.contains("0012345号"));
    let res = post_task(&sw, &zrzy_task, "decision", &[("decision", "approve")]).await;
    assert_eq!(res.status(), 403);
    // Nor may a reviewer open the whole application: searching by number
    // leads to their own task on it.
    let (status, _) = zrzy.get(&format!("/staff/applications/{number}")).await;
    assert_eq!(status, 403);
    let found = zrzy
        .client
        .get(format!("{}/staff/find?number={number}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&found), format!("/staff/reviews/{zrzy_task}"));
    let cg = Desk::sign_in(&app, "review.cg").await;
    let found = cg
        .client
        .get(format!("{}/staff/find?number={number}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&found), "/staff/reviews?not_found=1");
    let (_, page) = cg.get("/staff/reviews?not_found=1").await;
    assert!(page.contains("您的部门在这个申请编号下没有审批任务。"));

    // ZRZY asks for a correction; the notice cannot go out while the
    // others are still reviewing.
    let res = post_task(
        &zrzy,
        &zrzy_task,
        "decision",
        &[
            ("decision", "correction"),
            ("items", "不动产权证书复印件不清晰，请重新提供"),
        ],
    )
    .await;
    assert_eq!(location(&res), format!("/staff/reviews/{zrzy_task}"));
    // The recorded decision is labelled: verdict, then who and when.
    let (_, task_page) = zrzy.get(&format!("/staff/reviews/{zrzy_task}")).await;
    let last = &task_page[task_page.find(r#"data-testid="last-decision""#).unwrap()..];
    let last = &last[..last.find("</dl>").unwrap()];
    assert!(
        last.contains("<dt>结论</dt>") && last.contains("<dt>审查人与时间</dt>"),
        "{last}"
    );
    let notice_path = format!("/staff/applications/{number}/review-notice");
    let res = desk.post_form(&notice_path, &[]).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("还有部门在审查"));
    // A bad decision keeps what was typed and says what is wrong.
    let res = post_task(
        &sw,
        &sw_task,
        "decision",
        &[("decision", "reject"), ("reason", " ")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("请写明不同意的理由。"));
    let res = post_task(
        &sw,
        &sw_task,
        "decision",
        &[
            ("decision", "correction"),
            ("items", "缺少契税完税凭证原件"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = post_task(&ga, &ga_task, "decision", &[("decision", "approve")]).await;
    assert_eq!(res.status(), 303);

    // Every department has spoken: the desk sends ONE notice with both.
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert!(file.contains("发出合并的一次性告知书"));
    let res = desk.post_form(&notice_path, &[]).await;
    assert_eq!(location(&res), format!("/staff/applications/{number}"));
    let (_, citizen) = app.html(&format!("/applications/{number}")).await;
    assert_eq!(
        crate::notifications::outbox_kinds(&app, &number).await,
        ["submitted", "accepted", "review_notice"],
        "the applicant is told of the merged notice"
    );
    assert_eq!(citizen.matches(r#"data-testid="review-notice""#).count(), 1);
    assert!(citizen.contains("不动产权证书复印件不清晰"));
    assert!(citizen.contains("缺少契税完税凭证原件"));
    assert!(citizen.contains("审查中需补正"));
    assert!(!citizen.contains(VALID_ID));
    // A second notice is refused.
    assert_eq!(desk.post_form(&notice_path, &[]).await.status(), 409);
    // The desk prints the merged notice to hand over (the full name on it).
    let (status, printed) = desk
        .get(&format!("/staff/applications/{number}/notice"))
        .await;
    assert_eq!(status, 200);
    assert!(printed.contains("审查补正通知书（一次性告知）"));
    assert!(
        printed.contains("不动产权证书复印件不清晰") && printed.contains("缺少契税完税凭证原件")
    );
    assert!(printed.contains("张三"));
    assert_eq!(printed.matches(r#"data-testid="notice""#).count(), 1);

    // The corrections come in: the two departments review again.
    let res = desk
        .post_form(
            &format!("/staff/applications/{number}/corrections-received"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    // An extension needs a reason and an approver; what was typed stays.
    let res = post_task(&zrzy, &zrzy_task, "extension", &[("extension_days", "7")]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("请写明延长理由。") && html.contains("请填写批准人。"));
    assert!(html.contains(r#"value="7""#));
    let res = post_task(
        &zrzy,
        &zrzy_task,
        "extension",
        &[
            ("extension_days", "7"),
            ("extension_reason", "需核实产权历史登记"),
            ("approver", "孙局长"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, page) = zrzy.get(&format!("/staff/reviews/{zrzy_task}")).await;
    assert!(page.contains("已延期"));
    assert!(page.contains("剩 12 个工作日"), "5 + 7 working days");

    post_task(&zrzy, &zrzy_task, "decision", &[("decision", "approve")]).await;
    let res = post_task(&sw, &sw_task, "decision", &[("decision", "approve")]).await;
    assert_eq!(res.status(), 303);
    // Deciding twice: refused, nothing changes.
    let res = post_task(&sw, &sw_task, "decision", &[("decision", "approve")]).await;
    assert_eq!(res.status(), 409);
    let (_, citizen) = app.html(&format!("/applications/{number}")).await;
    assert!(citizen.contains("审批通过"));
    assert_eq!(citizen.matches(r#"data-testid="review-status""#).count(), 3);
    let (ok, out) = audit_verify(&app).await;
    assert!(ok, "{out}");

    // The attempts on another department's task are in the audit log.
    let hall = hall_on(&app.database_url, clock_at("2026-11-25T00:00:00Z")).await;
    let events = hall.storage().audit_events(0, 1000).await.unwrap();
    let refused: Vec<_> = events
        .iter()
        .filter(|e| e.record.action == "refused_review_access")
        .collect();
    assert_eq!(refused.len(), 2, "the view and the decision: {refused:?}");
    assert!(refused.iter().all(|e| e.record.actor == "review.sw"));
    let approvals = events
        .iter()
        .filter(|e| e.record.subject == number && e.record.action == "approve")
        .count();
    assert_eq!(approvals, 1, "the application approved once");
}

/// A rejection waits for every department and then gives every reason; a
/// withdrawal closes the open tasks and a decision after it is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_gives_every_reason_and_a_withdrawal_closes_the_tasks() {
    let app = spawn().await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let zrzy = Desk::sign_in(&app, "review.zrzy").await;
    let sw = Desk::sign_in(&app, "review.sw").await;
    let ga = Desk::sign_in(&app, "review.ga").await;

    let number = home_purchase(&app).await;
    accept(&desk, &number).await;
    let zrzy_task = task_of(&zrzy, &number).await;
    let sw_task = task_of(&sw, &number).await;
    let ga_task = task_of(&ga, &number).await;
    post_task(
        &zrzy,
        &zrzy_task,
        "decision",
        &[
            ("decision", "reject"),
            ("reason", "房屋已被查封，不能转移登记"),
        ],
    )
    .await;
    let (_, citizen) = app.html(&format!("/applications/{number}")).await;
    assert!(
        !citizen.contains("不予许可"),
        "not before every department spoke"
    );
    post_task(
        &sw,
        &sw_task,
        "decision",
        &[("decision", "reject"), ("reason", "计税价格明显偏低")],
    )
    .await;
    post_task(&ga, &ga_task, "decision", &[("decision", "approve")]).await;
    let (_, citizen) = app.html(&format!("/applications/{number}")).await;
    assert!(citizen.contains("不予许可"));
    assert!(citizen.contains("房屋已被查封") && citizen.contains("计税价格明显偏低"));

    let other = home_purchase(&app).await;
    accept(&desk, &other).await;
    let task = task_of(&zrzy, &other).await;
    let res = desk
        .post_form(
            &format!("/staff/applications/{other}/withdrawal"),
            &[("withdrawal_reason", "买卖双方解除合同")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, list) = zrzy.get("/staff/reviews").await;
    assert!(!list.contains(&other[5..]), "closed tasks leave the list");
    let res = post_task(&zrzy, &task, "decision", &[("decision", "approve")]).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("不在审查中"));
    // The supervisor sees every department's open tasks, and decides none.
    let sup = Desk::sign_in(&app, "super.demo").await;
    let (status, _) = sup.get("/staff/reviews").await;
    assert_eq!(status, 200);
    let res = post_task(&sup, &task, "decision", &[("decision", "approve")]).await;
    assert_eq!(res.status(), 403);
}

/// 联办 in 我要开餐馆: the food permit and the sign wait for the business
/// licence; approving the licence records the credit code it issues, which
/// fills their forms, and starts their review (the citizen never typed it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linked_matters_start_after_the_licence_with_the_code_it_issues() {
    let app = spawn().await;
    let (base, _) = app.start_draft("/bundles/YJS-KCG/apply").await;
    for (step, answers) in [
        (
            "applicant",
            vec![
                ("enterprise_name", "达州市通川区老王餐饮有限公司"),
                ("legal_rep_name", "王五"),
                ("applicant_name", "王五"),
                ("applicant_id", VALID_ID),
                ("applicant_mobile", "13912345678"),
            ],
        ),
        (
            "scjg-xk-001",
            vec![
                ("business_address", "达州市通川区西外大街8号"),
                ("registered_capital", "50"),
                ("business_scope", ""),
            ],
        ),
        ("cg-xk-001", vec![("sign_text", "老王川菜馆")]),
    ] {
        let res = app.post_step(&base, step, &answers).await;
        assert_eq!(res.status(), 303, "{step}");
    }
    let number = {
        let res = app
            .post_step(&base, "declaration", &[("declaration", "yes")])
            .await;
        crate::helpers::receipt_number(&res)
    };
    let desk = Desk::sign_in(&app, "desk.demo").await;
    // No licence copy on the checklist: the application itself issues it.
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert!(!file.contains(r#"data-material="business_licence""#));
    let mut pairs: Vec<(String, String)> = Vec::new();
    for key in [
        "registration_form",
        "articles",
        "legal_rep_id_card",
        "premises_proof",
        "food_safety_rules",
        "floor_plan",
        "equipment_layout",
        "sign_design",
        "building_owner_consent",
    ] {
        if file.contains(&format!(r#"data-material="{key}""#)) {
            pairs.push((format!("check.{key}"), "ok".into()));
            pairs.push((format!("original.{key}"), "yes".into()));
        }
    }
    pairs.push(("decision".into(), "accept".into()));
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = desk.decide(&number, &refs).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());

    let scjg = Desk::sign_in(&app, "review.scjg").await;
    let cg = Desk::sign_in(&app, "review.cg").await;
    let (_, list) = scjg.get("/staff/reviews").await;
    assert!(list.contains("等待前置事项结果"), "the food permit waits");
    // The licence task is the one in review (listed first, it has a due date).
    let licence = task_of(&scjg, &number).await;
    let (_, page) = scjg.get(&format!("/staff/reviews/{licence}")).await;
    assert!(page.contains("企业设立登记"));
    assert!(page.contains(r#"name="result.credit_code""#));
    // Approving the licence needs the code it issues, well formed.
    let res = post_task(
        &scjg,
        &licence,
        "decision",
        &[
            ("decision", "approve"),
            ("result.credit_code", "91350100M000100Y42"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("审批结果"));
    let res = post_task(
        &scjg,
        &licence,
        "decision",
        &[
            ("decision", "approve"),
            ("result.credit_code", "91350100M000100Y43"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);

    // The sign's review has started, with the code filled in.
    let sign = task_of(&cg, &number).await;
    let (_, page) = cg.get(&format!("/staff/reviews/{sign}")).await;
    assert!(page.contains("审查中"));
    assert!(page.contains("91350100M000100Y43"));
    assert!(
        page.contains("剩 3 个工作日"),
        "the sign's own 3 working days, from today"
    );
    let (_, list) = scjg.get("/staff/reviews").await;
    assert!(
        !list.contains("等待前置事项结果"),
        "the food permit started too"
    );
    let (_, citizen) = app.html(&format!("/applications/{number}")).await;
    assert_eq!(citizen.matches(r#"data-testid="review-status""#).count(), 3);
}

/// 特殊环节: a site inspection stops the clock (the citizen is told what
/// and for how long, in writing on their page), for no longer than the
/// guide allows; ending it starts the clock again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_special_step_stops_the_clock_and_the_citizen_is_told() {
    let app = spawn().await;
    let number = submit_through_the_use_case(
        &app,
        domain::ApplyTarget::Matter(domain::MatterCode::parse("ZRZY-DJ-001").unwrap()),
        &[
            ("enterprise_name", "达州市通川区老王餐饮有限公司"),
            ("enterprise_credit_code", "91350100M000100Y43"),
            ("applicant_name", "王五"),
            ("applicant_mobile", "13912345678"),
            ("property_location", "达州市通川区西外大街8号"),
            (
                "property_certificate_no",
                "川(2023)达州市不动产权第0000001号",
            ),
        ],
    )
    .await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let res = desk
        .decide(
            &number,
            &[
                ("check.business_licence", "ok"),
                ("original.business_licence", "yes"),
                ("check.property_certificate", "ok"),
                ("original.property_certificate", "yes"),
                ("check.transfer_contract", "ok"),
                ("check.tax_receipt", "ok"),
                ("decision", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let zrzy = Desk::sign_in(&app, "review.zrzy").await;
    let task = task_of(&zrzy, &number).await;
    let step = |days: &'static str| {
        [
            ("decision", "special_step"),
            ("step_kind", "site_inspection"),
            ("step_days", days),
            ("step_note", "现场核验房屋现状与登记簿是否一致"),
        ]
    };
    let res = post_task(&zrzy, &task, "decision", &step("4")).await;
    assert_eq!(res.status(), 422, "the guide allows 3 days at most");
    let html = res.text().await.unwrap();
    assert!(html.contains("1 至 3"));
    assert!(
        html.contains("现场核验房屋现状与登记簿是否一致"),
        "what was typed stays"
    );
    let res = post_task(&zrzy, &task, "decision", &step("3")).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        crate::notifications::outbox_kinds(&app, &number).await,
        ["submitted", "accepted", "special_step"]
    );
    let (_, page) = zrzy.get(&format!("/staff/reviews/{task}")).await;
    assert!(page.contains("特殊环节中") && page.contains("暂停计时"));
    // Nothing else can be decided while it runs.
    let res = post_task(&zrzy, &task, "decision", &[("decision", "approve")]).await;
    assert_eq!(res.status(), 409);
    let (_, citizen) = app.html(&format!("/applications/{number}")).await;
    assert!(citizen
        .contains("现场勘验（预计 3 个工作日，不计入时限）：现场核验房屋现状与登记簿是否一致"));
    assert!(citizen.contains("暂停计时"));

    let res = post_task(&zrzy, &task, "special-step-end", &[]).await;
    assert_eq!(res.status(), 303);
    let (_, page) = zrzy.get(&format!("/staff/reviews/{task}")).await;
    assert!(page.contains("审查中") && page.contains("剩 5 个工作日"));
    assert_eq!(
        post_task(&zrzy, &task, "special-step-end", &[])
            .await
            .status(),
        409,
        "not in a special step any more"
    );
}

/// A one-working-day part is due today or tomorrow from the start: the
/// reviewer's list says how many such tasks there are, in words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reviewers_list_says_how_many_tasks_fall_due_within_a_working_day() {
    let app = spawn().await;
    let number = submit_through_the_use_case(
        &app,
        domain::ApplyTarget::Matter(domain::MatterCode::parse("GA-HJ-002").unwrap()),
        &[
            ("child_name", "张小宝"),
            (
                "child_birth_date",
                &chrono::Utc::now().date_naive().to_string(),
            ),
            ("applicant_name", "张三"),
            ("applicant_id", VALID_ID),
            ("applicant_mobile", "13812345678"),
        ],
    )
    .await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let ga = Desk::sign_in(&app, "review.ga").await;
    let (_, before) = ga.get("/staff/reviews").await;
    assert!(!before.contains("due-soon-count"), "nothing due yet");
    let res = desk
        .decide(
            &number,
            &[
                ("check.birth_certificate", "ok"),
                ("original.birth_certificate", "yes"),
                ("check.household_register", "ok"),
                ("original.household_register", "yes"),
                ("check.marriage_certificate", "ok"),
                ("decision", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let (_, list) = ga.get("/staff/reviews").await;
    let note = &list[list
        .find(r#"data-testid="due-soon-count""#)
        .expect("the count")..];
    assert!(
        note.contains("1 件今天或下一个工作日到期"),
        "{}",
        &note[..200.min(note.len())]
    );
}
