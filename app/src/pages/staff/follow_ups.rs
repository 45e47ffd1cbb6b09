//! 差评回访: the follow-ups of bad ratings — a reviewer's departments'
//! or, for the supervisor, all — and one follow-up with the applicant's
//! ratings, where the department records its call-back and rectification
//! and the supervisor closes it.

use super::{posted_form, staff_error, Csrf, StaffPage};
use crate::api::{get_follow_up, get_follow_ups};
use crate::errors::AppError;
use crate::i18n::{
    follow_up_state_name, follow_up_state_refusal, reply_problem_text, use_lang, Lang, RateMsg,
};
use crate::models::{FollowUpFileView, FollowUpLine};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn state_cell(lang: Lang, l: &FollowUpLine) -> AnyView {
    let state = follow_up_state_name(lang, l.state);
    if l.overdue {
        view! { <span class="flag overdue" data-testid="overdue">{state}" · "{RateMsg::Overdue.get(lang)}</span> }
            .into_any()
    } else {
        view! { <span>{state}</span> }.into_any()
    }
}

/// `/staff/follow-ups`
#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let lang = use_lang();
    let data = super::once(get_follow_ups());
    view! {
        {crate::pages::awaited(move || data.clone(), move |list| {
            let view = match list {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let rows = view
                .lines
                .iter()
                .map(|l| {
                    view! {
                        <tr data-testid="follow-up">
                            <th scope="row"><a href=l.href.clone() class="application-number">{l.number_display.clone()}</a></th>
                            <td>{l.touchpoint.name(lang)}</td>
                            <td>{l.department.get(lang).to_string()}</td>
                            <td>{state_cell(lang, l)}</td>
                            <td><time>{l.opened_at.clone()}</time></td>
                            <td><time>{l.due_on.clone()}</time></td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            let body = if view.lines.is_empty() {
                view! { <p class="notice">{RateMsg::DeskEmpty.get(lang)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" tabindex="0" aria-label=RateMsg::DeskTableLabel.get(lang)>
                        <table class="staff-table">
                            <thead><tr>
                                <th scope="col">{RateMsg::ColNumber.get(lang)}</th>
                                <th scope="col">{RateMsg::ColTouchpoint.get(lang)}</th>
                                <th scope="col">{RateMsg::ColDepartment.get(lang)}</th>
                                <th scope="col">{RateMsg::ColState.get(lang)}</th>
                                <th scope="col">{RateMsg::ColOpened.get(lang)}</th>
                                <th scope="col">{RateMsg::ColDue.get(lang)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            };
            view! {
                <StaffPage title=RateMsg::DeskTitle.get(lang) me=Some(view.me.clone())>
                    <p class="hint">{RateMsg::DeskHelp.get(lang)}</p>
                    {body}
                </StaffPage>
            }
            .into_any()
        })}
    }
}

/// `/staff/follow-ups/{number}/{touchpoint}`
#[component]
pub fn FollowUpPage() -> impl IntoView {
    let params = use_params_map().read_untracked();
    let number = params.get("number").unwrap_or_default();
    let touchpoint = params.get("touchpoint").unwrap_or_default();
    let data = super::once(get_follow_up(number, touchpoint));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| match found {
            Ok(v) => file_page(v),
            Err(e) => staff_error(&e),
        })}
    }
}

/// Why the reply or the closing was refused, if it was.
/// Why, and the fields as posted.
type Refusal = (Vec<String>, Vec<(String, String)>);

fn refusal(lang: Lang) -> Option<Refusal> {
    let posted = posted_form()?;
    let reasons = match &posted.error {
        AppError::ReplyRefused(problems) => problems
            .iter()
            .map(|p| reply_problem_text(lang, *p).to_string())
            .collect(),
        AppError::FollowUpIs(state) => vec![follow_up_state_refusal(lang, *state).to_string()],
        AppError::FormExpired => vec![crate::i18n::StaffMsg::FormExpired.get(lang).to_string()],
        other => vec![super::error_text(lang, other)],
    };
    super::set_status(posted.error.status());
    Some((reasons, posted.pairs))
}

fn file_page(v: FollowUpFileView) -> AnyView {
    let lang = use_lang();
    let refused = refusal(lang);
    let typed = |k: &str| {
        refused
            .as_ref()
            .and_then(|(_, pairs)| pairs.iter().find(|(pk, _)| pk == k).map(|(_, v)| v.clone()))
            .unwrap_or_default()
    };
    let (callback, rectification) = (typed("callback"), typed("rectification"));
    let errors = refused.as_ref().map(|(reasons, _)| {
        let items = reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect::<Vec<_>>();
        view! { <ul class="field-error" role="alert" id="follow-up-errors" data-testid="follow-up-errors">{items}</ul> }
    });
    let matters = v
        .matters
        .iter()
        .map(|(_, name)| name.get(lang).to_string())
        .collect::<Vec<_>>()
        .join("、");
    let ratings = v
        .ratings
        .iter()
        .map(|g| {
            let details = g
                .levels
                .iter()
                .map(|(i, s)| format!("{}：{}", i.name(lang), s.name(lang)))
                .collect::<Vec<_>>()
                .join("；");
            let problems = g
                .problems
                .iter()
                .map(|p| p.name(lang))
                .collect::<Vec<_>>()
                .join("；");
            view! {
                <li data-testid="follow-up-rating">
                    <p><strong>{g.overall.name(lang)}</strong>
                        {g.again.then(|| RateMsg::Again.get(lang))}
                        " · "<time>{g.at.clone()}</time></p>
                    {(!problems.is_empty()).then(|| view! { <p>{problems}</p> })}
                    {(!details.is_empty()).then(|| view! { <p class="hint">{details}</p> })}
                    {(!g.comment.is_empty()).then(|| view! { <blockquote>{g.comment.clone()}</blockquote> })}
                </li>
            }
        })
        .collect::<Vec<_>>();
    let reply = match v.reply.clone() {
        Some((callback, rectification, by, at)) => view! {
            <dl class="facts" data-testid="follow-up-answer">
                <div><dt>{RateMsg::Callback.get(lang)}</dt><dd>{callback}</dd></div>
                <div><dt>{RateMsg::Rectification.get(lang)}</dt><dd>{rectification}</dd></div>
                <div><dt>{RateMsg::RepliedBy.get(lang)}</dt><dd>{by}" · "<time>{at}</time></dd></div>
            </dl>
        }
        .into_any(),
        None => view! { <p>{RateMsg::NoReplyYet.get(lang)}</p> }.into_any(),
    };
    let csrf = v.me.csrf_token.clone();
    let reply_form = v.may_reply.then(|| {
        view! {
            <form method="post" action=v.reply_action.clone() class="decision-form" data-testid="reply-form">
                <Csrf token=csrf.clone()/>
                <p class="hint">{RateMsg::ReplyHelp.get(lang)}</p>
                <label for="callback">{RateMsg::Callback.get(lang)}</label>
                <textarea id="callback" name="callback" rows="3" maxlength="500" required>{callback}</textarea>
                <label for="rectification">{RateMsg::Rectification.get(lang)}</label>
                <textarea id="rectification" name="rectification" rows="3" maxlength="500" required>{rectification}</textarea>
                <p><button type="submit" class="primary">{RateMsg::ReplySubmit.get(lang)}</button></p>
            </form>
        }
    });
    let close_form = v.may_close.then(|| {
        view! {
            <form method="post" action=v.close_action.clone() class="decision-form" data-testid="close-form">
                <Csrf token=csrf.clone()/>
                <p><button type="submit" class="primary">{RateMsg::Close.get(lang)}</button></p>
            </form>
        }
    });
    let closed = v
        .closed
        .clone()
        .map(|(by, at)| view! { <p class="notice" data-testid="closed">{RateMsg::ClosedBy.with_n(lang, by)}" · "<time>{at}</time></p> });
    let l = v.line.clone();
    let title = RateMsg::FileTitle.with_n(lang, &l.number_display);
    let has_errors = refused.is_some();
    view! {
        <StaffPage title me=Some(v.me.clone()) has_errors>
            <dl class="facts">
                <div><dt>{RateMsg::ColNumber.get(lang)}</dt>
                <dd><a href=crate::urls::staff_application(&l.number) class="application-number">{l.number_display.clone()}</a></dd></div>
                <div><dt>{RateMsg::ColTouchpoint.get(lang)}</dt><dd>{l.touchpoint.name(lang)}</dd></div>
                <div><dt>{RateMsg::Matters.get(lang)}</dt><dd>{matters}</dd></div>
                <div><dt>{crate::i18n::StaffMsg::ColApplicant.get(lang)}</dt><dd>{v.applicant_masked.clone()}</dd></div>
                <div><dt>{RateMsg::ColDepartment.get(lang)}</dt><dd>{l.department.get(lang).to_string()}</dd></div>
                <div><dt>{RateMsg::ColState.get(lang)}</dt><dd data-testid="follow-up-state">{state_cell(lang, &l)}</dd></div>
                <div><dt>{RateMsg::ColDue.get(lang)}</dt><dd><time>{l.due_on.clone()}</time></dd></div>
            </dl>
            <h2>{RateMsg::RatingsHeading.get(lang)}</h2>
            <ul class="given-ratings">{ratings}</ul>
            <h2>{RateMsg::ReplyHeading.get(lang)}</h2>
            {errors}
            {reply}
            {reply_form}
            {close_form}
            {closed}
        </StaffPage>
    }
    .into_any()
}
