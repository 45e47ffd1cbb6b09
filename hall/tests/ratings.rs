//! 好差评 against a real store, on both databases: only the applicant
//! rates, once per touchpoint; a bad rating opens a follow-up for the lead
//! department, due in 15 working days; its reply lets the applicant rate
//! once more, which replaces the first in the published tallies; the
//! supervisor closes it; racing ratings count once.

use chrono::{DateTime, Duration, Utc};
use domain::audit::sha256_hex;
use domain::rating::{
    FollowUpState, RatingAnswers, RatingChannel, RatingProblem, RatingRound, Satisfaction,
    Touchpoint,
};
use domain::search::SearchIndex;
use domain::{
    Actor, ApplicationNumber, DepartmentCode, FormValues, MatterCode, StaffName, StaffRole,
    SubmissionKey, VisitToken, WorkingDayCalendar,
};
use hall::ports::{Clock, NewApplication, TallyScope};
use hall::{CatalogIndex, Hall, RatingError, StaffError, Storage};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

struct MovedClock(Mutex<DateTime<Utc>>);

impl Clock for MovedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

fn t0() -> DateTime<Utc> {
    // Monday 2026-12-07, 10:00 in the hall.
    "2026-12-07T02:00:00Z".parse().unwrap()
}

fn hall_on(storage: Arc<dyn Storage>, clock: Arc<MovedClock>) -> Hall {
    let index =
        CatalogIndex::new(store::testing::demo_catalog(), SearchIndex::new(vec![])).unwrap();
    Hall::new(
        storage,
        Arc::new(index),
        Arc::new(WorkingDayCalendar::weekends_only()),
        std::time::Duration::from_secs(86_400),
    )
    .with_clock(clock)
}

static NEXT: AtomicU64 = AtomicU64::new(1);

fn visit(n: u64) -> VisitToken {
    VisitToken::parse(&format!("{:0>32}", n)).unwrap()
}

/// A stored application of a business licence and a signboard permit,
/// proven by `applicant`'s visit.
async fn submitted(storage: &Arc<dyn Storage>, applicant: &VisitToken) -> ApplicationNumber {
    let i = NEXT.fetch_add(1, Ordering::SeqCst) + 1000;
    let number = ApplicationNumber::from_indices(std::array::from_fn(|d| {
        ((i / 30u64.pow(d as u32)) % 30) as u8
    }));
    storage
        .submit(NewApplication {
            submission_key: SubmissionKey::from_bits(u128::from(i) << 24),
            payload_sha256: format!("r{i}"),
            matters: vec![
                MatterCode::parse("SCJG-XK-001").unwrap(),
                MatterCode::parse("CG-XK-001").unwrap(),
            ],
            values: FormValues::default(),
            applicant_masked: "张*".into(),
            submitted_at: t0(),
            promised_by: "2026-12-10".parse().unwrap(),
            draft: None,
            candidates: vec![number.clone()],
            applicant_mobile_key: None,
            channel: domain::trip::Channel::Phone,
            assisted: None,
            applicant_id_key: None,
            notification: None,
        })
        .await
        .unwrap();
    storage
        .prove_applicant(&number, &sha256_hex(applicant.as_str().as_bytes()), t0())
        .await
        .unwrap();
    number
}

fn staff(role: StaffRole, departments: &[&str]) -> Actor {
    Actor {
        staff_id: 7,
        name: StaffName::parse("li.na").unwrap(),
        display_name: "李娜".into(),
        role,
        departments: departments
            .iter()
            .map(|d| DepartmentCode::parse(d).unwrap())
            .collect(),
    }
}

