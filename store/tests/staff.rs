//! The staff half's storage, run against both backends: accounts and
//! sessions, sign-in failures, guarded decisions (20 desks at once → one),
//! the queue's order, and the audit chain — including that `verify` names
//! an edited, deleted or reordered event once someone gets past the
//! append-only triggers.

use chrono::{DateTime, Duration, Utc};
use domain::acceptance::Decision;
use domain::audit::{AuditRecord, ChainBreak};
use domain::{
    ApplicationNumber, ApplicationStatus, DepartmentCode, MatterCode, StaffName, StaffRole,
    SubmissionKey, Transition,
};
use hall::audit::{verify, AuditVerifyError};
use hall::ports::{
    DecideChange, DecideOutcome, DecisionRecord, NewApplication, NewStaffAccount, QueueQuery,
    StaffSessionRecord,
};
use hall::Storage;
use sqlx::Connection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Where the database is, to get past the store (tampering tests).
enum Raw {
    /// The directory is kept (deleted on drop) as long as the test runs.
    Sqlite(std::path::PathBuf, #[allow(dead_code)] tempfile::TempDir),
    Postgres(String),
}

impl Raw {
    async fn exec(&self, statements: &[&str]) {
        match self {
            Raw::Sqlite(path, _) => {
                let mut c =
                    sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                        .await
                        .unwrap();
                for s in statements {
                    sqlx::query(s).execute(&mut c).await.unwrap();
                }
            }
            Raw::Postgres(url) => {
                let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                for s in statements {
                    sqlx::query(s).execute(&mut c).await.unwrap();
                }
            }
        }
    }

    /// Statements that lift the append-only guard.
    fn unguard(&self) -> &'static [&'static str] {
        match self {
            Raw::Sqlite(..) => &[
                "DROP TRIGGER audit_events_no_update",
                "DROP TRIGGER audit_events_no_delete",
            ],
            Raw::Postgres(_) => {
                &["ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change"]
            }
        }
    }
}

async fn sqlite() -> (Arc<dyn Storage>, Raw) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hall.db");
    let s = store::SqliteStore::open(&path).await.unwrap();
    (Arc::new(s), Raw::Sqlite(path, dir))
}

async fn postgres() -> (Arc<dyn Storage>, Raw) {
    let url = store::testing::fresh_postgres_database().await;
    let s = store::PostgresStore::open(&url, 16).await.unwrap();
    (Arc::new(s), Raw::Postgres(url))
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (s, raw) = super::sqlite().await;
                    super::$name(s, raw).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (s, raw) = super::postgres().await;
                    super::$name(s, raw).await;
                }
            )*
        }
    };
}

both!(
    accounts_sessions_and_failures,
    accepting_sets_the_promised_date_from_acceptance,
    a_decision_moves_the_application_once_and_is_audited,
    twenty_desks_at_once_one_decision,
    the_queue_is_oldest_first_in_keyset_pages,
    verify_names_an_edited_event,
    verify_names_a_deleted_event,
    verify_names_reordered_events,
    the_breach_list_is_by_key,
    review_tasks_are_listed_by_time_left_and_changed_at_one_version,
    issuing_once_then_fifty_desks_hand_over_once,
    attempts_are_counted_per_kind_and_key_in_windows,
    sixty_attempts_at_once_get_sixty_different_counts,
);

