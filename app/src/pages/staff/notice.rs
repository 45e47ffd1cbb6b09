use super::{staff_error, StaffPage};
use crate::api::{get_staff_notice, NoticeLineKind, NoticeView};
use crate::components::materials::hand_in;
use crate::components::print_button::PrintButton;
use crate::i18n::{use_lang, Lang, StaffMsg};
use domain::Transition;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn title(lang: Lang, t: Transition) -> &'static str {
    match t {
        Transition::ReturnForCorrection => StaffMsg::CorrectionNoticeTitle.get(lang),
        Transition::Refuse => StaffMsg::RefusalNoticeTitle.get(lang),
        Transition::AskCorrectionsInReview => crate::i18n::ReviewMsg::NoticeTitle.get(lang),
        _ => StaffMsg::AcceptanceNoticeTitle.get(lang),
    }
}

/// A decision's notice as a document: 受理通知书 (with the 信用承诺书 for
/// 容缺), 补正材料通知书 listing every item at once, or 不予受理决定书 with
/// the applicant's remedies. Printed on A4 at the desk; the same text is
/// on the citizen's application page.
#[component]
pub fn NoticeDocument(notice: NoticeView) -> impl IntoView {
    let lang = use_lang();
    let n = &notice;
    let heading = view! { <h2 class="document-title">{title(lang, n.transition)}</h2> };
    let matters = n
        .matters
        .iter()
        .map(|(code, name)| format!("{}（{code}）", name.get(lang)))
        .collect::<Vec<_>>()
        .join("、");
    let item = |l: &crate::api::NoticeLine| {
        let what = match &l.kind {
            NoticeLineKind::Missing => StaffMsg::ItemMissing.get(lang).to_string(),
            NoticeLineKind::Wrong(reason) => {
                StaffMsg::ItemWrong.get(lang).replace("{reason}", reason)
            }
            NoticeLineKind::DueBy(date) => StaffMsg::ItemDueBy.get(lang).replace("{date}", date),
        };
        let standard = hand_in(&l.material, lang)
            .into_iter()
            .chain(l.material.note.as_ref().map(|x| x.get(lang).to_string()))
            .collect::<Vec<_>>()
            .join("；");
        view! {
            <li>
                <strong>{l.material.name.get(lang).to_string()}</strong> "：" {what}
                <span class="line standard">{standard}</span>
            </li>
        }
    };
    let limits = StaffMsg::Limits
        .get(lang)
        .replace("{legal}", &n.legal_days.to_string())
        .replace("{promised}", &n.promised_days.to_string())
        .replace("{date}", &n.promised_by);
    let special = (!n.special_steps.is_empty()).then(|| view! {
        <p>{StaffMsg::SpecialStepsIntro.get(lang)}</p>
        <ul>
            {n.special_steps.iter().map(|s| view! {
                <li>
                    {s.matter.get(lang).to_string()} "：" 
                    {StaffMsg::SpecialStepLine.with_n(lang, s.max_days).replace("{name}", crate::pages::matter::step_text(s.kind).get(lang))}
                </li>
            }).collect_view()}
        </ul>
    });
    let follow = view! {
        <p>{StaffMsg::FollowProgress.get(lang)} " " <span class="url">{n.progress_url.clone()}</span></p>
    };
    let body = match n.transition {
        Transition::Accept | Transition::AcceptWithDeficiency => view! {
            <p>{if n.transition == Transition::Accept { StaffMsg::AcceptanceBody } else { StaffMsg::DeficiencyBody }.get(lang)}</p>
            <p>{limits}</p>
            {special}
            {follow}
            <p>{StaffMsg::Delivery.get(lang)}</p>
        }
        .into_any(),
        Transition::AskCorrectionsInReview => view! {
            <p>{crate::i18n::ReviewMsg::NoticeBody.get(lang)}</p>
            <ol class="notice-items" data-testid="notice-items">
                {n.review_items.iter().map(|(dept, item)| view! {
                    <li><strong>{dept.get(lang).to_string()}</strong> "：" {item.clone()}</li>
                }).collect_view()}
            </ol>
            <p>{crate::i18n::ReviewMsg::NoticeAfter.get(lang)}</p>
            <p>{StaffMsg::OneTimePromise.get(lang)}</p>
            {follow}
        }
        .into_any(),
        Transition::ReturnForCorrection => view! {
            <p>{StaffMsg::CorrectionBody.get(lang)}</p>
            <ol class="notice-items" data-testid="notice-items">{n.lines.iter().map(item).collect_view()}</ol>
            <p>{StaffMsg::CorrectByLine.get(lang).replace("{date}", n.correct_by.as_deref().unwrap_or_default())}</p>
            <p>{StaffMsg::OneTimePromise.get(lang)}</p>
            {follow}
        }
        .into_any(),
        _ => view! {
            <p>{StaffMsg::RefusalBody.get(lang)}</p>
            <blockquote>{n.reason.clone().unwrap_or_default()}</blockquote>
            <p>{StaffMsg::Remedies.get(lang)}</p>
        }
        .into_any(),
    };
    let commitment = (n.transition == Transition::AcceptWithDeficiency).then(|| {
        view! {
            <section class="document commitment">
                <h2 class="document-title">{StaffMsg::CommitmentTitle.get(lang)}</h2>
                <dl class="document-facts">
                    <div><dt>{StaffMsg::Applicant.get(lang)}</dt><dd>{n.applicant.clone()}</dd></div>
                    <div><dt>{StaffMsg::ColNumber.get(lang)}</dt><dd>{n.number_display.clone()}</dd></div>
                </dl>
                <p>{StaffMsg::CommitmentBody.get(lang)}</p>
                <ol class="notice-items">{n.lines.iter().map(item).collect_view()}</ol>
                <p class="signature">{StaffMsg::Signature.get(lang)}</p>
            </section>
        }
    });
    view! {
        <section class="document" data-testid="notice">
            {heading}
            <dl class="document-facts">
                <div><dt>{StaffMsg::NoticeNumber.get(lang)}</dt><dd>{n.notice_number.clone()}</dd></div>
                <div><dt>{StaffMsg::Applicant.get(lang)}</dt><dd>{n.applicant.clone()}</dd></div>
                <div><dt>{StaffMsg::ColNumber.get(lang)}</dt><dd>{n.number_display.clone()}</dd></div>
                <div><dt>{StaffMsg::ColMatters.get(lang)}</dt><dd>{matters}</dd></div>
                <div><dt>{StaffMsg::DecidedOn.get(lang)}</dt><dd>{n.decided_on.clone()}</dd></div>
            </dl>
            {body}
            <p class="seal">{StaffMsg::Seal.get(lang)}</p>
        </section>
        {commitment}
    }
}

/// `/staff/applications/{number}/notice`: the latest notice, printable.
#[component]
pub fn NoticePage() -> impl IntoView {
    let lang: Lang = use_lang();
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    let data = super::once(get_staff_notice(number.clone()));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| match found {
                        Ok(notice) => {
                            let back = crate::urls::staff_application(&number);
                            view! {
                            <StaffPage title=title(lang, notice.transition) me=super::current_header() interactive=true>
                                <p class="no-print">
                                    <PrintButton label=StaffMsg::Print.get(lang).to_string()/>
                                    " "
                                    <a href=back>{StaffMsg::BackToFile.get(lang)}</a>
                                </p>
                                <NoticeDocument notice/>
                            </StaffPage>
                            }.into_any()
                        }
                        Err(e) => staff_error(&e),
        })}
    }
}
