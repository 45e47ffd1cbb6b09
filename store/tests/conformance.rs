//! One suite for the storage ports, run against both backends: every test
//! below exists once for SQLite (a temp file) and once for PostgreSQL (a
//! fresh database on the throwaway cluster of scripts/with-postgres.sh).

use chrono::{DateTime, Duration, Utc};
use domain::{
    ApplicationNumber, ApplyTarget, BundleCode, DraftId, FieldKey, FieldKind, FieldSpec,
    FormSchema, FormValues, Localized, MatterCode, ResumeCode, SubmissionKey, VisitToken,
};
use hall::ports::{NewApplication, NewDraft, SubmitOutcome};
use hall::{Storage, StorageError};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use store::testing::demo_catalog;

type Guard = Option<tempfile::TempDir>;

async fn sqlite() -> (Arc<dyn Storage>, Guard) {
    let dir = tempfile::tempdir().unwrap();
    let s = store::SqliteStore::open(&dir.path().join("hall.db"))
        .await
        .unwrap();
    (Arc::new(s), Some(dir))
}

async fn postgres() -> (Arc<dyn Storage>, Guard) {
    let url = store::testing::fresh_postgres_database().await;
    (
        Arc::new(store::PostgresStore::open(&url, 16).await.unwrap()),
        None,
    )
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (s, _guard) = super::sqlite().await;
                    super::$name(s).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let (s, _guard) = super::postgres().await;
                    super::$name(s).await;
                }
            )*
        }
    };
}

conformance!(
    the_backend_answers,
    a_submission_is_stored_once_and_found_by_number,
    the_same_key_with_other_content_is_refused,
    a_taken_number_is_drawn_again,
    when_every_candidate_is_taken_it_says_so,
    concurrent_submissions_are_each_stored_once,
    a_draft_keeps_answers_until_it_expires,
    a_taken_resume_code_is_drawn_again_and_submission_wipes_answers,
    the_catalog_is_replaced_as_a_whole,
);

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn name_form() -> FormSchema {
    FormSchema {
        fields: vec![FieldSpec {
            key: FieldKey::parse("applicant_name").unwrap(),
            label: Localized::new("姓名", "Name"),
            kind: FieldKind::Text { max_len: 30 },
            required: true,
            help: None,
            visible_when: None,
        }],
    }
}

fn values(name: &str) -> FormValues {
    name_form()
        .validate(
            &[("applicant_name".into(), name.into())],
            domain::CalendarDay::new(2026, 11, 24).unwrap(),
        )
        .unwrap()
}

fn key(k: &str) -> SubmissionKey {
    SubmissionKey::parse(&format!("{k:-<16}")).unwrap()
}

/// Distinct numbers without randomness: a counter in base 30.
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

fn new_app(k: &str, name: &str, candidates: Vec<ApplicationNumber>) -> NewApplication {
    NewApplication {
        submission_key: key(k),
        payload_sha256: format!("hash-of-{name}"),
        matters: vec![
            MatterCode::parse("SCJG-002").unwrap(),
            MatterCode::parse("SCJG-001").unwrap(),
        ],
        values: values(name),
        applicant_masked: domain::masking::mask_name(name),
        submitted_at: t("2026-11-24T02:00:00.123456Z"),
        promised_by: "2026-11-27".parse().unwrap(),
        draft: None,
        candidates,
        applicant_mobile_key: None,
        channel: domain::trip::Channel::Phone,
        assisted: None,
        applicant_id_key: None,
        notification: Some(domain::notification::Notification::new(
            domain::notification::NotificationEvent::Submitted,
            domain::MobileNumber::parse("13800138000").ok(),
            "张*",
        )),
    }
}

async fn the_backend_answers(s: Arc<dyn Storage>) {
    s.ping().await.unwrap();
    assert!(["sqlite", "postgres"].contains(&s.backend()));
}

