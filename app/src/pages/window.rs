//! 评价器: the window's rating screen (a tablet or second screen, no
//! account). Unpaired, it asks for the desk's pairing code; paired, it
//! waits — reloading itself every few seconds, so it needs no script —
//! until the desk finishes an action, then shows that application's
//! rating form (masked name and matters only). Nothing on it leads
//! elsewhere or unpairs it: the desk does that.

use crate::api::get_window_screen;
use crate::components::layout::{set_status, Page};
use crate::errors::AppError;
use crate::i18n::{use_lang, Lang, MyMsg, RateMsg};
use crate::models::WindowScreenView;
use crate::pages::staff::posted_form;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// Seconds between reloads while waiting.
const WAIT_RELOAD_SECS: &str = "3";

fn pairing_error(lang: Lang) -> Option<String> {
    let posted = posted_form()?;
    let text = match &posted.error {
        AppError::PairingRefused { malformed: true } => {
            RateMsg::ScreenBadCode.get(lang).to_string()
        }
        AppError::PairingRefused { malformed: false } => {
            RateMsg::ScreenUnknownCode.get(lang).to_string()
        }
        AppError::TooManyGuesses { wait } => MyMsg::TooMany.with_n(lang, wait),
        _ => return None,
    };
    set_status(posted.error.status());
    Some(text)
}

/// `/window`
#[component]
pub fn WindowScreenPage() -> impl IntoView {
    let lang = use_lang();
    let rated = use_query_map().read_untracked().get("rated").is_some();
    view! {
        {crate::pages::awaited(get_window_screen, move |screen| match screen {
            Ok(WindowScreenView::Unpaired) => {
                let error = pairing_error(lang);
                let invalid = error.is_some();
                view! {
                    <Page title=RateMsg::ScreenPairHeading.get(lang) appliance=true>
                        <p class="lead">{RateMsg::ScreenPairHelp.get(lang)}</p>
                        <form method="post" action=crate::urls::WINDOW_PAIR class="lookup-form" data-testid="pair-form">
                            <label for="pairing-code">{RateMsg::ScreenCodeLabel.get(lang)}</label>
                            {error.map(|e| view! { <span class="field-error" id="pairing-error" role="alert">{e}</span> })}
                            <input id="pairing-code" name="code" inputmode="numeric" autocomplete="off"
                                maxlength="12" size="12" data-keypad="digits"
                                aria-invalid=invalid.then_some("true")
                                aria-describedby=invalid.then_some("pairing-error")/>
                            <button type="submit" class="primary">{RateMsg::ScreenPair.get(lang)}</button>
                        </form>
                    </Page>
                }
                .into_any()
            }
            Ok(WindowScreenView::Waiting { desk }) => view! {
                <Meta http_equiv="refresh" content=WAIT_RELOAD_SECS/>
                <Page title=RateMsg::ScreenWaiting.with_n(lang, &desk) appliance=true>
                    {rated.then(|| view! { <p class="notice success" role="status" data-testid="screen-thanks">{RateMsg::ScreenThanks.get(lang)}</p> })}
                    <p class="lead" data-testid="screen-waiting">{RateMsg::ScreenWaitingHelp.get(lang)}</p>
                </Page>
            }
            .into_any(),
            Ok(WindowScreenView::Rate { desk, number_display, applicant_masked, matters, touchpoint }) => {
                let matters = matters
                    .iter()
                    .map(|(_, name)| name.get(lang).to_string())
                    .collect::<Vec<_>>()
                    .join("、");
                let form = crate::pages::ratings::window_rating_form(lang, touchpoint);
                view! {
                    <Page title=RateMsg::ScreenRateHeading.get(lang) appliance=true>
                        <p class="lead" data-testid="screen-application">
                            {RateMsg::ScreenWaiting.with_n(lang, &desk)}" · "{applicant_masked}" · "{number_display}
                        </p>
                        <p>{matters}</p>
                        {form}
                        </Page>
                }
                .into_any()
            }
            Err(e) => view! {
                <Page title=RateMsg::WindowTitle.get(lang) appliance=true>{super::error_notice(&e, crate::i18n::Msg::PageNotFound)}</Page>
            }
            .into_any(),
        })}
    }
}
