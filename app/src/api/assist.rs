//! 帮你办's server functions: the desk's list, the confirmation panel and
//! the printed declaration (each use case checks the role and that the
//! desk's visit holds the draft), and the applicant's phone page (the
//! link is the key).

use crate::errors::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

#[server(endpoint = "staff/assist")]
pub async fn get_assist_desk() -> Result<AssistDeskView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let lines = state
        .hall
        .assisted_drafts(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::assist::desk_view(
        state.hall.catalog(),
        &session,
        lines,
    ))
}

/// `link`: a phone link just made, shown while it is this draft's.
#[server(endpoint = "staff/assist/confirm")]
pub async fn get_assist_confirm(
    id: String,
    link: Option<String>,
) -> Result<AssistConfirmView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let desk = crate::visit::request_token().map_err(fail)?;
    let me = crate::views::common::header(&session);
    let assisted = match state.hall.assisted_draft(&session.actor, &id, &desk).await {
        Ok(a) => a,
        Err(hall::AssistError::Draft(hall::DraftError::AlreadySubmitted(number))) => {
            return Ok(AssistConfirmView::Submitted {
                me,
                file_href: crate::urls::staff_application(number.as_str()),
                number: number.as_str().to_string(),
            })
        }
        Err(e) => return Err(fail(e.into())),
    };
    let phone = match link {
        Some(token) => state
            .hall
            .desk_confirmation(&session.actor, &id, &desk, &token)
            .await
            .map_err(|e| fail(e.into()))?
            .map(|l| crate::views::assist::shown_link(&state.public_base_url, &l))
            .transpose()
            .map_err(fail)?,
        None => None,
    };
    Ok(AssistConfirmView::Open {
        me,
        draft_id: id.clone(),
        continue_href: crate::urls::draft_step(&id, &assisted.open.first_open_step().slug),
        content: crate::views::assist::content(&assisted),
        phone,
    })
}

/// The A4 declaration (an audited view of the applicant's answers).
#[server(endpoint = "staff/assist/sheet")]
pub async fn get_assist_sheet(id: String) -> Result<DeclarationSheetView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let desk = crate::visit::request_token().map_err(fail)?;
    let assisted = state
        .hall
        .assisted_declaration_sheet(&session.actor, &id, &desk)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(DeclarationSheetView {
        content: crate::views::assist::content(&assisted),
        staff: session.actor.display_name.clone(),
        printed_on: assisted.open.today.to_string(),
        back: crate::urls::staff_assist(&id),
    })
}

#[server(endpoint = "confirm")]
pub async fn get_applicant_confirm(token: String) -> Result<ApplicantConfirmView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let page = state
        .hall
        .confirmation_page(&token)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(match page {
        hall::ConfirmationPage::Open(assisted) => ApplicantConfirmView::Open {
            token,
            content: crate::views::assist::content(&assisted),
        },
        hall::ConfirmationPage::Submitted(number) => ApplicantConfirmView::Submitted {
            number: number.as_str().to_string(),
        },
    })
}
