//! Submitting an application once, and looking one up by its number.

use crate::ports::{ApplicationRecord, NewApplication, StorageError, SubmitOutcome};
use crate::Hall;
use domain::masking::mask_name;
use domain::notification::NotificationEvent;
use domain::{
    ApplicationNumber, ApplicationNumberError, ApplySubject, DraftId, FieldError, FormValues,
    MatterCode, SubmissionKey,
};
use sha2::{Digest, Sha256};

/// Candidate numbers drawn per submission: a collision with an existing
/// number takes the next one (30⁹ numbers make even one collision rare).
const CANDIDATES: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// Field problems, all of them at once.
    #[error("the form has {} problem(s)", .0.len())]
    Invalid(Vec<FieldError>),
    #[error("submission key reused with different content")]
    KeyReused,
    #[error("storing the submission failed")]
    Storage(#[source] StorageError),
}

#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("malformed application number")]
    Malformed(#[source] ApplicationNumberError),
    #[error("no such application")]
    NotFound,
    #[error("reading the application failed")]
    Storage(#[from] StorageError),
}

/// The content a submission key is bound to: matters (sorted) and values.
fn fingerprint(matters: &[MatterCode], values: &FormValues) -> String {
    let mut codes: Vec<&str> = matters.iter().map(MatterCode::as_str).collect();
    codes.sort_unstable();
    let canonical = serde_json::json!({ "matters": codes, "values": values });
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    data_encoding::HEXLOWER.encode(&digest)
}

impl Hall {
    /// Validates and stores one application for one matter or a whole
    /// bundle. Field problems come back all at once; tampering is logged
    /// (keys only, never values) and refused.
    pub async fn submit(
        &self,
        subject: &ApplySubject,
        submission_key: &SubmissionKey,
        answers: &[(String, String)],
        draft: Option<&DraftId>,
        channel: domain::trip::Channel,
    ) -> Result<ApplicationRecord, SubmitError> {
        self.submit_as(subject, submission_key, answers, draft, channel, None)
            .await
    }

    /// [`Hall::submit`], recording who filled it when staff did (帮你办).
    pub(crate) async fn submit_as(
        &self,
        subject: &ApplySubject,
        submission_key: &SubmissionKey,
        answers: &[(String, String)],
        draft: Option<&DraftId>,
        channel: domain::trip::Channel,
        assisted: Option<domain::assisted::AssistedFiling>,
    ) -> Result<ApplicationRecord, SubmitError> {
        let target = subject.target.code();
        let now = self.clock.now();
        let today = domain::time::hall_date(now).into();
        let values = subject.form.validate(answers, today).map_err(|errors| {
            let tampered: Vec<&str> = errors
                .iter()
                .filter(|e| e.is_tampering())
                .map(|e| e.key.as_str())
                .collect();
            if !tampered.is_empty() {
                tracing::warn!(target, fields = ?tampered, "refused tampered submission");
            }
            SubmitError::Invalid(errors)
        })?;
        let applicant = values
            .get("applicant_name")
            .or_else(|| values.get("enterprise_name"))
            .unwrap_or("");
        let matters = subject.matter_codes();
        let applicant_masked = mask_name(applicant);
        let applicant_mobile_key =
            crate::notifications::recipient(&values).map(|m| self.applicant_mobile_key(&m));
        let applicant_id_key = values
            .get("applicant_id")
            .and_then(|id| domain::ResidentId::parse(id, today).ok())
            .map(|id| self.applicant_id_key(&id));
        let notification = crate::notifications::to_applicant(
            NotificationEvent::Submitted,
            &values,
            &applicant_masked,
        );
        let new = NewApplication {
            submission_key: submission_key.clone(),
            payload_sha256: fingerprint(&matters, &values),
            applicant_masked,
            matters,
            values,
            submitted_at: now,
            promised_by: self.calendar.add_working_days(
                domain::time::hall_date(now),
                u32::from(subject.promised_days),
            ),
            draft: draft.cloned(),
            candidates: (0..CANDIDATES)
                .map(|_| ApplicationNumber::from_indices(self.code_indices()))
                .collect(),
            applicant_mobile_key,
            channel,
            notification: Some(notification),
            assisted,
            applicant_id_key,
        };
        match self.storage.submit(new).await {
            Ok(outcome) => {
                let created = matches!(outcome, SubmitOutcome::Created(_));
                let record = match outcome {
                    SubmitOutcome::Created(r) | SubmitOutcome::AlreadySubmitted(r) => r,
                };
                tracing::info!(number = %record.number, target, created, "application submitted");
                Ok(record)
            }
            Err(StorageError::KeyReusedWithDifferentPayload) => {
                tracing::warn!(
                    target,
                    "refused: submission key reused with different content"
                );
                Err(SubmitError::KeyReused)
            }
            Err(e) => Err(SubmitError::Storage(e)),
        }
    }

    /// The public face of an application, by the number as typed.
    pub async fn application(&self, number: &str) -> Result<ApplicationRecord, LookupError> {
        let number = ApplicationNumber::parse(number).map_err(LookupError::Malformed)?;
        self.storage
            .application(&number)
            .await?
            .ok_or(LookupError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_ignores_the_order_of_matters() {
        let a = MatterCode::parse("A-1").unwrap();
        let b = MatterCode::parse("B-1").unwrap();
        let v = FormValues::default();
        assert_eq!(
            fingerprint(&[a.clone(), b.clone()], &v),
            fingerprint(&[b, a.clone()], &v)
        );
        assert_ne!(fingerprint(&[a], &v), fingerprint(&[], &v));
    }
}
