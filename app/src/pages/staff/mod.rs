//! The staff desks: server-rendered pages at desk size (1366×768 and up),
//! in both languages, usable by keyboard. Every form posts with the
//! session's CSRF token; the server re-checks everything.

pub mod assist;
pub mod calling;
pub mod file;
pub mod follow_ups;
pub mod issuing;
pub mod messages;
pub mod notice;
pub mod queue;
pub mod report;
pub mod review;
pub mod sign_in;
pub mod supervision;
pub mod window;

use crate::api::StaffHeader;
pub(crate) use crate::components::layout::set_status;
use crate::components::layout::Notice;
use crate::errors::AppError;
use crate::i18n::{use_lang, Lang, Msg, StaffMsg};
use domain::StaffRole;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// A page's data, fetched once however often it is awaited. `Suspense`
/// walks its children twice on the server (once to find what they wait
/// for, once to render: leptos#2956); a closure that called the server
/// function itself would sometimes call it twice — and an audited view
/// would be audited twice.
pub type Once<T> = futures::future::Shared<futures::future::BoxFuture<'static, T>>;

pub fn once<T: Clone + Send + Sync + 'static>(
    fetch: impl std::future::Future<Output = T> + Send + 'static,
) -> Once<T> {
    use futures::FutureExt;
    fetch.boxed().shared()
}

/// Name of the CSRF field in every staff form.
pub const CSRF_FIELD: &str = "_csrf";

/// A decision post the server refused, shown again with what was typed
/// (put into the re-rendered request by the server).
#[derive(Clone, Debug)]
pub struct PostedForm {
    pub pairs: Vec<(String, String)>,
    pub error: AppError,
}

/// The refused post being shown again, if any.
pub fn posted_form() -> Option<PostedForm> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<PostedForm>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

pub fn role_name(role: StaffRole) -> StaffMsg {
    match role {
        StaffRole::FrontDesk => StaffMsg::RoleFrontDesk,
        StaffRole::Reviewer => StaffMsg::RoleReviewer,
        StaffRole::Issuing => StaffMsg::RoleIssuing,
        StaffRole::Supervisor => StaffMsg::RoleSupervisor,
        StaffRole::DepartmentHead => StaffMsg::RoleDepartmentHead,
        StaffRole::Administrator => StaffMsg::RoleAdministrator,
    }
}

/// A hidden field with the session's CSRF token.
#[component]
pub fn Csrf(token: String) -> impl IntoView {
    view! { <input type="hidden" name=CSRF_FIELD value=token/> }
}

/// The desk's frame: who is signed in, the queue, search by number,
/// language, signing out. `me` is None on the sign-in page.
#[component]
pub fn StaffPage(
    #[prop(into)] title: String,
    me: Option<StaffHeader>,
    #[prop(optional)] interactive: bool,
    #[prop(optional)] has_errors: bool,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let other = match lang {
        Lang::ZhCn => Lang::En,
        Lang::En => Lang::ZhCn,
    };
    let location = use_location();
    let here = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    );
    let here = crate::urls::query_value(&here);
    let prefix = if has_errors {
        Msg::ErrorTitlePrefix.get(lang)
    } else {
        ""
    };
    let full_title = format!("{prefix}{title} · {}", StaffMsg::Desk.get(lang));
    let scripts = interactive
        .then(use_context::<LeptosOptions>)
        .flatten()
        .map(|options| view! { <HydrationScripts options islands=true/> });
    let signed_in = me.map(|me| {
        let desks = me.role.desks();
        let supervision = desks.supervision;
        let (front, reviews, issuing, scan, messages, follow_ups, window) = (
            desks.front_desk,
            desks.reviews,
            desks.issuing,
            desks.pickup,
            desks.messages,
            desks.follow_ups,
            desks.window_screen,
        );
        let (calling, assist) = (desks.calling, desks.assist);
        view! {
            {front.then(|| view! { <li><a href=crate::urls::STAFF>{StaffMsg::NavQueue.get(lang)}</a></li> })}
            {reviews.then(|| view! { <li><a href=crate::urls::STAFF_REVIEWS>{crate::i18n::ReviewMsg::Nav.get(lang)}</a></li> })}
            {issuing.then(|| view! { <li><a href=crate::urls::STAFF_ISSUING>{crate::i18n::IssuingMsg::Nav.get(lang)}</a></li> })}
            {scan.then(|| view! { <li><a href=crate::urls::STAFF_PICKUP>{crate::i18n::IssuingMsg::NavScan.get(lang)}</a></li> })}
            {supervision.then(|| view! { <li><a href=crate::urls::STAFF_SUPERVISION>{crate::i18n::RateMsg::SupervisionNav.get(lang)}</a></li> })}
            {messages.then(|| view! { <li><a href=crate::urls::STAFF_MESSAGES>{StaffMsg::NavMessages.get(lang)}</a></li> })}
            {follow_ups.then(|| view! { <li><a href=crate::urls::STAFF_FOLLOW_UPS>{crate::i18n::RateMsg::DeskTitle.get(lang)}</a></li> })}
            {assist.then(|| view! { <li><a href=crate::urls::STAFF_ASSIST>{crate::i18n::AssistMsg::Nav.get(lang)}</a></li> })}
            {calling.then(|| view! { <li><a href=crate::urls::STAFF_CALLING>{crate::i18n::QueueMsg::DeskTitle.get(lang)}</a></li> })}
            {window.then(|| view! { <li><a href=crate::urls::STAFF_WINDOW>{crate::i18n::RateMsg::WindowNav.get(lang)}</a></li> })}
            <li>
                <form class="inline-form" method="get" action=crate::urls::STAFF_FIND role="search">
                    <label for="staff-find" class="visually-hidden">{StaffMsg::FindLabel.get(lang)}</label>
                    <input id="staff-find" name="number" autocomplete="off" spellcheck="false" size="16" placeholder=StaffMsg::ColNumber.get(lang)/>
                    <button type="submit">{StaffMsg::FindButton.get(lang)}</button>
                </form>
            </li>
            <li class="who">
                <span class="visually-hidden">{StaffMsg::SignedInAs.get(lang)} ": "</span>
                {me.display_name.clone()} " · " {role_name(me.role).get(lang)}
            </li>
            <li>
                <form class="inline-form" method="post" action=crate::urls::STAFF_SIGN_OUT>
                    <Csrf token=me.csrf_token.clone()/>
                    <button type="submit" class="link-button">{StaffMsg::SignOut.get(lang)}</button>
                </form>
            </li>
            <li>
                <form class="inline-form" method="post" action=crate::urls::STAFF_SIGN_OUT_EVERYWHERE>
                    <Csrf token=me.csrf_token/>
                    <button type="submit" class="link-button">{StaffMsg::SignOutEverywhere.get(lang)}</button>
                </form>
            </li>
        }
        .into_any()
    });
    let header = view! {
        <header class="site-header staff-header">
            <a class="brand" href=crate::urls::STAFF>{StaffMsg::Desk.get(lang)}</a>
            <nav aria-label=StaffMsg::Desk.get(lang)>
                <ul>
                    {signed_in}
                    <li>
                        <a href=crate::urls::language_switch(other.tag(), &here) hreflang=other.tag() lang=other.tag() aria-label=Msg::SwitchLanguageLabel.get(lang) class="lang-switch">
                            {Msg::SwitchLanguage.get(lang)}
                        </a>
                    </li>
                </ul>
            </nav>
        </header>
    }
    .into_any();
    view! {
        <Title text=full_title/>
        <a class="skip-link" href="#main">{Msg::SkipToContent.get(lang)}</a>
        {header}
        <main id="main" tabindex="-1" class="staff-main">
            <h1>{title}</h1>
            {children()}
        </main>
        {scripts}
    }
}

