//! What both backends read back, checked the same way: a draft's columns,
//! once each backend has decoded its own types (JSON text or JSONB, Unix
//! seconds or TIMESTAMPTZ), become a typed record here or are refused as
//! corrupt.

use crate::errors::corrupt;
use chrono::{DateTime, Utc};
use domain::acceptance::Decision;
use domain::audit::{AuditEvent, AuditRecord};
use domain::{
    Answers, ApplicationNumber, ApplyTarget, DepartmentCode, DraftId, ResumeCode, StaffName,
    StaffRole, SubmissionKey, Transition, VisitToken,
};
use hall::ports::{DecisionRecord, DraftRecord, StaffAccount, StaffSessionRecord};
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

fn micros(us: i64, what: &str) -> Result<DateTime<Utc>, StorageError> {
    DateTime::from_timestamp_micros(us).ok_or_else(|| corrupt(format!("{what}: time {us}")))
}

/// A staff account as both backends select it (JSON departments, times
/// in microseconds).
#[derive(sqlx::FromRow)]
pub(crate) struct StaffColumns {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub role: String,
    pub departments: sqlx::types::Json<Vec<String>>,
    pub password_hash: String,
}

impl TryFrom<StaffColumns> for StaffAccount {
    type Error = StorageError;

    fn try_from(c: StaffColumns) -> Result<Self, StorageError> {
        let bad = |what: &str| corrupt(format!("staff account {}: {what}", c.id));
        Ok(StaffAccount {
            id: c.id,
            name: StaffName::parse(&c.name).map_err(|_| bad("name"))?,
            display_name: c.display_name.clone(),
            role: StaffRole::parse(&c.role).ok_or_else(|| bad("role"))?,
            departments: c
                .departments
                .0
                .iter()
                .map(|d| DepartmentCode::parse(d).map_err(|_| bad("department")))
                .collect::<Result<_, _>>()?,
            password_hash: c.password_hash,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionColumns {
    pub id_sha256: String,
    pub staff_id: i64,
    pub csrf_token: String,
    pub created_at_us: i64,
    pub last_seen_at_us: i64,
}

impl TryFrom<SessionColumns> for StaffSessionRecord {
    type Error = StorageError;

    fn try_from(c: SessionColumns) -> Result<Self, StorageError> {
        Ok(StaffSessionRecord {
            created_at: micros(c.created_at_us, "session")?,
            last_seen_at: micros(c.last_seen_at_us, "session")?,
            id_sha256: c.id_sha256,
            staff_id: c.staff_id,
            csrf_token: c.csrf_token,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditColumns {
    pub seq: i64,
    pub at_us: i64,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub subject: String,
    pub reason: String,
    pub content_sha256: String,
    pub prev_hash: String,
    pub hash: String,
}

pub(crate) const AUDIT_COLUMNS: &str =
    "seq, at_us, actor, role, action, subject, reason, content_sha256, prev_hash, hash";

impl TryFrom<AuditColumns> for AuditEvent {
    type Error = StorageError;

    fn try_from(c: AuditColumns) -> Result<Self, StorageError> {
        Ok(AuditEvent {
            seq: c.seq,
            record: AuditRecord {
                at: micros(c.at_us, "audit event")?,
                actor: c.actor,
                role: c.role,
                action: c.action,
                subject: c.subject,
                reason: c.reason,
                content_sha256: c.content_sha256,
            },
            prev_hash: c.prev_hash,
            hash: c.hash,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct DecisionColumns {
    pub number: String,
    pub transition: String,
    pub decision: Option<sqlx::types::Json<Decision>>,
    pub staff_name: String,
    pub staff_display_name: String,
    pub decided_at_us: i64,
}

impl TryFrom<DecisionColumns> for DecisionRecord {
    type Error = StorageError;

    fn try_from(c: DecisionColumns) -> Result<Self, StorageError> {
        let bad = |what: &str| corrupt(format!("decision on {}: {what}", c.number));
        Ok(DecisionRecord {
            number: ApplicationNumber::parse(&c.number).map_err(|_| bad("number"))?,
            transition: Transition::parse(&c.transition).ok_or_else(|| bad("transition"))?,
            decision: c.decision.map(|d| d.0),
            staff_name: StaffName::parse(&c.staff_name).map_err(|_| bad("staff name"))?,
            staff_display_name: c.staff_display_name,
            decided_at: micros(c.decided_at_us, "decision")?,
        })
    }
}

/// The audit event that follows the head `(seq, hash)`.
pub(crate) fn next_event(head: (i64, String), record: AuditRecord) -> AuditEvent {
    domain::audit::chain(Some((head.0, head.1.as_str())), record)
}

/// A review task as both backends select it (JSON deadline and decision,
/// decision time in microseconds).
#[derive(sqlx::FromRow)]
pub(crate) struct ReviewTaskColumns {
    pub id: i64,
    pub number: String,
    pub matter: String,
    pub part: i32,
    pub department: String,
    pub status: String,
    pub waits_for: Option<String>,
    pub deadline: sqlx::types::Json<domain::deadline::Deadline>,
    pub sort_due: chrono::NaiveDate,
    pub extended: bool,
    pub decision: Option<sqlx::types::Json<domain::review::ReviewDecision>>,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at_us: Option<i64>,
}

impl ReviewTaskColumns {
    pub fn into_entry(self) -> Result<hall::ports::ReviewQueueEntry, StorageError> {
        let sort_due = self.sort_due;
        Ok(hall::ports::ReviewQueueEntry {
            task: self.try_into()?,
            sort_due,
        })
    }
}

impl TryFrom<ReviewTaskColumns> for hall::ports::ReviewTaskRecord {
    type Error = StorageError;

    fn try_from(c: ReviewTaskColumns) -> Result<Self, StorageError> {
        let bad = |what: &str| corrupt(format!("review task {}: {what}", c.id));
        Ok(hall::ports::ReviewTaskRecord {
            id: c.id,
            number: ApplicationNumber::parse(&c.number).map_err(|_| bad("number"))?,
            matter: domain::MatterCode::parse(&c.matter).map_err(|_| bad("matter"))?,
            part: u16::try_from(c.part).map_err(|_| bad("part"))?,
            department: DepartmentCode::parse(&c.department).map_err(|_| bad("department"))?,
            status: domain::review::ReviewStatus::parse(&c.status).ok_or_else(|| bad("status"))?,
            waits_for: c
                .waits_for
                .map(|m| domain::MatterCode::parse(&m).map_err(|_| bad("waits_for")))
                .transpose()?,
            deadline: c.deadline.0,
            extended: c.extended,
            decision: c.decision.map(|d| d.0),
            decided_by: c
                .decided_by
                .map(|n| StaffName::parse(&n).map_err(|_| bad("decided_by")))
                .transpose()?,
            decided_by_name: c.decided_by_name,
            decided_at: c
                .decided_at_us
                .map(|us| micros(us, "review task decided_at"))
                .transpose()?,
        })
    }
}
