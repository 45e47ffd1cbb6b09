//! 帮你办 at the front desk: start a form for a walk-in, carry on with the
//! ones being filled, and have the applicant confirm — on their phone by
//! the QR shown here, or by signing the printed declaration, whose check
//! code the desk types back.

use super::{error_text, posted_form, set_status, staff_error, Csrf, StaffPage};
use crate::api::{get_assist_confirm, get_assist_desk, get_assist_sheet, AssistConfirmView};
use crate::components::assisted_content::assisted_content;
use crate::components::print_button::PrintButton;
use crate::i18n::{use_lang, AssistMsg, Msg};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/staff/assist`
#[component]
pub fn AssistDeskPage() -> impl IntoView {
    let lang = use_lang();
    let data = super::once(get_assist_desk());
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let posted = posted_form();
            let typed = |name: &str| {
                posted
                    .as_ref()
                    .and_then(|p| p.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
                    .unwrap_or_default()
            };
            let (typed_target, typed_id) = (typed("target"), typed("applicant_id"));
            // A refused ID number is said beside its field, the rest above.
            let id_problem = posted.as_ref().and_then(|p| match &p.error {
                crate::errors::AppError::Invalid(problems) => problems
                    .iter()
                    .find(|e| e.key == "applicant_id")
                    .map(|e| crate::i18n::problem_text(lang, &e.problem)),
                _ => None,
            });
            let refused = posted.as_ref().map(|p| {
                set_status(p.error.status());
                (id_problem.is_none()).then(|| view! { <p class="notice error" role="alert" data-testid="assist-error">{error_text(lang, &p.error)}</p> })
            });
            let options = |bundle: bool| {
                v.targets
                    .iter()
                    .filter(|t| t.bundle == bundle)
                    .map(|t| view! { <option value=t.value.clone() selected=t.value == typed_target>{t.name.get(lang).to_string()}</option> })
                    .collect_view()
            };
            let (bundles, matters) = (options(true), options(false));
            let drafts = if v.drafts.is_empty() {
                view! { <p class="hint">{AssistMsg::NoDrafts.get(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul class="assisted-drafts" data-testid="assisted-drafts">
                        {v.drafts.iter().map(|d| view! {
                            <li>
                                <strong>{d.name.get(lang).to_string()}</strong>
                                " · " {AssistMsg::SavedAt.with_n(lang, &d.saved_at)} " · "
                                <a href=d.href.clone()>{AssistMsg::Continue.get(lang)}</a> " · "
                                <a href=d.confirm.clone()>{AssistMsg::ToConfirm.get(lang)}</a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            };
            view! {
                <StaffPage title=AssistMsg::DeskTitle.get(lang) me=Some(v.me.clone())>
                    <p class="hint">{AssistMsg::DeskIntro.get(lang)}</p>
                    {refused}
                    <form method="post" action=crate::urls::STAFF_ASSIST_START class="application-form assist-start">
                        <Csrf token=v.me.csrf_token.clone()/>
                        <div class="field">
                            <label for="assist-target">{AssistMsg::StartLabel.get(lang)}</label>
                            <select id="assist-target" name="target" data-testid="assist-target">
                                <optgroup label=AssistMsg::Bundles.get(lang)>{bundles}</optgroup>
                                <optgroup label=AssistMsg::Matters.get(lang)>{matters}</optgroup>
                            </select>
                        </div>
                        <div class="field" class:has-error=id_problem.is_some()>
                            <label for="assist-id">{AssistMsg::CheckedId.get(lang)}</label>
                            <p class="hint" id="assist-id-hint">{AssistMsg::CheckedIdHint.get(lang)}</p>
                            {id_problem.clone().map(|p| view! { <p class="field-error" id="assist-id-error" role="alert">{p}</p> })}
                            <input id="assist-id" name="applicant_id" autocomplete="off" spellcheck="false" maxlength="18" size="20"
                                value=typed_id
                                aria-invalid=id_problem.is_some().then_some("true")
                                aria-describedby=if id_problem.is_some() { "assist-id-hint assist-id-error" } else { "assist-id-hint" }/>
                        </div>
                        <button type="submit" class="primary" data-testid="assist-start">{AssistMsg::Start.get(lang)}</button>
                    </form>
                    <h2>{AssistMsg::DraftsHeading.get(lang)}</h2>
                    {drafts}
                </StaffPage>
            }.into_any()
        })}
    }
}

/// `/staff/assist/:id`: the applicant confirms what the desk filled.
#[component]
pub fn AssistConfirmPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let link = use_query_map().read_untracked().get("link");
    let data = super::once(get_assist_confirm(id, link));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let (me, draft_id, content, continue_href, phone) = match v {
                AssistConfirmView::Submitted { me, number, file_href } => {
                    return view! {
                        <StaffPage title=AssistMsg::ConfirmTitle.get(lang) me=Some(me)>
                            <p class="notice success" role="status" data-testid="assist-submitted">{AssistMsg::Submitted.with_n(lang, &number)}</p>
                            <p><a class="button primary" href=file_href>{AssistMsg::OpenFile.get(lang)}</a></p>
                        </StaffPage>
                    }.into_any();
                }
                AssistConfirmView::Open { me, draft_id, content, continue_href, phone } => (me, draft_id, content, continue_href, phone),
            };
            let posted = posted_form();
            let typed = posted
                .as_ref()
                .and_then(|p| p.pairs.iter().find(|(k, _)| k == "check").map(|(_, v)| v.clone()))
                .unwrap_or_default();
            let was_ticked = posted
                .as_ref()
                .is_some_and(|p| p.pairs.iter().any(|(k, v)| k == "signed" && v == "yes"));
            let refused = posted.map(|p| {
                set_status(p.error.status());
                view! { <p class="notice error" role="alert" tabindex="-1" autofocus data-testid="assist-error">{error_text(lang, &p.error)}</p> }
            });
            let csrf = me.csrf_token.clone();
            let ways = if content.ready {
                let phone_part = match phone {
                    Some(shown) => view! {
                        <figure class="qr" data-testid="confirm-qr">
                            <div inner_html=shown.qr_svg.clone()></div>
                            <figcaption><span class="url" data-testid="confirm-url">{shown.url.clone()}</span></figcaption>
                        </figure>
                        <p class="hint">{AssistMsg::PhoneUntil.with_n(lang, &shown.until)}</p>
                        <p><a class="button" href=crate::urls::staff_assist(&draft_id) data-testid="assist-refresh">{AssistMsg::Refresh.get(lang)}</a></p>
                    }.into_any(),
                    None => view! {
                        <form method="post" action=crate::urls::staff_assist_phone(&draft_id) class="inline-form">
                            <Csrf token=csrf.clone()/>
                            <button type="submit" class="primary" data-testid="assist-phone">{AssistMsg::MakeLink.get(lang)}</button>
                        </form>
                    }.into_any(),
                };
                view! {
                    <section class="assist-way" aria-labelledby="assist-phone">
                        <h2 id="assist-phone">{AssistMsg::PhoneHeading.get(lang)}</h2>
                        <p class="hint">{AssistMsg::PhoneHelp.get(lang)}</p>
                        {phone_part}
                    </section>
                    <section class="assist-way" aria-labelledby="assist-sheet">
                        <h2 id="assist-sheet">{AssistMsg::SheetHeading.get(lang)}</h2>
                        <p class="hint">{AssistMsg::SheetHelp.get(lang)}</p>
                        <p><a class="button" href=crate::urls::staff_assist_sheet(&draft_id) data-testid="assist-print">{AssistMsg::PrintSheet.get(lang)}</a></p>
                        <form method="post" action=crate::urls::staff_assist_signed(&draft_id) class="application-form">
                            <Csrf token=csrf.clone()/>
                            <div class="field choice">
                                <input type="checkbox" id="signed" name="signed" value="yes" checked=was_ticked/>
                                <label for="signed">{AssistMsg::SignedTick.get(lang)}</label>
                            </div>
                            <div class="field">
                                <label for="check">{AssistMsg::CheckLabel.get(lang)}</label>
                                <p class="hint" id="check-hint">{AssistMsg::CheckHint.get(lang)}</p>
                                <input id="check" name="check" autocomplete="off" maxlength="12" size="12" aria-describedby="check-hint" value=typed/>
                            </div>
                            <button type="submit" class="primary" data-testid="assist-submit-signed">{AssistMsg::SubmitSigned.get(lang)}</button>
                        </form>
                    </section>
                }.into_any()
            } else {
                view! { <p class="notice" role="status" data-testid="assist-not-ready">{AssistMsg::NotReady.get(lang)}</p> }.into_any()
            };
            view! {
                <StaffPage title=AssistMsg::ConfirmTitle.get(lang) me=Some(me)>
                    {refused}
                    <p><a href=continue_href>{AssistMsg::BackToForm.get(lang)}</a></p>
                    <h2>{content.name.get(lang).to_string()}</h2>
                    {assisted_content(lang, &content)}
                    {ways}
                </StaffPage>
            }.into_any()
        })}
    }
}

/// `/staff/assist/:id/declaration`: the A4 sheet the applicant signs.
#[component]
pub fn DeclarationSheetPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let data = super::once(get_assist_sheet(id));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            view! {
                <StaffPage title=AssistMsg::SheetTitle.get(lang) me=super::current_header() interactive=true>
                    <p class="no-print">
                        <PrintButton label=AssistMsg::PrintNow.get(lang).to_string()/>
                        " " <a href=v.back.clone()>{AssistMsg::ToConfirm.get(lang)}</a>
                    </p>
                    <section class="document declaration-sheet" data-testid="declaration-sheet">
                        <h2 class="document-title">{Msg::HallName.get(lang)} " · " {AssistMsg::SheetTitle.get(lang)}</h2>
                        <p>{AssistMsg::SheetIntro.get(lang)}</p>
                        <h3>{v.content.name.get(lang).to_string()}</h3>
                        {assisted_content(lang, &v.content)}
                        <p class="declaration-text">{AssistMsg::SheetDeclaration.get(lang)}</p>
                        <p>{AssistMsg::SheetFilledBy.with_n(lang, &v.staff)}</p>
                        <p class="signature">{AssistMsg::SheetSignature.get(lang)}</p>
                        <p class="signature">{AssistMsg::SheetDate.get(lang)}</p>
                        <p class="hint">{AssistMsg::SheetPrinted.with_n(lang, &v.printed_on)}</p>
                    </section>
                </StaffPage>
            }.into_any()
        })}
    }
}
