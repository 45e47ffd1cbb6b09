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
        draft_id: None,
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
    // The first draw is taken; the next free one is used.
    let mut draws = vec![fixed.clone()];
    let eight = ApplicationNumber::from_indices([8; 9]);
    let b = store
        .submit(new_app("k2", "李四"), move || {
            draws.pop().unwrap_or(eight.clone())
        })
        .await
        .unwrap();
    assert_eq!(a.record().number, fixed);
    assert_eq!(b.record().number, ApplicationNumber::from_indices([8; 9]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_submissions_are_committed_together_and_each_once() {
    let (store, _dir) = store().await;
    let random = || {
        let mut n = rand_indices();
        move || ApplicationNumber::from_indices(n())
    };
    // 300 different applications and 100 repeats of one key, all at once.
    let mut tasks = Vec::new();
    for i in 0..400 {
        let store = store.clone();
        let key = if i < 300 {
            format!("key-{i}")
        } else {
            "same".to_string()
        };
        let next = random();
        tasks.push(tokio::spawn(async move {
            store.submit(new_app(&key, "张三"), next).await
        }));
    }
    let mut numbers = std::collections::BTreeSet::new();
    let mut same = std::collections::BTreeSet::new();
    for (i, t) in tasks.into_iter().enumerate() {
        let outcome = t.await.unwrap().unwrap();
        if i < 300 {
            numbers.insert(outcome.record().number.clone());
        } else {
            same.insert(outcome.record().number.clone());
        }
    }
    assert_eq!(numbers.len(), 300);
    assert_eq!(same.len(), 1);
    assert_eq!(store.count_applications().await.unwrap(), 301);
}

/// Distinct-enough numbers without a random-number crate in this test.
fn rand_indices() -> impl FnMut() -> [u8; 9] {
    use std::sync::atomic::AtomicU64;
    static SEED: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    move || {
        let mut x = SEED.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::SeqCst);
        std::array::from_fn(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 59) as u8 % 30
        })
    }
}
