//! Existing databases move to the one time encoding by a migration, not a
//! reset: rows written in the old encodings (RFC 3339 text and Unix
//! seconds on SQLite; TIMESTAMPTZ, DATE and JSONB on PostgreSQL) read
//! back through the store with every value as it was.

use chrono::{DateTime, NaiveDate, Utc};
use domain::acceptance::Decision;
use domain::deadline::Deadline;
use domain::{ApplicationNumber, DraftId, MatterCode, ResumeCode, StaffName};
use hall::Storage;
use sqlx::migrate::Migrator;
use std::sync::Arc;

/// The last migration before the one encoding, per backend.
const SQLITE_BEFORE: i64 = 20261206000010;
const POSTGRES_BEFORE: i64 = 20261206000007;

const NUMBER: &str = "GUB9D8C83J";

fn draft_id() -> DraftId {
    DraftId::from_bits(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef)
}

fn resume_code() -> String {
    ResumeCode::from_indices([1; domain::resume_code::RESUME_PAYLOAD_LEN])
        .as_str()
        .to_string()
}

fn submitted_at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T09:30:15.123456+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn deadline() -> String {
    serde_json::to_string(&Deadline::start(
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        5,
    ))
    .unwrap()
}

fn decision() -> String {
    serde_json::to_string(&Decision::Refuse {
        reason: "材料不符".into(),
    })
    .unwrap()
}

fn up_to(mut migrator: Migrator, last: i64) -> Migrator {
    migrator.migrations = migrator
        .migrations
        .iter()
        .filter(|m| m.version <= last)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    migrator
}

/// What both old encodings held, checked through the store.
async fn reads_back(s: Arc<dyn Storage>) {
    let number = ApplicationNumber::parse(NUMBER).unwrap();
    let app = s
        .application(&number)
        .await
        .unwrap()
        .expect("the application");
    assert_eq!(app.submitted_at, submitted_at(), "to the microsecond");
    assert_eq!(
        app.promised_by,
        NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
    );
    assert_eq!(
        app.matters,
        vec![
            MatterCode::parse("SCJG-XK-002").unwrap(),
            MatterCode::parse("SCJG-XK-001").unwrap()
        ]
    );
    let staff = s
        .staff_application(&number)
        .await
        .unwrap()
        .expect("the desk's view");
    assert_eq!(staff.values.get("applicant_name"), Some("张三"));
    assert_eq!(staff.queued_at, submitted_at());
    assert_eq!(
        staff.decisions[0].decision,
        Some(Decision::Refuse {
            reason: "材料不符".into()
        })
    );
    assert_eq!(
        staff.decisions[0].decided_at,
        DateTime::from_timestamp(1_764_600_000, 0).unwrap()
    );

    let draft = s
        .draft(
            &draft_id(),
            DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
        )
        .await
        .unwrap()
        .expect("the draft, not yet expired");
    assert_eq!(
        draft.expires_at,
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    );
    assert_eq!(
        draft.answers,
        vec![("applicant_name".to_string(), "李四".to_string())]
    );
    assert!(s
        .draft(
            &draft_id(),
            DateTime::from_timestamp(1_800_000_001, 0).unwrap()
        )
        .await
        .unwrap()
        .is_none());

    let account = s
        .staff_by_name(&StaffName::parse("reviewer1").unwrap())
        .await
        .unwrap()
        .expect("the account");
    assert_eq!(account.departments[0].as_str(), "SCJG");
    let (session, _) = s.session("ab").await.unwrap().expect("the session");
    assert_eq!(
        session.last_seen_at,
        DateTime::from_timestamp(1_764_600_060, 0).unwrap()
    );
    assert!(s.on_breach_list("key").await.unwrap());

    let file = s.review_file(&number).await.unwrap().expect("the review");
    let task = &file.tasks[0];
    assert_eq!(task.deadline, serde_json::from_str(&deadline()).unwrap());
    let queue = s.review_queue(None, 10).await.unwrap();
    assert_eq!(
        queue[0].sort_due,
        NaiveDate::from_ymd_opt(2026, 12, 9).unwrap()
    );
}

