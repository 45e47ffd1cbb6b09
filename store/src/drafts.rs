use crate::{Store, StoreError};
use domain::{ApplicationNumber, ResumeCode};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use std::collections::BTreeMap;

/// A draft as stored. `target` is opaque here (the app's JSON of what is
/// applied for).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRecord {
    pub id: String,
    pub resume_code: ResumeCode,
    pub target: String,
    pub answers: Vec<(String, String)>,
    pub rows: BTreeMap<String, u8>,
    pub submission_key: String,
    pub application_number: Option<ApplicationNumber>,
    /// Unix seconds.
    pub expires_at: i64,
    /// The visit token the draft is open in (None: any).
    pub holder: Option<String>,
}

impl DraftRecord {
    pub fn is_submitted(&self) -> bool {
        self.application_number.is_some()
    }
}

#[derive(Clone, Debug)]
pub struct NewDraft {
    pub id: String,
    pub target: String,
    pub submission_key: String,
    pub now: i64,
    pub expires_at: i64,
    pub holder: String,
}

const COLUMNS: &str = "id, resume_code, target_json, answers_json, rows_json, submission_key, application_number, expires_at, holder";

fn from_row(row: &SqliteRow) -> Result<DraftRecord, StoreError> {
    let id: String = row.get("id");
    let corrupt =
        |what: &str| StoreError::Corrupt(format!("draft {}: {what}", &id[..8.min(id.len())]));
    let answers = serde_json::from_str(row.get("answers_json")).map_err(|_| corrupt("answers"))?;
    let rows = serde_json::from_str(row.get("rows_json")).map_err(|_| corrupt("rows"))?;
    let resume_code =
        ResumeCode::parse(row.get("resume_code")).map_err(|_| corrupt("resume code"))?;
    let application_number = row
        .get::<Option<String>, _>("application_number")
        .map(|n| ApplicationNumber::parse(&n).map_err(|_| corrupt("application number")))
        .transpose()?;
    Ok(DraftRecord {
        resume_code,
        target: row.get("target_json"),
        answers,
        rows,
        submission_key: row.get("submission_key"),
        application_number,
        expires_at: row.get("expires_at"),
        holder: row.get("holder"),
        id,
    })
}

impl Store {
    /// Creates an empty draft; `next_code` draws resume codes until one is
    /// free.
    pub async fn create_draft(
        &self,
        new: NewDraft,
        mut next_code: impl FnMut() -> ResumeCode,
    ) -> Result<DraftRecord, StoreError> {
        for _attempt in 0..8 {
            let code = next_code();
            let inserted = sqlx::query(
                "INSERT INTO drafts (id, resume_code, target_json, answers_json, rows_json, submission_key, updated_at, expires_at, holder)
                 VALUES (?, ?, ?, '[]', '{}', ?, ?, ?, ?)",
            )
            .bind(&new.id)
            .bind(code.as_str())
            .bind(&new.target)
            .bind(&new.submission_key)
            .bind(new.now)
            .bind(new.expires_at)
            .bind(&new.holder)
            .execute(&self.pool)
            .await;
            match inserted {
                Err(sqlx::Error::Database(db))
                    if db.is_unique_violation() && db.message().contains("resume_code") =>
                {
                    continue
                }
                Err(e) => return Err(e.into()),
                Ok(_) => {
                    return Ok(DraftRecord {
                        id: new.id,
                        resume_code: code,
                        target: new.target,
                        answers: Vec::new(),
                        rows: BTreeMap::new(),
                        submission_key: new.submission_key,
                        application_number: None,
                        expires_at: new.expires_at,
                        holder: Some(new.holder),
                    })
                }
            }
        }
        Err(StoreError::Corrupt(
            "could not draw a free resume code".into(),
        ))
    }