async fn attempts_are_counted_per_kind_and_key_in_windows(s: Arc<dyn Storage>, _raw: Raw) {
    use hall::ports::AttemptKind;
    let hour = 3600;
    let charge = |kind, key: &'static str, at: &'static str| {
        let s = s.clone();
        async move { s.charge_attempt(kind, key, t(at), hour).await.unwrap() }
    };
    let first = charge(AttemptKind::PickupCode, "s:desk", "2026-11-26T02:00:00Z").await;
    assert_eq!(first.count, 1);
    assert_eq!(first.window_started, t("2026-11-26T02:00:00Z"));
    let second = charge(AttemptKind::PickupCode, "s:desk", "2026-11-26T02:30:00Z").await;
    assert_eq!(
        (second.count, second.window_started),
        (2, first.window_started)
    );
    // Another kind, another key: their own counts.
    assert_eq!(
        charge(
            AttemptKind::ApplicantProof,
            "s:desk",
            "2026-11-26T02:30:00Z"
        )
        .await
        .count,
        1
    );
    assert_eq!(
        charge(
            AttemptKind::PickupCode,
            "c:10.0.0.1",
            "2026-11-26T02:30:00Z"
        )
        .await
        .count,
        1
    );
    // A refund gives one back, only in the window it was charged in.
    s.refund_attempt(AttemptKind::PickupCode, "s:desk", first.window_started)
        .await
        .unwrap();
    assert_eq!(
        charge(AttemptKind::PickupCode, "s:desk", "2026-11-26T02:40:00Z")
            .await
            .count,
        2
    );
    // Once the window has passed, counting starts again.
    let later = charge(AttemptKind::PickupCode, "s:desk", "2026-11-26T03:00:01Z").await;
    assert_eq!(
        (later.count, later.window_started),
        (1, t("2026-11-26T03:00:01Z"))
    );
    s.refund_attempt(AttemptKind::PickupCode, "s:desk", first.window_started)
        .await
        .unwrap();
    assert_eq!(
        charge(AttemptKind::PickupCode, "s:desk", "2026-11-26T03:01:00Z")
            .await
            .count,
        2
    );
    // Cleared: from one.
    s.clear_attempts(AttemptKind::PickupCode, "s:desk")
        .await
        .unwrap();
    assert_eq!(
        charge(AttemptKind::PickupCode, "s:desk", "2026-11-26T03:02:00Z")
            .await
            .count,
        1
    );
    // Old windows are forgotten.
    assert_eq!(
        s.forget_attempts(t("2026-11-26T03:00:00Z")).await.unwrap(),
        2
    );
}

/// Sixty tries sent together: each sees its own count, so exactly the
/// limit's worth of them go on to check the secret.
async fn sixty_attempts_at_once_get_sixty_different_counts(s: Arc<dyn Storage>, _raw: Raw) {
    use hall::ports::AttemptKind;
    let at = t("2026-11-26T02:00:00Z");
    let tasks: Vec<_> = (0..60)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move {
                s.charge_attempt(AttemptKind::SignIn, "nc:wang.li|10.0.0.1", at, 900)
                    .await
                    .unwrap()
                    .count
            })
        })
        .collect();
    let mut counts = Vec::new();
    for task in tasks {
        counts.push(task.await.unwrap());
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=60).collect::<Vec<u32>>());
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn numbers(n: usize) -> Vec<ApplicationNumber> {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    (0..n)
        .map(|_| {
            let i = NEXT.fetch_add(1, Ordering::SeqCst);
            ApplicationNumber::from_indices(std::array::from_fn(|d| {
                ((i / 30u64.pow(d as u32)) % 30) as u8
            }))
        })
        .collect()
}

async fn submit(s: &Arc<dyn Storage>, key: &str, at: DateTime<Utc>) -> ApplicationNumber {
    let new = NewApplication {
        submission_key: SubmissionKey::parse(&format!("{key:-<16}")).unwrap(),
        payload_sha256: format!("hash-{key}"),
        matters: vec![MatterCode::parse("SCJG-001").unwrap()],
        values: Default::default(),
        applicant_masked: "张*".into(),
        submitted_at: at,
        promised_by: "2026-12-08".parse().unwrap(),
        draft: None,
        candidates: numbers(4),
        applicant_mobile_key: None,
        channel: domain::trip::Channel::Phone,
        assisted: None,
        applicant_id_key: None,
        notification: Some(domain::notification::Notification::new(
            domain::notification::NotificationEvent::Submitted,
            domain::MobileNumber::parse("13800138000").ok(),
            "张*",
        )),
    };
    s.submit(new).await.unwrap().record().number.clone()
}

fn record(action: &str, subject: &str) -> AuditRecord {
    AuditRecord::new(
        t("2026-11-24T02:00:00.123456Z"),
        "wang.li",
        "front_desk",
        action,
        subject,
    )
}

async fn add(s: &Arc<dyn Storage>, name: &str, role: StaffRole) -> i64 {
    s.add_staff(
        NewStaffAccount {
            name: StaffName::parse(name).unwrap(),
            display_name: "王力".into(),
            role,
            departments: if role == StaffRole::Reviewer {
                vec![DepartmentCode::parse("SCJG").unwrap()]
            } else {
                vec![]
            },
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            created_at: t("2026-11-24T01:00:00Z"),
        },
        record("add_staff", name),
    )
    .await
    .unwrap()
    .expect("a new name")
}

