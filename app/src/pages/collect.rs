//! 领取办理结果 on the citizen's progress page: prove you are the
//! applicant (the last 6 characters of the ID number or credit code on the
//! form), choose pickup at the window (yourself or a named proxy) or post,
//! and once issued see and print the pickup QR with its 8-digit code.
//! Everything works as plain forms (no JS).

use crate::api::{ApplicantIssuingView, DeliveryView, HandoverWayView};
use crate::components::print_button::PrintButton;
use crate::i18n::{IssuingMsg, Lang};
use crate::pages::staff::issuing::{delivery_problems, delivery_text, refusal_lines};
use crate::pages::staff::posted_form;
use domain::ApplicationStatus;
use leptos::prelude::*;

fn field_error(problems: &[(String, String)], field: &str) -> Option<AnyView> {
    problems.iter().find(|(f, _)| f == field).map(|(_, text)| {
        view! { <span class="field-error" id=format!("{field}-error")>{text.clone()}</span> }
            .into_any()
    })
}

fn proof_form(lang: Lang, number: &str) -> AnyView {
    let error = posted_form()
        .filter(|p| {
            matches!(
                p.error,
                crate::errors::AppError::WrongProof { .. }
                    | crate::errors::AppError::TooManyGuesses { .. }
                    | crate::errors::AppError::NotProven
            )
        })
        .map(|p| refusal_lines(lang, &p.error).join(" "));
    let invalid = error.is_some();
    view! {
        <form method="post" action=crate::urls::applicant_proof(number) class="lookup-form" data-testid="proof-form">
            <p class="hint" id="proof-help">{IssuingMsg::ProofHelp.get(lang)}</p>
            <label for="id_tail">{IssuingMsg::ProofLabel.get(lang)}</label>
            {error.map(|e| view! { <span class="field-error" id="id_tail-error" role="alert">{e}</span> })}
            <input id="id_tail" name="id_tail" autocomplete="off" spellcheck="false" inputmode="text"
                maxlength="6" size="8" autocapitalize="characters"
                aria-describedby=if invalid { "proof-help id_tail-error" } else { "proof-help" }
                aria-invalid=invalid.then_some("true")/>
            <button type="submit">{IssuingMsg::ProofButton.get(lang)}</button>
        </form>
    }
    .into_any()
}

fn delivery_form(lang: Lang, v: &ApplicantIssuingView) -> AnyView {
    let posted = posted_form();
    let problems = delivery_problems(lang, posted.as_ref().map(|p| &p.error));
    let typed = |k: &str| {
        posted
            .as_ref()
            .and_then(|p| p.pairs.iter().find(|(key, _)| key == k))
            .map(|(_, v)| v.clone())
    };
    // What was typed (if refused), else what is on record.
    let (mut proxy_name, mut proxy_id, mut recipient, mut phone, mut address) = Default::default();
    let mut post = false;
    match &v.delivery {
        Some(DeliveryView::Window {
            proxy: Some((n, _)),
        }) => proxy_name = n.clone(),
        Some(DeliveryView::Post {
            recipient: r,
            phone: p,
            address: a,
        }) => {
            post = true;
            (recipient, phone, address) = (r.clone(), p.clone(), a.clone());
        }
        _ => {}
    }
    if posted.is_some() {
        post = typed("method").as_deref() == Some("post");
        proxy_name = typed("proxy_name").unwrap_or_default();
        proxy_id = typed("proxy_id").unwrap_or_default();
        recipient = typed("recipient").unwrap_or_default();
        phone = typed("phone").unwrap_or_default();
        address = typed("address").unwrap_or_default();
    }
    let field = |id: &'static str, label: IssuingMsg, value: String, max: &'static str| {
        let error = field_error(&problems, id);
        let invalid = error.is_some();
        view! {
            <p>
                <label for=id>{label.get(lang)}</label>
                {error}
                <input id=id name=id value=value maxlength=max autocomplete="off"
                    aria-invalid=invalid.then_some("true")
                    aria-describedby=invalid.then(|| format!("{id}-error"))/>
            </p>
        }
    };
    let method_error = field_error(&problems, "method");
    view! {
        <form method="post" action=crate::urls::applicant_delivery(&v.number) class="delivery-form" data-testid="delivery-form">
            <fieldset>
                <legend>{IssuingMsg::DeliveryLegend.get(lang)}</legend>
                {method_error}
                <label class="choice">
                    <input type="radio" name="method" value="window" checked=!post/>
                    {IssuingMsg::ChooseWindow.get(lang)}
                </label>
                <div class="choice-details">
                    {field("proxy_name", IssuingMsg::ProxyName, proxy_name, "40")}
                    {field("proxy_id", IssuingMsg::ProxyId, proxy_id, "18")}
                </div>
                <label class="choice">
                    <input type="radio" name="method" value="post" checked=post/>
                    {IssuingMsg::ChoosePost.get(lang)}
                </label>
                <div class="choice-details">
                    {field("recipient", IssuingMsg::Recipient, recipient, "40")}
                    {field("phone", IssuingMsg::Phone, phone, "20")}
                    {field("address", IssuingMsg::Address, address, "200")}
                </div>
            </fieldset>
            <button type="submit">{IssuingMsg::SaveDelivery.get(lang)}</button>
        </form>
    }
    .into_any()
}

