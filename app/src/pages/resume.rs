use crate::components::code_field::CodeField;
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
        Some("too_many") => Some(too_many_tries(lang, query.get("wait"))),
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
            <ResumeForm typed error own_page=true/>
        </Page>
    }
}

/// "Too many tries, wait n seconds" (a rate-limited lookup).
/// The refusal's sentence; also says when to retry in the response (429).
pub fn too_many_tries(lang: crate::i18n::Lang, wait: Option<String>) -> String {
    let seconds = wait.and_then(|w| w.parse::<u32>().ok()).unwrap_or(60);
    crate::components::layout::set_too_many(u64::from(seconds));
    Msg::TooManyTries.with_n(lang, seconds)
}

/// The resume-code form; elsewhere than on its own page (whose title says
/// the same) it carries its own heading.
#[component]
pub fn ResumeForm(
    typed: String,
    error: Option<String>,
    #[prop(optional)] own_page: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action="/resume/find" class="track-form resume-form"
            aria-labelledby=(!own_page).then_some("resume-heading")>
            {(!own_page).then(|| view! { <h2 id="resume-heading">{Msg::ResumeHeading.get(lang)}</h2> })}
            <CodeField id="resume-code" name="code" label=Msg::ResumeCode.get(lang)
                help=Msg::ResumeHint.get(lang) typed error max_len=12/>
            <button type="submit" class="primary">{Msg::ResumeButton.get(lang)}</button>
        </form>
    }
}
