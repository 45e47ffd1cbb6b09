//! 好差评 over real HTTP, on this run's backend: the browser that
//! submitted rates the filing on its receipt; a refused rating says why in
//! Chinese and keeps what was chosen; a bad rating goes to the lead
//! department's reviewer, whose answer the applicant reads and rates
//! again; the supervisor closes it; the public figures follow; and who may
//! see and do what on the new routes.

use crate::helpers::{location, TestApp, VALID_ID};
use crate::staff::{audit_verify, spawn, submitted, Desk};

/// Posts a rating from the app's own browser (the one that submitted).
async fn rate(app: &TestApp, number: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
    app.post_form(&format!("/applications/{number}/rating"), pairs)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_rating_is_answered_by_its_department_and_rated_again() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let receipt = format!("/applications/{number}/receipt");

    // The receipt asks the browser that submitted to rate the filing, on
    // the online indicators; nobody else's page does.
    let (status, html) = app.html(&receipt).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-testid=\"rating-form-submission\""),
        "{html}"
    );
    for indicator in [
        "整体满意度",
        "办事效率",
        "办事指南精确度",
        "办事便捷度",
        "平台操作性",
    ] {
        assert!(html.contains(indicator), "{indicator}");
    }
    let stranger = Desk::anonymous(&app);
    let (_, other) = stranger.get(&receipt).await;
    assert!(!other.contains("rating-form"), "only the applicant's page");
    let res = stranger
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

    // A bad rating without what went wrong: said so, the choice and the
    // comment kept.
    let res = rate(
        &app,
        &number,
        &[
            ("touchpoint", "submission"),
            ("from", "receipt"),
            ("level.overall", "dissatisfied"),
            ("level.guide_accuracy", "very_dissatisfied"),
            ("comment", "指南写的材料和窗口要的不一样"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("请选择哪里不满意"), "{html}");
    assert!(html.contains("指南写的材料和窗口要的不一样"));
    assert!(
        html.contains(r#"value="dissatisfied" checked"#)
            || html.contains(r#"checked value="dissatisfied""#)
            || html.contains(r#"value="dissatisfied" required checked"#),
        "the level kept"
    );
    // A field the form does not have is refused, not dropped.
    let res = rate(
        &app,
        &number,
        &[
            ("touchpoint", "submission"),
            ("level.overall", "satisfied"),
            ("stars", "5"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    // A touchpoint not reached yet.
    let res = rate(
        &app,
        &number,
        &[("touchpoint", "handover"), ("level.overall", "satisfied")],
    )
    .await;
    assert_eq!(res.status(), 409);

    let res = rate(
        &app,
        &number,
        &[
            ("touchpoint", "submission"),
            ("from", "receipt"),
            ("level.overall", "dissatisfied"),
            ("level.guide_accuracy", "very_dissatisfied"),
            ("problem", "guide_inaccurate"),
            ("problem", "extra_materials"),
            ("comment", "指南写的材料和窗口要的不一样"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        format!("{receipt}?rated=submission#ratings")
    );
    let (_, html) = app.html(&format!("{receipt}?rated=submission")).await;
    assert!(html.contains("谢谢您的评价"));
    assert!(html.contains("data-testid=\"given-rating\""));
    assert!(!html.contains("rating-form-submission"), "rated once");
    assert!(html.contains("正在处理"), "the follow-up is announced");
    let res = rate(
        &app,
        &number,
        &[("touchpoint", "submission"), ("level.overall", "satisfied")],
    )
    .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("已经评价过了"));

    // The household transfer is the public security bureau's: its
    // reviewer sees it; another department's does not.
    let ga = Desk::sign_in(&app, "review.ga").await;
    let (status, list) = ga.get("/staff/follow-ups").await;
    assert_eq!(status, 200);
    let file = format!("/staff/follow-ups/{number}/submission");
    assert!(list.contains(&file), "{list}");
    let scjg = Desk::sign_in(&app, "review.scjg").await;
    let (_, list) = scjg.get("/staff/follow-ups").await;
    assert!(!list.contains(&file));
    let (status, _) = scjg.get(&file).await;
    assert_eq!(status, 403);
    let (status, html) = ga.get(&file).await;
    assert_eq!(status, 200);
    assert!(html.contains("指南写的材料和窗口要的不一样"));
    assert!(html.contains("要求提供清单以外的材料"));
    assert!(html.contains("张*"), "the applicant masked");
    for s in ["张三", VALID_ID, "13812345678"] {
        assert!(!html.contains(s), "{s} on the follow-up");
    }

    // The answer needs both parts; what was typed is kept.
    let reply = format!("{file}/reply");
    let res = ga
        .post_form(
            &reply,
            &[("callback", "已电话联系申请人"), ("rectification", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("请填写整改措施") && html.contains("已电话联系申请人"));
    let res = ga
        .post_form(
            &reply,
            &[
                ("callback", "已电话联系申请人，核实指南第二项材料说明有误。"),
                ("rectification", "已更正户籍迁移指南的材料清单。"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = ga
        .post_form(
            &reply,
            &[("callback", "再答一次"), ("rectification", "再答一次")],
        )
        .await;
    assert_eq!(res.status(), 409);

    // The applicant reads the answer on the progress page and rates again.
    let progress = format!("/applications/{number}");
    let (_, html) = app.html(&progress).await;
    assert!(html.contains("已更正户籍迁移指南的材料清单"), "{html}");
    assert!(html.contains("看过答复后再评价一次"));
    let res = rate(
        &app,
        &number,
        &[
            ("touchpoint", "submission"),
            ("from", "progress"),
            ("level.overall", "satisfied"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with(&progress));

    // Published: the second rating counts instead of the first.
    let (status, html) = app.html("/ratings/departments/GA").await;
    assert_eq!(status, 200);
    assert!(html.contains("100.0%"), "{html}");
    let (status, html) = app.html("/ratings").await;
    assert_eq!(status, 200);
    assert!(html.contains("/ratings/matters/GA-HJ-001"));
    let (status, _) = app.html("/ratings/departments/NOPE").await;
    assert_eq!(status, 404);

    // The supervisor closes it; the reviewer may not.
    let res = ga.post_form(&format!("{file}/close"), &[]).await;
    assert_eq!(res.status(), 403, "refused, shown on the reviewer's list");
    let boss = Desk::sign_in(&app, "super.demo").await;
    let (status, html) = boss.get(&file).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"close-form\""));
    let res = boss.post_form(&format!("{file}/close"), &[]).await;
    assert_eq!(res.status(), 303);
    let (_, list) = ga.get("/staff/follow-ups").await;
    assert!(!list.contains(&file), "closed");

    // Every rating, answer and closing is in the verified audit chain.
    let (ok, out) = audit_verify(&app).await;
    assert!(ok, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_follow_up_routes_are_for_the_department_and_the_supervisor() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let res = rate(
        &app,
        &number,
        &[
            ("touchpoint", "submission"),
            ("level.overall", "very_dissatisfied"),
            ("problem", "hard_to_use"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let file = format!("/staff/follow-ups/{number}/submission");
    let mut who: Vec<(&str, Desk)> = vec![("anonymous", Desk::anonymous(&app))];
    let citizen = Desk::anonymous(&app);
    citizen.get("/").await;
    who.push(("citizen", citizen));
    for r in [
        "desk.demo",
        "review.ga",
        "review.scjg",
        "issue.demo",
        "super.demo",
        "head.ga",
        "admin.demo",
    ] {
        who.push((r, Desk::sign_in(&app, r).await));
    }
    for (name, desk) in &who {
        let staff = name.contains('.');
        // The list: reviewers and the supervisor.
        let (status, _) = desk.get("/staff/follow-ups").await;
        let lists = matches!(
            *name,
            "review.ga" | "review.scjg" | "super.demo" | "head.ga"
        );
        if lists {
            assert_eq!(status, 200, "{name}");
        } else {
            assert!(
                matches!(status.as_u16(), 303 | 401 | 403),
                "{name}: {status}"
            );
        }
        // One follow-up: its department's reviewer and the supervisor.
        let (status, html) = desk.get(&file).await;
        let sees = matches!(*name, "review.ga" | "super.demo" | "head.ga");
        if sees {
            assert_eq!(status, 200, "{name}");
        } else {
            assert!(
                matches!(status.as_u16(), 303 | 401 | 403),
                "{name}: {status}"
            );
            assert!(!html.contains("hard_to_use") && !html.contains("系统难用"));
        }
        for (path, args) in [
            ("/api/staff/follow-ups", vec![]),
            (
                "/api/staff/follow-up",
                vec![("number", number.as_str()), ("touchpoint", "submission")],
            ),
        ] {
            let res = desk.post(path, &args).await;
            let status = res.status().as_u16();
            let allowed = if path.ends_with("follow-ups") {
                lists
            } else {
                sees
            };
            if allowed {
                assert_eq!(status, 200, "{name} {path}");
            } else {
                assert!(matches!(status, 401 | 403), "{name} {path}: {status}");
            }
        }
        // Answering: the department's reviewer or head only (below), with
        // the form token.
        let csrf = if staff {
            desk.csrf().await
        } else {
            String::new()
        };
        if matches!(*name, "review.ga" | "head.ga") {
            continue;
        }
        let res = desk
            .post(
                &format!("{file}/reply"),
                &[("_csrf", &csrf), ("callback", "x"), ("rectification", "y")],
            )
            .await;
        let status = res.status().as_u16();
        {
            assert!(
                status == 403
                    || (status == 303
                        && matches!(
                            location(&res).as_str(),
                            "/staff/sign-in" | "/staff/follow-ups"
                        ))
                    || location(&res).starts_with("/staff/sign-in"),
                "{name} reply: {status}"
            );
        }
        // Closing: the supervisor only (and only once answered).
        let res = desk
            .post(&format!("{file}/close"), &[("_csrf", &csrf)])
            .await;
        let status = res.status().as_u16();
        if *name == "super.demo" {
            assert_eq!(
                status,
                409,
                "not answered yet: {:?}",
                res.headers().get("location")
            );
        } else {
            assert!(matches!(status, 303 | 401 | 403), "{name} close: {status}");
        }
    }
    // Without the form token nothing moves.
    let ga = &who.iter().find(|(n, _)| *n == "review.ga").unwrap().1;
    let res = ga
        .post(
            &format!("{file}/reply"),
            &[("callback", "x"), ("rectification", "y")],
        )
        .await;
    assert_eq!(res.status(), 403);
    // The department's head answers for it; closing stays the supervisor's.
    let head = &who.iter().find(|(n, _)| *n == "head.ga").unwrap().1;
    let res = head
        .post_form(
            &format!("{file}/reply"),
            &[("callback", "已回访"), ("rectification", "已整改")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = head.post_form(&format!("{file}/close"), &[]).await;
    assert_eq!(res.status(), 403, "a department head does not close");
    let boss = &who.iter().find(|(n, _)| *n == "super.demo").unwrap().1;
    let res = boss.post_form(&format!("{file}/close"), &[]).await;
    assert_eq!(location(&res), "/staff/follow-ups");
    // 评价器's desk panel: the desks that act in front of the applicant.
    for (name, desk) in &who {
        let allowed = matches!(*name, "desk.demo" | "issue.demo");
        let (status, _) = desk.get("/staff/window-screen").await;
        let res = desk.post("/api/staff/window-screen", &[]).await;
        let csrf = if name.contains('.') {
            desk.csrf().await
        } else {
            String::new()
        };
        let post = desk
            .post("/staff/window-screen/code", &[("_csrf", &csrf)])
            .await;
        if allowed {
            assert_eq!(status, 200, "{name}");
            assert_eq!(res.status(), 200, "{name}");
            assert_eq!(location(&post), "/staff/window-screen", "{name}");
        } else {
            assert!(
                matches!(status.as_u16(), 303 | 401 | 403),
                "{name}: {status}"
            );
            assert!(matches!(res.status().as_u16(), 401 | 403), "{name}");
            let s = post.status().as_u16();
            assert!(
                s == 403 || (s == 303 && location(&post).starts_with("/staff/sign-in")),
                "{name}: {s}"
            );
        }
    }
    // The public pages, for everyone.
    for (name, desk) in &who {
        for path in [
            "/ratings",
            "/ratings/matters/GA-HJ-001",
            "/ratings/departments/GA",
        ] {
            let (status, _) = desk.get(path).await;
            assert_eq!(status, 200, "{name} {path}");
        }
    }
}

/// The 8 digits a desk's 评价器 page shows.
async fn pairing_code(desk: &Desk) -> String {
    let res = desk.post_form("/staff/window-screen/code", &[]).await;
    assert_eq!(location(&res), "/staff/window-screen");
    let (status, html) = desk.get("/staff/window-screen").await;
    assert_eq!(status, 200);
    let tag = html
        .find("data-testid=\"pairing-code\"")
        .unwrap_or_else(|| panic!("a pairing code: {html}"));
    let at = tag + html[tag..].find('>').unwrap() + 1;
    let code: String = html[at..at + 9]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(code.len(), 8, "{}", &html[at..at + 9]);
    code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_screen_rates_what_its_desk_just_decided() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let (_, html) = desk.get("/staff/window-screen").await;
    assert!(html.contains("还没有配对评价器"));
    let code = pairing_code(&desk).await;

    // The screen: no account, a code typed.
    let screen = Desk::anonymous(&app);
    let (status, html) = screen.get("/window").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"pair-form\""));
    let res = screen.post("/window/pair", &[("code", "1234")]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("配对码是 8 位数字"));
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    let res = screen.post("/window/pair", &[("code", wrong)]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("没有窗口显示这个配对码"));
    let res = screen.post("/window/pair", &[("code", &code)]).await;
    assert_eq!(location(&res), "/window");
    let (_, html) = screen.get("/window").await;
    assert!(html.contains("data-testid=\"screen-waiting\""), "{html}");
    assert!(
        html.contains(r#"http-equiv="refresh""#),
        "it reloads itself"
    );
    let (_, html) = desk.get("/staff/window-screen").await;
    assert!(html.contains("data-testid=\"screen-paired\""));
    // The code works once.
    let other = Desk::anonymous(&app);
    let res = other.post("/window/pair", &[("code", &code)]).await;
    assert_eq!(res.status(), 422);

    // The desk decides: the screen offers that application, masked, on
    // the window indicators.
    let res = desk
        .decide(
            &number,
            &[
                ("decision", "refuse"),
                ("refusal_reason", "不属于本机关职权范围"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, html) = screen.get("/window").await;
    assert!(
        html.contains("data-testid=\"rating-form-acceptance\""),
        "{html}"
    );
    assert!(html.contains("服务态度") && html.contains("张*"));
    for s in ["张三", VALID_ID, "13812345678"] {
        assert!(!html.contains(s), "{s} on the screen");
    }
    // A screen not paired has nothing to rate.
    let res = other
        .post("/window/rating", &[("level.overall", "satisfied")])
        .await;
    assert_eq!(res.status(), 409);
    let res = screen
        .post(
            "/window/rating",
            &[
                ("touchpoint", "acceptance"),
                ("level.overall", "very_satisfied"),
                ("level.attitude", "very_satisfied"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/window?rated=1");
    let (_, html) = screen.get("/window?rated=1").await;
    assert!(html.contains("谢谢您的评价") && html.contains("screen-waiting"));
    // Rated once: the screen waits for the desk's next application.
    let res = screen
        .post(
            "/window/rating",
            &[("level.overall", "dissatisfied"), ("problem", "attitude")],
        )
        .await;
    assert_eq!(res.status(), 409);
    // The applicant sees it among their ratings.
    let (_, html) = app.html(&format!("/applications/{number}")).await;
    assert!(html.contains("窗口受理"), "{html}");

    // The desk lets the screen go.
    let res = desk.post_form("/staff/window-screen/unpair", &[]).await;
    assert_eq!(res.status(), 303);
    let (_, html) = screen.get("/window").await;
    assert!(html.contains("data-testid=\"pair-form\""));
    let (ok, out) = audit_verify(&app).await;
    assert!(ok, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_tries_are_counted_before_the_code_is_checked() {
    let app = spawn().await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let code = pairing_code(&desk).await;
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    let tries = (0..50).map(|_| {
        let screen = Desk::anonymous(&app);
        async move { screen.post("/window/pair", &[("code", wrong)]).await }
    });
    let answers = futures::future::join_all(tries).await;
    let refused: Vec<_> = answers.iter().filter(|r| r.status() == 429).collect();
    let wrong_code = answers.iter().filter(|r| r.status() == 422).count();
    assert_eq!(wrong_code, 10, "ten tries an hour from one address");
    assert_eq!(refused.len(), 40);
    for r in refused {
        let wait: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(wait > 0 && wait <= 3600);
    }
    // Even the right code now waits.
    let res = Desk::anonymous(&app)
        .post("/window/pair", &[("code", &code)])
        .await;
    assert_eq!(res.status(), 429);
}
