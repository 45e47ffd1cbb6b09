//! A queue ticket's status line, kept current: with JS the island asks
//! the server for the ticket every few seconds and says the change in a
//! live region (no page reload, nothing moves under the reader); without
//! JS the page reloads itself (`<noscript>` refresh on the ticket page).

use crate::i18n::{Lang, QueueMsg};
use leptos::prelude::*;

/// Seconds between looks.
pub const LOOK_EVERY_SECS: u32 = 10;

/// What the ticket's holder is told, by the ticket's state.
pub fn ticket_status_text(lang: Lang, status: &str, window: Option<u8>, ahead: u32) -> String {
    match (status, window) {
        ("called", Some(w)) => QueueMsg::CalledTo.with_n(lang, w),
        ("served", _) => QueueMsg::Served.get(lang).to_string(),
        ("no_show", _) => QueueMsg::NoShow.get(lang).to_string(),
        _ if ahead == 0 => QueueMsg::NoneAhead.get(lang).to_string(),
        _ => QueueMsg::Ahead.with_n(lang, ahead),
    }
}

#[island]
pub fn TicketStatus(
    token: String,
    lang: Lang,
    status: String,
    window: Option<u8>,
    ahead: u32,
) -> impl IntoView {
    let state = RwSignal::new((status, window, ahead));
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            #[cfg(feature = "hydrate")]
            {
                let token = token.clone();
                gloo_timers::callback::Interval::new(LOOK_EVERY_SECS * 1000, move || {
                    let token = token.clone();
                    leptos::task::spawn_local(async move {
                        if let Ok(t) = crate::api::get_ticket(token).await {
                            state.set((t.status, t.window, t.ahead));
                        }
                    });
                })
                // As long as the page.
                .forget();
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &token;
        }
    });
    let class = move || {
        state.with(|(s, _, _)| {
            if s == "called" {
                "ticket-status called"
            } else {
                "ticket-status"
            }
        })
    };
    view! {
        <p class=class role="status" data-testid="ticket-status">
            {move || state.with(|(s, w, a)| ticket_status_text(lang, s, *w, *a))}
        </p>
    }
}
