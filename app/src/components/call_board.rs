//! The hall display's board of calls: rendered with the latest calls, then
//! kept live by the server's stream of calls (server-sent events, resumed
//! by the browser from the last call it saw), each new call spoken aloud
//! where the browser has a voice for the page's language.

use crate::i18n::{Lang, QueueMsg};
use crate::models::{CallView, QueueCategoryView};
use leptos::prelude::*;

/// Calls the board keeps (the newest large, the rest listed).
pub const BOARD_CALLS: usize = 8;

/// One call as the stream sends it: id, number, window, minute and the
/// spoken number, tab-separated (no JSON parser in the islands' bundle for
/// five plain fields).
pub fn call_event_data(c: &CallView) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        c.id, c.number, c.window, c.at, c.spoken
    )
}

pub fn parse_call_event(data: &str) -> Option<CallView> {
    let mut f = data.split('\t');
    let call = CallView {
        id: f.next()?.parse().ok()?,
        number: f.next()?.to_string(),
        window: f.next()?.parse().ok()?,
        at: f.next()?.to_string(),
        spoken: f.next()?.to_string(),
    };
    f.next().is_none().then_some(call)
}

/// Who waits per category, as the stream sends it: `A:3,B:0,C:12`.
pub fn waiting_event_data(waiting: &[QueueCategoryView]) -> String {
    waiting
        .iter()
        .map(|c| format!("{}:{}", c.letter, c.waiting))
        .collect::<Vec<_>>()
        .join(",")
}

/// Sets each listed category's count (letters not on the board are left).
pub fn apply_waiting_event(waiting: &mut [QueueCategoryView], data: &str) {
    for pair in data.split(',') {
        if let Some((letter, n)) = pair.split_once(':') {
            if let (Some(c), Ok(n)) = (waiting.iter_mut().find(|c| c.letter == letter), n.parse()) {
                c.waiting = n;
            }
        }
    }
}

#[island]
pub fn CallBoard(
    calls: Vec<CallView>,
    waiting: Vec<QueueCategoryView>,
    events: String,
    lang: Lang,
) -> impl IntoView {
    let calls = RwSignal::new(calls);
    let waiting = RwSignal::new(waiting);
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            #[cfg(feature = "hydrate")]
            listen(&events, calls, waiting, lang);
            #[cfg(not(feature = "hydrate"))]
            let _ = &events;
        }
    });
    let newest = move || {
        calls.with(|c| match c.first() {
            Some(c) => view! {
                <div class="call-now" data-testid="call-now">
                    <span class="call-number" data-testid="call-now-number">{QueueMsg::DisplayCallTo.with_n(lang, &c.number)}</span>
                    <span class="call-window" data-testid="call-now-window">{QueueMsg::DisplayWindow.with_n(lang, c.window)}</span>
                </div>
            }
            .into_any(),
            None => view! { <div class="call-now" data-testid="call-now"><span class="call-number">{QueueMsg::DisplayNone.get(lang)}</span></div> }.into_any(),
        })
    };
    let earlier = move || {
        calls.with(|c| {
            c.iter()
                .skip(1)
                .map(|c| view! {
                    <tr><td>{c.number.clone()}</td><td>{c.window}</td><td>{c.at.clone()}</td></tr>
                })
                .collect_view()
        })
    };
    let waiting_list = move || {
        waiting.with(|w| {
            w.iter()
                .map(|c| view! {
                    <li data-testid=format!("display-waiting-{}", c.letter)>
                        <strong>{c.letter.clone()}</strong>" "{c.name.get(lang).to_string()}" · "{QueueMsg::Waiting.with_n(lang, c.waiting)}
                    </li>
                })
                .collect_view()
        })
    };
    view! {
        <section class="call-board" aria-live="assertive" aria-atomic="true">{newest}</section>
        <section aria-labelledby="calls-earlier">
            <h2 id="calls-earlier">{QueueMsg::DisplayEarlier.get(lang)}</h2>
            <table class="calls-earlier" data-testid="calls-earlier">
                <thead><tr>
                    <th scope="col">{QueueMsg::ColNumber.get(lang)}</th>
                    <th scope="col">{QueueMsg::ColWindow.get(lang)}</th>
                    <th scope="col">{QueueMsg::ColTime.get(lang)}</th>
                </tr></thead>
                <tbody>{earlier}</tbody>
            </table>
        </section>
        <section aria-labelledby="display-waiting">
            <h2 id="display-waiting">{QueueMsg::DisplayWaiting.get(lang)}</h2>
            <ul class="display-waiting">{waiting_list}</ul>
        </section>
    }
}

