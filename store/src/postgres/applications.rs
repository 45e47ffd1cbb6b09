use super::PostgresStore;
use crate::errors::{corrupt, json, storage};
use async_trait::async_trait;
use chrono::DateTime;
use domain::{ApplicationNumber, ApplicationStatus, MatterCode};
use hall::ports::{ApplicationRecord, ApplicationStore, NewApplication, SubmitOutcome};
use hall::StorageError;

crate::applications::application_reads!(PostgresStore);

#[async_trait]
impl ApplicationStore for PostgresStore {
    async fn submit(&self, new: NewApplication) -> Result<SubmitOutcome, StorageError> {
        let form = json(&new.values)?;
        let matters: Vec<&str> = new.matters.iter().map(MatterCode::as_str).collect();
        // Written as crate::in_transaction's `enqueue` writes it, inside
        // this one statement.
        let told = new.notification.as_ref();
        let told_json = told.map(json).transpose()?;
        let recipient = told
            .and_then(|t| t.recipient.as_ref())
            .map(|m| m.as_str())
            .unwrap_or("");
        for number in &new.candidates {
            // One statement, so one round trip and atomic: the application,
            // its matters, the draft's tombstone and the first notification,
            // or nothing. A twin with the same key (committed or in flight)
            // makes the insert wait for it and then do nothing; so does a
            // taken number.
            let inserted: Option<(String,)> = sqlx::query_as(
                "WITH app AS (
                     INSERT INTO applications
                       (number, submission_key, payload_sha256, status, applicant_masked, form_json,
                        submitted_at_us, promised_by, queued_at_us, applicant_mobile_key,
                        submitted_via, assisted_by, assisted_confirmation, applicant_id_key)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $16, $17, $18, $19, $20)
                     ON CONFLICT DO NOTHING
                     RETURNING number
                 ), matters AS (
                     INSERT INTO application_matters (number, matter_code, position)
                     SELECT app.number, m.code, m.position - 1
                     FROM app, unnest($9::text[]) WITH ORDINALITY AS m(code, position)
                 ), draft AS (
                     UPDATE drafts SET application_number = app.number, answers_json = '[]', rows_json = '{}',
                         holder = CASE WHEN drafts.assisted_by IS NULL THEN drafts.holder END
                     FROM app WHERE drafts.id = $10
                 ), files AS (
                     UPDATE material_files SET number = app.number
                     FROM app WHERE material_files.draft_id = $10
                 ), told AS (
                     INSERT INTO outbox (number, kind, occurrence, recipient, body_json,
                         created_at_us, state, next_at_us)
                     SELECT app.number, $11, $12, $13, $14, $7, $15, $7 FROM app
                     WHERE CAST($11 AS TEXT) IS NOT NULL
                     ON CONFLICT (number, kind, occurrence, recipient) DO NOTHING
                 )
                 SELECT number FROM app",
            )
            .bind(number.as_str())
            .bind(new.submission_key.as_str())
            .bind(&new.payload_sha256)
            .bind(ApplicationStatus::Submitted.as_str())
            .bind(&new.applicant_masked)
            .bind(&form)
            .bind(new.submitted_at.timestamp_micros())
            .bind(new.promised_by.to_string())
            .bind(&matters)
            .bind(new.draft.as_ref().map(|d| d.as_str()))
            .bind(told.map(|t| t.event.kind()))
            .bind(told.map(|t| t.occurrence.as_str()))
            .bind(recipient)
            .bind(&told_json)
            .bind(if recipient.is_empty() { "page_only" } else { "pending" })
            .bind(new.applicant_mobile_key.as_deref())
            .bind(new.channel.as_str())
            .bind(new.assisted.as_ref().map(|a| a.staff.as_str()))
            .bind(new.assisted.as_ref().map(|a| a.confirmation.as_str()))
            .bind(new.applicant_id_key.as_deref())
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?;
            if inserted.is_some() {
                return Ok(SubmitOutcome::Created(ApplicationRecord {
                    number: number.clone(),
                    status: ApplicationStatus::Submitted,
                    matters: new.matters,
                    applicant_masked: new.applicant_masked,
                    // As stored: PostgreSQL keeps microseconds.
                    submitted_at: DateTime::from_timestamp_micros(
                        new.submitted_at.timestamp_micros(),
                    )
                    .unwrap_or(new.submitted_at),
                    promised_by: new.promised_by,
                }));
            }
            let existing: Option<(String, String)> = sqlx::query_as(
                "SELECT number, payload_sha256 FROM applications WHERE submission_key = $1",
            )
            .bind(new.submission_key.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?;
            match existing {
                Some((_, hash)) if hash != new.payload_sha256 => {
                    return Err(StorageError::KeyReusedWithDifferentPayload)
                }
                Some((number, _)) => {
                    let number =
                        ApplicationNumber::parse(&number).map_err(|e| corrupt(e.to_string()))?;
                    return self
                        .application(&number)
                        .await?
                        .map(SubmitOutcome::AlreadySubmitted)
                        .ok_or_else(|| corrupt("submitted application vanished"));
                }
                // Not our key: the number was taken. Draw the next.
                None => continue,
            }
        }
        Err(StorageError::CandidatesExhausted("application number"))
    }

    async fn application(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Option<ApplicationRecord>, StorageError> {
        self.read_application(number).await
    }

    async fn application_for_visit(
        &self,
        number: &ApplicationNumber,
        visit: Option<&hall::ports::VisitRef<'_>>,
    ) -> Result<Option<(ApplicationRecord, hall::ports::VisitStanding)>, StorageError> {
        self.read_application_for_visit(number, visit).await
    }

    async fn latest_of_applicant(
        &self,
        applicant_id_key: &str,
    ) -> Result<Option<(ApplicationNumber, domain::FormValues)>, StorageError> {
        self.read_latest_of_applicant(applicant_id_key).await
    }

    async fn count_applications(&self) -> Result<u64, StorageError> {
        self.read_application_count().await
    }
}