/// What a staff page shows when it cannot show its content: signed out
/// pages go to sign-in (the server redirects before rendering; this is
/// the fallback), others say why.
pub fn staff_error(e: &AppError) -> AnyView {
    let lang = use_lang();
    set_status(e.status());
    let text = error_text(lang, e);
    let signed_out = matches!(e, AppError::Unauthorized);
    view! {
        <StaffPage title=StaffMsg::Desk.get(lang) me=current_header()>
            <Notice text/>
            {signed_out.then(|| view! {
                <p><a class="button" href=crate::urls::STAFF_SIGN_IN>{StaffMsg::SignInButton.get(lang)}</a></p>
            })}
        </StaffPage>
    }
    .into_any()
}

/// What a staff page says for an error without a form of its own.
pub fn error_text(lang: Lang, e: &AppError) -> String {
    match e {
        AppError::Unauthorized => StaffMsg::SignInExpired.get(lang).to_string(),
        AppError::Forbidden => StaffMsg::NotAllowedHere.get(lang).to_string(),
        AppError::NotFound => StaffMsg::FindNotFound.get(lang).to_string(),
        AppError::MalformedNumber(reason) => {
            crate::i18n::application_number_problem(lang, *reason).to_string()
        }
        AppError::QueueRefused(p) => crate::i18n::queue_problem_text(lang, *p),
        AppError::AssistRefused(p) => crate::i18n::assist_problem_text(lang, *p),
        _ => crate::i18n::FormMsg::ServiceUnavailable
            .get(lang)
            .to_string(),
    }
}

/// The signed-in staff member's header, straight from the request (for
/// pages whose own data could not be shown).
pub fn current_header() -> Option<StaffHeader> {
    #[cfg(feature = "ssr")]
    {
        crate::staff_session().map(|s| crate::views::common::header(&s))
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// "3 小时" / "2 days" — the largest unit that fits.
pub fn waiting(lang: Lang, minutes: i64) -> String {
    match minutes {
        m if m < 60 => StaffMsg::Minutes.with_n(lang, m),
        m if m < 24 * 60 => StaffMsg::Hours.with_n(lang, m / 60),
        m => StaffMsg::Days.with_n(lang, m / (24 * 60)),
    }
}

/// Answers as the rows of a `<dl>`: choices by their labels, nothing
/// answered as a dash.
pub fn answer_rows(lang: Lang, answers: &[crate::api::AnswerLine]) -> AnyView {
    use crate::api::AnswerText;
    answers
        .iter()
        .map(|a| {
            let text = match &a.answer {
                AnswerText::Text(t) => t.clone(),
                AnswerText::Options(o) => o
                    .iter()
                    .map(|l| l.get(lang).to_string())
                    .collect::<Vec<_>>()
                    .join("、"),
                AnswerText::NotAnswered => "—".into(),
            };
            view! { <div><dt>{a.label.get(lang).to_string()}</dt><dd>{text}</dd></div> }
        })
        .collect_view()
        .into_any()
}