fn proven_part(lang: Lang, v: ApplicantIssuingView) -> AnyView {
    let saved = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("saved")
        .is_some()
        // Once issued, the choice can no longer change: the flash left in
        // the address (a reload) would contradict the line saying so.
        .then_some(())
        .filter(|()| v.can_choose)
        .map(|()| view! { <p class="notice success" role="status">{IssuingMsg::DeliverySaved.get(lang)}</p> });
    let current = v.delivery.as_ref().map(|d| {
        view! { <p data-testid="delivery-choice"><strong>{IssuingMsg::DeliveryLegend.get(lang)}</strong> "：" {delivery_text(lang, Some(d))}</p> }
    });
    let choose = v.can_choose.then(|| delivery_form(lang, &v));
    let too_late = (v.status == ApplicationStatus::Issued)
        .then(|| view! { <p class="hint">{IssuingMsg::TooLateToChange.get(lang)}</p> });
    let pass = v.pass.as_ref().map(|p| {
        view! {
            <section class="pickup-pass" aria-labelledby="pickup-pass" data-testid="pickup-pass">
                <h3 id="pickup-pass">{IssuingMsg::PassHeading.get(lang)}</h3>
                <p>{IssuingMsg::PassHelp.get(lang)}</p>
                <div class="qr" role="img" aria-label=IssuingMsg::PassQrLabel.get(lang) inner_html=p.qr_svg.clone() data-token=p.token.clone()></div>
                <p class="pickup-code">
                    {IssuingMsg::PassCode.get(lang)} "："
                    <strong data-testid="pickup-code">{p.code.clone()}</strong>
                </p>
                <p>{format!("{}：{}", IssuingMsg::ToCollect.get(lang), p.items.join("、"))}</p>
                <p>{format!("{}：{}", IssuingMsg::ValidUntil.get(lang), p.expires)}</p>
                {p.proxy_name.clone().map(|n| view! { <p>{IssuingMsg::PassProxy.with_n(lang, n)}</p> })}
                <p class="no-print"><PrintButton label=IssuingMsg::PrintPass.get(lang).to_string()/></p>
                <form method="post" action=crate::urls::applicant_new_pickup(&v.number) class="no-print">
                    <button type="submit" class="link-button">{IssuingMsg::RenewPass.get(lang)}</button>
                </form>
            </section>
        }
    });
    let done = v.handover.as_ref().map(|h| {
        let text = match &h.way {
            HandoverWayView::Window { .. } => IssuingMsg::Collected.with_n(lang, &h.at),
            HandoverWayView::Post {
                carrier, tracking, ..
            } => IssuingMsg::Posted
                .get(lang)
                .replace("{at}", &h.at)
                .replace("{carrier}", carrier)
                .replace("{tracking}", tracking),
        };
        view! { <p class="notice success" data-testid="delivered">{text}</p> }
    });
    view! { {saved} {done} {current} {too_late} {pass} {choose} }.into_any()
}

/// The section, for any application still heading for a result (none
/// for one refused, withdrawn, rejected or terminated).
pub fn collect_section(lang: Lang, v: ApplicantIssuingView) -> Option<AnyView> {
    if matches!(
        v.status,
        ApplicationStatus::Refused
            | ApplicationStatus::Withdrawn
            | ApplicationStatus::Rejected
            | ApplicationStatus::Terminated
    ) {
        return None;
    }
    let body = if v.proven {
        proven_part(lang, v)
    } else {
        proof_form(lang, &v.number)
    };
    Some(
        view! {
            <section class="collect" id="collect" aria-labelledby="collect-heading">
                <h2 id="collect-heading">{IssuingMsg::CollectHeading.get(lang)}</h2>
                {body}
            </section>
        }
        .into_any(),
    )
}