async fn a_submission_is_stored_once_and_found_by_number(s: Arc<dyn Storage>) {
    let first = s.submit(new_app("k1", "张三", numbers(8))).await.unwrap();
    assert!(matches!(first, SubmitOutcome::Created(_)));
    let again = s.submit(new_app("k1", "张三", numbers(8))).await.unwrap();
    assert_eq!(
        again,
        SubmitOutcome::AlreadySubmitted(first.record().clone())
    );
    let found = s
        .application(&first.record().number)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&found, first.record());
    assert_eq!(found.applicant_masked, "张*");
    // In the order applied for (a life event's order), not by code.
    assert_eq!(
        found.matters,
        vec![
            MatterCode::parse("SCJG-002").unwrap(),
            MatterCode::parse("SCJG-001").unwrap()
        ]
    );
    assert_eq!(found.submitted_at, t("2026-11-24T02:00:00.123456Z"));
    assert_eq!(s.count_applications().await.unwrap(), 1);
    let unknown = numbers(1).remove(0);
    assert_eq!(s.application(&unknown).await.unwrap(), None);
}

async fn the_same_key_with_other_content_is_refused(s: Arc<dyn Storage>) {
    s.submit(new_app("k1", "张三", numbers(8))).await.unwrap();
    let err = s
        .submit(new_app("k1", "李四", numbers(8)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StorageError::KeyReusedWithDifferentPayload),
        "{err:?}"
    );
    assert_eq!(s.count_applications().await.unwrap(), 1);
}

async fn a_taken_number_is_drawn_again(s: Arc<dyn Storage>) {
    let taken = numbers(1).remove(0);
    let a = s
        .submit(new_app("k1", "张三", vec![taken.clone()]))
        .await
        .unwrap();
    assert_eq!(a.record().number, taken);
    let free = numbers(1).remove(0);
    let b = s
        .submit(new_app("k2", "李四", vec![taken.clone(), free.clone()]))
        .await
        .unwrap();
    assert_eq!(b.record().number, free);
}

async fn when_every_candidate_is_taken_it_says_so(s: Arc<dyn Storage>) {
    let taken = numbers(1).remove(0);
    s.submit(new_app("k1", "张三", vec![taken.clone()]))
        .await
        .unwrap();
    let err = s
        .submit(new_app("k2", "李四", vec![taken.clone(), taken]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StorageError::CandidatesExhausted(_)),
        "{err:?}"
    );
    assert_eq!(s.count_applications().await.unwrap(), 1);
}

async fn concurrent_submissions_are_each_stored_once(s: Arc<dyn Storage>) {
    // 300 different applications and 100 repeats of one key, all at once.
    let tasks: Vec<_> = (0..400)
        .map(|i| {
            let s = s.clone();
            let k = if i < 300 {
                format!("key-{i}")
            } else {
                "same".into()
            };
            let app = new_app(&k, "张三", numbers(8));
            tokio::spawn(async move { s.submit(app).await })
        })
        .collect();
    let mut distinct = BTreeSet::new();
    let mut same = BTreeSet::new();
    for (i, task) in tasks.into_iter().enumerate() {
        let number = task.await.unwrap().unwrap().record().number.clone();
        if i < 300 {
            distinct.insert(number);
        } else {
            same.insert(number);
        }
    }
    assert_eq!(distinct.len(), 300);
    assert_eq!(same.len(), 1);
    assert_eq!(s.count_applications().await.unwrap(), 301);
}

fn visit(n: u128) -> VisitToken {
    VisitToken::from_bits(n)
}

fn new_draft(id: u128, now: DateTime<Utc>, codes: Vec<ResumeCode>) -> NewDraft {
    NewDraft {
        id: DraftId::from_bits(id),
        target: ApplyTarget::Bundle(BundleCode::parse("YJS-KCG").unwrap()),
        submission_key: SubmissionKey::from_bits(id),
        now,
        expires_at: now + Duration::seconds(100),
        holder: visit(1),
        resume_codes: codes,
        assisted_by: None,
    }
}