fn answers<'a>(level: &'a str, problems: &[&'a str]) -> RatingAnswers<'a> {
    RatingAnswers {
        levels: vec![("overall", level)],
        problems: problems.to_vec(),
        comment: "",
    }
}

fn scjg() -> TallyScope {
    TallyScope::Department(DepartmentCode::parse("SCJG").unwrap())
}

fn cg() -> TallyScope {
    TallyScope::Department(DepartmentCode::parse("CG").unwrap())
}

async fn a_bad_rating_is_followed_up_and_rated_again(storage: Arc<dyn Storage>) {
    let clock = Arc::new(MovedClock(Mutex::new(t0())));
    let hall = hall_on(storage.clone(), clock.clone());
    let me = visit(NEXT.fetch_add(1, Ordering::SeqCst));
    let number = submitted(&storage, &me).await;
    let n = number.as_str();
    let phone = RatingChannel::Phone;

    // Someone else holding the number cannot rate; a touchpoint not
    // reached cannot be rated; a bad rating must say what went wrong.
    let stranger = visit(NEXT.fetch_add(1, Ordering::SeqCst));
    let r = hall
        .rate(
            n,
            "submission",
            &answers("satisfied", &[]),
            &stranger,
            phone,
        )
        .await;
    assert!(matches!(r, Err(RatingError::NotApplicant)), "{r:?}");
    let r = hall
        .rate(n, "handover", &answers("satisfied", &[]), &me, phone)
        .await;
    assert!(matches!(r, Err(RatingError::NotDue)), "{r:?}");
    let r = hall
        .rate(n, "submission", &answers("dissatisfied", &[]), &me, phone)
        .await;
    assert!(
        matches!(&r, Err(RatingError::Invalid(p)) if p == &[RatingProblem::NoProblemNamed]),
        "{r:?}"
    );

    let month = TallyScope::Month(domain::period::Month::of(domain::time::hall_date(t0())));
    let month_before = hall.satisfaction(&month).await.unwrap();
    hall.rate(
        n,
        "submission",
        &answers("very_dissatisfied", &["guide_inaccurate"]),
        &me,
        phone,
    )
    .await
    .unwrap();
    let again = hall
        .rate(n, "submission", &answers("satisfied", &[]), &me, phone)
        .await;
    assert!(matches!(again, Err(RatingError::AlreadyRated)), "{again:?}");

    // The lead department (the first matter's) answers, in 15 working days.
    let page = hall.application_page(n, Some(&me)).await.unwrap().ratings;
    assert!(page.due.is_empty(), "{:?}", page.due);
    let [f] = page.follow_ups.as_slice() else {
        panic!("one follow-up: {:?}", page.follow_ups)
    };
    assert_eq!(f.department.as_str(), "SCJG");
    assert_eq!(f.state, FollowUpState::Open);
    assert_eq!(f.due_on.to_string(), "2026-12-28");
    let tally = hall.satisfaction(&scjg()).await.unwrap();
    assert_eq!(tally.count(Satisfaction::VeryDissatisfied), 1);
    assert_eq!((tally.follow_ups, tally.replied), (1, 0));
    // Both departments count the rating; only the lead one the follow-up.
    let signboard = hall.satisfaction(&cg()).await.unwrap();
    assert_eq!((signboard.ratings(), signboard.follow_ups), (1, 0));
    let matter = TallyScope::Matter(MatterCode::parse("CG-XK-001").unwrap());
    assert_eq!(hall.satisfaction(&matter).await.unwrap().follow_ups, 1);

    // Who may see and answer it.
    let other = staff(StaffRole::Reviewer, &["GA"]);
    let reviewer = staff(StaffRole::Reviewer, &["SCJG"]);
    let supervisor = staff(StaffRole::Supervisor, &[]);
    assert!(hall.follow_ups(&other).await.unwrap().is_empty());
    assert_eq!(hall.follow_ups(&reviewer).await.unwrap().len(), 1);
    assert!(!hall.follow_ups(&supervisor).await.unwrap().is_empty());
    let r = hall.follow_ups(&staff(StaffRole::FrontDesk, &[])).await;
    assert!(matches!(r, Err(StaffError::Forbidden { .. })), "{r:?}");
    let r = hall.follow_up_file(&other, n, "submission").await;
    assert!(matches!(r, Err(StaffError::Forbidden { .. })), "{r:?}");
    let r = hall
        .reply_to_rating(&other, n, "submission", "已回访", "已整改")
        .await;
    assert!(matches!(r, Err(StaffError::Forbidden { .. })), "{r:?}");
    let r = hall
        .reply_to_rating(&supervisor, n, "submission", "已回访", "已整改")
        .await;
    assert!(matches!(r, Err(StaffError::Forbidden { .. })), "{r:?}");
    let r = hall
        .reply_to_rating(&reviewer, n, "submission", "已回访", " ")
        .await;
    assert!(matches!(r, Err(StaffError::ReplyRefused(_))), "{r:?}");
    // Closing needs a reply first.
    let r = hall.close_follow_up(&supervisor, n, "submission").await;
    assert!(
        matches!(r, Err(StaffError::FollowUpIs(FollowUpState::Open))),
        "{r:?}"
    );

    *clock.0.lock().unwrap() += Duration::days(3);
    hall.reply_to_rating(
        &reviewer,
        n,
        "submission",
        "已电话回访申请人，了解到指南所列材料与窗口要求不一致。",
        "已更正办事指南第三项材料的说明。",
    )
    .await
    .unwrap();
    let r = hall
        .reply_to_rating(&reviewer, n, "submission", "再次", "再次")
        .await;
    assert!(
        matches!(r, Err(StaffError::FollowUpIs(FollowUpState::Replied))),
        "{r:?}"
    );
    let file = hall
        .follow_up_file(&reviewer, n, "submission")
        .await
        .unwrap();
    assert!(!file.overdue);
    assert_eq!(file.ratings.len(), 1);

    // The applicant sees the reply and rates once more; the new level
    // counts instead of the first.
    let page = hall.application_page(n, Some(&me)).await.unwrap().ratings;
    assert_eq!(
        page.due,
        [(Touchpoint::Submission, RatingRound::AfterFollowUp)]
    );
    assert!(page.follow_ups[0].reply.is_some());
    hall.rate(n, "submission", &answers("satisfied", &[]), &me, phone)
        .await
        .unwrap();
    let r = hall
        .rate(n, "submission", &answers("satisfied", &[]), &me, phone)
        .await;
    assert!(matches!(r, Err(RatingError::AlreadyRated)), "{r:?}");
    let tally = hall.satisfaction(&scjg()).await.unwrap();
    assert_eq!(tally.count(Satisfaction::VeryDissatisfied), 0);
    assert_eq!(tally.count(Satisfaction::Satisfied), 1);
    assert_eq!(
        (tally.follow_ups, tally.replied, tally.replied_on_time),
        (1, 1, 1)
    );
    assert_eq!(tally.satisfied_permille(), Some(1000));
    // The month keeps the verdict first given; its follow-up was opened
    // and answered in the month.
    let month_after = hall.satisfaction(&month).await.unwrap();
    let moved = |level| month_after.count(level) - month_before.count(level);
    assert_eq!(moved(Satisfaction::VeryDissatisfied), 1);
    assert_eq!(moved(Satisfaction::Satisfied), 0);
    assert_eq!(month_after.follow_ups - month_before.follow_ups, 1);
    assert_eq!(month_after.replied - month_before.replied, 1);

    // The supervisor closes it, once.
    let r = hall.close_follow_up(&reviewer, n, "submission").await;
    assert!(matches!(r, Err(StaffError::Forbidden { .. })), "{r:?}");
    hall.close_follow_up(&supervisor, n, "submission")
        .await
        .unwrap();
    let r = hall.close_follow_up(&supervisor, n, "submission").await;
    assert!(
        matches!(r, Err(StaffError::FollowUpIs(FollowUpState::Closed))),
        "{r:?}"
    );
    assert!(hall.follow_ups(&reviewer).await.unwrap().is_empty());
}

async fn a_late_reply_counts_as_late(storage: Arc<dyn Storage>) {
    let clock = Arc::new(MovedClock(Mutex::new(t0())));
    let hall = hall_on(storage.clone(), clock.clone());
    let me = visit(NEXT.fetch_add(1, Ordering::SeqCst));
    let number = submitted(&storage, &me).await;
    let before = hall.satisfaction(&scjg()).await.unwrap();
    hall.rate(
        number.as_str(),
        "submission",
        &answers("dissatisfied", &["slow"]),
        &me,
        RatingChannel::Kiosk,
    )
    .await
    .unwrap();
    // Past the 15th working day (2026-12-28).
    *clock.0.lock().unwrap() += Duration::days(22);
    let reviewer = staff(StaffRole::Reviewer, &["SCJG"]);
    let file = hall
        .follow_up_file(&reviewer, number.as_str(), "submission")
        .await
        .unwrap();
    assert!(file.overdue);
    hall.reply_to_rating(&reviewer, number.as_str(), "submission", "已回访", "已整改")
        .await
        .unwrap();
    let after = hall.satisfaction(&scjg()).await.unwrap();
    assert_eq!(after.replied - before.replied, 1);
    assert_eq!(after.replied_on_time, before.replied_on_time);
}

async fn racing_ratings_count_once(storage: Arc<dyn Storage>) {
    let clock = Arc::new(MovedClock(Mutex::new(t0())));
    let hall = hall_on(storage.clone(), clock);
    let me = visit(NEXT.fetch_add(1, Ordering::SeqCst));
    let number = submitted(&storage, &me).await;
    let matter = TallyScope::Matter(MatterCode::parse("SCJG-XK-001").unwrap());
    let before = hall.satisfaction(&matter).await.unwrap().ratings();
    let tries = (0..20).map(|_| {
        let (hall, me, n) = (hall.clone(), me.clone(), number.clone());
        tokio::spawn(async move {
            hall.rate(
                n.as_str(),
                "submission",
                &answers("very_satisfied", &[]),
                &me,
                RatingChannel::Phone,
            )
            .await
        })
    });
    let mut ok = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(RatingError::AlreadyRated) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(
        hall.satisfaction(&matter).await.unwrap().ratings(),
        before + 1
    );
}

store::on_both_databases!(
    a_bad_rating_is_followed_up_and_rated_again,
    a_late_reply_counts_as_late,
    racing_ratings_count_once
);
