//! Server functions of the staff desks. Each takes the signed-in staff
//! member from the request (the server's staff layer put the session
//! there) and calls one use case, which checks the role itself; nobody
//! signed in is `Unauthorized`.

use crate::errors::AppError;
#[cfg(feature = "ssr")]
use domain::ApplicationStatus;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

#[cfg(feature = "ssr")]
pub(super) fn signed_in() -> Result<hall::StaffSession, AppError> {
    crate::staff_session().ok_or_else(|| fail(AppError::Unauthorized))
}

#[server(endpoint = "staff/queue")]
pub async fn get_staff_queue(after: Option<String>) -> Result<StaffQueueView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let page = state
        .hall
        .front_desk_queue(&session.actor, after.as_deref())
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::staff::queue_view(
        state.hall.catalog(),
        &session,
        page,
    ))
}

/// 电子监察: messages that could not be delivered (supervisors).
#[server(endpoint = "staff/messages")]
pub async fn get_undelivered_messages() -> Result<UndeliveredView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let messages = state
        .hall
        .undelivered_messages(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::staff::undelivered_view(&session, messages))
}

#[server(endpoint = "staff/application")]
pub async fn get_application_file(number: String) -> Result<ApplicationFileView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let file = state
        .hall
        .application_file(&session.actor, &number)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::staff::file_view(
        state.hall.catalog(),
        &session,
        file,
    ))
}

/// The printable notice of the latest decision, with the applicant's name
/// in full (the desk hands it over); reading it is an audited view.
#[server(endpoint = "staff/notice")]
pub async fn get_staff_notice(number: String) -> Result<NoticeView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let file = state
        .hall
        .application_file(&session.actor, &number)
        .await
        .map_err(|e| fail(e.into()))?;
    let notice =
        crate::views::staff::staff_notice(state.hall.catalog(), &state.public_base_url, &file)
            .ok_or_else(|| fail(AppError::NotFound))?;
    // While corrections asked in review are owed, the notice to hand over
    // is the departments' merged one.
    Ok(
        if file.application.record.status == ApplicationStatus::CorrectionDuringReview {
            crate::views::review::review_notice(notice, &file.progress)
        } else {
            notice
        },
    )
}
