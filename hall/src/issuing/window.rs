//! The issuing window (出件): approved applications wait here; issuing
//! seals each result the matters name, posting records the carrier, and
//! anyone can check a licence by its code.

use super::{parse_number, IssuingError, IssuingKeys};
use crate::authz::require;
use crate::notifications::to_applicant;
use crate::ports::{
    HandoverOutcome, HandoverRecord, IssueChange, IssuedDocumentRecord, IssuingRecord, NewPickup,
};
use crate::Hall;
use chrono::{DateTime, NaiveDate, Utc};
use domain::acceptance::Decision;
use domain::audit::AuditRecord;
use domain::issuing::{Delivery, HandoverWay, Licence, LicenceCode, PickupCode, Shipment};
use domain::notification::NotificationEvent;
use domain::time::hall_date;
use domain::{Actor, ApplicationNumber, ApplicationStatus, Localized, StaffRole, Transition};
use sha2::{Digest, Sha256};

/// The window's list is this long at most (oldest promise first).
pub const ISSUING_LIST: u32 = 200;

/// One line of the issuing window's list.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuingLine {
    pub record: IssuingRecord,
    /// What the matters issue (name), in order.
    pub items: Vec<Localized>,
}

/// A result to issue: which matter, what document.
#[derive(Clone, Debug, PartialEq)]
pub struct ToIssue {
    pub matter: Localized,
    pub document: domain::catalog::IssuedDocument,
}

/// What the window opens: the application's results, its delivery, and
/// (once issued) the licences and the handover.
#[derive(Clone, Debug, PartialEq)]
pub struct IssuingFile {
    pub record: IssuingRecord,
    /// The holder as the licence will print it.
    pub holder: String,
    pub holder_id: String,
    pub to_issue: Vec<ToIssue>,
    /// The licences, read back from their canonical text.
    pub licences: Vec<Licence>,
    /// 容缺: the committed date, while the deferred materials are owed.
    pub deferred_owed: Option<Option<NaiveDate>>,
    pub today: NaiveDate,
}

/// The public check of a licence.
#[derive(Clone, Debug, PartialEq)]
pub enum LicenceCheck {
    /// The seal matches the text and the licence stands.
    Genuine(Box<Licence>),
    /// Genuine, but revoked on that date for that reason.
    Revoked(Box<Licence>, DateTime<Utc>, String),
    /// The stored text or seal was changed: nothing of it is shown.
    NotValid,
    /// No licence has this code.
    Unknown,
}

/// 容缺: `Some(the latest committed date)` while an acceptance with
/// deficiency's materials are owed (nothing received yet).
pub(crate) fn deferred_owed(
    received: Option<DateTime<Utc>>,
    decisions: &[crate::ports::DecisionRecord],
) -> Option<Option<NaiveDate>> {
    if received.is_some() {
        return None;
    }
    decisions.iter().find_map(|d| match &d.decision {
        Some(Decision::AcceptWithDeficiency { commitment, .. }) => {
            Some(commitment.items().iter().map(|i| i.due_by).max())
        }
        _ => None,
    })
}

fn sha256_hex(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    data_encoding::HEXLOWER.encode(&h.finalize())
}

impl Hall {
    pub(crate) fn keys(&self) -> Result<&IssuingKeys, IssuingError> {
        self.issuing.as_deref().ok_or(IssuingError::NotConfigured)
    }

    /// Every result the application's matters issue, in order.
    pub(crate) fn results_of(&self, record: &crate::ports::ApplicationRecord) -> Vec<ToIssue> {
        self.matters_of(record)
            .into_iter()
            .flat_map(|m| {
                m.guide.issues.iter().map(|d| ToIssue {
                    matter: m.name.clone(),
                    document: d.clone(),
                })
            })
            .collect()
    }

    pub async fn issuing_queue(&self, actor: &Actor) -> Result<Vec<IssuingLine>, IssuingError> {
        require(
            actor,
            &[StaffRole::Issuing, StaffRole::Supervisor],
            "see the issuing list",
        )?;
        let records = self.storage.issuing_queue(ISSUING_LIST).await?;
        Ok(records
            .into_iter()
            .map(|record| IssuingLine {
                items: self
                    .results_of(&record.application)
                    .into_iter()
                    .map(|r| r.document.name)
                    .collect(),
                record,
            })
            .collect())
    }

    /// 容缺: `Some(date)` while the deferred materials are owed.
    async fn deferred_owed(
        &self,
        record: &IssuingRecord,
        decisions: &[crate::ports::DecisionRecord],
    ) -> Option<Option<NaiveDate>> {
        deferred_owed(record.deferred_received, decisions)
    }

