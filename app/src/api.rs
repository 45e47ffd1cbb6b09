//! Server functions: the only way the browser talks to the server. Each
//! one checks its input, calls the domain or the store, and returns a view
//! model that holds no more personal data than the page shows.

use crate::errors::AppError;
use domain::catalog::{Audience, MatterKind};
use domain::{ApplicationStatus, FieldSpec, Localized};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatterSummary {
    pub code: String,
    pub name: Localized,
    pub department: Localized,
    pub audience: Audience,
    pub promised_days: u16,
    pub visits: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatterGuide {
    pub code: String,
    pub name: Localized,
    pub kind: MatterKind,
    pub department: Localized,
    pub legal_days: u16,
    pub promised_days: u16,
    pub visits: u8,
    pub summary: Localized,
    pub fields: Vec<FieldSpec>,
}

/// The guide plus a fresh idempotency key for this rendering of the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyForm {
    pub guide: MatterGuide,
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

/// Sets the page's or call's HTTP status from the error, then returns it.
#[cfg(feature = "ssr")]
fn fail(e: AppError) -> AppError {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(code) = http::StatusCode::from_u16(e.status()) {
            res.set_status(code);
        }
    }
    e
}

#[server]
pub async fn get_matters() -> Result<Vec<MatterSummary>, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::services::list_matters(&state).await.map_err(fail)
}

#[server]
pub async fn get_matter_guide(code: String) -> Result<MatterGuide, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::services::matter_guide(&state, &code)
        .await
        .map_err(fail)
}

#[server]
pub async fn get_apply_form(code: String) -> Result<ApplyForm, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let guide = crate::services::matter_guide(&state, &code)
        .await
        .map_err(fail)?;
    Ok(ApplyForm {
        guide,
        submission_key: crate::services::new_submission_key(),
    })
}

/// Submits once: the same key returns the same application number.
#[server(input = Json, endpoint = "submit_application")]
pub async fn submit_application(request: SubmitRequest) -> Result<String, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::services::submit(
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
    crate::services::application_view(&state, &number)
        .await
        .map_err(fail)
}