async fn accounts_sessions_and_failures(s: Arc<dyn Storage>, _raw: Raw) {
    let id = add(&s, "wang.li", StaffRole::Reviewer).await;
    let taken = s
        .add_staff(
            NewStaffAccount {
                name: StaffName::parse("wang.li").unwrap(),
                display_name: String::new(),
                role: StaffRole::FrontDesk,
                departments: vec![],
                password_hash: String::new(),
                created_at: t("2026-11-24T01:00:00Z"),
            },
            record("add_staff", "wang.li"),
        )
        .await
        .unwrap();
    assert_eq!(taken, None);
    let account = s
        .staff_by_name(&StaffName::parse("wang.li").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((account.id, account.role), (id, StaffRole::Reviewer));
    assert_eq!(account.departments[0].as_str(), "SCJG");

    for (sid, at) in [
        ("a", "2026-11-24T01:00:00.5Z"),
        ("b", "2026-11-24T01:01:00Z"),
    ] {
        s.create_session(
            StaffSessionRecord {
                id_sha256: sid.into(),
                staff_id: id,
                csrf_token: format!("csrf-{sid}"),
                created_at: t(at),
                last_seen_at: t(at),
            },
            record("sign_in", ""),
        )
        .await
        .unwrap();
    }
    let (session, who) = s.session("a").await.unwrap().unwrap();
    assert_eq!((session.csrf_token.as_str(), who.id), ("csrf-a", id));
    assert_eq!(session.created_at, t("2026-11-24T01:00:00.5Z"));
    s.touch_session("a", t("2026-11-24T01:20:00Z"))
        .await
        .unwrap();
    assert_eq!(
        s.session("a").await.unwrap().unwrap().0.last_seen_at,
        t("2026-11-24T01:20:00Z")
    );
    s.delete_session("b").await.unwrap();
    assert!(s.session("b").await.unwrap().is_none());
    assert_eq!(
        s.delete_sessions_of(id, record("sign_out_everywhere", ""))
            .await
            .unwrap(),
        1
    );
    assert!(s.session("a").await.unwrap().is_none());

    // Audited: the account, two sign-ins, signing out everywhere (not the
    // refused duplicate).
    assert_eq!(verify(s.as_ref()).await.unwrap(), 4);
}

fn decision(number: &ApplicationNumber, transition: Transition, at: &str) -> DecisionRecord {
    DecisionRecord {
        number: number.clone(),
        transition,
        decision: Some(Decision::Refuse {
            reason: "不属于本机关职权范围".into(),
        }),
        staff_name: StaffName::parse("wang.li").unwrap(),
        staff_display_name: "王力".into(),
        decided_at: t(at),
    }
}

async fn a_decision_moves_the_application_once_and_is_audited(s: Arc<dyn Storage>, _raw: Raw) {
    let number = submit(&s, "decide", t("2026-11-24T02:00:00Z")).await;
    let first = s
        .decide(DecideChange {
            record: decision(&number, Transition::Refuse, "2026-11-24T03:00:00.25Z"),
            from: ApplicationStatus::Submitted,
            to: ApplicationStatus::Refused,
            promised_by: None,
            tasks: vec![],
            audit: record("refuse", number.as_str()),
            notifications: vec![],
        })
        .await
        .unwrap();
    assert_eq!(first, DecideOutcome::Decided);
    let again = s
        .decide(DecideChange {
            record: decision(&number, Transition::Accept, "2026-11-24T03:01:00Z"),
            from: ApplicationStatus::Submitted,
            to: ApplicationStatus::Accepted,
            promised_by: None,
            tasks: vec![],
            audit: record("accept", number.as_str()),
            notifications: vec![],
        })
        .await
        .unwrap();
    let DecideOutcome::NotInState { status, latest } = again else {
        panic!("{again:?}")
    };
    assert_eq!(status, ApplicationStatus::Refused);
    let latest = latest.unwrap();
    assert_eq!(latest.decided_at, t("2026-11-24T03:00:00.25Z"));
    assert_eq!(latest.staff_display_name, "王力");

    let file = s.staff_application(&number).await.unwrap().unwrap();
    assert_eq!(file.record.status, ApplicationStatus::Refused);
    assert_eq!(
        file.record.promised_by.to_string(),
        "2026-12-08",
        "kept when no new date is given"
    );
    assert_eq!(file.decisions.len(), 1);
    assert!(matches!(
        file.decisions[0].decision,
        Some(Decision::Refuse { .. })
    ));
    assert_eq!(
        s.application(&number).await.unwrap().unwrap().status,
        ApplicationStatus::Refused
    );
    // Only the decision that happened is in the log.
    let events = s.audit_events(0, 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].record.action, "refuse");
    assert_eq!(verify(s.as_ref()).await.unwrap(), 1);

    let unknown = numbers(1).remove(0);
    assert_eq!(
        s.decide(DecideChange {
            record: decision(&unknown, Transition::Accept, "2026-11-24T03:00:00Z"),
            from: ApplicationStatus::Submitted,
            to: ApplicationStatus::Accepted,
            promised_by: None,
            tasks: vec![],
            audit: record("accept", unknown.as_str()),
            notifications: vec![]
        })
        .await
        .unwrap(),
        DecideOutcome::NotFound
    );
}

