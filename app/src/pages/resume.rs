use crate::components::layout::{set_status, Page};
use crate::i18n::{resume_code_problem, use_lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Continue a draft on this device: type the code from the other screen.
/// The form asks `/resume/find`, which redirects to the draft or back here
/// with `problem=` set.
#[component]
pub fn ResumePage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let typed = query.get("code").unwrap_or_default();
    let error = match query.get("problem").as_deref() {
        Some("not_found") => {
            set_status(404);
            Some(Msg::ResumeNotFound.get(lang).to_string())
        }
        Some(other) => {
            set_status(422);
            let reason = match other {
                "length" => domain::ResumeCodeError::WrongLength,
                "character" => domain::ResumeCodeError::BadCharacter,
                _ => domain::ResumeCodeError::BadCheckCharacter,
            };
            Some(resume_code_problem(lang, reason).to_string())
        }
        None => None,
    };
    view! {
        <Page title=Msg::ResumeHeading.get(lang)>
            <ResumeForm typed error/>
        </Page>
    }
}

#[component]
pub fn ResumeForm(typed: String, error: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let invalid = error.is_some();
    view! {
        <form method="get" action="/resume/find" class="track-form resume-form" aria-labelledby="resume-heading">
            <h2 id="resume-heading">{Msg::ResumeHeading.get(lang)}</h2>
            <div class="field" class:has-error=invalid>
                <label for="resume-code">{Msg::ResumeCode.get(lang)}</label>
                <p class="help" id="resume-help">{Msg::ResumeHint.get(lang)}</p>
                {error.map(|t| view! { <p class="field-error" id="resume-error" role="alert">{t}</p> })}
                <input id="resume-code" name="code" value=typed autocomplete="off" autocapitalize="characters"
                    spellcheck="false" maxlength="12" data-keypad="code"
                    aria-invalid=invalid.then_some("true")
                    aria-describedby=if invalid { "resume-help resume-error" } else { "resume-help" }/>
            </div>
            <button type="submit" class="primary">{Msg::ResumeButton.get(lang)}</button>
        </form>
    }
}
