use crate::errors::AppError;
use domain::{ApplicationStatus, FieldSpec, Localized};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::fail;

/// The form of one matter plus a fresh idempotency key for this rendering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyForm {
    pub code: String,
    pub name: Localized,
    pub fields: Vec<FieldSpec>,
    pub submission_key: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmitRequest {
    pub matter: String,
    pub submission_key: String,
    pub fields: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationView {
    /// Canonical form, for URLs.
    pub number: String,
    /// `XXXXX-XXXXX`, for people.
    pub number_display: String,
    pub status: ApplicationStatus,
    pub matters: Vec<(String, Localized)>,
    pub applicant_masked: String,
    pub submitted_at: String,
    pub promised_by: String,
    /// Inline SVG of the QR code that opens the progress page.
    pub qr_svg: String,
    pub progress_url: String,
}

#[server]
pub async fn get_apply_form(code: String) -> Result<ApplyForm, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let m = crate::services::catalog::find_matter(&state, &code).map_err(fail)?;
    Ok(ApplyForm {
        code: m.code.to_string(),
        name: m.name.clone(),
        fields: m.form.fields.clone(),
        submission_key: crate::services::applications::new_submission_key(),
    })
}

/// Submits once: the same key returns the same application number.
#[server(input = Json, endpoint = "submit_application")]
pub async fn submit_application(request: SubmitRequest) -> Result<String, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::services::applications::submit(
        &state,
        &request.matter,
        &request.submission_key,
        request.fields,
    )
    .await
    .map(|n| n.as_str().to_string())
    .map_err(fail)
}

#[server]
pub async fn get_application(number: String) -> Result<ApplicationView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::services::applications::application_view(&state, &number)
        .await
        .map_err(fail)
}