async fn twenty_desks_at_once_one_decision(s: Arc<dyn Storage>, _raw: Raw) {
    let number = submit(&s, "race", t("2026-11-24T02:00:00Z")).await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let s = s.clone();
            let number = number.clone();
            tokio::spawn(async move {
                let (transition, to) = if i % 2 == 0 {
                    (Transition::Accept, ApplicationStatus::Accepted)
                } else {
                    (Transition::Refuse, ApplicationStatus::Refused)
                };
                s.decide(DecideChange {
                    record: decision(&number, transition, "2026-11-24T03:00:00Z"),
                    from: ApplicationStatus::Submitted,
                    to,
                    promised_by: None,
                    tasks: vec![],
                    audit: record(transition.as_str(), number.as_str()),
                    notifications: vec![],
                })
                .await
                .unwrap()
            })
        })
        .collect();
    let mut decided = 0;
    for task in tasks {
        if task.await.unwrap() == DecideOutcome::Decided {
            decided += 1;
        }
    }
    assert_eq!(decided, 1);
    let file = s.staff_application(&number).await.unwrap().unwrap();
    assert_eq!(file.decisions.len(), 1);
    assert_eq!(verify(s.as_ref()).await.unwrap(), 1);
}

async fn the_queue_is_oldest_first_in_keyset_pages(s: Arc<dyn Storage>, _raw: Raw) {
    let base = t("2026-11-24T02:00:00Z");
    let mut expected = Vec::new();
    for i in 0..7 {
        // Two share a time: the number breaks the tie.
        let at = base + Duration::minutes(i64::from(i / 2 * 3));
        expected.push((at, submit(&s, &format!("queue{i}"), at).await));
    }
    expected.sort();
    let refused = expected.remove(2).1;
    s.decide(DecideChange {
        record: decision(&refused, Transition::Refuse, "2026-11-24T03:00:00Z"),
        from: ApplicationStatus::Submitted,
        to: ApplicationStatus::Refused,
        promised_by: None,
        tasks: vec![],
        audit: record("refuse", refused.as_str()),
        notifications: vec![],
    })
    .await
    .unwrap();
    assert_eq!(s.count_front_desk_queue(100).await.unwrap(), 6);
    assert_eq!(
        s.count_front_desk_queue(4).await.unwrap(),
        4,
        "counted up to the cap"
    );
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = s
            .front_desk_queue(QueueQuery {
                after: after.clone(),
                limit: 4,
            })
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some((last.queued_at, last.record.number.clone()));
        seen.extend(page.into_iter().map(|e| (e.queued_at, e.record.number)));
    }
    assert_eq!(seen, expected);
}

async fn log_of_five(s: &Arc<dyn Storage>) {
    for i in 1..=5 {
        s.append_audit(record("view_personal_data", &format!("A{i}")))
            .await
            .unwrap();
    }
    assert_eq!(verify(s.as_ref()).await.unwrap(), 5);
}

fn broken(r: Result<i64, AuditVerifyError>) -> ChainBreak {
    match r {
        Err(AuditVerifyError::Broken(b)) => b,
        other => panic!("expected a break, got {other:?}"),
    }
}

