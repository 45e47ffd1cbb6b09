//! The one text box of a lookup form (resume code, application number):
//! typed on the kiosk's code keypad, its problem shown and announced next
//! to it, what was typed kept.

use leptos::prelude::*;

#[component]
pub fn CodeField(
    /// The input's id; its help and message ids derive from it.
    id: &'static str,
    name: &'static str,
    label: &'static str,
    help: &'static str,
    typed: String,
    error: Option<String>,
    max_len: u32,
) -> impl IntoView {
    let invalid = error.is_some();
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = if invalid {
        format!("{help_id} {error_id}")
    } else {
        help_id.clone()
    };
    view! {
        <div class="field" class:has-error=invalid>
            <label for=id>{label}</label>
            <p class="help" id=help_id>{help}</p>
            {error.map(|t| view! { <p class="field-error" id=error_id role="alert">{t}</p> })}
            <input id=id name=name value=typed autocomplete="off" autocapitalize="characters"
                spellcheck="false" maxlength=max_len data-keypad="code"
                aria-invalid=invalid.then_some("true")
                aria-describedby=described/>
        </div>
    }
}
