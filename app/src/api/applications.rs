use crate::errors::AppError;
use domain::{ApplicationStatus, Localized};
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

    /// The start page, where "start" posts to create a draft.
    pub fn start_path(&self) -> String {
        match self {
            ApplyTarget::Matter(c) => format!("/matters/{c}/apply"),
            ApplyTarget::Bundle(c) => format!("/bundles/{c}/apply"),
        }
    }
}

/// The start page of an application: what it covers and its steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyStart {
    pub target: ApplyTarget,
    pub name: Localized,
    /// The matters applied for: one, or all of a bundle's.
    pub matters: Vec<(String, Localized)>,
    pub steps: Vec<super::StepLink>,
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
pub async fn get_apply_start(target: ApplyTarget) -> Result<ApplyStart, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::services::drafts::start_view(&state, target).map_err(fail)
}

#[server]
pub async fn get_application(number: String) -> Result<ApplicationView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::services::applications::application_view(&state, &number)
        .await
        .map_err(fail)
}
