use crate::errors::AppError;
use domain::{ApplicationStatus, FieldSpec, Localized};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::fail;

/// What a form applies for: one matter, or a life-event bundle (一件事)
/// whose matters share one merged form and one application number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyTarget {
    Matter(String),
    Bundle(String),
}

impl ApplyTarget {
    pub fn code(&self) -> &str {
        match self {
            ApplyTarget::Matter(c) | ApplyTarget::Bundle(c) => c,
        }
    }

    /// The form's page, where a JS-off browser posts it too.
    pub fn form_path(&self) -> String {
        match self {
            ApplyTarget::Matter(c) => format!("/matters/{c}/apply"),
            ApplyTarget::Bundle(c) => format!("/bundles/{c}/apply"),
        }
    }
}

/// The (merged) form plus a fresh idempotency key for this rendering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyForm {
    pub target: ApplyTarget,
    pub name: Localized,
    /// The matters applied for: one, or all of a bundle's.
    pub matters: Vec<(String, Localized)>,
    pub fields: Vec<FieldSpec>,
    pub submission_key: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmitRequest {
    pub target: ApplyTarget,
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

#[server(input = Json)]
pub async fn get_apply_form(target: ApplyTarget) -> Result<ApplyForm, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let subject = crate::services::catalog::apply_subject(&state, &target).map_err(fail)?;
    Ok(ApplyForm {
        name: subject.name,
        matters: subject
            .matters
            .iter()
            .map(|m| (m.code.to_string(), m.name.clone()))
            .collect(),
        fields: subject.form.fields,
        target,
        submission_key: crate::services::applications::new_submission_key(),
    })
}

/// Submits once: the same key returns the same application number.
#[server(input = Json, endpoint = "submit_application")]
pub async fn submit_application(request: SubmitRequest) -> Result<String, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::services::applications::submit(
        &state,
        &request.target,
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
