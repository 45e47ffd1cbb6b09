//! 每月通报's server functions: the month's report and the list behind a
//! figure (the supervisor; each view is audited by the use case).

use crate::errors::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

#[server(endpoint = "staff/supervision/report")]
pub async fn get_monthly_report(month: String) -> Result<MonthlyReportView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let period = state
        .hall
        .supervision_period(&session.actor, &month)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::report::monthly_report_view(
        state.hall.catalog(),
        &session,
        period,
    ))
}

#[server(endpoint = "staff/supervision/finished")]
pub async fn get_finished_list(
    month: String,
    matter: String,
    filter: String,
) -> Result<FinishedListView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let list = state
        .hall
        .finished_list(&session.actor, &month, Some(&matter), &filter)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::report::finished_list_view(
        state.hall.catalog(),
        &session,
        list,
    ))
}
