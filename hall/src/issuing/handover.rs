//! 送达: the applicant proves who they are (the end of their ID number or
//! credit code), chooses pickup or post, and sees the pickup QR; at the
//! desk the issuing window scans it (or types its 8 digits), checks the
//! identity document, and confirms the one handover.

use super::{
    guess_window, parse_number, IssuingError, PickupToken, TokenError, GUESSES_PER_CLIENT,
    GUESSES_PER_KEY, GUESSES_PER_TARGET,
};
use crate::attempts::AttemptKey;
use crate::authz::require;
use crate::ports::{AttemptKind, HandoverRecord, IssuingRecord, PickupRecord};
use crate::Hall;
use chrono::NaiveDate;
use domain::audit::AuditRecord;
use domain::issuing::{
    parse_delivery, Collector, Delivery, HandoverWay, PickupCode, PickupProblem,
};
use domain::time::hall_date;
use domain::{Actor, ApplicationNumber, ApplicationStatus, StaffRole, Transition, VisitToken};
use sha2::{Digest, Sha256};

/// How many characters of the ID number or credit code prove the applicant.
pub const PROOF_CHARS: usize = 6;

/// What the applicant sees once proven: the QR's text, the numeric code,
/// and what they (or their proxy) will collect.
#[derive(Clone, Debug, PartialEq)]
pub struct PickupPass {
    pub number: ApplicationNumber,
    pub token: String,
    pub code: PickupCode,
    pub expires: NaiveDate,
    pub items: Vec<String>,
    pub proxy: Option<domain::issuing::Proxy>,
}

/// A scan as typed or decoded: the QR's text or the 8 digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanInput {
    Token(String),
    Code(PickupCode),
}

impl ScanInput {
    /// `HP1-…` is a token (case as scanned; some scanners shout); eight
    /// digits are a code; anything else is not a pickup code.
    /// Full-width characters (a Chinese input method) read as their ASCII
    /// selves; text is never cut by byte position.
    pub fn parse(text: &str) -> Result<Self, PickupProblem> {
        let half = domain::normalise::half_width(text);
        let t = half.trim();
        let prefix = super::TOKEN_PREFIX;
        let is_token = t
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
            && t.len() > prefix.len();
        if is_token {
            return Ok(ScanInput::Token(t.to_ascii_uppercase()));
        }
        PickupCode::parse(t)
            .map(ScanInput::Code)
            .map_err(|_| PickupProblem::Malformed)
    }
}

/// What the desk sees after a scan.
#[derive(Clone, Debug, PartialEq)]
pub struct PickupFile {
    pub pickup: PickupRecord,
    pub record: IssuingRecord,
    /// The applicant's full name (to compare with the ID document) and
    /// ID number masked.
    pub applicant: String,
    pub applicant_id_masked: String,
    pub items: Vec<String>,
}

pub(crate) fn visit_hash(visit: &VisitToken) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(visit.as_str().as_bytes()))
}

fn citizen_audit(
    at: chrono::DateTime<chrono::Utc>,
    action: &str,
    n: &ApplicationNumber,
) -> AuditRecord {
    AuditRecord::new(at, "citizen", "applicant", action, n.as_str())
}

impl Hall {
    /// Whether this visit proved it is the application's applicant.
    pub async fn applicant_proven(
        &self,
        number: &ApplicationNumber,
        visit: &VisitToken,
    ) -> Result<bool, IssuingError> {
        Ok(self
            .storage
            .applicant_proven(number, &visit_hash(visit))
            .await?)
    }