#[tokio::test]
async fn sqlite_rows_in_the_old_encoding_read_back_unchanged() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hall.db");
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let mut c = sqlx::SqliteConnection::connect_with(&options)
            .await
            .unwrap();
        up_to(sqlx::migrate!("./migrations/sqlite"), SQLITE_BEFORE)
            .run(&mut c)
            .await
            .unwrap();
        for sql in [
            format!(
                "INSERT INTO applications (number, submission_key, payload_sha256, status,
                   applicant_masked, form_json, submitted_at, promised_by, queued_at_us)
                 VALUES ('{NUMBER}', 'k', 'h', 'accepted', '张*', '{{\"applicant_name\":\"张三\"}}',
                   '2026-12-01T09:30:15.123456+08:00', '2026-12-15', {})",
                submitted_at().timestamp_micros()
            ),
            format!(
                "INSERT INTO application_matters (number, matter_code, position)
                 VALUES ('{NUMBER}', 'SCJG-XK-001', 1), ('{NUMBER}', 'SCJG-XK-002', 0)"
            ),
            format!(
                "INSERT INTO drafts (id, resume_code, target_kind, target_code, answers_json,
                   rows_json, submission_key, updated_at, expires_at, holder)
                 VALUES ('{}', '{}', 'matter', 'SCJG-XK-001',
                   '[[\"applicant_name\",\"李四\"]]', '{{}}', '{}', 1764000000, 1800000000, NULL)",
                draft_id().as_str(),
                resume_code(),
                "9".repeat(32)
            ),
            "INSERT INTO staff_accounts (name, display_name, role, departments, password_hash,
               created_at_us) VALUES ('reviewer1', '王审', 'reviewer', '[\"SCJG\"]', 'x', 1)"
                .to_string(),
            "INSERT INTO staff_sessions (id_sha256, staff_id, csrf_token, created_at_us,
               last_seen_at_us) VALUES ('ab', 1, 'c', 1764600000000000, 1764600060000000)"
                .to_string(),
            format!(
                "INSERT INTO acceptance_decisions (number, transition, decision, staff_name,
                   staff_display_name, decided_at_us)
                 VALUES ('{NUMBER}', 'refuse', '{}', 'desk1', '李受', 1764600000000000)",
                decision()
            ),
            "INSERT INTO breach_list (id_key, reason, listed_at_us) VALUES ('key', 'r', 1)"
                .to_string(),
            format!(
                "INSERT INTO review_tasks (number, matter, part, department, status, is_open,
                   deadline, sort_due, created_at_us)
                 VALUES ('{NUMBER}', 'SCJG-XK-001', 0, 'SCJG', 'in_review', 1, '{}',
                   '2026-12-09', 1)",
                deadline()
            ),
        ] {
            sqlx::query(&sql).execute(&mut c).await.unwrap();
        }
    }
    let s = store::SqliteStore::open(&path).await.unwrap();
    reads_back(Arc::new(s)).await;
}

#[tokio::test]
async fn postgres_rows_in_the_old_encoding_read_back_unchanged() {
    use sqlx::Connection;
    let url = store::testing::fresh_postgres_database().await;
    {
        let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
        up_to(sqlx::migrate!("./migrations/postgres"), POSTGRES_BEFORE)
            .run(&mut c)
            .await
            .unwrap();
        for sql in [
            format!(
                "INSERT INTO applications (number, submission_key, payload_sha256, status,
                   applicant_masked, form, submitted_at, promised_by, queued_at)
                 VALUES ('{NUMBER}', 'k', 'h', 'accepted', '张*', '{{\"applicant_name\":\"张三\"}}',
                   '2026-12-01T09:30:15.123456+08:00', '2026-12-15',
                   '2026-12-01T09:30:15.123456+08:00')"
            ),
            format!(
                "INSERT INTO application_matters (number, matter_code, position)
                 VALUES ('{NUMBER}', 'SCJG-XK-001', 1), ('{NUMBER}', 'SCJG-XK-002', 0)"
            ),
            format!(
                "INSERT INTO drafts (id, resume_code, target_kind, target_code, answers,
                   rows_shown, submission_key, updated_at, expires_at, holder)
                 VALUES ('{}', '{}', 'matter', 'SCJG-XK-001',
                   '[[\"applicant_name\",\"李四\"]]', '{{}}', '{}', to_timestamp(1764000000),
                   to_timestamp(1800000000), NULL)",
                draft_id().as_str(),
                resume_code(),
                "9".repeat(32)
            ),
            "INSERT INTO staff_accounts (name, display_name, role, departments, password_hash,
               created_at) VALUES ('reviewer1', '王审', 'reviewer', '[\"SCJG\"]', 'x', now())"
                .to_string(),
            "INSERT INTO staff_sessions (id_sha256, staff_id, csrf_token, created_at,
               last_seen_at)
             VALUES ('ab', 1, 'c', to_timestamp(1764600000), to_timestamp(1764600060))"
                .to_string(),
            format!(
                "INSERT INTO acceptance_decisions (number, transition, decision, staff_name,
                   staff_display_name, decided_at)
                 VALUES ('{NUMBER}', 'refuse', '{}', 'desk1', '李受', to_timestamp(1764600000))",
                decision()
            ),
            "INSERT INTO breach_list (id_key, reason, listed_at) VALUES ('key', 'r', now())"
                .to_string(),
            format!(
                "INSERT INTO review_tasks (number, matter, part, department, status, is_open,
                   deadline, sort_due, created_at)
                 VALUES ('{NUMBER}', 'SCJG-XK-001', 0, 'SCJG', 'in_review', TRUE, '{}',
                   '2026-12-09', now())",
                deadline()
            ),
        ] {
            sqlx::query(&sql).execute(&mut c).await.unwrap();
        }
    }
    let s = store::PostgresStore::open(&url, 4).await.unwrap();
    reads_back(Arc::new(s)).await;
}
