use crate::api::get_application;
use crate::components::application_card::ApplicationCard;
use crate::components::code_field::CodeField;
use crate::components::layout::{set_status, Page};
use crate::errors::AppError;
use crate::i18n::{application_number_problem, use_lang, FormMsg, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Look up an application by number: a GET form, so it works anywhere.
#[component]
pub fn TrackPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    // Submitted with nothing in the box (not the page opened afresh).
    let submitted_empty = query.get("number").is_some_and(|n| n.trim().is_empty());
    let typed = query.get("number").unwrap_or_default();
    // A resume code typed here by mistake (8 characters, not 10).
    let resume_code = domain::ResumeCode::parse(&typed).ok();
    // A rate-limited lookup: the number stays in the box, not looked up.
    let limited = (query.get("problem").as_deref() == Some("too_many"))
        .then(|| super::resume::too_many_tries(lang, query.get("wait")));
    view! {
        <Page title=Msg::TrackHeading.get(lang)>
            {super::awaited(
                {
                    let (typed, limited, resume_code) = (typed.clone(), limited.clone(), resume_code.clone());
                    move || {
                        let lookup = !(typed.trim().is_empty() || limited.is_some() || resume_code.is_some());
                        let typed = typed.clone();
                        async move { if lookup { Some(get_application(typed).await) } else { None } }
                    }
                },
                move |outcome| {
                        let (typed, limited, resume_code) = (typed.clone(), limited.clone(), resume_code.clone());
                        if limited.is_some() {
                            set_status(429);
                        } else if submitted_empty {
                            set_status(422);
                        }
                        let empty = submitted_empty.then(|| Msg::TrackEmpty.get(lang).to_string());
                        let error = limited.or(empty).or(match &outcome {
                            Some(Err(AppError::MalformedNumber(reason))) => Some(application_number_problem(lang, *reason).to_string()),
                            Some(Err(AppError::NotFound)) => Some(Msg::TrackNotFound.get(lang).to_string()),
                            Some(Err(_)) => Some(FormMsg::ServiceUnavailable.get(lang).to_string()),
                            _ => None,
                        });
                        if let Some(Err(e)) = &outcome {
                            set_status(e.status());
                        }
                        view! {
                            <form method="get" action="/applications" class="track-form">
                                <CodeField id="number" name="number" label=Msg::ApplicationNumber.get(lang)
                                    help=Msg::TrackHint.get(lang) typed error max_len=20/>
                                <button type="submit" class="primary">{Msg::TrackButton.get(lang)}</button>
                            </form>
                            {resume_code.as_ref().map(|code| view! {
                                <p class="notice" role="status" data-testid="is-resume-code">
                                    {Msg::IsResumeCode.get(lang)} " "
                                    <a href=crate::urls::resume_find(code.as_str())>{Msg::ResumeButton.get(lang)}</a>
                                </p>
                            })}
                            {match outcome {
                                Some(Ok(a)) => Some(view! { <ApplicationCard app=a progress_link=true/> }),
                                _ => None,
                            }}
                            <p class="resume-entry"><a href=crate::urls::RESUME_FORM>{Msg::ResumeEntry.get(lang)}</a></p>
                        }.into_any()
                },
            )}
        </Page>
    }
}