async fn verify_names_an_edited_event(s: Arc<dyn Storage>, raw: Raw) {
    log_of_five(&s).await;
    raw.exec(raw.unguard()).await;
    raw.exec(&["UPDATE audit_events SET subject = 'B3' WHERE seq = 3"])
        .await;
    assert_eq!(
        broken(verify(s.as_ref()).await),
        ChainBreak::Edited { seq: 3 }
    );
}

async fn verify_names_a_deleted_event(s: Arc<dyn Storage>, raw: Raw) {
    log_of_five(&s).await;
    raw.exec(raw.unguard()).await;
    raw.exec(&["DELETE FROM audit_events WHERE seq = 2"]).await;
    assert_eq!(
        broken(verify(s.as_ref()).await),
        ChainBreak::Missing {
            expected: 2,
            found: 3
        }
    );
    raw.exec(&["DELETE FROM audit_events WHERE seq >= 2"]).await;
    assert_eq!(
        broken(verify(s.as_ref()).await),
        ChainBreak::Truncated { last: 1, head: 5 }
    );
}

async fn verify_names_reordered_events(s: Arc<dyn Storage>, raw: Raw) {
    log_of_five(&s).await;
    raw.exec(raw.unguard()).await;
    raw.exec(&[
        "UPDATE audit_events SET seq = 100 WHERE seq = 2",
        "UPDATE audit_events SET seq = 2 WHERE seq = 4",
        "UPDATE audit_events SET seq = 4 WHERE seq = 100",
    ])
    .await;
    assert_eq!(
        broken(verify(s.as_ref()).await),
        ChainBreak::Edited { seq: 2 }
    );
}

async fn the_breach_list_is_by_key(s: Arc<dyn Storage>, _raw: Raw) {
    assert!(!s.on_breach_list("k1").await.unwrap());
    s.add_to_breach_list("k1", "承诺未履行", t("2026-11-24T02:00:00Z"))
        .await
        .unwrap();
    s.add_to_breach_list("k1", "again", t("2026-11-24T02:00:00Z"))
        .await
        .unwrap();
    assert!(s.on_breach_list("k1").await.unwrap());
    assert!(!s.on_breach_list("k2").await.unwrap());
}

async fn accepting_sets_the_promised_date_from_acceptance(s: Arc<dyn Storage>, _raw: Raw) {
    let number = submit(&s, "promise", t("2026-11-24T02:00:00Z")).await;
    let moved = s
        .decide(DecideChange {
            record: decision(&number, Transition::Accept, "2026-12-03T02:00:00Z"),
            from: ApplicationStatus::Submitted,
            to: ApplicationStatus::Accepted,
            promised_by: Some("2026-12-17".parse().unwrap()),
            tasks: vec![],
            audit: record("accept", number.as_str()),
            notifications: vec![],
        })
        .await
        .unwrap();
    assert_eq!(moved, DecideOutcome::Decided);
    let record = s.application(&number).await.unwrap().unwrap();
    assert_eq!(record.promised_by.to_string(), "2026-12-17");
}

fn review_task(
    matter: &str,
    part: u16,
    dept: &str,
    due: Option<&str>,
) -> hall::ports::NewReviewTask {
    use domain::review::ReviewStatus;
    let started: chrono::NaiveDate = "2026-11-24".parse().unwrap();
    hall::ports::NewReviewTask {
        matter: MatterCode::parse(matter).unwrap(),
        part,
        department: DepartmentCode::parse(dept).unwrap(),
        waits_for: None,
        state: hall::ports::ReviewTaskState {
            status: if due.is_some() {
                ReviewStatus::InReview
            } else {
                ReviewStatus::SpecialStep
            },
            deadline: domain::deadline::Deadline::start(started, 5),
            sort_due: due
                .map(|d| d.parse().unwrap())
                .unwrap_or_else(hall::ports::no_due_date),
            extended: false,
            decision: None,
            decided_by: None,
            decided_at: None,
        },
    }
}

