//! What a hall terminal adds to every page: the idle guard that forgets a
//! citizen who walked away, and the on-screen keypad for ID numbers, phone
//! numbers and codes. Their markup and texts are rendered by the server in
//! the visitor's language; the two islands only drive them.

use crate::i18n::{use_lang, Msg};
use crate::visit::KioskTerminal;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement, HtmlFormElement, HtmlInputElement};

/// Where a kiosk visit ends (POST): new visit token, cookies reset, site
/// storage cleared, back to the start screen. Also the "finish" button.
pub const END_VISIT_PATH: &str = "/kiosk/end";

/// The terminal's extras, rendered after the page's `<main>`.
#[component]
pub fn KioskChrome(terminal: KioskTerminal) -> impl IntoView {
    let lang = use_lang();
    let warning = terminal.warning_seconds.to_string();
    let (before, after) = Msg::IdleCountdown
        .get(lang)
        .split_once("{n}")
        .unwrap_or((Msg::IdleCountdown.get(lang), ""));
    view! {
        <IdleGuard idle_seconds=terminal.idle_seconds warning_seconds=terminal.warning_seconds>
            <dialog id="idle-warning" class="idle-warning" aria-labelledby="idle-title" aria-describedby="idle-text">
                <h2 id="idle-title">{Msg::IdleTitle.get(lang)}</h2>
                <p id="idle-text" aria-live="polite">
                    {before}<strong class="countdown" data-countdown="">{warning}</strong>{after}
                </p>
                <div class="actions">
                    <button type="button" class="primary" data-action="continue" autofocus>{Msg::IdleContinue.get(lang)}</button>
                    <button type="submit" form="end-visit">{Msg::EndVisit.get(lang)}</button>
                </div>
            </dialog>
        </IdleGuard>
        <Keypad>
            <div class="keypad" hidden role="group" aria-label=Msg::KeypadLabel.get(lang) data-layout="digits">
                <div class="keys">
                    {"123456789".chars().map(|c| view! { <button type="button" class="key" data-key=c.to_string()>{c.to_string()}</button> }).collect_view()}
                    <button type="button" class="key key-x" data-key="X">"X"</button>
                    <button type="button" class="key key-dot" data-key=".">"."</button>
                    <button type="button" class="key" data-key="0">"0"</button>
                    {('A'..='Z').map(|c| view! { <button type="button" class="key key-letter" data-key=c.to_string()>{c.to_string()}</button> }).collect_view()}
                </div>
                <div class="keypad-actions">
                    <button type="button" data-action="backspace" aria-label=Msg::KeyBackspace.get(lang)>"⌫"</button>
                    <button type="button" data-action="clear">{Msg::KeyClear.get(lang)}</button>
                    <button type="button" class="primary" data-action="done">{Msg::KeyDone.get(lang)}</button>
                </div>
            </div>
        </Keypad>
    }
}

/// The "finish" form in the header of a kiosk page (works without JS).
#[component]
pub fn EndVisitForm() -> impl IntoView {
    let lang = use_lang();
    view! {
        <form id="end-visit" method="post" action=END_VISIT_PATH class="end-visit">
            <button type="submit">{Msg::EndVisit.get(lang)}</button>
        </form>
    }
}

/// Counts idle seconds (any touch, key or scroll starts again). At
/// `idle_seconds` it opens the warning with a countdown; "continue" closes
/// it; at zero it empties the browser's storage and posts the end-visit
/// form, whose response also clears the site's data and cache. An
/// untouched start screen has nobody to protect: it counts only once a
/// citizen has done something (touched, typed, or gone beyond it).
#[island]
pub fn IdleGuard(idle_seconds: u16, warning_seconds: u16, children: Children) -> impl IntoView {
    let idle = StoredValue::new(0u32);
    let engaged = StoredValue::new(false);
    let reset = move || idle.set_value(0);
    Effect::new(move |_| {
        let beyond_start = window().location().pathname().is_ok_and(|p| p != "/");
        engaged.set_value(beyond_start);
        for ev in ["pointerdown", "keydown", "input", "wheel", "scroll"] {
            let handle = window_event_listener_untyped(ev, move |_| {
                engaged.set_value(true);
                // While the warning is up only "continue" counts.
                if !warning_open() {
                    reset();
                }
            });
            std::mem::forget(handle);
        }
        // A touch-and-hold must not open a menu on a shared terminal.
        std::mem::forget(window_event_listener_untyped("contextmenu", |ev| {
            ev.prevent_default()
        }));
        // Shown again from the back/forward cache: ask the server, which
        // knows whether this visit is still current.
        std::mem::forget(window_event_listener_untyped("pageshow", |ev| {
            if ev
                .dyn_ref::<web_sys::PageTransitionEvent>()
                .is_some_and(|e| e.persisted())
            {
                let _ = window().location().reload();
            }
        }));
        let idle_limit = u32::from(idle_seconds);
        let end = idle_limit + u32::from(warning_seconds);
        let _ = set_interval_with_handle(
            move || {
                let Some(dialog) = warning_dialog() else {
                    return;
                };
                if !engaged.get_value() {
                    return;
                }
                let seconds = idle.get_value() + 1;
                if seconds > idle_limit && !dialog.open() {
                    // Closed by Escape: that is a "continue" too.
                    reset();
                    return;
                }
                idle.set_value(seconds);
                if seconds == idle_limit {
                    let _ = dialog.show_modal();
                }
                if seconds >= idle_limit {
                    set_countdown(end.saturating_sub(seconds));
                }
                if seconds >= end {
                    end_visit();
                }
            },
            std::time::Duration::from_secs(1),
        );
    });
    view! {
        <div class="idle-guard" on:click=move |ev| {
            let pressed = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|el| el.closest("[data-action=continue]").ok().flatten());
            if pressed.is_some() {
                if let Some(d) = warning_dialog() {
                    d.close();
                }
                reset();
            }
        }>
            {children()}
        </div>
    }
}

