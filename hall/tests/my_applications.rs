//! 我的办件's codes on a moved clock against a real store, on both
//! databases: a code expires after its minutes, works once, and a mobile
//! gets at most five codes an hour however long the sender waits between.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use domain::search::SearchIndex;
use domain::{VisitToken, WorkingDayCalendar};
use hall::ports::{Clock, DeliveryResult, NotificationChannel, OutgoingMessage};
use hall::{CatalogIndex, CitizenPolicy, Hall, MyApplicationsError, MyApplicationsPage, Storage};
use std::sync::{Arc, Mutex};

struct MovedClock(Mutex<DateTime<Utc>>);

impl Clock for MovedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// Keeps what it was asked to send.
#[derive(Default)]
struct Phone(Mutex<Vec<OutgoingMessage>>);

#[async_trait]
impl NotificationChannel for Phone {
    fn name(&self) -> &'static str {
        "phone"
    }

    async fn deliver(&self, m: &OutgoingMessage) -> DeliveryResult {
        self.0.lock().unwrap().push(m.clone());
        DeliveryResult::Delivered
    }
}

impl Phone {
    fn last_code(&self) -> String {
        let sent = self.0.lock().unwrap();
        let m = sent.last().expect("a message");
        assert_eq!(m.kind, "sign_in_code");
        assert!(!m.text_zh.is_empty());
        m.params
            .iter()
            .find(|(k, _)| *k == "code")
            .map(|(_, v)| v.clone())
            .unwrap()
    }
}

fn hall_on(storage: Arc<dyn Storage>, clock: Arc<MovedClock>, phone: Arc<Phone>) -> Hall {
    let index =
        CatalogIndex::new(store::testing::demo_catalog(), SearchIndex::new(vec![])).unwrap();
    Hall::new(
        storage,
        Arc::new(index),
        Arc::new(WorkingDayCalendar::weekends_only()),
        std::time::Duration::from_secs(86_400),
    )
    .with_clock(clock)
    .with_notifications(phone, CitizenPolicy::default())
}

fn visit(n: u8) -> VisitToken {
    VisitToken::parse(&format!("{:0>32}", n)).unwrap()
}

async fn codes_expire_work_once_and_are_limited_per_mobile(storage: Arc<dyn Storage>) {
    let clock = Arc::new(MovedClock(Mutex::new(
        "2026-12-07T02:00:00Z".parse().unwrap(),
    )));
    let phone = Arc::new(Phone::default());
    let hall = hall_on(storage, clock.clone(), phone.clone());
    let advance = |s: i64| *clock.0.lock().unwrap() += Duration::seconds(s);
    let me = visit(1);

    hall.send_sign_in_code("13812345678", &me, "10.0.0.1")
        .await
        .unwrap();
    let code = phone.last_code();
    assert!(matches!(
        hall.my_applications_page(&me).await.unwrap(),
        MyApplicationsPage::CodeSent { to } if to == "138****5678"
    ));
    // Five minutes and a second later: expired.
    advance(301);
    assert!(matches!(
        hall.enter_sign_in_code(&code, &me, "10.0.0.1", false).await,
        Err(MyApplicationsError::NoLiveCode)
    ));
    assert!(matches!(
        hall.my_applications_page(&me).await.unwrap(),
        MyApplicationsPage::AskMobile
    ));

    hall.send_sign_in_code("13812345678", &me, "10.0.0.1")
        .await
        .unwrap();
    let code = phone.last_code();
    hall.enter_sign_in_code(&code, &me, "10.0.0.1", true)
        .await
        .unwrap();
    assert!(matches!(
        hall.my_applications_page(&me).await.unwrap(),
        MyApplicationsPage::List(list) if list.mobile_masked == "138****5678"
    ));
    // Used: not again (another visit would need its own code anyway).
    assert!(matches!(
        hall.enter_sign_in_code(&code, &me, "10.0.0.1", true).await,
        Err(MyApplicationsError::NoLiveCode)
    ));
    // At a kiosk the list closes after 10 minutes.
    advance(601);
    assert!(matches!(
        hall.my_applications(&me).await,
        Err(MyApplicationsError::NotSignedIn)
    ));

    // Five codes an hour per mobile, from different addresses, a minute
    // apart (past the cooldown): the sixth is refused until the hour ends.
    for i in 0..3 {
        advance(61);
        hall.send_sign_in_code("13812345678", &visit(2), &format!("10.0.1.{i}"))
            .await
            .unwrap();
    }
    advance(61);
    let refused = hall
        .send_sign_in_code("13812345678", &visit(2), "10.0.2.1")
        .await;
    assert!(
        matches!(refused, Err(MyApplicationsError::TooMany { retry_after_secs }) if retry_after_secs > 60),
        "{refused:?}"
    );
    assert_eq!(phone.0.lock().unwrap().len(), 5);
    // Another mobile is not held back by it.
    hall.send_sign_in_code("13912345678", &visit(3), "10.0.2.1")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_codes_expire_work_once_and_are_limited_per_mobile() {
    let dir = tempfile::tempdir().unwrap();
    let storage = store::SqliteStore::open(&dir.path().join("hall.db"))
        .await
        .unwrap();
    codes_expire_work_once_and_are_limited_per_mobile(Arc::new(storage)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_codes_expire_work_once_and_are_limited_per_mobile() {
    let url = store::testing::fresh_postgres_database().await;
    let storage = store::PostgresStore::open(&url, 4).await.unwrap();
    codes_expire_work_once_and_are_limited_per_mobile(Arc::new(storage)).await;
}
