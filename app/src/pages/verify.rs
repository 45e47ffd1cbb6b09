//! 电子证照验证: `/verify` (type a code) and `/verify/{code}` (what the
//! licence's QR opens): whether the licence is genuine and stands, and the
//! licence itself as issued — printable on A4 from here, so the printed
//! licence and the checked one are the same page.

use crate::api::{get_licence_check, LicenceState, LicenceView};
use crate::components::layout::Page;
use crate::components::print_button::PrintButton;
use crate::i18n::{use_lang, IssuingMsg, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The licence as printed: issuer, name, holder, particulars, dates, the
/// verification code and its QR, and the seal's mark.
pub fn licence_document(lang: Lang, l: &LicenceView) -> AnyView {
    let particulars = l
        .particulars
        .iter()
        .map(|(label, value)| view! { <div><dt>{label.get(lang).to_string()}</dt><dd>{value.clone()}</dd></div> })
        .collect_view();
    view! {
        <article class="licence-document" data-testid="licence-document">
            <p class="licence-issuer">{l.issuer.get(lang).to_string()}</p>
            <h2 class="licence-name">{l.name.get(lang).to_string()}</h2>
            <dl class="facts">
                <div><dt>{IssuingMsg::Holder.get(lang)}</dt><dd data-testid="licence-holder">{l.holder.clone()}</dd></div>
                <div><dt>{IssuingMsg::HolderId.get(lang)}</dt><dd>{l.holder_id.clone()}</dd></div>
                {particulars}
                <div><dt>{IssuingMsg::Validity.get(lang)}</dt><dd>{l.validity.get(lang).to_string()}</dd></div>
                <div><dt>{IssuingMsg::IssuedOn.get(lang)}</dt><dd>{l.issued_on.clone()}</dd></div>
                <div><dt>{IssuingMsg::LicenceNumber.get(lang)}</dt><dd>{l.number_display.clone()}</dd></div>
                <div><dt>{IssuingMsg::CodeLabel.get(lang)}</dt><dd class="code" data-testid="licence-code">{l.code_display.clone()}</dd></div>
            </dl>
            <figure class="licence-qr">
                <div class="qr" inner_html=l.qr_svg.clone()></div>
                <figcaption>{IssuingMsg::ScanToVerify.get(lang)}</figcaption>
            </figure>
            <p class="seal-mark">{format!("{} · {} · SM2", IssuingMsg::SealMark.get(lang), l.issuer.get(lang))}</p>
        </article>
    }
    .into_any()
}

fn code_form(lang: Lang, typed: &str) -> AnyView {
    view! {
        <form method="get" action=crate::urls::VERIFY class="lookup-form no-print" role="search">
            <p class="hint" id="verify-help">{IssuingMsg::VerifyHelp.get(lang)}</p>
            <label for="code">{IssuingMsg::VerifyLabel.get(lang)}</label>
            <input id="code" name="code" value=typed.to_string() autocomplete="off" spellcheck="false"
                autocapitalize="characters" aria-describedby="verify-help" maxlength="40"/>
            <button type="submit">{IssuingMsg::VerifyButton.get(lang)}</button>
        </form>
    }
    .into_any()
}

/// `/verify` and `/verify?code=…`
#[component]
pub fn VerifyFormPage() -> impl IntoView {
    let lang = use_lang();
    let typed = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    if typed.trim().is_empty() {
        return view! {
            <Page title=IssuingMsg::VerifyTitle.get(lang)>{code_form(lang, "")}</Page>
        }
        .into_any();
    }
    check_page(typed)
}

/// `/verify/{code}`
#[component]
pub fn VerifyPage() -> impl IntoView {
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    check_page(code)
}

fn check_page(code: String) -> AnyView {
    let lang = use_lang();
    view! {
        {super::awaited(
            move || {
                let code = code.clone();
                async move { (code.clone(), get_licence_check(code).await) }
            },
            move |(typed, check)| match check {
                        Ok(check) => {
                            let (class, text) = match &check.state {
                                LicenceState::Genuine => ("verdict genuine", IssuingMsg::Genuine.get(lang).to_string()),
                                LicenceState::Revoked { on, reason } => ("verdict revoked", IssuingMsg::Revoked.get(lang).replace("{on}", on).replace("{reason}", reason)),
                                LicenceState::NotValid => ("verdict not-valid", IssuingMsg::NotValid.get(lang).to_string()),
                                LicenceState::Unknown => ("verdict unknown", IssuingMsg::Unknown.get(lang).to_string()),
                            };
                            let found = check.licence.is_some();
                            if !found {
                                crate::components::layout::set_status(404);
                            }
                            view! {
                                <Page title=IssuingMsg::VerifyTitle.get(lang) interactive=found>
                                    <p class=class role="status" data-testid="verdict">{text}</p>
                                    {check.licence.as_ref().map(|l| licence_document(lang, l))}
                                    {found.then(|| view! {
                                        <p class="no-print"><PrintButton label=crate::i18n::StaffMsg::Print.get(lang).to_string()/></p>
                                    })}
                                    {(!found).then(|| code_form(lang, &typed))}
                                </Page>
                            }.into_any()
                        }
                        Err(e) => view! {
                            <Page title=IssuingMsg::VerifyTitle.get(lang)>
                                {super::error_notice(&e, crate::i18n::Msg::TrackNotFound)}
                            </Page>
                        }.into_any(),
            },
        )}
    }
    .into_any()
}
