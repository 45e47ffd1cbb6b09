//! The hall display's board. The board is rendered on the server (the
//! latest calls, who waits); this island wraps it and keeps it live from
//! the server's stream of calls (server-sent events, resumed by the browser
//! from the last call it saw): it moves texts the server already wrote in
//! the page's language into place and speaks each new call where the
//! browser has a voice for that language. It works on the DOM directly, so
//! neither the board's markup nor its texts are compiled to WASM.

use crate::models::{CallView, QueueCategoryView};
use leptos::prelude::*;

/// Rows of earlier calls the board keeps.
pub const EARLIER_CALLS: usize = 7;

/// One call as the stream sends it, tab-separated (no JSON parser in the
/// islands' bundle for plain fields): its id, number, window, minute, and
/// what the board shows and says for it — number line, window line, the
/// sentence spoken, and the page's language tag.
pub fn call_event_data(
    c: &CallView,
    number_text: &str,
    window_text: &str,
    speech: &str,
    lang: &str,
) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{number_text}\t{window_text}\t{speech}\t{lang}",
        c.id, c.number, c.window, c.at
    )
}

/// Who waits per category, as the stream sends it: letter and the text
/// the board shows for it, tab-separated, pair after pair.
pub fn waiting_event_data(waiting: &[(QueueCategoryView, String)]) -> String {
    waiting
        .iter()
        .map(|(c, text)| format!("{}\t{text}", c.letter))
        .collect::<Vec<_>>()
        .join("\t")
}

/// A call as the board reads it.
#[derive(Debug, PartialEq, Eq)]
pub struct CallEvent<'a> {
    pub id: i64,
    pub number: &'a str,
    pub window: &'a str,
    pub at: &'a str,
    pub number_text: &'a str,
    pub window_text: &'a str,
    pub speech: &'a str,
    pub lang: &'a str,
}

pub fn parse_call_event(data: &str) -> Option<CallEvent<'_>> {
    let f: Vec<&str> = data.split('\t').collect();
    let [id, number, window, at, number_text, window_text, speech, lang] = f[..] else {
        return None;
    };
    Some(CallEvent {
        id: id.parse().ok()?,
        number,
        window,
        at,
        number_text,
        window_text,
        speech,
        lang,
    })
}

#[island]
pub fn CallBoard(events: String, children: Children) -> impl IntoView {
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
    view! { <div class="call-board-live" node_ref=root>{children()}</div> }
}

#[cfg(feature = "hydrate")]
fn listen(url: &str, root: web_sys::Element) {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    let Ok(source) = web_sys::EventSource::new(url) else {
        return;
    };
    let find =
        |root: &web_sys::Element, selector: &str| root.query_selector(selector).ok().flatten();
    let last = Rc::new(Cell::new(
        find(&root, "[data-call-id]")
            .and_then(|e| e.get_attribute("data-call-id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0),
    ));
    let board = root.clone();
    let calls = gloo_events::EventListener::new(&source, "call", move |event| {
        let Some(data) = event
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|m| m.data().as_string())
        else {
            return;
        };
        let Some(call) = parse_call_event(&data) else {
            return;
        };
        // A call the board has (a stream resumed after a drop) is not
        // shown or spoken twice.
        if call.id <= last.get() {
            return;
        }
        last.set(call.id);
        move_to_earlier(&board);
        if let Some(now) = find(&board, "[data-call-now]") {
            for (name, value) in [
                ("data-call-id", call.id.to_string()),
                ("data-number", call.number.to_string()),
                ("data-window", call.window.to_string()),
                ("data-at", call.at.to_string()),
            ] {
                let _ = now.set_attribute(name, &value);
            }
        }
        if let Some(e) = find(&board, "[data-call-now-number]") {
            e.set_text_content(Some(call.number_text));
        }
        if let Some(e) = find(&board, "[data-call-now-window]") {
            e.set_text_content(Some(call.window_text));
        }
        speak(call.speech, call.lang);
    });
    let counts = gloo_events::EventListener::new(&source, "waiting", move |event| {
        let Some(data) = event
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|m| m.data().as_string())
        else {
            return;
        };
        let fields: Vec<&str> = data.split('\t').collect();
        for pair in fields.chunks(2) {
            if let [letter, text] = pair {
                if let Some(e) = find(&root, &format!("[data-waiting-count=\"{letter}\"]")) {
                    e.set_text_content(Some(text));
                }
            }
        }
    });
    // The board lives as long as the page: so do its stream and listeners.
    calls.forget();
    counts.forget();
}

