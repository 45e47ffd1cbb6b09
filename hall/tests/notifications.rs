//! The outbox and its delivery rounds against a real store, on both
//! databases: written with the change, claimed by one worker at a time,
//! retried with a growing wait, given up after the policy's attempts, and
//! back by itself when a worker dies holding it.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use domain::notification::{Notification, NotificationEvent};
use domain::search::SearchIndex;
use domain::{
    ApplicationNumber, FormValues, MatterCode, MobileNumber, SubmissionKey, WorkingDayCalendar,
};
use hall::notifications::DeliveryPolicy;
use hall::ports::{
    Clock, DeliveryResult, DeliveryState, NewApplication, NotificationChannel, OutgoingMessage,
    ReviewChange, ReviewChangeOutcome,
};
use hall::{CatalogIndex, Hall, Storage};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

struct FixedClock(Mutex<DateTime<Utc>>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl FixedClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

/// Answers as told: `fail_first` retryable failures, then deliveries.
struct Scripted {
    fail_first: AtomicU32,
    reject: bool,
    delivered: Mutex<Vec<String>>,
}

impl Scripted {
    fn new(fail_first: u32, reject: bool) -> Self {
        Self {
            fail_first: AtomicU32::new(fail_first),
            reject,
            delivered: Mutex::new(vec![]),
        }
    }
}

#[async_trait]
impl NotificationChannel for Scripted {
    fn name(&self) -> &'static str {
        "scripted"
    }

    async fn deliver(&self, m: &OutgoingMessage) -> DeliveryResult {
        if self.reject {
            return DeliveryResult::Rejected("isv.MOBILE_NUMBER_ILLEGAL".into());
        }
        let left = self.fail_first.load(Ordering::SeqCst);
        if left > 0 {
            self.fail_first.store(left - 1, Ordering::SeqCst);
            return DeliveryResult::Retry {
                after: None,
                error: "gateway down".into(),
            };
        }
        self.delivered.lock().unwrap().push(m.dedup_key.clone());
        DeliveryResult::Delivered
    }
}

fn t0() -> DateTime<Utc> {
    "2026-12-07T02:00:00Z".parse().unwrap()
}

fn hall_on(storage: Arc<dyn Storage>, clock: Arc<FixedClock>) -> Hall {
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

fn policy() -> DeliveryPolicy {
    DeliveryPolicy {
        max_attempts: 3,
        first_backoff: std::time::Duration::from_secs(10),
        max_backoff: std::time::Duration::from_secs(60),
        lease: std::time::Duration::from_secs(30),
        batch: 64,
        parallel: 4,
    }
}

fn mobile() -> Option<MobileNumber> {
    MobileNumber::parse("13812345678").ok()
}

static NEXT: AtomicU64 = AtomicU64::new(1);

/// A stored application whose submission tells `recipient`.
async fn submitted(
    storage: &Arc<dyn Storage>,
    recipient: Option<MobileNumber>,
) -> ApplicationNumber {
    let i = NEXT.fetch_add(1, Ordering::SeqCst);
    let number = ApplicationNumber::from_indices(std::array::from_fn(|d| {
        ((i / 30u64.pow(d as u32)) % 30) as u8
    }));
    storage
        .submit(NewApplication {
            submission_key: SubmissionKey::from_bits(u128::from(i) << 20),
            payload_sha256: format!("p{i}"),
            matters: vec![MatterCode::parse("SCJG-001").unwrap()],
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
            notification: Some(Notification::new(
                NotificationEvent::Submitted,
                recipient,
                "张*",
            )),
        })
        .await
        .unwrap();
    number
}

async fn a_message_is_retried_then_sent_once(storage: Arc<dyn Storage>) {
    let clock = Arc::new(FixedClock(Mutex::new(t0())));
    let hall = hall_on(storage.clone(), clock.clone());
    let number = submitted(&storage, mobile()).await;
    let channel = Scripted::new(2, false);

    let first = hall
        .deliver_notifications(&channel, &policy())
        .await
        .unwrap();
    assert_eq!((first.claimed, first.retried), (1, 1));
    // Not due again before its wait (10 s after the first failure).
    clock.advance(Duration::seconds(5));
    let early = hall
        .deliver_notifications(&channel, &policy())
        .await
        .unwrap();
    assert_eq!(early.claimed, 0, "due only after the backoff");
    clock.advance(Duration::seconds(6));
    let second = hall
        .deliver_notifications(&channel, &policy())
        .await
        .unwrap();
    assert_eq!(second.retried, 1);
    // The wait doubles: 20 s after the second failure.
    clock.advance(Duration::seconds(15));
    assert_eq!(
        hall.deliver_notifications(&channel, &policy())
            .await
            .unwrap()
            .claimed,
        0
    );
    clock.advance(Duration::seconds(6));
    let third = hall
        .deliver_notifications(&channel, &policy())
        .await
        .unwrap();
    assert_eq!(third.sent, 1);
    assert_eq!(channel.delivered.lock().unwrap().len(), 1);

    let kept = storage.notifications_of(&number).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].state, DeliveryState::Sent);
    assert_eq!(kept[0].attempts, 3);
    clock.advance(Duration::hours(2));
    assert_eq!(
        hall.deliver_notifications(&channel, &policy())
            .await
            .unwrap()
            .claimed,
        0,
        "a sent message is never sent again"
    );
}