    /// A draft that has not expired at `now`.
    pub async fn draft(&self, id: &str, now: i64) -> Result<Option<DraftRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM drafts WHERE id = ? AND expires_at > ?"
        ))
        .bind(id)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn draft_by_resume_code(
        &self,
        code: &ResumeCode,
        now: i64,
    ) -> Result<Option<DraftRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM drafts WHERE resume_code = ? AND expires_at > ?"
        ))
        .bind(code.as_str())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Replaces the answers (and group rows) of an unsubmitted draft and
    /// pushes its expiry out. `false`: it is gone, expired or submitted.
    pub async fn save_draft_answers(
        &self,
        id: &str,
        answers: &[(String, String)],
        rows: &BTreeMap<String, u8>,
        now: i64,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let answers =
            serde_json::to_string(answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let rows = serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let done = sqlx::query(
            "UPDATE drafts SET answers_json = ?, rows_json = ?, updated_at = ?, expires_at = ?
             WHERE id = ? AND expires_at > ? AND application_number IS NULL",
        )
        .bind(answers)
        .bind(rows)
        .bind(now)
        .bind(expires_at)
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Opens the draft in another visit (the resume code was entered
    /// there); the visit it was open in can no longer open it.
    pub async fn hand_over_draft(&self, id: &str, holder: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE drafts SET holder = ? WHERE id = ?")
            .bind(holder)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The citizen's "delete this draft", and the expiry sweep's unit.
    pub async fn delete_draft(&self, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM drafts WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes every draft expired at `now`; returns how many.
    pub async fn delete_expired_drafts(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM drafts WHERE expires_at <= ?")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("t.db")).await.unwrap();
        (store, dir)
    }

    fn new_draft(id: &str, now: i64) -> NewDraft {
        NewDraft {
            id: id.into(),
            target: r#"{"bundle":"YJS-KCG"}"#.into(),
            submission_key: format!("key-{id}-0123456789"),
            now,
            expires_at: now + 100,
            holder: "visit-1".into(),
        }
    }

    #[tokio::test]
    async fn a_draft_keeps_answers_until_it_expires() {
        let (store, _dir) = store().await;
        let created = store
            .create_draft(new_draft("d1", 1000), || ResumeCode::from_indices([1; 7]))
            .await
            .unwrap();
        let answers = vec![("applicant_name".to_string(), "张三".to_string())];
        let rows = BTreeMap::from([("members".to_string(), 2)]);
        assert!(store
            .save_draft_answers("d1", &answers, &rows, 1050, 1150)
            .await
            .unwrap());
        let found = store
            .draft_by_resume_code(&created.resume_code, 1100)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.answers, answers);
        assert_eq!(found.rows, rows);
        assert_eq!(found.holder.as_deref(), Some("visit-1"));
        assert!(store.hand_over_draft("d1", "visit-2").await.unwrap());
        let moved = store.draft("d1", 1100).await.unwrap().unwrap();
        assert_eq!(moved.holder.as_deref(), Some("visit-2"));
        // Saving pushed the expiry out; past it the draft is gone, then deleted.
        assert!(store.draft("d1", 1149).await.unwrap().is_some());
        assert!(store.draft("d1", 1150).await.unwrap().is_none());
        assert!(!store
            .save_draft_answers("d1", &answers, &rows, 1150, 1250)
            .await
            .unwrap());
        assert_eq!(store.delete_expired_drafts(1150).await.unwrap(), 1);
        assert_eq!(store.delete_expired_drafts(1150).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn a_taken_resume_code_is_drawn_again_and_submission_wipes_answers() {
        let (store, _dir) = store().await;
        let first = ResumeCode::from_indices([2; 7]);
        let second = ResumeCode::from_indices([3; 7]);
        store
            .create_draft(new_draft("a", 0), || first.clone())
            .await
            .unwrap();
        let mut codes = vec![second.clone(), first.clone()];
        let b = store
            .create_draft(new_draft("b", 0), || codes.pop().unwrap())
            .await
            .unwrap();
        assert_eq!(b.resume_code, second);
        let answers = vec![("applicant_name".to_string(), "李四".to_string())];
        store
            .save_draft_answers("b", &answers, &BTreeMap::new(), 1, 101)
            .await
            .unwrap();
        let number = ApplicationNumber::from_indices([4; 9]);
        let submission = crate::NewApplication {
            submission_key: "key-b-0123456789".into(),
            matters: vec![domain::MatterCode::parse("GA-HJ-001").unwrap()],
            values: domain::FormValues::default(),
            applicant_masked: "李*".into(),
            submitted_at: "2026-11-24T10:00:00+08:00".into(),
            promised_by: "2026-11-27".parse().unwrap(),
            draft_id: Some("b".into()),
        };
        store.submit(submission, || number.clone()).await.unwrap();
        let b = store.draft("b", 2).await.unwrap().unwrap();
        assert!(b.answers.is_empty());
        assert_eq!(b.application_number, Some(number));
        assert!(!store
            .save_draft_answers("b", &answers, &BTreeMap::new(), 3, 103)
            .await
            .unwrap());
        assert!(store.delete_draft("a").await.unwrap());
        assert!(store.draft("a", 2).await.unwrap().is_none());
    }
}
