use crate::errors::AppError;
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
    let visitor = crate::visit::request_token().ok();
    let page = state
        .hall
        .application_page(&number, visitor.as_ref())
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::applications::application_page_view(
        state.hall.catalog(),
        &state.public_base_url,
        page,
    )
    .map_err(fail)
}

/// 我的办件 for this visit: the list, the code form, or the mobile form.
#[server]
pub async fn get_my_applications() -> Result<MyApplicationsView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let visitor = crate::visit::request_token().map_err(fail)?;
    let page = state
        .hall
        .my_applications_page(&visitor)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::applications::my_applications_view(
        state.hall.catalog(),
        &state.public_base_url,
        page,
    )
    .map_err(fail)
}
