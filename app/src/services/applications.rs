//! Submitting and looking up applications.

use crate::api::{ApplicationView, ApplyTarget};
use crate::errors::AppError;
use crate::state::AppState;
use chrono::{FixedOffset, Utc};
use domain::masking::mask_name;
use domain::{ApplicationNumber, Localized};
use rand::Rng;
use store::{NewApplication, StoreError, SubmitOutcome};

/// China Standard Time; the mainland has no daylight saving.
pub fn hall_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

fn internal(e: StoreError) -> AppError {
    tracing::error!(error = %e, "store failure");
    AppError::Internal
}

fn is_valid_submission_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn random_application_number() -> ApplicationNumber {
    let mut rng = rand::thread_rng();
    ApplicationNumber::from_indices(std::array::from_fn(|_| {
        rng.gen_range(0..domain::application_number::ALPHABET.len() as u8)
    }))
}

/// Validates and stores one application for one matter or a whole bundle.
/// Field problems come back all at once; tampering is logged (keys only,
/// never values) and refused.
pub async fn submit(
    state: &AppState,
    target: &ApplyTarget,
    submission_key: &str,
    fields: Vec<(String, String)>,
    draft_id: Option<&str>,
) -> Result<ApplicationNumber, AppError> {
    let subject = super::catalog::apply_subject(state, target)?;
    let code = target.code();
    if !is_valid_submission_key(submission_key) {
        tracing::warn!(
            target = code,
            "refused submission: malformed submission key"
        );
        return Err(AppError::Invalid(vec![domain::FieldError {
            key: "_submission_key".into(),
            problem: domain::FieldProblem::Unknown,
        }]));
    }
    let values = subject.form.validate(&fields).map_err(|errors| {
        let tampered: Vec<&str> = errors
            .iter()
            .filter(|e| e.is_tampering())
            .map(|e| e.key.as_str())
            .collect();
        if !tampered.is_empty() {
            tracing::warn!(target = code, fields = ?tampered, "refused tampered submission");
        }
        AppError::Invalid(errors)
    })?;
    let applicant = values
        .get("applicant_name")
        .or_else(|| values.get("enterprise_name"))
        .unwrap_or("");
    let now = Utc::now().with_timezone(&hall_offset());
    let new = NewApplication {
        submission_key: submission_key.to_string(),
        matters: subject.matters.iter().map(|m| m.code.clone()).collect(),
        applicant_masked: mask_name(applicant),
        values,
        submitted_at: now.to_rfc3339(),
        promised_by: state
            .calendar
            .add_working_days(now.date_naive(), u32::from(subject.promised_days())),
        draft_id: draft_id.map(str::to_string),
    };
    match state.store.submit(new, random_application_number).await {
        Ok(outcome) => {
            let created = matches!(outcome, SubmitOutcome::Created(_));
            let number = outcome.record().number.clone();
            tracing::info!(number = %number, target = code, created, "application submitted");
            Ok(number)
        }
        Err(StoreError::KeyReusedWithDifferentPayload) => {
            tracing::warn!(
                target = code,
                "refused: submission key reused with different content"
            );
            Err(AppError::KeyReused)
        }
        Err(e) => Err(internal(e)),
    }
}

pub async fn application_view(state: &AppState, number: &str) -> Result<ApplicationView, AppError> {
    let number = ApplicationNumber::parse(number).map_err(AppError::MalformedNumber)?;
    let record = state
        .store
        .application(&number)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    // A matter since removed from the catalog still shows its code.
    let matters = record
        .matters
        .iter()
        .map(|code| {
            let name = state.catalog.matter(code).map(|m| m.name.clone());
            (
                code.to_string(),
                name.unwrap_or_else(|| Localized::new(code.as_str(), code.as_str())),
            )
        })
        .collect();
    let progress_url = format!(
        "{}/applications/{}",
        state.public_base_url.trim_end_matches('/'),
        number.as_str()
    );
    let submitted_at = chrono::DateTime::parse_from_rfc3339(&record.submitted_at)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or(record.submitted_at.clone());
    Ok(ApplicationView {
        number: number.as_str().to_string(),
        number_display: number.to_string(),
        status: record.status,
        matters,
        applicant_masked: record.applicant_masked,
        submitted_at,
        promised_by: record.promised_by.to_string(),
        qr_svg: qr_svg(&progress_url)?,
        progress_url,
    })
}

pub fn qr_svg(data: &str) -> Result<String, AppError> {
    use qrcode::{render::svg, EcLevel, QrCode};
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).map_err(|e| {
        tracing::error!(error = %e, "QR encoding failed");
        AppError::Internal
    })?;
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // Inline in HTML: drop the XML declaration.
    Ok(match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => svg,
    })
}
