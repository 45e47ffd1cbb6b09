//! 取号 and the hall display: taking a ticket (a form post, with or
//! without JS), and the display's stream of calls.

use crate::uploads::Sender;
use crate::visit_form::VisitForm;
use app::components::call_board::{call_event_data, waiting_event_data};
use app::components::ticket_status::{ticket_event_data, ticket_status_text};
use app::i18n::QueueBoardMsg;
use app::state::AppState;
use app::urls;
use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use domain::Lang;
use std::time::Duration;

/// The display also looks for calls this often (calls made on another
/// server wake nobody here).
const LOOK_EVERY: Duration = Duration::from_secs(2);
/// A stream ends after this and the browser opens the next, resuming
/// from the last call it saw (well inside the long routes' timeout).
const STREAM_FOR: Duration = Duration::from_secs(10 * 60);
/// How soon the browser reconnects after a stream ends.
const RECONNECT_MS: u64 = 1000;

pub async fn take_ticket(State(state): State<AppState>, form: VisitForm) -> Response {
    let application = form.field("application").to_string();
    let here = if application.is_empty() {
        urls::QUEUE.to_string()
    } else {
        urls::queue_for(&application)
    };
    let done = state
        .hall
        .take_ticket(
            form.field("category"),
            Some(&application),
            &form.token,
            &form.client,
        )
        .await
        .map(|(token, _)| urls::queue_ticket(&token));
    form.reply(done, &here, false).await
}

/// 预约: a slot of a category (carrying the visit's application when
/// given).
pub async fn book(State(state): State<AppState>, form: VisitForm) -> Response {
    let (category, application) = (form.field("category"), form.field("application"));
    let here = urls::queue_book(category, Some(application).filter(|a| !a.is_empty()), None);
    let done = state
        .hall
        .book_slot(
            category,
            form.field("slot"),
            Some(application),
            &form.token,
            &form.client,
        )
        .await
        .map(|(token, _)| format!("{}?done=booked", urls::queue_booking(&token)));
    form.reply(done, &here, true).await
}

pub async fn cancel_booking(
    State(state): State<AppState>,
    Path(token): Path<String>,
    form: VisitForm,
) -> Response {
    let here = urls::queue_booking(&token);
    let done = state
        .hall
        .cancel_booking(&token)
        .await
        .map(|()| format!("{here}?done=cancelled"));
    form.reply(done, &here, false).await
}

pub async fn change_booking(
    State(state): State<AppState>,
    Path(token): Path<String>,
    form: VisitForm,
) -> Response {
    let here = urls::queue_book(form.field("category"), None, Some(&token));
    let done = state
        .hall
        .change_booking(&token, form.field("slot"))
        .await
        .map(|()| format!("{}?done=changed", urls::queue_booking(&token)));
    form.reply(done, &here, true).await
}

/// 签到 at a kiosk: the booking's code or scanned QR gives its number.
pub async fn check_in(State(state): State<AppState>, form: VisitForm) -> Response {
    let done = state
        .hall
        .check_in_booking(form.field("code"), &form.client)
        .await
        .map(|(token, _)| urls::queue_ticket(&token));
    form.reply(done, urls::QUEUE, true).await
}

