use super::kiosk::{EndVisitForm, KioskChrome};
use crate::i18n::{use_lang, Lang, Msg};
use crate::visit::use_visit;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// Header with the hall's name, navigation, language and text-size
/// switches (and "finish" on a kiosk); the page's own content goes in
/// `<main>`. `interactive` pages have islands: only they (and every kiosk
/// page, for its idle guard and keypad) load the WASM.
#[component]
pub fn Page(
    #[prop(into)] title: String,
    #[prop(optional)] interactive: bool,
    /// The page shows problems with what was sent: its document title says
    /// so first ("错误：…"), as screen readers announce it on load.
    #[prop(optional)]
    has_errors: bool,
    /// A device standing in the hall for one purpose (the window's rating
    /// screen): no way off the page but the language and text size.
    #[prop(optional)]
    appliance: bool,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let visit = use_visit();
    let other = match lang {
        Lang::ZhCn => Lang::En,
        Lang::En => Lang::ZhCn,
    };
    let location = use_location();
    let here = crate::urls::query_value(&format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    ));
    let switch_href = crate::urls::language_switch(other.tag(), &here);
    let (text_href, text_name) = if visit.large_text {
        (
            crate::urls::text_size_switch("standard", &here),
            Msg::LargeTextOff,
        )
    } else {
        (
            crate::urls::text_size_switch("large", &here),
            Msg::LargeTextOn,
        )
    };
    let error_prefix = if has_errors {
        Msg::ErrorTitlePrefix.get(lang)
    } else {
        ""
    };
    let full_title = format!("{error_prefix}{title} · {}", Msg::HallName.get(lang));
    let scripts = (interactive || visit.kiosk.is_some())
        .then(use_context::<LeptosOptions>)
        .flatten()
        .map(|options| view! { <HydrationScripts options islands=true/> });
    view! {
        <Title text=full_title/>
        <a class="skip-link" href="#main">{Msg::SkipToContent.get(lang)}</a>
        <header class="site-header">
            {if appliance {
                view! { <span class="brand">{Msg::HallName.get(lang)}</span> }.into_any()
            } else {
                view! { <a class="brand" href="/">{Msg::HallName.get(lang)}</a> }.into_any()
            }}
            <nav aria-label=Msg::NavHome.get(lang)>
                <ul>
                    {(!appliance).then(|| view! {
                        <li><a href="/">{Msg::NavHome.get(lang)}</a></li>
                        <li><a href="/applications">{Msg::NavTrack.get(lang)}</a></li>
                        <li><a href=crate::urls::MY_APPLICATIONS>{crate::i18n::MyMsg::Nav.get(lang)}</a></li>
                    })}
                    <li>
                        <a href=switch_href hreflang=other.tag() lang=other.tag() aria-label=Msg::SwitchLanguageLabel.get(lang) class="lang-switch">
                            {Msg::SwitchLanguage.get(lang)}
                        </a>
                    </li>
                    <li>
                        <a href=text_href class="text-switch">{text_name.get(lang)}</a>
                    </li>
                    {visit.kiosk.is_some().then(|| view! { <li><EndVisitForm/></li> })}
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            <h1>{title}</h1>
            {children()}
        </main>
        {visit.kiosk.map(|terminal| view! { <KioskChrome terminal/> })}
        {scripts}
    }
}

/// Sets the HTTP status of the page being rendered (server only).
/// 429 with when to try again: every refusal for too many tries says so.
pub fn set_too_many(retry_after_secs: u64) {
    set_status(429);
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            http::header::RETRY_AFTER,
            http::HeaderValue::from(retry_after_secs.max(1)),
        );
    }
    #[cfg(not(feature = "ssr"))]
    let _ = retry_after_secs;
}

pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        res.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A message that fills the page when something could not be shown.
#[component]
pub fn Notice(#[prop(into)] text: String, #[prop(optional)] back_home: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="notice" role="alert">
            <p>{text}</p>
            {back_home.then(|| view! { <p><a href="/">{Msg::BackToServices.get(lang)}</a></p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_parameter_is_encoded() {
        assert_eq!(
            crate::urls::query_value("/applications?number=AB CD&x=1"),
            "/applications%3Fnumber%3DAB%20CD%26x%3D1"
        );
    }
}