async fn review_tasks_are_listed_by_time_left_and_changed_at_one_version(
    s: Arc<dyn Storage>,
    _raw: Raw,
) {
    use domain::review::{ReviewDecision, ReviewStatus};
    use hall::ports::{ReviewChange, ReviewChangeOutcome};
    let a = submit(&s, "review-a", t("2026-11-24T02:00:00Z")).await;
    let b = submit(&s, "review-b", t("2026-11-24T02:00:01Z")).await;
    for (number, tasks) in [
        (
            &a,
            vec![
                review_task("ZRZY-DJ-003", 0, "ZRZY", Some("2026-12-01")),
                review_task("ZRZY-DJ-003", 1, "SW", Some("2026-11-27")),
            ],
        ),
        (
            &b,
            vec![
                review_task("ZRZY-DJ-003", 0, "ZRZY", None),
                review_task("GA-HJ-001", 0, "GA", Some("2026-11-30")),
            ],
        ),
    ] {
        let moved = s
            .decide(DecideChange {
                record: decision(number, Transition::Accept, "2026-11-24T03:00:00Z"),
                from: ApplicationStatus::Submitted,
                to: ApplicationStatus::Accepted,
                promised_by: None,
                tasks,
                audit: record("accept", number.as_str()),
                notifications: vec![],
            })
            .await
            .unwrap();
        assert_eq!(moved, DecideOutcome::Decided);
    }
    let zrzy = [DepartmentCode::parse("ZRZY").unwrap()];
    let mine = s.review_queue(Some(&zrzy), 10).await.unwrap();
    let order: Vec<_> = mine
        .iter()
        .map(|e| (e.task.number.clone(), e.task.status))
        .collect();
    // Soonest due first; the paused task (its clock stands still) last.
    assert_eq!(
        order,
        vec![
            (a.clone(), ReviewStatus::InReview),
            (b.clone(), ReviewStatus::SpecialStep)
        ]
    );
    let all = s.review_queue(None, 10).await.unwrap();
    let due: Vec<_> = all.iter().map(|e| e.task.department.to_string()).collect();
    assert_eq!(due, ["SW", "GA", "ZRZY", "ZRZY"]);
    assert_eq!(s.review_queue(None, 2).await.unwrap().len(), 2);

    let file = s.review_file(&a).await.unwrap().unwrap();
    assert_eq!(file.status, ApplicationStatus::Accepted);
    assert_eq!(file.tasks.len(), 2);
    let sw = file.tasks[1].clone();
    assert_eq!(sw.department.as_str(), "SW");
    let approved = hall::ports::ReviewTaskState {
        status: ReviewStatus::Approved,
        deadline: sw.deadline.clone(),
        sort_due: hall::ports::no_due_date(),
        extended: false,
        decision: Some(ReviewDecision::Approve {
            results: Default::default(),
        }),
        decided_by: Some((StaffName::parse("review.sw").unwrap(), "税务审核".into())),
        decided_at: Some(t("2026-11-25T03:00:00.5Z")),
    };
    let change = ReviewChange {
        number: a.clone(),
        expected_version: file.version,
        application: None,
        tasks: vec![(sw.id, approved.clone())],
        fill: vec![],
        audit: vec![record("review_approve", a.as_str())],
        notifications: vec![],
    };
    assert_eq!(
        s.change_review(change.clone()).await.unwrap(),
        ReviewChangeOutcome::Applied
    );
    // Read at the old version: stale, and nothing is written.
    let head = s.audit_head().await.unwrap();
    assert_eq!(
        s.change_review(ReviewChange {
            application: Some((ApplicationStatus::Accepted, ApplicationStatus::Approved)),
            ..change
        })
        .await
        .unwrap(),
        ReviewChangeOutcome::Stale
    );
    assert_eq!(s.audit_head().await.unwrap(), head);
    let again = s.review_file(&a).await.unwrap().unwrap();
    assert_eq!(again.status, ApplicationStatus::Accepted);
    assert_eq!(again.version, file.version + 1);
    let stored = s.review_task(sw.id).await.unwrap().unwrap();
    assert_eq!(stored.status, ReviewStatus::Approved);
    assert_eq!(stored.decision, approved.decision);
    assert_eq!(stored.decided_at, Some(t("2026-11-25T03:00:00.5Z")));
    assert_eq!(stored.decided_by_name.as_deref(), Some("税务审核"));
    // Approved tasks leave the lists.
    let all = s.review_queue(None, 10).await.unwrap();
    assert_eq!(all.len(), 3);

    // A withdrawal closes every open task of the application.
    s.decide(DecideChange {
        record: decision(&b, Transition::Withdraw, "2026-11-26T03:00:00Z"),
        from: ApplicationStatus::Accepted,
        to: ApplicationStatus::Withdrawn,
        promised_by: None,
        tasks: vec![],
        audit: record("withdraw", b.as_str()),
        notifications: vec![],
    })
    .await
    .unwrap();
    let closed = s.review_file(&b).await.unwrap().unwrap();
    assert!(closed
        .tasks
        .iter()
        .all(|t| t.status == ReviewStatus::Closed));
    assert_eq!(s.review_queue(None, 10).await.unwrap().len(), 1);
}

