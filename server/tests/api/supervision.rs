//! 电子监察 on this run's backend: the supervision desk counts open work
//! against its limits and lists applications past their deemed-acceptance
//! day (on a moved clock, through the use case), and only the supervisor
//! opens it (over HTTP).

use crate::helpers::{TestApp, VALID_ID};
use crate::staff::{clock_at, front_desk, hall_on, household, spawn, submitted, Desk};
use hall::Clock;

fn supervisor() -> domain::Actor {
    domain::Actor {
        staff_id: 9,
        name: domain::StaffName::parse("super.one").unwrap(),
        display_name: "监察".into(),
        role: domain::StaffRole::Supervisor,
        departments: vec![],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_work_is_counted_against_its_limits() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(dir.path()).await;
    // Monday 2026-11-30, 10:00 at the hall.
    let clock = clock_at("2026-11-30T02:00:00Z");
    let hall = hall_on(&url, clock.clone()).await;
    let (subject, answers) = household(&hall);
    let key = |k: &str| domain::SubmissionKey::parse(&format!("{k:-<16}")).unwrap();
    let early = hall
        .submit(
            &subject,
            &key("early"),
            &answers,
            None,
            domain::trip::Channel::Phone,
        )
        .await
        .unwrap();
    // A week later another arrives; the first is past its 5th working day
    // (Monday + 5 = the next Monday) once Tuesday comes.
    clock.advance(8 * 24 * 60); // Tuesday 2026-12-08
    let late = hall
        .submit(
            &subject,
            &key("late"),
            &answers,
            None,
            domain::trip::Channel::Phone,
        )
        .await
        .unwrap();
    let now = hall.supervision_now(&supervisor()).await.unwrap();
    assert_eq!(now.past_deemed_count, 1);
    assert_eq!(now.past_deemed[0].number, early.number);
    let household = now
        .matters
        .get(&domain::MatterCode::parse("GA-HJ-001").unwrap())
        .unwrap();
    assert_eq!(household.applications.open, 2);
    assert_eq!(household.at_front_desk, 2);
    // Every department has a row, zeros included.
    assert!(now.departments.len() >= 9);
    assert_eq!(now.hall_tasks().open, 0);

    // A department head sees their departments' rows and the applications
    // with one of their matters, nothing else.
    let head = |d: &str| domain::Actor {
        role: domain::StaffRole::DepartmentHead,
        departments: vec![domain::DepartmentCode::parse(d).unwrap()],
        ..supervisor()
    };
    let ga = hall.supervision_now(&head("GA")).await.unwrap();
    assert_eq!(
        ga.departments
            .keys()
            .map(|d| d.as_str())
            .collect::<Vec<_>>(),
        ["GA"]
    );
    assert_eq!(ga.past_deemed_count, 1);
    assert_eq!(ga.past_deemed[0].number, early.number);
    assert_eq!(
        ga.matters[&domain::MatterCode::parse("GA-HJ-001").unwrap()]
            .applications
            .open,
        2
    );
    let scjg = hall.supervision_now(&head("SCJG")).await.unwrap();
    assert_eq!(scjg.past_deemed_count, 0);
    assert!(scjg.past_deemed.is_empty());
    assert!(scjg.matters.keys().all(|m| m.as_str().starts_with("SCJG-")));
    assert!(!scjg.matters.is_empty());
    assert!(scjg.matters.values().all(|m| m.applications.open == 0));

    // Refused by the front desk: no longer open.
    let refuse = [
        ("decision".to_string(), "refuse".to_string()),
        (
            "refusal_reason".to_string(),
            "不属于本机关职权范围".to_string(),
        ),
    ];
    hall.decide(&front_desk(), late.number.as_str(), &refuse)
        .await
        .unwrap();
    let now = hall.supervision_now(&supervisor()).await.unwrap();
    let household = &now.matters[&domain::MatterCode::parse("GA-HJ-001").unwrap()];
    assert_eq!(household.applications.open, 1);
    // Only the supervisor reads it.
    let r = hall.supervision_now(&front_desk()).await;
    assert!(
        matches!(r, Err(hall::StaffError::Forbidden { .. })),
        "{r:?}"
    );
}

/// A server that counts open work once a minute serves that reading,
/// dated, until the next one; a reading three periods old is not served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_work_is_served_from_the_minutes_reading() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(dir.path()).await;
    let clock = clock_at("2026-11-30T02:00:00Z");
    let hall = hall_on(&url, clock.clone())
        .await
        .with_open_work_refresh(std::time::Duration::from_secs(60));
    let (subject, answers) = household(&hall);
    let key = |k: &str| domain::SubmissionKey::parse(&format!("{k:-<16}")).unwrap();
    let household = domain::MatterCode::parse("GA-HJ-001").unwrap();
    let open = |now: &hall::SupervisionNow| now.matters[&household].applications.open;

    let first = hall.supervision_now(&supervisor()).await.unwrap();
    assert_eq!(open(&first), 0);
    assert_eq!(first.as_of, clock.now());
    hall.submit(
        &subject,
        &key("one"),
        &answers,
        None,
        domain::trip::Channel::Phone,
    )
    .await
    .unwrap();
    clock.advance(1);
    // Still the reading of a minute ago, and dated so.
    let cached = hall.supervision_now(&supervisor()).await.unwrap();
    assert_eq!(open(&cached), 0);
    assert_eq!(cached.as_of, first.as_of);
    // The server's refresh brings it up to date for every desk.
    hall.refresh_open_work().await.unwrap();
    let refreshed = hall.supervision_now(&supervisor()).await.unwrap();
    assert_eq!(open(&refreshed), 1);
    assert_eq!(refreshed.as_of, clock.now());
    // With no refresh for three periods the page counts for itself.
    hall.submit(
        &subject,
        &key("two"),
        &answers,
        None,
        domain::trip::Channel::Phone,
    )
    .await
    .unwrap();
    clock.advance(4);
    let counted = hall.supervision_now(&supervisor()).await.unwrap();
    assert_eq!(open(&counted), 2);
    assert_eq!(counted.as_of, clock.now());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_supervisor_and_department_heads_open_the_supervision_desk() {
    let app = spawn().await;
    let number = submitted(&app).await;
    let mut who: Vec<(&str, Desk)> = vec![("anonymous", Desk::anonymous(&app))];
    for r in [
        "desk.demo",
        "review.ga",
        "issue.demo",
        "super.demo",
        "head.ga",
        "admin.demo",
    ] {
        who.push((r, Desk::sign_in(&app, r).await));
    }
    for (name, desk) in &who {
        let (status, html) = desk.get("/staff/supervision").await;
        let res = desk.post("/api/staff/supervision", &[]).await;
        if matches!(*name, "super.demo" | "head.ga") {
            assert_eq!(status, 200);
            assert_eq!(res.status(), 200);
            assert!(html.contains("data-testid=\"supervision-summary\""));
            assert!(
                html.contains("户口迁移（市内迁移）"),
                "the open household transfer"
            );
            // The head's page says whose it is and names no other
            // department; the supervisor's has them all.
            let scoped = html.contains("data-testid=\"supervision-scope\"");
            assert_eq!(scoped, *name == "head.ga", "{name}");
            assert_eq!(
                html.contains("市场监督管理局"),
                *name == "super.demo",
                "{name}"
            );
            assert!(html.contains("公安局"), "{name}");
            for s in ["张三", VALID_ID, "13812345678", number.as_str()] {
                assert!(!html.contains(s), "{s} on the supervision desk");
            }
        } else {
            assert!(
                matches!(status.as_u16(), 303 | 401 | 403),
                "{name}: {status}"
            );
            assert!(matches!(res.status().as_u16(), 401 | 403), "{name}");
        }
    }
}

/// The desk's view of an application's trips: "N 次（承诺最多 1 次）".
async fn trips_on_file(desk: &Desk, number: &str) -> String {
    let (status, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert_eq!(status, 200);
    let at = file.find("data-testid=\"trips\"").expect("the trips line");
    let text = &file[at..];
    let text = &text[text.find('>').unwrap() + 1..text.find("</dd>").unwrap()];
    // Without the renderer's text-node markers.
    text.replace("<!>", "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trips_to_the_hall_are_counted_per_application() {
    let app = spawn().await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    // Filed on a phone: no trip yet.
    let number = submitted(&app).await;
    let line = trips_on_file(&desk, &number).await;
    assert!(line.starts_with("0 次（承诺最多 1 次）"), "{line}");
    // Returned with a one-time notice; the corrections brought to the
    // window are a trip.
    let res = desk
        .decide(
            &number,
            &[
                ("check.id_card", "wrong"),
                ("reason.id_card", "身份证已过有效期"),
                ("check.household_register", "missing"),
                ("check.property_certificate", "ok"),
                ("decision", "return_for_correction"),
                ("correct_by", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = desk
        .post_form(
            &format!("/staff/applications/{number}/corrections-received"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(trips_on_file(&desk, &number).await.starts_with("1 次"));

    // Filed at a kiosk: that is the first trip.
    let kiosk = TestApp::spawn_on(app.database_url.clone()).await;
    let res = kiosk.get("/kiosk?idle=120&warning=30").await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let at_kiosk = submitted(&kiosk).await;
    let line = trips_on_file(&desk, &at_kiosk).await;
    assert!(line.starts_with("1 次（承诺最多 1 次）"), "{line}");
    assert!(!line.contains("已超过承诺"));
}
