use crate::errors::AppError;
use domain::{ApplicationStatus, Localized};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::fail;

pub use domain::ApplyTarget;

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
    /// The decision notice meant for the citizen while it applies (masked
    /// name only): what to correct, what to hand in later, or why refused.
    pub notice: Option<super::NoticeView>,
    /// 并联审批: each department's part and its time left.
    pub review: Vec<super::ReviewStepView>,
    /// The one merged notice while corrections asked in review are owed.
    pub review_notice: Option<super::ReviewNoticeView>,
    /// 补正 by upload: the notice's items, for the visit that proved it is
    /// the applicant while corrections are owed (and the per-file limit).
    pub corrections: Option<(Vec<super::SlotView>, u64)>,
}

#[server(input = Json)]
pub async fn get_apply_start(target: ApplyTarget) -> Result<ApplyStart, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    crate::views::catalog::apply_start(state.hall.catalog(), target).map_err(fail)
}

#[server]
pub async fn get_application(number: String) -> Result<ApplicationView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let record = state
        .hall
        .application(&number)
        .await
        .map_err(|e| fail(e.into()))?;
    let number = record.number.clone();
    let notice = crate::views::staff::public_notice(&state.hall, &state.public_base_url, &record)
        .await
        .map_err(|e| fail(e.into()))?;
    let mut view = crate::views::applications::application_view(
        state.hall.catalog(),
        &state.public_base_url,
        record,
    )
    .map_err(fail)?;
    let progress = state
        .hall
        .review_progress(&number)
        .await
        .map_err(|e| fail(e.into()))?;
    view.notice = notice;
    view.review = crate::views::review::progress_steps(&progress);
    view.review_notice = crate::views::review::notice_view(&progress);
    if let Ok(visitor) = crate::visit::request_token() {
        let slots = state
            .hall
            .correction_slots(number.as_str(), &visitor)
            .await
            .map_err(|e| fail(e.into()))?;
        let none = |_: &domain::MatterCode| Localized::new("", "");
        view.corrections = slots.map(|m| {
            (
                m.slots
                    .iter()
                    .map(|s| crate::views::drafts::slot_view(s, &none, |_| String::new()))
                    .collect(),
                m.limits.bytes_per_file,
            )
        });
    }
    Ok(view)
}
