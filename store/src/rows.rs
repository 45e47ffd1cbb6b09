//! What both backends read back, checked the same way. The columns are
//! alike on both (instants in microseconds, dates ISO text, JSON as
//! text), so one row type per table reads either; a value the domain
//! refuses is reported as corrupt, never passed on.

use crate::errors::corrupt;
use chrono::{DateTime, NaiveDate, Utc};
use domain::acceptance::Decision;
use domain::audit::{AuditEvent, AuditRecord};
use domain::{
    ApplicationNumber, ApplicationStatus, ApplyTarget, DepartmentCode, DraftId, MatterCode,
    ResumeCode, StaffName, StaffRole, SubmissionKey, Transition, VisitToken,
};
use hall::ports::{
    ApplicationRecord, DecisionRecord, DraftRecord, StaffAccount, StaffSessionRecord,
};
use hall::StorageError;

/// The placeholders of an `IN (…)` list of `n` values bound from `$first`
/// on. An empty list is `NULL`, which nothing equals (both databases refuse
/// `IN ()`).
pub(crate) fn in_marks(first: usize, n: usize) -> String {
    if n == 0 {
        return "NULL".to_owned();
    }
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// JSON text written by [`crate::errors::json`], read back as `T`.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: impl std::fmt::Display,
) -> Result<T, StorageError> {
    serde_json::from_str(text).map_err(|e| corrupt(format!("{what}: {e}")))
}

/// An ISO `YYYY-MM-DD` date column.
pub(crate) fn date(text: &str, what: impl std::fmt::Display) -> Result<NaiveDate, StorageError> {
    text.parse()
        .map_err(|_| corrupt(format!("{what}: date {text:?}")))
}

/// An application's public columns (`applications a`); the matters come
/// along comma-joined in the order applied for (each backend's
/// `APPLICATION_COLUMNS` says how it joins them).
#[derive(sqlx::FromRow)]
pub(crate) struct ApplicationColumns {
    pub number: String,
    pub status: String,
    pub applicant_masked: String,
    pub submitted_at_us: i64,
    pub promised_by: String,
    pub matters: Option<String>,
}

impl TryFrom<ApplicationColumns> for ApplicationRecord {
    type Error = StorageError;