#[cfg(feature = "hydrate")]
fn listen(
    url: &str,
    calls: RwSignal<Vec<CallView>>,
    waiting: RwSignal<Vec<QueueCategoryView>>,
    lang: Lang,
) {
    use wasm_bindgen::JsCast;
    let Ok(source) = web_sys::EventSource::new(url) else {
        return;
    };
    let counts = gloo_events::EventListener::new(&source, "waiting", move |event| {
        if let Some(data) = event
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|m| m.data().as_string())
        {
            waiting.update(|w| apply_waiting_event(w, &data));
        }
    });
    counts.forget();
    let listener = gloo_events::EventListener::new(&source, "call", move |event| {
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
        if calls.with_untracked(|c| c.iter().any(|x| x.id == call.id)) {
            return;
        }
        let text = QueueMsg::SpeakCall
            .with_n(lang, &call.spoken)
            .replace("{w}", &call.window.to_string());
        calls.update(|c| {
            c.insert(0, call);
            c.truncate(BOARD_CALLS);
        });
        speak(&text, lang);
    });
    // The board lives as long as the page: so do its stream and listener.
    listener.forget();
}

/// Speaks `text` with a voice of the page's language, if the browser has
/// one (none: the board stays silent rather than mispronounce).
#[cfg(feature = "hydrate")]
fn speak(text: &str, lang: Lang) {
    use wasm_bindgen::JsCast;
    let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else {
        return;
    };
    let prefix = match lang {
        Lang::ZhCn => "zh",
        Lang::En => "en",
    };
    let voice = synth
        .get_voices()
        .iter()
        .filter_map(|v| v.dyn_into::<web_sys::SpeechSynthesisVoice>().ok())
        .find(|v| v.lang().to_ascii_lowercase().starts_with(prefix));
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
    fn waiting_counts_go_through_the_stream() {
        let c = |l: &str, n| QueueCategoryView {
            letter: l.into(),
            name: domain::Localized {
                zh: "x".into(),
                en: "x".into(),
            },
            waiting: n,
        };
        let sent = vec![c("A", 3), c("B", 0), c("C", 12)];
        assert_eq!(waiting_event_data(&sent), "A:3,B:0,C:12");
        let mut board = vec![c("A", 0), c("B", 5), c("C", 1)];
        apply_waiting_event(&mut board, &waiting_event_data(&sent));
        assert_eq!(board, sent);
        apply_waiting_event(&mut board, "A:x,Q:4,garbage");
        assert_eq!(board, sent, "what cannot be read changes nothing");
    }

    #[test]
    fn a_call_goes_through_the_stream_unchanged() {
        let call = CallView {
            id: 42,
            number: "A012".into(),
            window: 3,
            at: "09:41".into(),
            spoken: "A 0 1 2".into(),
        };
        assert_eq!(parse_call_event(&call_event_data(&call)), Some(call));
        for bad in [
            "",
            "42",
            "x\tA012\t3\t09:41\tA",
            "42\tA012\t3\t09:41\tA\textra",
            "42\tA012\t300\t09:41\tA",
        ] {
            assert_eq!(parse_call_event(bad), None, "{bad:?}");
        }
    }
}
