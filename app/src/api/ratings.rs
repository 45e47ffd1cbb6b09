//! 好差评's server functions: the public figures, and the follow-up desk
//! (each use case checks the staff member's role itself).

use crate::errors::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

#[server(endpoint = "ratings")]
pub async fn get_satisfaction_index() -> Result<SatisfactionIndexView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let all = state
        .hall
        .satisfaction_index()
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::ratings::index_view(state.hall.catalog(), all))
}

/// One department's (`department`) or matter's figures.
#[server(endpoint = "ratings/of")]
pub async fn get_satisfaction_page(
    department: bool,
    code: String,
) -> Result<SatisfactionPageView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let all = state
        .hall
        .satisfaction_index()
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::ratings::page_view(state.hall.catalog(), all, department, &code)
        .ok_or_else(|| fail(AppError::NotFound))
}

#[server(endpoint = "staff/follow-ups")]
pub async fn get_follow_ups() -> Result<FollowUpListView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let list = state
        .hall
        .follow_ups(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::ratings::follow_up_list_view(
        state.hall.catalog(),
        &session,
        list,
    ))
}

#[server(endpoint = "staff/follow-up")]
pub async fn get_follow_up(
    number: String,
    touchpoint: String,
) -> Result<FollowUpFileView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let file = state
        .hall
        .follow_up_file(&session.actor, &number, &touchpoint)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::ratings::follow_up_file_view(
        state.hall.catalog(),
        &session,
        file,
    ))
}

/// 评价器: what this visit's screen shows (no account: the pairing is the
/// screen's visit).
#[server(endpoint = "window")]
pub async fn get_window_screen() -> Result<WindowScreenView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let visitor = crate::visit::request_token().map_err(fail)?;
    let screen = state
        .hall
        .window_screen(&visitor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::ratings::window_screen_view(
        state.hall.catalog(),
        screen,
    ))
}

#[server(endpoint = "staff/window-screen")]
pub async fn get_desk_window() -> Result<DeskWindowView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let window = state
        .hall
        .desk_window(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::ratings::desk_window_view(&session, window))
}

/// 电子监察: open work now (the supervisor; the view is audited).
#[server(endpoint = "staff/supervision")]
pub async fn get_supervision() -> Result<SupervisionView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let now = state
        .hall
        .supervision_now(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    let queue = state
        .hall
        .queue_today(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    let mut view = crate::views::ratings::supervision_view(state.hall.catalog(), &session, now);
    view.queue = queue
        .map(crate::views::queue::queue_day_rows)
        .unwrap_or_default();
    Ok(view)
}
