//! A queue ticket's status line, kept current. The line is rendered on
//! the server; with JS this island listens to the ticket's own stream of
//! changes (server-sent events, the same `EventSource` the hall display
//! uses) and puts the sentence the server wrote in its place, in a live
//! region — no reload, nothing moves under the reader. Without JS the page
//! reloads itself (`<noscript>` refresh on the ticket page).

use crate::i18n::{Lang, QueueBoardMsg};
use leptos::prelude::*;

/// What the ticket's holder is told, by the ticket's state.
pub fn ticket_status_text(lang: Lang, status: &str, window: Option<u8>, ahead: u32) -> String {
    match (status, window) {
        ("called", Some(w)) => QueueBoardMsg::CalledTo.with_n(lang, w),
        ("served", _) => QueueBoardMsg::Served.get(lang).to_string(),
        ("no_show", _) => QueueBoardMsg::NoShow.get(lang).to_string(),
        _ if ahead == 0 => QueueBoardMsg::NoneAhead.get(lang).to_string(),
        _ => QueueBoardMsg::Ahead.with_n(lang, ahead),
    }
}

/// The ticket's state as its stream sends it: its status and the
/// sentence for it, tab-separated.
pub fn ticket_event_data(status: &str, text: &str) -> String {
    format!("{status}\t{text}")
}

pub fn parse_ticket_event(data: &str) -> Option<(&str, &str)> {
    data.split_once('\t')
        .filter(|(_, text)| !text.contains('\t'))
}

#[island]
pub fn TicketStatus(events: String, children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            #[cfg(feature = "hydrate")]
            if let Some(root) = root.get_untracked() {
                listen(&events, root.into());
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &events;
        }
    });
    view! { <div node_ref=root>{children()}</div> }
}

#[cfg(feature = "hydrate")]
fn listen(url: &str, root: web_sys::Element) {
    use wasm_bindgen::JsCast;
    let Ok(source) = web_sys::EventSource::new(url) else {
        return;
    };
    let listener = gloo_events::EventListener::new(&source, "ticket", move |event| {
        let Some(data) = event
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|m| m.data().as_string())
        else {
            return;
        };
        let (Some((status, text)), Some(line)) = (
            parse_ticket_event(&data),
            root.query_selector("[data-ticket-status]").ok().flatten(),
        ) else {
            return;
        };
        line.set_text_content(Some(text));
        let _ = line
            .class_list()
            .toggle_with_force("called", status == "called");
    });
    // As long as the page.
    listener.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tickets_state_goes_through_its_stream_unchanged() {
        let data = ticket_event_data("called", "请到 5 号窗口办理。");
        assert_eq!(
            parse_ticket_event(&data),
            Some(("called", "请到 5 号窗口办理。"))
        );
        assert_eq!(parse_ticket_event("waiting"), None);
        assert_eq!(parse_ticket_event("a\tb\tc"), None);
    }
}