    /// The applicant types the last characters of the ID number (or credit
    /// code) given on the form; wrong tries are counted per application
    /// and per client address.
    pub async fn prove_applicant(
        &self,
        number: &str,
        typed: &str,
        visit: &VisitToken,
        client: &str,
    ) -> Result<(), IssuingError> {
        let number = parse_number(number)?;
        let keys = [
            AttemptKey::new(format!("nc:{number}|{client}"), GUESSES_PER_KEY),
            AttemptKey::new(format!("c:{client}"), GUESSES_PER_CLIENT),
            AttemptKey::new(format!("n:{number}"), GUESSES_PER_TARGET),
        ];
        let attempt = match self
            .charge_attempt(AttemptKind::ApplicantProof, &keys, guess_window())
            .await?
        {
            Ok(attempt) => attempt,
            Err(over) => {
                tracing::warn!(number = %number, "applicant proof: too many tries");
                return Err(IssuingError::TooManyGuesses {
                    retry_after_secs: over.retry_after_secs,
                });
            }
        };
        let application = self
            .storage
            .staff_application(&number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        let id = application
            .values
            .get("applicant_id")
            .or_else(|| application.values.get("enterprise_credit_code"))
            .unwrap_or_default();
        let typed: String = domain::normalise::half_width(typed)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let tail: String = {
            let chars: Vec<char> = id.chars().collect();
            chars[chars.len().saturating_sub(PROOF_CHARS)..]
                .iter()
                .collect::<String>()
                .to_ascii_uppercase()
        };
        let matches = typed.chars().count() == PROOF_CHARS
            && tail.chars().count() == PROOF_CHARS
            && subtle_eq(typed.as_bytes(), tail.as_bytes());
        if !matches {
            tracing::info!(number = %number, "applicant proof: wrong");
            return Err(IssuingError::WrongProof {
                left: attempt.left(GUESSES_PER_KEY),
            });
        }
        self.clear_attempts(AttemptKind::ApplicantProof, &[&keys[0].key, &keys[2].key])
            .await?;
        self.storage
            .prove_applicant(&number, &visit_hash(visit), self.clock.now())
            .await?;
        Ok(())
    }

    async fn proven_record(
        &self,
        number: &str,
        visit: &VisitToken,
    ) -> Result<IssuingRecord, IssuingError> {
        let number = parse_number(number)?;
        if !self.applicant_proven(&number, visit).await? {
            return Err(IssuingError::NotProven);
        }
        self.storage
            .issuing_record(&number)
            .await?
            .ok_or(IssuingError::NotFound)
    }

    /// The record and, once issued for the window, its pickup pass.
    pub(crate) fn with_pass(
        &self,
        record: IssuingRecord,
    ) -> Result<(IssuingRecord, Option<PickupPass>), IssuingError> {
        let pass = match (&record.pickup, record.application.status) {
            (Some(p), ApplicationStatus::Issued) if p.is_live() => Some(self.pass(&record, p)?),
            _ => None,
        };
        Ok((record, pass))
    }

    fn pass(&self, record: &IssuingRecord, p: &PickupRecord) -> Result<PickupPass, IssuingError> {
        let keys = self.keys()?;
        let token = PickupToken {
            number: p.number.clone(),
            result: 0,
            serial: u32::try_from(p.serial).unwrap_or(u32::MAX),
            expires: p.expires,
        };
        Ok(PickupPass {
            number: p.number.clone(),
            token: token.sign(&keys.pickup),
            code: p.code.clone(),
            expires: p.expires,
            items: self.item_names(record),
            proxy: record.delivery.as_ref().and_then(Delivery::proxy).cloned(),
        })
    }

    /// 领取方式: the applicant chooses (again) until the result is issued.
    pub async fn choose_delivery(
        &self,
        number: &str,
        visit: &VisitToken,
        pairs: &[(String, String)],
    ) -> Result<Delivery, IssuingError> {
        let record = self.proven_record(number, visit).await?;
        let status = record.application.status;
        if matches!(status, ApplicationStatus::Issued) || status.is_final() {
            return Err(IssuingError::WrongStatus(status));
        }
        let now = self.clock.now();
        let delivery =
            parse_delivery(pairs, hall_date(now).into()).map_err(IssuingError::Delivery)?;
        let number = record.application.number;
        let mut audit = citizen_audit(now, "choose_delivery", &number);
        audit.reason = if delivery.is_post() { "post" } else { "window" }.to_string();
        if !self
            .storage
            .choose_delivery(&number, &delivery, audit)
            .await?
        {
            let now_status = self
                .storage
                .application(&number)
                .await?
                .map_or(status, |r| r.status);
            return Err(IssuingError::WrongStatus(now_status));
        }
        Ok(delivery)
    }

    /// A new pickup code (the old one stops working): lost, or shown to
    /// someone it should not have been.
    pub async fn renew_pickup(&self, number: &str, visit: &VisitToken) -> Result<(), IssuingError> {
        let record = self.proven_record(number, visit).await?;
        let number = record.application.number;
        let now = self.clock.now();
        let pickup = self.new_pickup_for(&number, now)?;
        match self
            .storage
            .new_pickup(pickup, citizen_audit(now, "renew_pickup", &number))
            .await?
        {
            Some(_) => Ok(()),
            None => Err(IssuingError::WrongStatus(record.application.status)),
        }
    }

    /// A scan at the desk: the QR's text or the numeric code → the pickup
    /// it opens, or exactly why not. Wrong numeric codes are counted per
    /// desk (staff account) and client address.
    pub async fn scan_pickup(
        &self,
        actor: &Actor,
        scanned: &str,
        client: &str,
    ) -> Result<PickupFile, IssuingError> {
        require(actor, &[StaffRole::Issuing], "scan a pickup code")?;
        let file = self.find_pickup(actor, scanned, client).await?;
        self.storage
            .append_audit(self.staff_audit(actor, "scan_pickup", &file.pickup.number))
            .await?;
        Ok(file)
    }

    async fn find_pickup(
        &self,
        actor: &Actor,
        scanned: &str,
        client: &str,
    ) -> Result<PickupFile, IssuingError> {
        let keys = self.keys()?;
        let now = self.clock.now();
        let pickup = match ScanInput::parse(scanned).map_err(IssuingError::Pickup)? {
            ScanInput::Token(text) => {
                let token =
                    PickupToken::verify(&text, &keys.pickup, hall_date(now)).map_err(|e| {
                        tracing::warn!(staff = %actor.name, "pickup token refused: {e}");
                        IssuingError::Pickup(match e {
                            TokenError::Malformed => PickupProblem::Malformed,
                            TokenError::Forged => PickupProblem::Forged,
                            TokenError::Expired(on) => PickupProblem::Expired(on),
                        })
                    })?;
                let pickup = self
                    .storage
                    .pickup(i64::from(token.serial))
                    .await?
                    .filter(|p| p.number == token.number)
                    .ok_or(IssuingError::Pickup(PickupProblem::Forged))?;
                pickup
            }
            ScanInput::Code(code) => {
                let keys = [
                    AttemptKey::new(format!("s:{}", actor.name), GUESSES_PER_CLIENT),
                    AttemptKey::new(format!("c:{client}"), GUESSES_PER_CLIENT),
                ];
                let attempt = match self
                    .charge_attempt(AttemptKind::PickupCode, &keys, guess_window())
                    .await?
                {
                    Ok(attempt) => attempt,
                    Err(over) => {
                        tracing::warn!(staff = %actor.name, "numeric pickup codes: too many wrong");
                        return Err(IssuingError::TooManyGuesses {
                            retry_after_secs: over.retry_after_secs,
                        });
                    }
                };
                match self.storage.pickup_by_code(&code).await? {
                    // A code that exists is the desk's work, not a guess.
                    Some(p) => {
                        self.refund_attempt(&attempt).await?;
                        p
                    }
                    None => return Err(IssuingError::Pickup(PickupProblem::UnknownCode)),
                }
            }
        };
        let record = self
            .storage
            .issuing_record(&pickup.number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        if let Some(first) = record.handover.clone() {
            return Err(IssuingError::AlreadyHandedOver(Box::new(first)));
        }
        if !pickup.is_live() {
            return Err(IssuingError::Pickup(PickupProblem::Revoked));
        }
        if pickup.expires < hall_date(now) {
            return Err(IssuingError::Pickup(PickupProblem::Expired(pickup.expires)));
        }
        let status = record.application.status;
        status
            .after(Transition::HandOver)
            .map_err(|_| IssuingError::WrongStatus(status))?;
        let application = self
            .storage
            .staff_application(&pickup.number)
            .await?
            .ok_or(IssuingError::NotFound)?;
        let (applicant, applicant_id) = (
            application
                .values
                .get("applicant_name")
                .or_else(|| application.values.get("enterprise_name"))
                .unwrap_or_default()
                .to_string(),
            application
                .values
                .get("applicant_id")
                .or_else(|| application.values.get("enterprise_credit_code"))
                .unwrap_or_default(),
        );
        Ok(PickupFile {
            items: self.item_names(&record),
            applicant,
            applicant_id_masked: domain::masking::mask_middle(applicant_id, 3, 4),
            pickup,
            record,
        })
    }

    /// The desk confirms: identity document checked, collected by the
    /// applicant or the named proxy. The scanned text is checked again
    /// (it must still open this application); exactly one confirmation
    /// ever wins.
    pub async fn hand_over(
        &self,
        actor: &Actor,
        scanned: &str,
        pairs: &[(String, String)],
        client: &str,
    ) -> Result<HandoverRecord, IssuingError> {
        require(actor, &[StaffRole::Issuing], "hand over a result")?;
        let value = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let file = self.find_pickup(actor, scanned, client).await?;
        let (pickup, record) = (&file.pickup, &file.record);
        if value("number") != Some(pickup.number.as_str()) {
            return Err(IssuingError::Pickup(PickupProblem::OtherApplication));
        }
        if value("id_checked") != Some("on") {
            return Err(IssuingError::IdentityNotChecked);
        }
        let collector = value("collector")
            .and_then(Collector::parse)
            .unwrap_or(Collector::Applicant);
        let (name, id_masked) = match collector {
            Collector::Applicant => (file.applicant.clone(), file.applicant_id_masked.clone()),
            Collector::Proxy => {
                let proxy = record
                    .delivery
                    .as_ref()
                    .and_then(Delivery::proxy)
                    .ok_or(IssuingError::NoProxy)?;
                (proxy.name.clone(), proxy.id_masked())
            }
        };
        let handover = HandoverRecord {
            number: pickup.number.clone(),
            way: HandoverWay::Window {
                serial: pickup.serial,
                collector,
                name,
                id_masked,
            },
            items: file.items.clone(),
            at: self.clock.now(),
            // The hall's window as configured (a client address means
            // nothing to the applicant who signs the receipt).
            place: self.keys()?.window.zh.clone(),
            by: actor.name.clone(),
            by_name: actor.display_name.clone(),
        };
        self.finish_handover(
            handover.clone(),
            self.staff_audit(actor, "hand_over", &pickup.number),
        )
        .await?;
        self.tell_window(actor, &pickup.number, domain::rating::Touchpoint::Handover)
            .await;
        Ok(handover)
    }

    /// 送达回证: the handover as recorded (issuing window and supervisor).
    pub async fn handover_receipt(
        &self,
        actor: &Actor,
        number: &str,
    ) -> Result<HandoverRecord, IssuingError> {
        require(
            actor,
            &[StaffRole::Issuing, StaffRole::Supervisor],
            "see a proof of delivery",
        )?;
        let number = parse_number(number)?;
        self.storage
            .issuing_record(&number)
            .await?
            .and_then(|r| r.handover)
            .ok_or(IssuingError::NotFound)
    }
}

/// Compares in time independent of where the bytes differ.
fn subtle_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_are_a_code_and_other_text_is_refused() {
        assert_eq!(
            ScanInput::parse("１２３４５６７８"),
            Ok(ScanInput::Code(PickupCode::parse("12345678").unwrap()))
        );
        assert_eq!(ScanInput::parse("中文字"), Err(PickupProblem::Malformed));
        assert_eq!(ScanInput::parse("ab中"), Err(PickupProblem::Malformed));
        assert_eq!(ScanInput::parse("HP1中"), Err(PickupProblem::Malformed));
        assert!(
            matches!(ScanInput::parse("ｈｐ１－ABC"), Ok(ScanInput::Token(t)) if t == "HP1-ABC")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_is_refused(text in "\\PC*") {
            let _ = ScanInput::parse(&text);
        }

        #[test]
        fn any_text_after_the_prefix_parses_or_is_refused(text in "(?s).{0,40}") {
            let _ = ScanInput::parse(&format!("HP1-{text}"));
            let _ = ScanInput::parse(&text);
        }
    }
}