    /// The holder's name and ID as a licence prints them: a person's ID
    /// masked, an enterprise's credit code in full (public anyway).
    fn holder(values: &domain::FormValues) -> (String, String) {
        match values.get("enterprise_name") {
            Some(name) => (
                name.to_string(),
                values
                    .get("enterprise_credit_code")
                    .unwrap_or_default()
                    .to_string(),
            ),
            None => (
                values.get("applicant_name").unwrap_or_default().to_string(),
                domain::masking::mask_middle(values.get("applicant_id").unwrap_or_default(), 3, 4),
            ),
        }
    }

    pub async fn issuing_file(
        &self,
        actor: &Actor,
        number: &str,
    ) -> Result<IssuingFile, IssuingError> {
        require(
            actor,
            &[StaffRole::Issuing, StaffRole::Supervisor],
            "open an application at the issuing window",
        )?;
        let number = parse_number(number)?;
        let record = self
            .storage
            .issuing_record(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        let application = self
            .storage
            .staff_application(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        self.storage
            .append_audit(self.staff_audit(actor, "view_issuing_file", &number))
            .await?;
        let (holder, holder_id) = Self::holder(&application.values);
        let licences = record
            .documents
            .iter()
            .filter_map(|d| Licence::from_canonical(&d.content).ok())
            .collect();
        Ok(IssuingFile {
            to_issue: self.results_of(&record.application),
            deferred_owed: self.deferred_owed(&record, &application.decisions).await,
            holder,
            holder_id,
            licences,
            record,
            today: hall_date(self.clock.now()),
        })
    }

    /// Seals every result and moves the application to issued; a pickup
    /// token is made unless the applicant chose post.
    pub async fn issue(&self, actor: &Actor, number: &str) -> Result<(), IssuingError> {
        require(actor, &[StaffRole::Issuing], "issue a result")?;
        let keys = self.keys()?;
        let number = parse_number(number)?;
        let record = self
            .storage
            .issuing_record(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        let status = record.application.status;
        status
            .after(Transition::Issue)
            .map_err(|_| IssuingError::WrongStatus(status))?;
        let application = self
            .storage
            .staff_application(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        if let Some(by) = self.deferred_owed(&record, &application.decisions).await {
            tracing::info!(staff = %actor.name, number = %number, "refused: 容缺 materials owed");
            return Err(IssuingError::DeferredOwed(by));
        }
        let now = self.clock.now();
        let today = hall_date(now);
        let (holder, holder_id) = Self::holder(&application.values);
        let mut documents = Vec::new();
        let mut position = 0u16;
        for matter in self.matters_of(&record.application) {
            let particulars: Vec<(Localized, String)> = matter
                .results
                .iter()
                .filter_map(|f| {
                    let v = application.values.get(f.key.as_str())?;
                    Some((f.label.clone(), v.to_string()))
                })
                .collect();
            for document in &matter.guide.issues {
                let licence = Licence::new(
                    LicenceCode::from_bytes(self.random_bytes()),
                    number.clone(),
                    matter.code.clone(),
                    document,
                    &holder,
                    &holder_id,
                    particulars.clone(),
                    today,
                    keys.issuer.clone(),
                );
                let content = licence.canonical();
                documents.push(IssuedDocumentRecord {
                    seal: keys.seal.seal(content.as_bytes()),
                    code: licence.code,
                    number: number.clone(),
                    position,
                    content,
                    issued_at: now,
                    issued_by: actor.name.clone(),
                    revoked: None,
                });
                position += 1;
            }
        }
        let pickup = match record.delivery {
            Some(Delivery::Post(_)) => None,
            _ => Some(self.new_pickup_for(&number, now)?),
        };
        let mut audit = self.staff_audit(actor, "issue", &number);
        let contents: Vec<&str> = documents.iter().map(|d| d.content.as_str()).collect();
        audit.content_sha256 = sha256_hex(&contents);
        let ready = to_applicant(
            NotificationEvent::Ready {
                window: keys.window.zh.clone(),
                pickup_code: None,
            },
            &application.values,
            &application.record.applicant_masked,
        );
        let change = IssueChange {
            number: number.clone(),
            documents,
            pickup,
            audit,
            notifications: vec![ready],
        };
        match self.storage.issue(change).await? {
            Ok(()) => {
                tracing::info!(staff = %actor.name, number = %number, "result issued");
                Ok(())
            }
            Err(status) => Err(IssuingError::WrongStatus(status)),
        }
    }

    pub(crate) fn new_pickup_for(
        &self,
        number: &ApplicationNumber,
        now: DateTime<Utc>,
    ) -> Result<NewPickup, IssuingError> {
        let keys = self.keys()?;
        Ok(NewPickup {
            number: number.clone(),
            candidates: (0..5)
                .map(|_| PickupCode::from_number((self.ids.bits() % 100_000_000) as u32))
                .collect(),
            expires: hall_date(now) + chrono::Duration::days(i64::from(keys.pickup_days)),
            at: now,
        })
    }

    fn random_bytes<const N: usize>(&self) -> [u8; N] {
        let bits = self.ids.bits().to_be_bytes();
        std::array::from_fn(|i| bits[i % 16])
    }

    /// 一邮送达: the window posted the result (the applicant chose post).
    pub async fn record_post(
        &self,
        actor: &Actor,
        number: &str,
        pairs: &[(String, String)],
    ) -> Result<(), IssuingError> {
        require(actor, &[StaffRole::Issuing], "record a posting")?;
        let number = parse_number(number)?;
        let record = self
            .storage
            .issuing_record(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        let Some(Delivery::Post(address)) = &record.delivery else {
            return Err(IssuingError::WrongStatus(record.application.status));
        };
        let shipment = Shipment::parse(pairs).map_err(IssuingError::Delivery)?;
        if let Some(first) = record.handover {
            return Err(IssuingError::AlreadyHandedOver(Box::new(first)));
        }
        let handover = HandoverRecord {
            number: number.clone(),
            way: HandoverWay::Post {
                shipment,
                recipient: address.recipient.clone(),
            },
            items: self.item_names(&record),
            at: self.clock.now(),
            place: self.keys()?.issuer.zh.clone(),
            by: actor.name.clone(),
            by_name: actor.display_name.clone(),
        };
        self.finish_handover(handover, self.staff_audit(actor, "mail", &number))
            .await
    }

    pub(crate) fn item_names(&self, record: &IssuingRecord) -> Vec<String> {
        record
            .documents
            .iter()
            .filter_map(|d| Licence::from_canonical(&d.content).ok())
            .map(|l| l.name.zh)
            .collect()
    }

    pub(crate) async fn finish_handover(
        &self,
        handover: HandoverRecord,
        audit: AuditRecord,
    ) -> Result<(), IssuingError> {
        let number = handover.number.clone();
        let application = self
            .storage
            .staff_application(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        let event = match &handover.way {
            HandoverWay::Post { shipment, .. } => NotificationEvent::Posted {
                carrier: shipment.carrier.clone(),
                tracking: shipment.tracking.clone(),
            },
            HandoverWay::Window { .. } => NotificationEvent::HandedOver,
        };
        let told = vec![to_applicant(
            event,
            &application.values,
            &application.record.applicant_masked,
        )];
        let finished = self
            .finished_services(&application.record, &handover.way, handover.at)
            .await?;
        match self
            .storage
            .hand_over(handover, audit, told, finished)
            .await?
        {
            HandoverOutcome::Done => {
                tracing::info!(number = %number, "result handed over");
                Ok(())
            }
            HandoverOutcome::Already(first) => Err(IssuingError::AlreadyHandedOver(first)),
            HandoverOutcome::NotLive(ApplicationStatus::Issued) => Err(IssuingError::Pickup(
                domain::issuing::PickupProblem::Revoked,
            )),
            HandoverOutcome::NotLive(status) => Err(IssuingError::WrongStatus(status)),
        }
    }

    /// 容缺: the front desk took in the deferred materials.
    pub async fn deferred_materials_received(
        &self,
        actor: &Actor,
        number: &str,
    ) -> Result<(), IssuingError> {
        require(actor, &[StaffRole::FrontDesk], "take in deferred materials")?;
        let number = parse_number(number)?;
        let record = self
            .storage
            .issuing_record(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        let application = self
            .storage
            .staff_application(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        if record.application.status.is_final()
            || self
                .deferred_owed(&record, &application.decisions)
                .await
                .is_none()
        {
            return Err(IssuingError::WrongStatus(record.application.status));
        }
        self.storage
            .deferred_received(
                &number,
                self.staff_audit(actor, "deferred_materials_received", &number),
            )
            .await?;
        Ok(())
    }

    /// 验证: anyone may check a licence by its code. The seal is checked
    /// against the stored text every time, so an edited record reads as
    /// not valid, never as genuine.
    pub async fn check_licence(&self, code: &str) -> Result<LicenceCheck, IssuingError> {
        let keys = self.keys()?;
        let Ok(code) = LicenceCode::parse(code) else {
            return Ok(LicenceCheck::Unknown);
        };
        let Some(doc) = self.storage.issued_document(&code).await? else {
            return Ok(LicenceCheck::Unknown);
        };
        if keys
            .seal
            .verifier()
            .verify(doc.content.as_bytes(), &doc.seal)
            .is_err()
        {
            tracing::warn!(code = %code, "licence seal does not match its text");
            return Ok(LicenceCheck::NotValid);
        }
        let Ok(licence) = Licence::from_canonical(&doc.content) else {
            return Ok(LicenceCheck::NotValid);
        };
        if licence.code != code {
            return Ok(LicenceCheck::NotValid);
        }
        Ok(match doc.revoked {
            Some((at, reason)) => LicenceCheck::Revoked(Box::new(licence), at, reason),
            None => LicenceCheck::Genuine(Box::new(licence)),
        })
    }
}
