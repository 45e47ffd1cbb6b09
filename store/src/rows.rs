//! What both backends read back, checked the same way: a draft's columns,
//! once each backend has decoded its own types (JSON text or JSONB, Unix
//! seconds or TIMESTAMPTZ), become a typed record here or are refused as
//! corrupt.

use crate::errors::corrupt;
use chrono::{DateTime, Utc};
use domain::{
    Answers, ApplicationNumber, ApplyTarget, DraftId, ResumeCode, SubmissionKey, VisitToken,
};
use hall::ports::DraftRecord;
use hall::StorageError;
use std::collections::BTreeMap;

pub(crate) struct DraftColumns {
    pub id: String,
    pub resume_code: String,
    pub target_kind: String,
    pub target_code: String,
    pub answers: Answers,
    pub rows: BTreeMap<String, u8>,
    pub submission_key: String,
    pub application_number: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub holder: Option<String>,
}

impl TryFrom<DraftColumns> for DraftRecord {
    type Error = StorageError;

    fn try_from(c: DraftColumns) -> Result<Self, StorageError> {
        let id = DraftId::parse(&c.id).ok_or_else(|| corrupt("draft id"))?;
        let bad = |what: &str| corrupt(format!("draft {id:?}: {what}"));
        Ok(DraftRecord {
            resume_code: ResumeCode::parse(&c.resume_code).map_err(|_| bad("resume code"))?,
            target: ApplyTarget::from_parts(&c.target_kind, &c.target_code)
                .ok_or_else(|| bad("target"))?,
            answers: c.answers,
            rows: c.rows,
            submission_key: SubmissionKey::parse(&c.submission_key)
                .ok_or_else(|| bad("submission key"))?,
            application_number: c
                .application_number
                .map(|n| ApplicationNumber::parse(&n).map_err(|_| bad("application number")))
                .transpose()?,
            expires_at: c.expires_at,
            holder: c
                .holder
                .map(|h| VisitToken::parse(&h).ok_or_else(|| bad("holder")))
                .transpose()?,
            id,
        })
    }
}
