//! `/confirm/:token`: the applicant, at the window, checks on their own
//! phone the form staff filled for them and confirms it (帮你办). The
//! page carries the check code of what it shows: if the desk changes an
//! answer meanwhile, the confirmation is refused and the page shown anew.

use crate::api::{get_applicant_confirm, ApplicantConfirmView};
use crate::components::assisted_content::assisted_content;
use crate::components::layout::{set_status, Page};
use crate::errors::AppError;
use crate::i18n::{use_lang, AssistMsg};
use crate::pages::staff::posted_form;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ApplicantConfirmPage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let changed = use_query_map().read_untracked().get("changed").is_some();
    let data = crate::pages::staff::once(get_applicant_confirm(token));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => {
                    set_status(e.status());
                    let text = match e {
                        AppError::AssistRefused(_) | AppError::NotFound => AssistMsg::LinkGone.get(lang),
                        _ => crate::i18n::FormMsg::ServiceUnavailable.get(lang),
                    };
                    return view! {
                        <Page title=AssistMsg::PhoneTitle.get(lang)>
                            <p class="notice" role="alert" data-testid="confirm-gone">{text}</p>
                        </Page>
                    }.into_any();
                }
            };
            let (token, content) = match v {
                ApplicantConfirmView::Submitted { number } => {
                    return view! {
                        <Page title=AssistMsg::PhoneTitle.get(lang)>
                            <p class="notice success" role="status" data-testid="confirm-done">{AssistMsg::PhoneSubmitted.with_n(lang, &number)}</p>
                        </Page>
                    }.into_any();
                }
                ApplicantConfirmView::Open { token, content } => (token, content),
            };
            if !content.ready {
                return view! {
                    <Page title=AssistMsg::PhoneTitle.get(lang)>
                        <p class="notice" role="status" data-testid="confirm-not-ready">{AssistMsg::PhoneNotReady.get(lang)}</p>
                    </Page>
                }.into_any();
            }
            let missing_tick = posted_form().is_some();
            if missing_tick {
                set_status(422);
            }
            view! {
                <Page title=AssistMsg::PhoneTitle.get(lang) has_errors=missing_tick>
                    {changed.then(|| view! { <p class="notice" role="alert" data-testid="confirm-changed">{AssistMsg::PhoneChanged.get(lang)}</p> })}
                    <p>{AssistMsg::PhoneIntro.get(lang)}</p>
                    <h2>{content.name.get(lang).to_string()}</h2>
                    {assisted_content(lang, &content)}
                    <form method="post" action=crate::urls::applicant_confirm(&token) class="application-form declaration">
                        <input type="hidden" name="seen" value=content.check_code.clone()/>
                        <div class="field choice" class:has-error=missing_tick>
                            {missing_tick.then(|| view! { <p class="field-error" id="confirm-error" role="alert" tabindex="-1" autofocus>{AssistMsg::PhoneDeclareRequired.get(lang)}</p> })}
                            <input type="checkbox" id="declaration" name="declaration" value="yes"
                                aria-invalid=missing_tick.then_some("true")
                                aria-describedby=missing_tick.then_some("confirm-error")/>
                            <label for="declaration">{AssistMsg::PhoneDeclare.get(lang)}</label>
                        </div>
                        <div class="step-buttons">
                            <button type="submit" class="primary" data-testid="confirm-submit">{AssistMsg::PhoneConfirm.get(lang)}</button>
                        </div>
                    </form>
                </Page>
            }.into_any()
        })}
    }
}
