//! 取号叫号's server functions: the kiosk's categories, a ticket by its
//! link, the hall display, and the desk's calling panel (its use case
//! checks the role).

use crate::errors::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::fail;
#[allow(unused_imports)]
use crate::models::*;

/// 取号: the categories and who waits; `application`, from a receipt,
/// is the number the ticket would carry (checked when the ticket is taken).
#[server(endpoint = "queue")]
pub async fn get_queue_kiosk(application: Option<String>) -> Result<QueueKioskView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let display = state
        .hall
        .hall_display()
        .await
        .map_err(|e| fail(AppError::from(hall::QueueError::from(e))))?;
    let application = application
        .and_then(|n| domain::ApplicationNumber::parse(&n).ok())
        .map(|n| n.to_string());
    Ok(crate::views::queue::kiosk_view(&display, application))
}

#[server(endpoint = "queue/ticket")]
pub async fn get_ticket(token: String) -> Result<TicketView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let page = state
        .hall
        .ticket_page(&token)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::queue::ticket_view(&state.public_base_url, &token, page).map_err(fail)
}

#[server(endpoint = "hall/display")]
pub async fn get_hall_display() -> Result<HallDisplayView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let display = state
        .hall
        .hall_display()
        .await
        .map_err(|e| fail(AppError::from(hall::QueueError::from(e))))?;
    Ok(crate::views::queue::display_view(display))
}

#[server(endpoint = "staff/calling")]
pub async fn get_calling_desk() -> Result<CallingDeskView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = super::staff::signed_in()?;
    let desk = state
        .hall
        .calling_desk(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::queue::calling_desk_view(&session, desk))
}

/// 预约: the categories, and the times of `category` when one is chosen.
#[server(endpoint = "queue/book")]
pub async fn get_booking_choices(
    category: Option<String>,
    application: Option<String>,
) -> Result<BookingChoicesView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let display = state
        .hall
        .hall_display()
        .await
        .map_err(|e| fail(AppError::from(hall::QueueError::from(e))))?;
    let chosen = match category.filter(|c| !c.is_empty()) {
        Some(c) => Some(
            state
                .hall
                .booking_choices(&c)
                .await
                .map_err(|e| fail(e.into()))?,
        ),
        None => None,
    };
    let application = application
        .and_then(|n| domain::ApplicationNumber::parse(&n).ok())
        .map(|n| n.to_string());
    Ok(crate::views::queue::booking_choices_view(
        &display,
        chosen,
        state.hall.booking_slot_minutes(),
        application,
    ))
}

#[server(endpoint = "queue/booking")]
pub async fn get_booking(token: String) -> Result<BookingView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let page = state
        .hall
        .booking_page(&token)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::queue::booking_view(
        &state.public_base_url,
        &token,
        page,
        state.hall.booking_slot_minutes(),
    )
    .map_err(fail)
}
