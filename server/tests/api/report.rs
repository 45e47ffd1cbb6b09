//! 每月通报 on this run's backend, over HTTP: a service finished this
//! month is counted (working days, visits, online), every figure opens the
//! list behind it, each table downloads as CSV, and only the supervisor
//! reads any of it.

use crate::helpers::{TestApp, VALID_ID};
use crate::issuing::{approved, approved_via, prove};
use crate::staff::{clock_at, hall_on, spawn, Desk};
use domain::period::FinishedFilter;

/// The hall's month now (UTC+8).
fn this_month() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string()
}

/// Filed on a phone, accepted, approved, issued and posted: finished with
/// no trip to the hall.
async fn posted(app: &TestApp) -> String {
    let number = approved(app).await;
    post_chosen(app, &number).await;
    let window = Desk::sign_in(app, "issue.demo").await;
    let res = window
        .post_form(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let res = window
        .post_form(
            &format!("/staff/issuing/{number}/post"),
            &[("carrier", "EMS"), ("tracking", "123456789012")],
        )
        .await;
    assert_eq!(res.status(), 303);
    number
}

/// The applicant proves it is theirs and asks for the result by post.
async fn post_chosen(app: &TestApp, number: &str) {
    let me = Desk::anonymous(app);
    prove(&me, number).await;
    let res = me
        .post(
            &format!("/applications/{number}/delivery"),
            &[
                ("method", "post"),
                ("recipient", "张三"),
                ("phone", "13812345678"),
                ("address", "四川省达州市通川区朝阳中路1号"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
}

fn plain(html: &str) -> String {
    html.replace("<!>", "")
}

/// The text of the element marked `testid`, tags removed.
fn marked(html: &str, testid: &str) -> String {
    let at = html
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("{testid} on the page"));
    let rest = &html[at..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    let end = rest.find("</dd>").or_else(|| rest.find("</p>")).unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in rest[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_service_is_counted_and_each_figure_opens_its_list() {
    let app = spawn().await;
    let number = posted(&app).await;
    let month = this_month();
    let sup = Desk::sign_in(&app, "super.demo").await;

    let (status, html) = sup
        .get(&format!("/staff/supervision/report?month={month}"))
        .await;
    assert_eq!(status, 200, "{html}");
    let html = plain(&html);
    assert_eq!(marked(&html, "hall-finished"), "1");
    assert_eq!(marked(&html, "hall-within-promise"), "100.0%");
    // Posted after filing on a phone: no trip at all, and filed online.
    assert!(marked(&html, "hall-one-visit").starts_with("100.0%"));
    assert!(marked(&html, "hall-one-visit").contains("达标"));
    assert_eq!(marked(&html, "hall-online"), "100.0%");
    assert_eq!(marked(&html, "deferred-kept"), "0");
    // Two charts drawn on the server, each an image with a name, and the
    // same figures in the table.
    for chart in ["one-visit-chart", "days-chart"] {
        let at = html.find(&format!("data-testid=\"{chart}\"")).unwrap();
        let figure = &html[at..at + html[at..].find("</figure>").unwrap()];
        assert!(figure.contains("role=\"img\" aria-label="), "{chart}");
        assert!(
            figure.contains("<svg") && figure.contains("</svg>"),
            "{chart}"
        );
    }
    assert!(html.contains("data-testid=\"matter-figures\""));
    let list = format!("/staff/supervision/finished?month={month}&matter=GA-ZZ-003&filter=all");
    assert!(
        html.contains(&list.replace('&', "&amp;")),
        "a drill-down link"
    );
    // Work by desk and staff member, from the audited steps.
    for who in ["desk.demo", "review.ga", "issue.demo"] {
        assert!(html.contains(&format!("({who})</span></th>")), "{who}");
    }
    // The report names no applicant, ID or phone.
    for s in ["张三", VALID_ID, "13812345678", "138****5678"] {
        assert!(!html.contains(s), "{s} on the report");
    }

    // The lists behind the figures.
    let display = format!("{}-{}", &number[..5], &number[5..]);
    let (status, all) = sup.get(&list).await;
    assert_eq!(status, 200);
    assert!(
        all.contains(&display) && plain(&all).contains("共 1 件"),
        "{all}"
    );
    let (_, online) = sup
        .get(&format!(
            "/staff/supervision/finished?month={month}&matter=&filter=online"
        ))
        .await;
    assert!(online.contains(&display));
    for empty in ["late", "over_legal", "repeat_visits"] {
        let (status, none) = sup
            .get(&format!(
                "/staff/supervision/finished?month={month}&matter=GA-ZZ-003&filter={empty}"
            ))
            .await;
        assert_eq!(status, 200);
        assert!(
            !none.contains(&display) && none.contains("没有符合条件的办件"),
            "{empty}"
        );
    }
    let (status, _) = sup
        .get(&format!(
            "/staff/supervision/finished?month={month}&matter=NOPE-1&filter=all"
        ))
        .await;
    assert_eq!(status, 404, "an unknown matter");

    // Each table as CSV, the same figures.
    let (status, csv) = sup
        .get(&format!(
            "/staff/supervision/report.csv?month={month}&table=matters"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(
        csv.starts_with('\u{feff}'),
        "a byte-order mark for spreadsheets"
    );
    let row = csv.lines().find(|l| l.starts_with("GA-ZZ-003,")).unwrap();
    assert!(row.contains(",1,") && row.contains("100.0%"), "{row}");
    assert!(csv.lines().last().unwrap().contains("全厅合计"));
    let (_, staff) = sup
        .get(&format!(
            "/staff/supervision/report.csv?month={month}&table=staff"
        ))
        .await;
    assert!(
        staff
            .lines()
            .any(|l| l.starts_with("出件 赵丽,issue.demo,统一出件窗口,2")),
        "{staff}"
    );
    let (_, ratings) = sup
        .get(&format!(
            "/staff/supervision/report.csv?month={month}&table=ratings"
        ))
        .await;
    assert!(ratings.contains("ratings,very_satisfied"), "{ratings}");
    let (status, _) = sup
        .get(&format!(
            "/staff/supervision/report.csv?month={month}&table=secrets"
        ))
        .await;
    assert_eq!(status, 404);

    // Another month: nothing finished, said so; a malformed month: why.
    let (status, before) = sup.get("/staff/supervision/report?month=2026-01").await;
    assert_eq!(status, 200);
    assert!(plain(&before).contains("本月还没有办结的事项"));
    assert_eq!(marked(&plain(&before), "hall-finished"), "0");
    for bad in ["2026-13", "26-1", "2026-01-01", "%E2%80%AE2026-01"] {
        let (status, page) = sup
            .get(&format!("/staff/supervision/report?month={bad}"))
            .await;
        assert_eq!(status, 400, "{bad}");
        assert!(page.contains("月份格式是 YYYY-MM"), "{bad}");
    }

    // Every view audited.
    let hall = crate::staff::hall_on(
        &app.database_url,
        crate::staff::clock_at("2026-12-07T00:00:00Z"),
    )
    .await;
    let events = hall.storage().audit_events(0, 10_000).await.unwrap();
    let count = |a: &str| events.iter().filter(|e| e.record.action == a).count();
    assert_eq!(count("view_monthly_report"), 2 + 3 + 1, "pages and CSVs");
    assert_eq!(
        count("view_finished_list"),
        5,
        "an unknown matter shows nothing"
    );
    let (ok, out) = crate::staff::audit_verify(&app).await;
    assert!(ok, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_supervisor_and_department_heads_read_the_monthly_report() {
    let app = spawn().await;
    let month = this_month();
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
    let pages = [
        format!("/staff/supervision/report?month={month}"),
        format!("/staff/supervision/finished?month={month}&matter=&filter=all"),
        format!("/staff/supervision/report.csv?month={month}&table=matters"),
    ];
    for (name, desk) in &who {
        for page in &pages {
            let (status, body) = desk.get(page).await;
            if matches!(*name, "super.demo" | "head.ga") {
                assert_eq!(status, 200, "{page}");
            } else {
                assert!(
                    matches!(status.as_u16(), 303 | 401 | 403),
                    "{name} {page}: {status}"
                );
                assert!(!body.contains("GA-ZZ-003,"), "{name} got a table");
            }
        }
        let res = desk
            .post(
                "/api/staff/supervision/report",
                &[("month", month.as_str())],
            )
            .await;
        let expected: &[u16] = if matches!(*name, "super.demo" | "head.ga") {
            &[200]
        } else {
            &[401, 403]
        };
        assert!(
            expected.contains(&res.status().as_u16()),
            "{name}: {}",
            res.status()
        );
    }
}

/// A department head's month: their departments' matters, their reviewers'
/// work and their ratings; the front desk, issuing, 容缺 and other
/// departments' matters are not on it, and another department's list is
/// not found.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_head_reads_their_departments_month_only() {
    let app = spawn().await;
    let number = posted(&app).await;
    let month = this_month();
    let head = Desk::sign_in(&app, "head.ga").await;
    let sup = Desk::sign_in(&app, "super.demo").await;
    let report = format!("/staff/supervision/report?month={month}");

    let (status, html) = head.get(&report).await;
    assert_eq!(status, 200, "{html}");
    let html = plain(&html);
    assert!(
        html.contains(">仅含本部门：公安局</p>"),
        "whose month it is"
    );
    assert_eq!(marked(&html, "hall-finished"), "1");
    assert!(
        !html.contains("data-testid=\"deferred-kept\""),
        "容缺 is the hall's"
    );
    assert!(
        html.contains("(review.ga)</span></th>"),
        "its reviewer's work"
    );
    for other in ["(desk.demo)", "(issue.demo)", "(review.scjg)"] {
        assert!(!html.contains(other), "{other} on a department's report");
    }
    // Another department's matter: on the supervisor's report, not here.
    let deregistration = "企业简易注销登记";
    assert!(!html.contains(deregistration));
    let (_, all) = sup.get(&report).await;
    assert!(plain(&all).contains(deregistration));
    assert!(plain(&all).contains("data-testid=\"deferred-kept\""));

    // The list behind a figure: theirs, or not found.
    let display = format!("{}-{}", &number[..5], &number[5..]);
    let (status, list) = head
        .get(&format!(
            "/staff/supervision/finished?month={month}&matter=&filter=all"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(list.contains(&display));
    let (status, _) = head
        .get(&format!(
            "/staff/supervision/finished?month={month}&matter=SCJG-DJ-003&filter=all"
        ))
        .await;
    assert_eq!(status, 404, "another department's matter");

    // The CSVs say the same.
    let (_, csv) = head
        .get(&format!(
            "/staff/supervision/report.csv?month={month}&table=matters"
        ))
        .await;
    assert!(csv.lines().any(|l| l.starts_with("GA-ZZ-003,")), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with("SCJG-")), "{csv}");
    assert!(csv.lines().last().unwrap().contains("本部门合计"));
    let (_, staff) = head
        .get(&format!(
            "/staff/supervision/report.csv?month={month}&table=staff"
        ))
        .await;
    assert!(!staff.contains("issue.demo") && staff.contains("review.ga"));

    // Undelivered messages stay the supervisor's.
    let (status, _) = head.get("/staff/messages").await;
    assert!(matches!(status.as_u16(), 303 | 403), "{status}");
}

fn staff(name: &str, role: domain::StaffRole) -> domain::Actor {
    domain::Actor {
        staff_id: 90,
        name: domain::StaffName::parse(name).unwrap(),
        display_name: name.into(),
        role,
        departments: vec![],
    }
}

/// A result issued weeks after its promised day, for an applicant who
/// filed at a kiosk and came back with corrections: late, two visits, not
/// online — counted in the month it finished (on a moved clock, through
/// the use cases).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_result_with_two_visits_counts_against_the_promises() {
    let app = spawn().await;
    let number = approved_via(&app, domain::trip::Channel::Kiosk).await;
    post_chosen(&app, &number).await;
    let later = chrono::Utc::now() + chrono::Duration::days(45);
    let clock = clock_at(&later.to_rfc3339());
    let mut settings = server::configuration::Settings::defaults().unwrap();
    settings.issuing.pickup_key = crate::helpers::TEST_PICKUP_KEY.into();
    settings.issuing.seal_key_file = app.seal_key.clone();
    let hall = hall_on(&app.database_url, clock.clone())
        .await
        .with_issuing(settings.issuing_keys().unwrap());
    let n = domain::ApplicationNumber::parse(&number).unwrap();
    hall.storage()
        .record_trip(
            &n,
            domain::trip::TripReason::CorrectionsBrought,
            domain::trip::Channel::Window,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let window = staff("issue.later", domain::StaffRole::Issuing);
    hall.issue(&window, &number).await.unwrap();
    let shipment = [
        ("carrier".to_string(), "EMS".to_string()),
        ("tracking".to_string(), "987654321098".to_string()),
    ];
    hall.record_post(&window, &number, &shipment).await.unwrap();

    let supervisor = staff("super.later", domain::StaffRole::Supervisor);
    let month = domain::period::Month::of(domain::time::hall_date(later));
    let p = hall.supervision_period(&supervisor, "").await.unwrap();
    assert_eq!(p.month, month, "the current month by default");
    assert_eq!(p.hall.finished, 1);
    assert_eq!(
        (p.hall.within_promise, p.hall.one_visit, p.hall.online),
        (0, 0, 0),
        "late, two visits, filed at a kiosk"
    );
    let m = p
        .matters
        .iter()
        .find(|m| m.matter.as_str() == "GA-ZZ-003")
        .unwrap();
    let days = m.figures.median_days().unwrap();
    assert!(days > u32::from(m.promised_days), "{days} working days");
    assert_eq!(m.figures.p90_days(), Some(days));
    assert_eq!(
        m.figures.within_legal,
        u64::from(days <= u32::from(m.legal_days))
    );
    assert_eq!(p.hall.one_visit_meets_target(), Some(false));
    // The issuing window's two steps, by that staff member.
    let mine = p.staff.iter().find(|s| s.staff == "issue.later").unwrap();
    assert_eq!(
        (mine.desk, mine.done),
        (domain::period::WorkDesk::Issuing, 2)
    );
    for (filter, listed) in [
        ("late", true),
        ("repeat_visits", true),
        ("online", false),
        ("all", true),
    ] {
        let l = hall
            .finished_list(&supervisor, &month.to_string(), Some("GA-ZZ-003"), filter)
            .await
            .unwrap();
        assert_eq!(l.filter, FinishedFilter::parse(filter).unwrap());
        assert_eq!(l.total, u64::from(listed), "{filter}");
        assert_eq!(l.services.iter().any(|s| s.number == n), listed, "{filter}");
    }
    let l = hall
        .finished_list(&supervisor, &month.to_string(), None, "late")
        .await
        .unwrap();
    assert_eq!(l.services[0].trips, 2);
    // Nobody else reads it; a wrong month or filter is not found.
    for role in [
        domain::StaffRole::FrontDesk,
        domain::StaffRole::Reviewer,
        domain::StaffRole::Issuing,
        domain::StaffRole::Administrator,
    ] {
        let r = hall.supervision_period(&staff("x.y", role), "").await;
        assert!(
            matches!(r, Err(hall::StaffError::Forbidden { .. })),
            "{role:?}"
        );
    }
    for (m, f) in [("2026-13", "all"), ("", "everything")] {
        let r = hall.finished_list(&supervisor, m, None, f).await;
        assert!(matches!(r, Err(hall::StaffError::NotFound)), "{m} {f}");
    }
}
