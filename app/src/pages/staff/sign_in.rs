use super::StaffPage;
use crate::i18n::{use_lang, Msg, StaffMsg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/staff/sign-in?problem=`: wrong, throttled (with `wait` minutes),
/// expired, signed_out.
#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked().clone();
    let problem = query.get("problem").unwrap_or_default();
    let wait: u64 = query.get("wait").and_then(|w| w.parse().ok()).unwrap_or(15);
    let (message, is_error) = match problem.as_str() {
        "wrong" => (Some(StaffMsg::SignInWrong.get(lang).to_string()), true),
        "throttled" => (Some(StaffMsg::SignInThrottled.with_n(lang, wait)), true),
        "expired" => (Some(StaffMsg::SignInExpired.get(lang).to_string()), false),
        "signed_out" => (Some(StaffMsg::SignedOut.get(lang).to_string()), false),
        "unavailable" => (
            Some(
                crate::i18n::FormMsg::ServiceUnavailable
                    .get(lang)
                    .to_string(),
            ),
            true,
        ),
        _ => (None, false),
    };
    if is_error {
        match problem.as_str() {
            "throttled" => crate::components::layout::set_too_many(wait * 60),
            "unavailable" => super::set_status(503),
            _ => super::set_status(401),
        }
    }
    let name = query.get("name").unwrap_or_default();
    view! {
        <StaffPage title=StaffMsg::SignInTitle.get(lang) me=None has_errors=is_error>
            {message.map(|m| if is_error {
                view! { <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="error-summary"><p>{m}</p></div> }.into_any()
            } else {
                view! { <p class="notice" role="status">{m}</p> }.into_any()
            })}
            <form class="sign-in" method="post" action=crate::urls::STAFF_SIGN_IN>
                <div class="field">
                    <label for="name">{StaffMsg::NameLabel.get(lang)}</label>
                    <input id="name" name="name" value=name autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="64" autofocus=!is_error/>
                </div>
                <div class="field">
                    <label for="password">{StaffMsg::PasswordLabel.get(lang)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"/>
                </div>
                <button type="submit" class="primary">{StaffMsg::SignInButton.get(lang)}</button>
            </form>
            <p><a href="/">{Msg::NavHome.get(lang)}</a></p>
        </StaffPage>
    }
}
