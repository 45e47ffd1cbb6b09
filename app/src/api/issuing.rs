//! Server functions of 统一出件: the issuing window's list and file, the
//! proof of delivery, the public licence check, and the applicant's own
//! view (delivery choice and pickup pass, after proving who they are).
//! Each calls one use case, which checks the role or the proof itself.

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

#[server(endpoint = "staff/issuing")]
pub async fn get_issuing_queue() -> Result<IssuingQueueView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let lines = state
        .hall
        .issuing_queue(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::issuing::queue_view(&session, lines))
}

#[server(endpoint = "staff/issuing-file")]
pub async fn get_issuing_file(number: String) -> Result<IssuingFileView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let file = state
        .hall
        .issuing_file(&session.actor, &number)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::issuing::file_view(&session, &state.public_base_url, file).map_err(fail)
}

#[server(endpoint = "staff/handover")]
pub async fn get_handover(number: String) -> Result<HandoverPageView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let handover = state
        .hall
        .handover_receipt(&session.actor, &number)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(HandoverPageView {
        me: crate::views::common::header(&session),
        handover: HandoverView::from(&handover),
    })
}

#[server(endpoint = "verify")]
pub async fn get_licence_check(code: String) -> Result<LicenceCheckView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let check = state
        .hall
        .check_licence(&code)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::issuing::check_view(&state.public_base_url, check).map_err(fail)
}