async fn attempts_run_out_and_refusals_are_final(storage: Arc<dyn Storage>) {
    let clock = Arc::new(FixedClock(Mutex::new(t0())));
    let hall = hall_on(storage.clone(), clock.clone());
    let flaky = submitted(&storage, mobile()).await;
    let down = Scripted::new(100, false);
    for _ in 0..3 {
        hall.deliver_notifications(&down, &policy()).await.unwrap();
        clock.advance(Duration::minutes(5));
    }
    let kept = storage.notifications_of(&flaky).await.unwrap();
    assert_eq!(kept[0].state, DeliveryState::Failed, "after max_attempts");

    let refused = submitted(&storage, mobile()).await;
    let rejecting = Scripted::new(0, true);
    let round = hall
        .deliver_notifications(&rejecting, &policy())
        .await
        .unwrap();
    assert_eq!(round.failed, 1);
    let kept = storage.notifications_of(&refused).await.unwrap();
    assert_eq!(
        (kept[0].state, kept[0].attempts),
        (DeliveryState::Failed, 1)
    );

    let failed = hall.failed_notifications(10).await.unwrap();
    let numbers: Vec<&ApplicationNumber> = failed.iter().map(|f| &f.number).collect();
    assert!(numbers.contains(&&flaky) && numbers.contains(&&refused));

    // No mobile: kept for the page, never handed to a channel.
    let page_only = submitted(&storage, None).await;
    let kept = storage.notifications_of(&page_only).await.unwrap();
    assert_eq!(kept[0].state, DeliveryState::PageOnly);
    let any = Scripted::new(0, false);
    hall.deliver_notifications(&any, &policy()).await.unwrap();
    assert!(any.delivered.lock().unwrap().is_empty());
}

async fn a_dead_workers_claim_comes_back_and_one_change_tells_once(storage: Arc<dyn Storage>) {
    let number = submitted(&storage, mobile()).await;
    let claimed = storage
        .claim_notifications(t0(), t0() + Duration::seconds(30), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    // The worker died: nobody else gets it while the lease runs...
    assert!(storage
        .claim_notifications(
            t0() + Duration::seconds(29),
            t0() + Duration::seconds(60),
            10
        )
        .await
        .unwrap()
        .is_empty());
    // ...and it is due again after.
    let again = storage
        .claim_notifications(
            t0() + Duration::seconds(31),
            t0() + Duration::seconds(61),
            10,
        )
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 2);
    storage
        .notifications_sent(&[again[0].id], t0() + Duration::seconds(32))
        .await
        .unwrap();

    // The same notification twice in one change: one message.
    let file = storage.review_file(&number).await.unwrap().unwrap();
    let told = Notification::new(NotificationEvent::Approved, mobile(), "张*");
    let outcome = storage
        .change_review(ReviewChange {
            number: number.clone(),
            expected_version: file.version,
            application: None,
            tasks: vec![],
            fill: vec![],
            audit: vec![domain::audit::AuditRecord::new(
                t0(),
                "system",
                "system",
                "test",
                number.as_str(),
            )],
            notifications: vec![told.clone(), told],
        })
        .await
        .unwrap();
    assert_eq!(outcome, ReviewChangeOutcome::Applied);
    assert_eq!(storage.notifications_of(&number).await.unwrap().len(), 2);
}

async fn concurrent_workers_share_without_overlap(storage: Arc<dyn Storage>) {
    let mut numbers = Vec::new();
    for _ in 0..60 {
        numbers.push(submitted(&storage, mobile()).await);
    }
    let workers = (0..4).map(|_| {
        let s = storage.clone();
        tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let got = s
                    .claim_notifications(t0(), t0() + Duration::minutes(1), 7)
                    .await
                    .unwrap();
                if got.is_empty() {
                    break mine;
                }
                mine.extend(got.into_iter().map(|n| n.id));
            }
        })
    });
    let mut all: Vec<i64> = futures::future::join_all(workers)
        .await
        .into_iter()
        .flat_map(|r| r.unwrap())
        .collect();
    let claimed = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), claimed, "a message went to two workers");
    assert!(claimed >= 60, "every message claimed: {claimed}");
}

store::on_both_databases!(
    a_message_is_retried_then_sent_once,
    attempts_run_out_and_refusals_are_final,
    a_dead_workers_claim_comes_back_and_one_change_tells_once,
    concurrent_workers_share_without_overlap
);
