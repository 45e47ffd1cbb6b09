//! Use cases against a real store, on both databases: what the citizen's
//! application page reads as the application moves, and who may move it.

use chrono::Utc;
use domain::catalog::{Catalog, Matter};
use domain::search::SearchIndex;
use domain::{
    Actor, ApplicationNumber, ApplicationStatus, FormValues, StaffName, StaffRole, SubmissionKey,
    Transition, WorkingDayCalendar,
};
use hall::ports::{NewApplication, SubmitOutcome};
use hall::{CatalogIndex, Hall, LookupError, StaffError, Storage};
use std::sync::Arc;
use store::testing::demo_catalog;

async fn hall_on(storage: Arc<dyn Storage>) -> (Hall, Catalog) {
    let catalog = demo_catalog();
    storage.replace_catalog(&catalog).await.unwrap();
    let index = CatalogIndex::new(catalog.clone(), SearchIndex::new(vec![])).unwrap();
    let hall = Hall::new(
        storage,
        Arc::new(index),
        Arc::new(WorkingDayCalendar::weekends_only()),
        std::time::Duration::from_secs(86_400),
    );
    (hall, catalog)
}

fn actor(role: StaffRole) -> Actor {
    Actor {
        staff_id: 1,
        name: StaffName::parse("desk1").unwrap(),
        display_name: "李受理".into(),
        role,
        departments: vec![],
    }
}

/// One application, stored through the port (the submit use case has its
/// own tests through HTTP).
async fn stored_application(storage: &Arc<dyn Storage>, matter: &Matter) -> ApplicationNumber {
    let values: FormValues = serde_json::from_str(r#"{"applicant_name":"张三"}"#).unwrap();
    let number = ApplicationNumber::from_indices([3; 9]);
    let outcome = storage
        .submit(NewApplication {
            submission_key: SubmissionKey::from_bits(42),
            payload_sha256: "p".into(),
            matters: vec![matter.code.clone()],
            values,
            applicant_masked: "张*".into(),
            submitted_at: Utc::now(),
            promised_by: domain::time::hall_date(Utc::now()),
            draft: None,
            candidates: vec![number.clone()],
            applicant_mobile_key: None,
            channel: domain::trip::Channel::Phone,
            assisted: None,
            applicant_id_key: None,
            notification: Some(domain::notification::Notification::new(
                domain::notification::NotificationEvent::Submitted,
                domain::MobileNumber::parse("13800138000").ok(),
                "张*",
            )),
        })
        .await
        .unwrap();
    assert!(matches!(outcome, SubmitOutcome::Created(_)));
    number
}

async fn the_page_follows_the_front_desk(storage: Arc<dyn Storage>) {
    let (hall, catalog) = hall_on(storage.clone()).await;
    let number = stored_application(&storage, &catalog.matters[0]).await;

    let page = hall.application_page(number.as_str(), None).await.unwrap();
    assert_eq!(page.record.status, ApplicationStatus::Submitted);
    assert!(page.notice.is_none(), "no notice before a decision");
    assert!(
        page.progress.steps.is_empty(),
        "no review before acceptance"
    );
    assert!(page.corrections.is_none());

    // Only the front desk decides; a reviewer is refused by the use case.
    let refuse = [
        ("decision".to_string(), "refuse".to_string()),
        (
            "refusal_reason".to_string(),
            "不属于本机关职权范围".to_string(),
        ),
    ];
    assert!(matches!(
        hall.decide(&actor(StaffRole::Reviewer), number.as_str(), &refuse)
            .await,
        Err(StaffError::Forbidden { .. })
    ));
    hall.decide(&actor(StaffRole::FrontDesk), number.as_str(), &refuse)
        .await
        .unwrap();

    let page = hall.application_page(number.as_str(), None).await.unwrap();
    assert_eq!(page.record.status, ApplicationStatus::Refused);
    let notice = page.notice.expect("the refusal's notice");
    assert_eq!(notice.decision.transition(), Transition::Refuse);
    assert_eq!(notice.decision.reason(), "不属于本机关职权范围");
    assert!(
        page.corrections.is_none(),
        "nothing to upload after a refusal"
    );

    assert!(matches!(
        hall.application_page("not-a-number", None).await,
        Err(LookupError::Malformed(_))
    ));
    let unknown = ApplicationNumber::from_indices([4; 9]);
    assert!(matches!(
        hall.application_page(unknown.as_str(), None).await,
        Err(LookupError::NotFound)
    ));
}

#[tokio::test]
async fn sqlite_the_page_follows_the_front_desk() {
    let dir = tempfile::tempdir().unwrap();
    let storage = store::SqliteStore::open(&dir.path().join("hall.db"))
        .await
        .unwrap();
    the_page_follows_the_front_desk(Arc::new(storage)).await;
}

#[tokio::test]
async fn postgres_the_page_follows_the_front_desk() {
    let url = store::testing::fresh_postgres_database().await;
    let storage = store::PostgresStore::open(&url, 4).await.unwrap();
    the_page_follows_the_front_desk(Arc::new(storage)).await;
}