    fn try_from(c: ApplicationColumns) -> Result<Self, StorageError> {
        let number = ApplicationNumber::parse(&c.number)
            .map_err(|_| corrupt(format!("application number {:?}", c.number)))?;
        let bad = |what: &str| corrupt(format!("application {number}: {what}"));
        Ok(ApplicationRecord {
            status: ApplicationStatus::parse(&c.status).ok_or_else(|| bad("status"))?,
            matters: c
                .matters
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter(|code| !code.is_empty())
                .map(|code| MatterCode::parse(code).map_err(|_| bad("matter code")))
                .collect::<Result<_, _>>()?,
            applicant_masked: c.applicant_masked,
            submitted_at: micros(c.submitted_at_us, "submitted_at")?,
            promised_by: date(
                &c.promised_by,
                format_args!("application {number}: promised_by"),
            )?,
            number,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct DraftColumns {
    pub id: String,
    pub resume_code: String,
    pub target_kind: String,
    pub target_code: String,
    pub answers_json: String,
    pub rows_json: String,
    pub steps_json: String,
    pub submission_key: String,
    pub application_number: Option<String>,
    pub expires_at_us: i64,
    pub holder: Option<String>,
    pub assisted_by: Option<String>,
}

pub(crate) const DRAFT_COLUMNS: &str = "id, resume_code, target_kind, target_code, answers_json, \
     rows_json, steps_json, submission_key, application_number, expires_at_us, holder, assisted_by";

impl TryFrom<DraftColumns> for DraftRecord {
    type Error = StorageError;

    fn try_from(c: DraftColumns) -> Result<Self, StorageError> {
        let id = DraftId::parse(&c.id).ok_or_else(|| corrupt("draft id"))?;
        let bad = |what: &str| corrupt(format!("draft {id:?}: {what}"));
        Ok(DraftRecord {
            resume_code: ResumeCode::parse(&c.resume_code).map_err(|_| bad("resume code"))?,
            target: ApplyTarget::from_parts(&c.target_kind, &c.target_code)
                .ok_or_else(|| bad("target"))?,
            answers: serde_json::from_str(&c.answers_json).map_err(|_| bad("answers"))?,
            rows: serde_json::from_str(&c.rows_json).map_err(|_| bad("rows"))?,
            saved_steps: serde_json::from_str(&c.steps_json).map_err(|_| bad("steps"))?,
            submission_key: SubmissionKey::parse(&c.submission_key)
                .ok_or_else(|| bad("submission key"))?,
            application_number: c
                .application_number
                .map(|n| ApplicationNumber::parse(&n).map_err(|_| bad("application number")))
                .transpose()?,
            expires_at: micros(c.expires_at_us, "draft expiry")?,
            holder: c
                .holder
                .map(|h| VisitToken::parse(&h).ok_or_else(|| bad("holder")))
                .transpose()?,
            assisted_by: c.assisted_by,
            id,
        })
    }
}

fn micros(us: i64, what: &str) -> Result<DateTime<Utc>, StorageError> {
    DateTime::from_timestamp_micros(us).ok_or_else(|| corrupt(format!("{what}: time {us}")))
}

/// A staff account (departments as a JSON array).
#[derive(sqlx::FromRow)]
pub(crate) struct StaffColumns {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub role: String,
    pub departments: String,
    pub password_hash: String,
}

pub(crate) const STAFF_COLUMNS: &str = "id, name, display_name, role, departments, password_hash";

impl TryFrom<StaffColumns> for StaffAccount {
    type Error = StorageError;

    fn try_from(c: StaffColumns) -> Result<Self, StorageError> {
        let bad = |what: &str| corrupt(format!("staff account {}: {what}", c.id));
        Ok(StaffAccount {
            id: c.id,
            name: StaffName::parse(&c.name).map_err(|_| bad("name"))?,
            display_name: c.display_name.clone(),
            role: StaffRole::parse(&c.role).ok_or_else(|| bad("role"))?,
            departments: from_json::<Vec<String>>(&c.departments, "departments")
                .map_err(|_| bad("departments"))?
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
    pub decision: Option<String>,
    pub staff_name: String,
    pub staff_display_name: String,
    pub decided_at_us: i64,
}

pub(crate) const DECISION_COLUMNS: &str =
    "number, transition, decision, staff_name, staff_display_name, decided_at_us";

impl TryFrom<DecisionColumns> for DecisionRecord {
    type Error = StorageError;

    fn try_from(c: DecisionColumns) -> Result<Self, StorageError> {
        let bad = |what: &str| corrupt(format!("decision on {}: {what}", c.number));
        Ok(DecisionRecord {
            number: ApplicationNumber::parse(&c.number).map_err(|_| bad("number"))?,
            transition: Transition::parse(&c.transition).ok_or_else(|| bad("transition"))?,
            decision: c
                .decision
                .map(|d| from_json::<Decision>(&d, format_args!("decision on {}", c.number)))
                .transpose()?,
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

/// A review task (deadline and decision as JSON).
#[derive(sqlx::FromRow)]
pub(crate) struct ReviewTaskColumns {
    pub id: i64,
    pub number: String,
    pub matter: String,
    pub part: i32,
    pub department: String,
    pub status: String,
    pub waits_for: Option<String>,
    pub deadline: String,
    pub sort_due: String,
    pub extended: bool,
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at_us: Option<i64>,
}

pub(crate) const TASK_COLUMNS: &str = "id, number, matter, part, department, status, waits_for, \
     deadline, sort_due, extended, decision, decided_by, decided_by_name, decided_at_us";

impl ReviewTaskColumns {
    pub fn into_entry(self) -> Result<hall::ports::ReviewQueueEntry, StorageError> {
        let sort_due = date(
            &self.sort_due,
            format_args!("review task {}: sort_due", self.id),
        )?;
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
            deadline: from_json(&c.deadline, format_args!("review task {}: deadline", c.id))?,
            extended: c.extended,
            decision: c
                .decision
                .map(|d| from_json(&d, format_args!("review task {}: decision", c.id)))
                .transpose()?,
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

/// 统一出件's rows, the same columns on both backends (microseconds and
/// ISO dates), so one mapping reads both.
pub(crate) mod issuing {
    use super::corrupt;
    use chrono::{DateTime, NaiveDate, Utc};
    use domain::issuing::HandoverWay;
    use domain::issuing::{Delivery, LicenceCode, PickupCode};
    use domain::{ApplicationNumber, StaffName};
    use hall::ports::{HandoverRecord, IssuedDocumentRecord, PickupRecord};
    use hall::StorageError;

    pub(crate) const DOCUMENT_COLUMNS: &str = "code, number, position, content, seal, \
         issued_at_us, issued_by, revoked_at_us, revoked_reason";
    pub(crate) const PICKUP_COLUMNS: &str =
        "serial, number, code, expires, issued_at_us, revoked_at_us, used_at_us";
    pub(crate) const HANDOVER_COLUMNS: &str = "number, way, items, at_us, place, by_staff, by_name";

    pub(crate) fn time(us: i64) -> Result<DateTime<Utc>, StorageError> {
        DateTime::from_timestamp_micros(us).ok_or_else(|| corrupt(format!("time {us}")))
    }

    fn number(s: &str) -> Result<ApplicationNumber, StorageError> {
        ApplicationNumber::parse(s).map_err(|_| corrupt(format!("application number {s:?}")))
    }

    #[derive(sqlx::FromRow)]
    pub(crate) struct DocumentRow {
        code: String,
        number: String,
        position: i32,
        content: String,
        seal: Vec<u8>,
        issued_at_us: i64,
        issued_by: String,
        revoked_at_us: Option<i64>,
        revoked_reason: Option<String>,
    }

    impl TryFrom<DocumentRow> for IssuedDocumentRecord {
        type Error = StorageError;
        fn try_from(r: DocumentRow) -> Result<Self, StorageError> {
            Ok(Self {
                code: LicenceCode::parse(&r.code)
                    .map_err(|_| corrupt(format!("licence code {:?}", r.code)))?,
                number: number(&r.number)?,
                position: u16::try_from(r.position)
                    .map_err(|_| corrupt(format!("licence position {}", r.position)))?,
                content: r.content,
                seal: r.seal,
                issued_at: time(r.issued_at_us)?,
                issued_by: StaffName::parse(&r.issued_by)
                    .map_err(|_| corrupt(format!("staff name {:?}", r.issued_by)))?,
                revoked: match r.revoked_at_us {
                    Some(us) => Some((time(us)?, r.revoked_reason.unwrap_or_default())),
                    None => None,
                },
            })
        }
    }

    #[derive(sqlx::FromRow)]
    pub(crate) struct PickupRow {
        serial: i64,
        number: String,
        code: String,
        expires: String,
        issued_at_us: i64,
        revoked_at_us: Option<i64>,
        used_at_us: Option<i64>,
    }

    impl TryFrom<PickupRow> for PickupRecord {
        type Error = StorageError;
        fn try_from(r: PickupRow) -> Result<Self, StorageError> {
            Ok(Self {
                serial: r.serial,
                number: number(&r.number)?,
                code: PickupCode::parse(&r.code)
                    .map_err(|_| corrupt(format!("pickup token {}: code", r.serial)))?,
                expires: r
                    .expires
                    .parse::<NaiveDate>()
                    .map_err(|_| corrupt(format!("pickup token {}: expiry", r.serial)))?,
                issued_at: time(r.issued_at_us)?,
                revoked_at: r.revoked_at_us.map(time).transpose()?,
                used_at: r.used_at_us.map(time).transpose()?,
            })
        }
    }

    #[derive(sqlx::FromRow)]
    pub(crate) struct HandoverRow {
        number: String,
        way: String,
        items: String,
        at_us: i64,
        place: String,
        by_staff: String,
        by_name: String,
    }

    impl TryFrom<HandoverRow> for HandoverRecord {
        type Error = StorageError;
        fn try_from(r: HandoverRow) -> Result<Self, StorageError> {
            let way: HandoverWay = serde_json::from_str(&r.way)
                .map_err(|e| corrupt(format!("handover {}: {e}", r.number)))?;
            let items: Vec<String> = serde_json::from_str(&r.items)
                .map_err(|e| corrupt(format!("handover {}: {e}", r.number)))?;
            Ok(Self {
                number: number(&r.number)?,
                way,
                items,
                at: time(r.at_us)?,
                place: r.place,
                by: StaffName::parse(&r.by_staff)
                    .map_err(|_| corrupt(format!("staff name {:?}", r.by_staff)))?,
                by_name: r.by_name,
            })
        }
    }

    pub(crate) fn delivery(json: Option<String>) -> Result<Option<Delivery>, StorageError> {
        json.map(|j| serde_json::from_str(&j).map_err(|e| corrupt(format!("delivery: {e}"))))
            .transpose()
    }

    pub(crate) fn handover_columns(
        h: &HandoverRecord,
    ) -> Result<(String, String, i64), StorageError> {
        Ok((
            crate::errors::json(&h.way)?,
            crate::errors::json(&h.items)?,
            h.at.timestamp_micros(),
        ))
    }

    /// The serial of the window token a handover uses, if any.
    pub(crate) fn serial_of(h: &HandoverRecord) -> Option<i64> {
        match &h.way {
            HandoverWay::Window { serial, .. } => Some(*serial),
            HandoverWay::Post { .. } => None,
        }
    }
}

pub(crate) mod materials {
    use super::{corrupt, micros};
    use domain::catalog::FileType;
    use domain::{ApplicationNumber, DraftId, FieldKey, VisitToken};
    use hall::ports::{FileId, HandoffRecord, MaterialFileRecord};
    use hall::StorageError;

    pub(crate) const FILE_COLUMNS: &str =
        "id, draft_id, number, material, kind, bytes, sha256, name, uploaded_at_us";

    #[derive(sqlx::FromRow)]
    pub(crate) struct FileRow {
        id: String,
        draft_id: Option<String>,
        number: Option<String>,
        material: String,
        kind: String,
        bytes: i64,
        sha256: String,
        name: String,
        uploaded_at_us: i64,
    }

    impl TryFrom<FileRow> for MaterialFileRecord {
        type Error = StorageError;

        fn try_from(r: FileRow) -> Result<Self, StorageError> {
            let bad = |what: &str| corrupt(format!("material file {}: {what}", r.id));
            Ok(MaterialFileRecord {
                id: FileId::parse(&r.id).ok_or_else(|| bad("id"))?,
                draft: r
                    .draft_id
                    .as_deref()
                    .map(|d| DraftId::parse(d).ok_or_else(|| bad("draft")))
                    .transpose()?,
                number: r
                    .number
                    .as_deref()
                    .map(|n| ApplicationNumber::parse(n).map_err(|_| bad("number")))
                    .transpose()?,
                material: FieldKey::parse(&r.material).map_err(|_| bad("material"))?,
                kind: FileType::parse(&r.kind).ok_or_else(|| bad("kind"))?,
                bytes: u64::try_from(r.bytes).map_err(|_| bad("bytes"))?,
                sha256: r.sha256.clone(),
                name: r.name.clone(),
                uploaded_at: micros(r.uploaded_at_us, "material file")?,
            })
        }
    }

    #[derive(sqlx::FromRow)]
    pub(crate) struct HandoffRow {
        pub draft_id: String,
        pub kiosk: String,
        pub phone: Option<String>,
        pub expires_at_us: i64,
    }

    impl TryFrom<HandoffRow> for HandoffRecord {
        type Error = StorageError;

        fn try_from(r: HandoffRow) -> Result<Self, StorageError> {
            let bad = |what: &str| corrupt(format!("upload handoff: {what}"));
            Ok(HandoffRecord {
                draft: DraftId::parse(&r.draft_id).ok_or_else(|| bad("draft"))?,
                kiosk: VisitToken::parse(&r.kiosk).ok_or_else(|| bad("kiosk"))?,
                phone: r
                    .phone
                    .as_deref()
                    .map(|p| VisitToken::parse(p).ok_or_else(|| bad("phone")))
                    .transpose()?,
                expires_at: micros(r.expires_at_us, "upload handoff")?,
            })
        }
    }
}