/// Submitted, accepted and approved (no review tasks needed here).
async fn approved(s: &Arc<dyn Storage>, key: &str) -> ApplicationNumber {
    use hall::ports::{ReviewChange, ReviewChangeOutcome};
    let n = submit(s, key, t("2026-11-24T02:00:00Z")).await;
    let moved = s
        .decide(DecideChange {
            record: decision(&n, Transition::Accept, "2026-11-24T03:00:00Z"),
            from: ApplicationStatus::Submitted,
            to: ApplicationStatus::Accepted,
            promised_by: None,
            tasks: vec![],
            audit: record("accept", n.as_str()),
            notifications: vec![],
        })
        .await
        .unwrap();
    assert_eq!(moved, DecideOutcome::Decided);
    let version = s.review_file(&n).await.unwrap().unwrap().version;
    let change = ReviewChange {
        number: n.clone(),
        expected_version: version,
        application: Some((ApplicationStatus::Accepted, ApplicationStatus::Approved)),
        tasks: vec![],
        fill: vec![],
        audit: vec![record("approve", n.as_str())],
        notifications: vec![],
    };
    assert_eq!(
        s.change_review(change).await.unwrap(),
        ReviewChangeOutcome::Applied
    );
    n
}

async fn issuing_once_then_fifty_desks_hand_over_once(s: Arc<dyn Storage>, _raw: Raw) {
    use domain::issuing::{Collector, Delivery, HandoverWay, LicenceCode, PickupCode};
    use hall::ports::{
        HandoverOutcome, HandoverRecord, IssueChange, IssuedDocumentRecord, NewPickup,
    };
    let n = approved(&s, "issue-a").await;
    let delivery = Delivery::Window { proxy: None };
    assert!(s
        .choose_delivery(&n, &delivery, record("choose_delivery", n.as_str()))
        .await
        .unwrap());
    let code = LicenceCode::from_bytes([3; 10]);
    let doc = IssuedDocumentRecord {
        code: code.clone(),
        number: n.clone(),
        position: 0,
        content: "{\"text\":1}".into(),
        seal: vec![1, 2, 3, 0, 255],
        issued_at: t("2026-11-25T02:00:00.25Z"),
        issued_by: StaffName::parse("issue.desk").unwrap(),
        revoked: None,
    };
    let pickup = |codes: &[&str]| NewPickup {
        number: n.clone(),
        candidates: codes
            .iter()
            .map(|c| PickupCode::parse(c).unwrap())
            .collect(),
        expires: "2026-12-25".parse().unwrap(),
        at: t("2026-11-25T02:00:00Z"),
    };
    let change = IssueChange {
        number: n.clone(),
        documents: vec![doc.clone()],
        pickup: Some(pickup(&["12345678"])),
        audit: record("issue", n.as_str()),
        notifications: vec![],
    };
    assert_eq!(s.issue(change.clone()).await.unwrap(), Ok(()));
    // Issued once: a second issue finds it issued and writes nothing.
    assert_eq!(
        s.issue(change).await.unwrap(),
        Err(ApplicationStatus::Issued)
    );
    assert_eq!(s.issued_document(&code).await.unwrap(), Some(doc));
    // Too late to change the delivery.
    assert!(!s
        .choose_delivery(&n, &delivery, record("choose_delivery", n.as_str()))
        .await
        .unwrap());
    let first = s
        .pickup_by_code(&PickupCode::parse("12345678").unwrap())
        .await
        .unwrap()
        .unwrap();
    // A new code: the first one is revoked, a taken candidate skipped.
    let other = approved(&s, "issue-b").await;
    let mut change_b = IssueChange {
        number: other.clone(),
        documents: vec![],
        pickup: Some(pickup(&["87654321"])),
        audit: record("issue", other.as_str()),
        notifications: vec![],
    };
    change_b.pickup.as_mut().unwrap().number = other.clone();
    assert_eq!(s.issue(change_b).await.unwrap(), Ok(()));
    let renewed = s
        .new_pickup(
            pickup(&["87654321", "11112222"]),
            record("renew", n.as_str()),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(renewed.code.as_str(), "11112222");
    let old = s.pickup(first.serial).await.unwrap().unwrap();
    assert!(old.revoked_at.is_some() && !old.is_live());
    // The replaced code still names its token (revoked), not a live one.
    let again = s
        .pickup_by_code(&PickupCode::parse("12345678").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.serial, first.serial);
    assert!(!again.is_live());
    assert_eq!(
        s.pickup_by_code(&PickupCode::parse("99999999").unwrap())
            .await
            .unwrap(),
        None
    );
    let handover = |serial: i64, i: usize| HandoverRecord {
        number: n.clone(),
        way: HandoverWay::Window {
            serial,
            collector: Collector::Applicant,
            name: "张三".into(),
            id_masked: "110***********002X".into(),
        },
        items: vec!["营业执照".into()],
        at: t("2026-11-26T02:00:00Z"),
        place: format!("desk {i}"),
        by: StaffName::parse("issue.desk").unwrap(),
        by_name: "出件窗口".into(),
    };
    // The revoked token opens nothing.
    assert_eq!(
        s.hand_over(
            handover(first.serial, 0),
            record("hand_over", n.as_str()),
            vec![],
            vec![],
        )
        .await
        .unwrap(),
        HandoverOutcome::NotLive(ApplicationStatus::Issued)
    );
    // What each desk would count as finished: the one that wins counts it.
    let month = domain::period::Month::parse("2026-11").unwrap();
    let finished = domain::period::FinishedService {
        number: n.clone(),
        matter: domain::MatterCode::parse("SCJG-001").unwrap(),
        department: domain::DepartmentCode::parse("SCJG").unwrap(),
        month,
        finished_on: "2026-11-26".parse().unwrap(),
        working_days: 2,
        within_promise: true,
        within_legal: true,
        trips: 1,
        kept_visit_promise: true,
        online: false,
    };
    let head = s.audit_head().await.unwrap().unwrap().0;
    let desks = (0..50).map(|i| {
        let s = s.clone();
        let h = handover(renewed.serial, i);
        let a = record("hand_over", n.as_str());
        let f = vec![finished.clone()];
        tokio::spawn(async move { s.hand_over(h, a, vec![], f).await.unwrap() })
    });
    let outcomes: Vec<HandoverOutcome> = futures::future::join_all(desks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let done = outcomes
        .iter()
        .filter(|o| **o == HandoverOutcome::Done)
        .count();
    assert_eq!(done, 1, "{outcomes:?}");
    let record_ = s.issuing_record(&n).await.unwrap().unwrap();
    let winner = record_.handover.clone().unwrap();
    for o in &outcomes {
        assert!(
            *o == HandoverOutcome::Done || *o == HandoverOutcome::Already(Box::new(winner.clone())),
            "{o:?}"
        );
    }
    assert_eq!(record_.application.status, ApplicationStatus::Delivered);
    assert!(record_.pickup.unwrap().used_at.is_some());
    assert_eq!(
        s.audit_head().await.unwrap().unwrap().0,
        head + 1,
        "one handover, one audit event"
    );
    // Counted once, in the month's figures and in the desk's work.
    let figures = s.service_figures(month).await.unwrap();
    assert_eq!(figures.len(), 1, "{figures:?}");
    let (matter, f) = &figures[0];
    assert_eq!(matter, &finished.matter);
    assert_eq!(
        (f.finished, f.within_promise, f.one_visit, f.online),
        (1, 1, 1, 0)
    );
    assert_eq!(f.days, [(2, 1)].into());
    let list = s
        .finished_services(month, None, domain::period::FinishedFilter::All, 10)
        .await
        .unwrap();
    assert_eq!(list, vec![finished.clone()]);
    let work = s.work_done(month).await.unwrap();
    let handed = work.iter().find(|w| w.action == "hand_over").unwrap();
    assert_eq!((handed.count, handed.staff.as_str()), (1, "wang.li"));
}