async fn a_draft_keeps_answers_until_it_expires(s: Arc<dyn Storage>) {
    let t0 = t("2026-11-24T02:00:00Z");
    let at = |secs: i64| t0 + Duration::seconds(secs);
    let created = s
        .create_draft(new_draft(1, t0, vec![ResumeCode::from_indices([1; 7])]))
        .await
        .unwrap();
    assert_eq!(created.expires_at, at(100));
    let answers = vec![
        ("applicant_name".to_string(), "张三".to_string()),
        ("members.0.name".to_string(), "李四".to_string()),
    ];
    let rows = BTreeMap::from([("members".to_string(), 2)]);
    assert!(created.saved_steps.is_empty(), "no step saved yet");
    let steps = BTreeSet::from(["applicant".to_string(), "household".to_string()]);
    assert!(s
        .save_draft_answers(&created.id, &answers, &rows, &steps, at(50), at(150))
        .await
        .unwrap());
    let found = s
        .draft_by_resume_code(&created.resume_code, at(100))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.answers, answers);
    assert_eq!(found.rows, rows);
    assert_eq!(found.saved_steps, steps);
    assert_eq!(found.target, created.target);
    assert_eq!(found.holder, Some(visit(1)));
    assert!(s.hand_over_draft(&created.id, &visit(2)).await.unwrap());
    let moved = s.draft(&created.id, at(100)).await.unwrap().unwrap();
    assert_eq!(moved.holder, Some(visit(2)));
    // Saving pushed the expiry out; past it the draft is gone, then deleted.
    assert!(s.draft(&created.id, at(149)).await.unwrap().is_some());
    assert!(s.draft(&created.id, at(150)).await.unwrap().is_none());
    assert!(!s
        .save_draft_answers(&created.id, &answers, &rows, &steps, at(150), at(250))
        .await
        .unwrap());
    assert_eq!(s.delete_expired_drafts(at(150)).await.unwrap(), 1);
    assert_eq!(s.delete_expired_drafts(at(150)).await.unwrap(), 0);
}

async fn a_taken_resume_code_is_drawn_again_and_submission_wipes_answers(s: Arc<dyn Storage>) {
    let t0 = t("2026-11-24T02:00:00Z");
    let first = ResumeCode::from_indices([2; 7]);
    let second = ResumeCode::from_indices([3; 7]);
    let a = s
        .create_draft(new_draft(10, t0, vec![first.clone()]))
        .await
        .unwrap();
    let b = s
        .create_draft(new_draft(11, t0, vec![first.clone(), second.clone()]))
        .await
        .unwrap();
    assert_eq!(b.resume_code, second);
    let err = s
        .create_draft(new_draft(12, t0, vec![first, second]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StorageError::CandidatesExhausted(_)),
        "{err:?}"
    );

    let answers = vec![("applicant_name".to_string(), "李四".to_string())];
    let later = t0 + Duration::seconds(1);
    let until = later + Duration::seconds(100);
    s.save_draft_answers(
        &b.id,
        &answers,
        &BTreeMap::new(),
        &BTreeSet::new(),
        later,
        until,
    )
    .await
    .unwrap();
    let mut submission = new_app("draft-b", "李四", numbers(8));
    submission.draft = Some(b.id.clone());
    let number = s.submit(submission).await.unwrap().record().number.clone();
    let b = s.draft(&b.id, later).await.unwrap().unwrap();
    assert!(b.answers.is_empty());
    assert_eq!(b.application_number, Some(number));
    assert!(!s
        .save_draft_answers(
            &b.id,
            &answers,
            &BTreeMap::new(),
            &BTreeSet::new(),
            later,
            until
        )
        .await
        .unwrap());
    assert!(s.delete_draft(&a.id).await.unwrap());
    assert!(!s.delete_draft(&a.id).await.unwrap());
    assert!(s.draft(&a.id, later).await.unwrap().is_none());
}

async fn the_catalog_is_replaced_as_a_whole(s: Arc<dyn Storage>) {
    let catalog = demo_catalog();
    s.replace_catalog(&catalog).await.unwrap();
    s.replace_catalog(&catalog).await.unwrap();
    assert_eq!(s.matters().await.unwrap(), catalog.matters);
    assert_eq!(
        s.departments().await.unwrap().len(),
        catalog.departments.len()
    );
    let first = &catalog.matters[0];
    assert_eq!(s.matter(&first.code).await.unwrap().as_ref(), Some(first));
    assert_eq!(
        s.matter(&MatterCode::parse("NO-SUCH").unwrap())
            .await
            .unwrap(),
        None
    );
}
