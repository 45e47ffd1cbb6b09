//! The store against a real SQLite file.

use domain::{ApplicationNumber, FormValues, MatterCode};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU8, Ordering};
use store::{NewApplication, Store, StoreError, SubmitOutcome};

async fn store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("hall.db"))
        .await
        .unwrap();
    (store, dir)
}

fn new_app(key: &str, name: &str) -> NewApplication {
    NewApplication {
        submission_key: key.into(),
        matters: vec![MatterCode::parse("SCJG-001").unwrap()],
        values: FormValues(BTreeMap::from([(
            "applicant_name".to_string(),
            name.to_string(),
        )])),
        applicant_masked: domain::masking::mask_name(name),
        submitted_at: "2026-11-24T10:00:00+08:00".into(),
        promised_by: "2026-11-27".parse().unwrap(),
    }
}

fn counter_numbers() -> impl FnMut() -> ApplicationNumber {
    static NEXT: AtomicU8 = AtomicU8::new(0);
    || {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        ApplicationNumber::from_indices([n % 30, n / 30, 0, 0, 0, 0, 0, 0, 0])
    }
}

#[tokio::test]
async fn a_submission_is_stored_once_and_found_by_number() {
    let (store, _dir) = store().await;
    let first = store
        .submit(new_app("k1", "张三"), counter_numbers())
        .await
        .unwrap();
    assert!(matches!(first, SubmitOutcome::Created(_)));
    let again = store
        .submit(new_app("k1", "张三"), counter_numbers())
        .await
        .unwrap();
    assert_eq!(
        again,
        SubmitOutcome::AlreadySubmitted(first.record().clone())
    );
    let found = store
        .application(&first.record().number)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.applicant_masked, "张*");
    assert_eq!(found.matters, vec![MatterCode::parse("SCJG-001").unwrap()]);
    assert_eq!(store.count_applications().await.unwrap(), 1);
}

#[tokio::test]
async fn the_same_key_with_other_content_is_refused() {
    let (store, _dir) = store().await;
    store
        .submit(new_app("k1", "张三"), counter_numbers())
        .await
        .unwrap();
    let err = store
        .submit(new_app("k1", "李四"), counter_numbers())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::KeyReusedWithDifferentPayload));
}

#[tokio::test]
async fn a_taken_number_is_drawn_again() {
    let (store, _dir) = store().await;
    let fixed = ApplicationNumber::from_indices([7; 9]);
    let a = store
        .submit(new_app("k1", "张三"), || fixed.clone())
        .await
        .unwrap();
    let mut draws = vec![ApplicationNumber::from_indices([8; 9]), fixed.clone()];
    let b = store
        .submit(new_app("k2", "李四"), move || draws.pop().unwrap())
        .await
        .unwrap();
    assert_eq!(a.record().number, fixed);
    assert_eq!(b.record().number, ApplicationNumber::from_indices([8; 9]));
}
