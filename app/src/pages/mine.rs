//! 我的办件: the mobile number, the SMS code, then every application that
//! gave that number — its status, each department's step with the days
//! left, what is owed under 容缺, and its messages. Plain forms (no JS);
//! at a kiosk the inputs take the on-screen keypad.

use crate::api::get_my_applications;
use crate::components::application_card::ApplicationCard;
use crate::components::layout::{set_status, Page};
use crate::errors::AppError;
use crate::i18n::{use_lang, Lang, MyMsg};
use crate::models::{MyApplicationsView, SignInProblem};
use crate::pages::staff::posted_form;
use leptos::prelude::*;

/// What was refused, in words (none: nothing was posted, or not this).
fn refusal(lang: Lang) -> Option<(String, String)> {
    let posted = posted_form()?;
    let text = match &posted.error {
        AppError::SignInRefused(p) => match p {
            SignInProblem::BadMobile => MyMsg::BadMobile.get(lang).to_string(),
            SignInProblem::BadCode => MyMsg::BadCode.get(lang).to_string(),
            SignInProblem::WrongCode { left } => MyMsg::WrongCode.with_n(lang, left),
            SignInProblem::NoLiveCode => MyMsg::NoLiveCode.get(lang).to_string(),
            SignInProblem::NotSent => MyMsg::NotSent.get(lang).to_string(),
        },
        AppError::TooManyGuesses { wait } => MyMsg::TooMany.with_n(lang, wait),
        _ => return None,
    };
    let typed = posted
        .pairs
        .iter()
        .find(|(k, _)| k == "mobile")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    Some((text, typed))
}

fn mobile_form(lang: Lang, error: Option<(String, String)>) -> AnyView {
    let (error, typed) = match error {
        Some((e, t)) => (Some(e), t),
        None => (None, String::new()),
    };
    let invalid = error.is_some();
    view! {
        <form method="post" action=crate::urls::MY_CODE class="lookup-form" data-testid="mobile-form">
            <label for="mobile">{MyMsg::MobileLabel.get(lang)}</label>
            {error.map(|e| view! { <span class="field-error" id="mobile-error" role="alert">{e}</span> })}
            <input id="mobile" name="mobile" type="tel" inputmode="tel" autocomplete="tel"
                maxlength="20" size="16" value=typed data-keypad="digits"
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then_some("mobile-error")/>
            <button type="submit" class="primary">{MyMsg::SendCode.get(lang)}</button>
        </form>
    }
    .into_any()
}

fn code_form(lang: Lang, to: &str, error: Option<String>) -> AnyView {
    let invalid = error.is_some();
    view! {
        <p class="notice" role="status" data-testid="code-sent">{MyMsg::CodeSent.with_n(lang, to)}</p>
        <form method="post" action=crate::urls::MY_ENTER class="lookup-form" data-testid="code-form">
            <label for="code">{MyMsg::CodeLabel.get(lang)}</label>
            {error.map(|e| view! { <span class="field-error" id="code-error" role="alert">{e}</span> })}
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                maxlength="8" size="8" data-keypad="digits"
                aria-invalid=invalid.then_some("true")
                aria-describedby=invalid.then_some("code-error")/>
            <button type="submit" class="primary">{MyMsg::Enter.get(lang)}</button>
        </form>
        <p><a href=format!("{}?again=1", crate::urls::MY_APPLICATIONS)>{MyMsg::OtherNumber.get(lang)}</a></p>
    }
    .into_any()
}

fn list(lang: Lang, mobile: String, applications: Vec<crate::models::ApplicationView>) -> AnyView {
    let count = applications.len();
    let cards = applications
        .into_iter()
        .map(|mut a| {
            use crate::i18n::{ReviewMsg, StaffMsg};
            use crate::pages::staff::review::steps_list;
            let details = crate::urls::progress(&a.number);
            let steps = (!a.review.is_empty()).then(|| {
                view! {
                    <h3>{ReviewMsg::ProgressHeading.get(lang)}</h3>
                    {steps_list(lang, &a.review)}
                }
                .into_any()
            });
            let notice = a.notice.take().map(|notice| {
                view! {
                    <section class="notice-for-you">
                        <h3>{StaffMsg::NoticeForYou.get(lang)}</h3>
                        <crate::pages::staff::notice::NoticeDocument notice/>
                    </section>
                }
                .into_any()
            });
            let messages =
                super::application::messages_section(lang, std::mem::take(&mut a.messages))
                    .map(IntoAny::into_any);
            // Type-erased piece by piece: the whole card as one type is too
            // deep for the compiler's layout queries.
            let card = view! { <ApplicationCard app=a/> }.into_any();
            view! {
                <li class="my-application" data-testid="my-application">
                    {card}
                    {steps}
                    {notice}
                    {messages}
                    <p><a class="button" href=details>{MyMsg::Details.get(lang)}</a></p>
                </li>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    view! {
        <h2 data-testid="my-list-heading">{MyMsg::ListOf.with_n(lang, &mobile)}</h2>
        <p>{MyMsg::Count.with_n(lang, count)}</p>
        {(count == 0).then(|| view! { <p class="notice">{MyMsg::Empty.get(lang)}</p> })}
        <ol class="my-applications">{cards}</ol>
        <form method="post" action=crate::urls::MY_LEAVE>
            <button type="submit">{MyMsg::Leave.get(lang)}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let lang = use_lang();
    let again = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("again")
        .is_some();
    view! {
        <Page title=MyMsg::Heading.get(lang)>
            {super::awaited(get_my_applications, move |outcome| {
                let refused = refusal(lang);
                if let Some(p) = posted_form() {
                    set_status(p.error.status());
                }
                match outcome {
                    Ok(MyApplicationsView::List { mobile_masked, applications }) => {
                        list(lang, mobile_masked, applications)
                    }
                    Ok(MyApplicationsView::CodeSent { to }) if !again => {
                        // A refused mobile (asking again) shows the mobile form.
                        let on_code = posted_form().is_none_or(|p| !p.pairs.iter().any(|(k, _)| k == "mobile"));
                        if on_code {
                            code_form(lang, &to, refused.map(|(e, _)| e))
                        } else {
                            view! { <p class="lead">{MyMsg::Intro.get(lang)}</p> {mobile_form(lang, refused)} }.into_any()
                        }
                    }
                    Ok(_) => view! {
                        <p class="lead">{MyMsg::Intro.get(lang)}</p>
                        {mobile_form(lang, refused)}
                    }
                    .into_any(),
                    Err(e) => super::error_notice(&e, crate::i18n::Msg::TrackNotFound),
                }
            })}
            {crate::visit::use_visit().kiosk.is_some().then(|| view! { <p class="hint">{MyMsg::KioskNote.get(lang)}</p> })}
        </Page>
    }
}