/// A ticket's state, first and whenever it changes (woken by this
/// server's calls, and looking every few seconds for other servers'),
/// until it is served or missed.
pub async fn ticket_events(
    State(state): State<AppState>,
    sender: Sender,
    lang: Option<Extension<Lang>>,
    Path(token): Path<String>,
) -> Response {
    let lang = lang.map(|Extension(l)| l).unwrap_or_default();
    let Some(slot) = sender.limits.open_stream(sender.client) else {
        return streams_full();
    };
    let read = move |state: AppState, token: String| async move {
        state.hall.ticket_page(&token).await.map(|p| {
            let done = matches!(
                p.ticket.status,
                domain::queue::TicketStatus::Served | domain::queue::TicketStatus::NoShow
            );
            let window = p.ticket.called.map(|(_, w)| w.get());
            let status = p.ticket.status.as_str();
            let text = ticket_status_text(lang, status, window, p.ahead);
            (ticket_event_data(status, &text), done)
        })
    };
    match read(state.clone(), token.clone()).await {
        Err(e) => return app::errors::AppError::from(e).status_code().into_response(),
        // Nothing will change any more: 204 tells the browser not to
        // reconnect (the page shows the last state already).
        Ok((_, true)) => return StatusCode::NO_CONTENT.into_response(),
        Ok(_) => {}
    }
    let wake = state.hall.queue_calls();
    let until = tokio::time::Instant::now() + STREAM_FOR;
    let stream = futures::stream::unfold(
        (state, token, wake, String::new(), false, slot),
        move |(state, token, mut wake, sent, finished, slot)| async move {
            if finished {
                return None;
            }
            loop {
                if tokio::time::Instant::now() >= until {
                    return None;
                }
                let (now, done) = read(state.clone(), token.clone()).await.ok()?;
                if now != sent {
                    let event = Event::default()
                        .event("ticket")
                        .retry(Duration::from_millis(RECONNECT_MS))
                        .data(&now);
                    return Some((
                        Ok::<_, std::convert::Infallible>(event),
                        (state, token, wake, now, done, slot),
                    ));
                }
                if done {
                    return None;
                }
                let _ = tokio::time::timeout(LOOK_EVERY, wake.changed()).await;
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// The calls after the one the browser saw last (`Last-Event-ID`), then
/// each call as it is made.
pub async fn display_events(
    State(state): State<AppState>,
    sender: Sender,
    lang: Option<Extension<Lang>>,
    headers: HeaderMap,
) -> Response {
    let lang = lang.map(|Extension(l)| l).unwrap_or_default();
    let Some(slot) = sender.limits.open_stream(sender.client) else {
        return streams_full();
    };
    let resumed: Option<i64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let after = match resumed {
        Some(id) => id,
        // A new board shows the latest calls already: it streams the next.
        None => match state.hall.hall_display().await {
            Ok(d) => d.calls.first().map_or(0, |c| c.id),
            Err(e) => {
                tracing::error!(error = %e, "hall display stream refused");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
    };
    let wake = state.hall.queue_calls();
    let until = tokio::time::Instant::now() + STREAM_FOR;
    let pending: std::collections::VecDeque<Event> = std::collections::VecDeque::new();
    // Who waits, first and whenever it changes (a number taken, a call).
    let counts = String::new();
    let stream = futures::stream::unfold(
        (state, wake, after, pending, counts, slot),
        move |(state, mut wake, mut after, mut pending, mut counts, slot)| async move {
            loop {
                if let Some(event) = pending.pop_front() {
                    return Some((
                        Ok::<_, std::convert::Infallible>(event),
                        (state, wake, after, pending, counts, slot),
                    ));
                }
                if tokio::time::Instant::now() >= until {
                    return None;
                }
                match state.hall.hall_display().await {
                    Ok(display) => {
                        let waiting: Vec<_> = app::views::queue::display_view(display)
                            .waiting
                            .into_iter()
                            .map(|c| {
                                let text = QueueBoardMsg::Waiting.with_n(lang, c.waiting);
                                (c, text)
                            })
                            .collect();
                        let now = waiting_event_data(&waiting);
                        if now != counts {
                            pending.push_back(Event::default().event("waiting").data(&now));
                        }
                        counts = now;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "hall display stream ended");
                        return None;
                    }
                }
                let calls = match state.hall.calls_after(after).await {
                    Ok(calls) => calls,
                    Err(e) => {
                        tracing::warn!(error = %e, "hall display stream ended");
                        return None;
                    }
                };
                for call in &calls {
                    after = after.max(call.id);
                    let view = app::views::queue::call_view(call);
                    let data = call_event_data(
                        &view,
                        &QueueBoardMsg::DisplayCallTo.with_n(lang, &view.number),
                        &QueueBoardMsg::DisplayWindow.with_n(lang, view.window),
                        &QueueBoardMsg::SpeakCall
                            .with_n(lang, &view.spoken)
                            .replace("{w}", &view.window.to_string()),
                        lang.tag(),
                    );
                    pending.push_back(
                        Event::default()
                            .event("call")
                            .id(call.id.to_string())
                            .retry(Duration::from_millis(RECONNECT_MS))
                            .data(data),
                    );
                }
                if pending.is_empty() {
                    let _ = tokio::time::timeout(LOOK_EVERY, wake.changed()).await;
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// This address holds all the live streams it may (`limits.streams`): the
/// browser is told when to try again.
fn streams_full() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, HeaderValue::from_static("60"))],
    )
        .into_response()
}
