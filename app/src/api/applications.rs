use crate::errors::AppError;
#[cfg(feature = "ssr")]
use domain::Localized;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

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
