//! Server functions of 并联审批: a reviewer's tasks and one task's page.
//! Each calls one use case, which checks the role and department itself.

use crate::errors::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

#[cfg(feature = "ssr")]
fn signed_in() -> Result<hall::StaffSession, AppError> {
    crate::staff_session().ok_or_else(|| fail(AppError::Unauthorized))
}

#[server(endpoint = "staff/reviews")]
pub async fn get_review_queue() -> Result<ReviewQueueView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let tasks = state
        .hall
        .review_queue(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::review::queue_view(&session, tasks))
}

#[server(endpoint = "staff/review")]
pub async fn get_review_task(id: String) -> Result<ReviewTaskView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let file = state
        .hall
        .review_task_file(&session.actor, &id)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::review::task_view(&session, file))
}