fn warning_dialog() -> Option<HtmlDialogElement> {
    document()
        .get_element_by_id("idle-warning")
        .and_then(|el| el.dyn_into().ok())
}

fn warning_open() -> bool {
    warning_dialog().is_some_and(|d| d.open())
}

fn set_countdown(left: u32) {
    if let Ok(Some(el)) = document().query_selector("[data-countdown]") {
        el.set_text_content(Some(&left.to_string()));
    }
}

/// Forgets the citizen in this browser, then lets the server end the visit.
fn end_visit() {
    let w = window();
    for storage in [w.local_storage(), w.session_storage()] {
        if let Ok(Some(s)) = storage {
            let _ = s.clear();
        }
    }
    match document()
        .get_element_by_id("end-visit")
        .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
    {
        Some(form) => {
            let _ = form.submit();
        }
        None => {
            let _ = w.location().replace("/");
        }
    }
}

/// Shows the keypad under a focused `[data-keypad]` input and types into
/// it. Inputs get `inputmode="none"` only here, so without JS the
/// terminal's own keyboard still works.
#[island]
pub fn Keypad(children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    // By id: an element cannot be stored in a value that is also created
    // (and dropped) on the server, where each island renders first.
    let target = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if let Ok(list) = document().query_selector_all("input[data-keypad]") {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let _ = el.set_attribute("inputmode", "none");
                }
            }
        }
        let follow_focus = move |el: Option<Element>| {
            let Some(pad) = keypad() else { return };
            if el.as_ref().is_some_and(|el| pad.contains(Some(el))) {
                return;
            }
            let input = el
                .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
                .filter(|i| i.has_attribute("data-keypad"));
            match input {
                Some(input) => {
                    let layout = input.get_attribute("data-keypad").unwrap_or_default();
                    let _ = pad.set_attribute("data-layout", &layout);
                    let _ = pad.remove_attribute("hidden");
                    target.set_value(Some(input.id()));
                }
                None => {
                    let _ = pad.set_attribute("hidden", "");
                    target.set_value(None);
                }
            }
        };
        // A field tapped before this code arrived gets its keypad now.
        if document()
            .active_element()
            .is_some_and(|el| el.has_attribute("data-keypad"))
        {
            follow_focus(document().active_element());
        }
        let handle = window_event_listener_untyped("focusin", move |ev| {
            follow_focus(ev.target().and_then(|t| t.dyn_into::<Element>().ok()));
        });
        std::mem::forget(handle);
    });
    view! {
        <div class="keypad-host" node_ref=root
            // Pressing a key must not take the focus (and caret) away.
            on:pointerdown=|ev| ev.prevent_default()
            on:click=move |ev| {
                let Some(button) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<Element>().ok())
                    .and_then(|el| el.closest("button").ok().flatten())
                else {
                    return;
                };
                let Some(input) = target
                    .get_value()
                    .and_then(|id| document().get_element_by_id(&id))
                    .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
                else {
                    return;
                };
                if let Some(key) = button.get_attribute("data-key") {
                    type_into(&input, Some(&key));
                } else {
                    match button.get_attribute("data-action").as_deref() {
                        Some("backspace") => type_into(&input, None),
                        Some("clear") => {
                            input.set_value("");
                            announce_input(&input);
                        }
                        Some("done") => {
                            if let Some(pad) = keypad() {
                                let _ = pad.set_attribute("hidden", "");
                            }
                            let _ = input.blur();
                            return;
                        }
                        _ => return,
                    }
                }
                let _ = input.focus();
            }>
            {children()}
        </div>
    }
}

fn keypad() -> Option<Element> {
    document().query_selector(".keypad").ok().flatten()
}

/// Inserts `key` at the caret (or deletes before it), within `maxlength`,
/// and tells the page the value changed as typing would.
fn type_into(input: &HtmlInputElement, key: Option<&str>) {
    let value: Vec<char> = input.value().chars().collect();
    let len = value.len() as u32;
    let start = input
        .selection_start()
        .ok()
        .flatten()
        .unwrap_or(len)
        .min(len) as usize;
    let end = input.selection_end().ok().flatten().unwrap_or(len).min(len) as usize;
    let (start, end) = (start.min(end), start.max(end));
    let mut next: Vec<char> = value[..start].to_vec();
    let caret = match key {
        Some(k) => {
            let max = input.max_length();
            if max >= 0 && (len as usize - (end - start) + k.chars().count()) > max as usize {
                return;
            }
            next.extend(k.chars());
            next.len()
        }
        None if start == end && start > 0 => {
            next.pop();
            next.len()
        }
        None => start,
    };
    next.extend_from_slice(&value[end..]);
    input.set_value(&next.into_iter().collect::<String>());
    let _ = input.set_selection_range(caret as u32, caret as u32);
    announce_input(input);
}

fn announce_input(input: &HtmlInputElement) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = input.dispatch_event(&ev);
    }
}