/// The call on the board goes to the top of the earlier calls' table.
#[cfg(feature = "hydrate")]
fn move_to_earlier(board: &web_sys::Element) {
    let Some(now) = board.query_selector("[data-call-now]").ok().flatten() else {
        return;
    };
    let Some(number) = now.get_attribute("data-number").filter(|n| !n.is_empty()) else {
        return;
    };
    let (Some(body), Some(doc)) = (
        board.query_selector("[data-calls-earlier]").ok().flatten(),
        web_sys::window().and_then(|w| w.document()),
    ) else {
        return;
    };
    let Ok(row) = doc.create_element("tr") else {
        return;
    };
    for value in [
        number,
        now.get_attribute("data-window").unwrap_or_default(),
        now.get_attribute("data-at").unwrap_or_default(),
    ] {
        if let Ok(cell) = doc.create_element("td") {
            cell.set_text_content(Some(&value));
            let _ = row.append_child(&cell);
        }
    }
    let _ = body.insert_before(&row, body.first_child().as_ref());
    while body.child_element_count() as usize > EARLIER_CALLS {
        match body.last_element_child() {
            Some(last) => last.remove(),
            None => break,
        }
    }
}

/// Speaks `text` with a voice of the page's language, if the browser has
/// one (none: the board stays silent rather than mispronounce).
#[cfg(feature = "hydrate")]
fn speak(text: &str, lang: &str) {
    use wasm_bindgen::JsCast;
    let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else {
        return;
    };
    let prefix = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    let voice = synth
        .get_voices()
        .iter()
        .filter_map(|v| v.dyn_into::<web_sys::SpeechSynthesisVoice>().ok())
        .find(|v| v.lang().to_ascii_lowercase().starts_with(&prefix));
    let Some(voice) = voice else {
        return;
    };
    let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) else {
        return;
    };
    utterance.set_lang(&voice.lang());
    utterance.set_voice(Some(&voice));
    synth.speak(&utterance);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_goes_through_the_stream_unchanged() {
        let call = CallView {
            id: 42,
            number: "A012".into(),
            window: 3,
            at: "09:41".into(),
            spoken: "A 0 1 2".into(),
        };
        let data = call_event_data(
            &call,
            "请 A012 号",
            "到 3 号窗口",
            "请 A 0 1 2 号，到 3 号窗口办理",
            "zh-CN",
        );
        assert_eq!(
            parse_call_event(&data),
            Some(CallEvent {
                id: 42,
                number: "A012",
                window: "3",
                at: "09:41",
                number_text: "请 A012 号",
                window_text: "到 3 号窗口",
                speech: "请 A 0 1 2 号，到 3 号窗口办理",
                lang: "zh-CN",
            })
        );
        for bad in [
            "",
            "42",
            "x\tA012\t3\t09:41\ta\tb\tc\td",
            "42\tA012\t3\t09:41\ta\tb\tc\td\textra",
        ] {
            assert_eq!(parse_call_event(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn waiting_counts_go_as_letter_and_text_pairs() {
        let c = |l: &str| QueueCategoryView {
            letter: l.into(),
            name: domain::Localized {
                zh: "x".into(),
                en: "x".into(),
            },
            waiting: 0,
        };
        let data =
            waiting_event_data(&[(c("A"), "等候 3 人".into()), (c("B"), "等候 0 人".into())]);
        assert_eq!(data, "A\t等候 3 人\tB\t等候 0 人");
    }
}
