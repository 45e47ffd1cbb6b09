use crate::api::get_application;
use crate::components::application_card::ApplicationCard;
use crate::components::layout::{set_status, Page};
use crate::errors::AppError;
use crate::i18n::{application_number_problem, use_lang, FormMsg, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Look up an application by number: a GET form, so it works anywhere.
#[component]
pub fn TrackPage() -> impl IntoView {
    let lang = use_lang();
    let typed = use_query_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    view! {
        <Page title=Msg::TrackHeading.get(lang)>
            <Suspense>
                {move || {
                    let typed = typed.clone();
                    Suspend::new(async move {
                        let outcome = if typed.trim().is_empty() { None } else { Some(get_application(typed.clone()).await) };
                        let error = match &outcome {
                            Some(Err(AppError::MalformedNumber(reason))) => Some(application_number_problem(lang, *reason).to_string()),
                            Some(Err(AppError::NotFound)) => Some(Msg::TrackNotFound.get(lang).to_string()),
                            Some(Err(_)) => Some(FormMsg::ServiceUnavailable.get(lang).to_string()),
                            _ => None,
                        };
                        if let Some(Err(e)) = &outcome {
                            set_status(e.status());
                        }
                        let invalid = error.is_some();
                        view! {
                            <form method="get" action="/applications" class="track-form">
                                <div class="field" class:has-error=invalid>
                                    <label for="number">{Msg::ApplicationNumber.get(lang)}</label>
                                    <p class="help" id="number-help">{Msg::TrackHint.get(lang)}</p>
                                    {error.map(|t| view! { <p class="field-error" id="number-error" role="alert">{t}</p> })}
                                    <input id="number" name="number" value=typed autocomplete="off" autocapitalize="characters"
                                        spellcheck="false" maxlength="20" data-keypad="code"
                                        aria-invalid=invalid.then_some("true")
                                        aria-describedby=if invalid { "number-help number-error" } else { "number-help" }/>
                                </div>
                                <button type="submit" class="primary">{Msg::TrackButton.get(lang)}</button>
                            </form>
                            {match outcome {
                                Some(Ok(a)) => Some(view! { <ApplicationCard app=a/> }),
                                _ => None,
                            }}
                        }
                    })
                }}
            </Suspense>
        </Page>
    }
}
