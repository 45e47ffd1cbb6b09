//! 并联审批 at the reviewer's desk: `/staff/reviews` (my department's
//! tasks by time left; a supervisor's: all) and `/staff/reviews/{id}`
//! (what this part may see, and the decision forms).

use super::{posted_form, staff_error, Csrf, StaffPage};
use crate::api::{
    get_review_queue, get_review_task, ReviewNoticeView, ReviewStepView, ReviewTaskView,
};
use crate::components::application_card::status_text;
use crate::errors::AppError;
use crate::i18n::{use_lang, Lang, ReviewMsg, StaffMsg};
use crate::pages::matter::step_text;
use domain::deadline::DeadlineState;
use domain::review::{ReviewDecision, ReviewProblem, ReviewStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn status_name(s: ReviewStatus) -> ReviewMsg {
    match s {
        ReviewStatus::Waiting => ReviewMsg::Waiting,
        ReviewStatus::InReview => ReviewMsg::InReview,
        ReviewStatus::SpecialStep => ReviewMsg::SpecialStep,
        ReviewStatus::CorrectionAsked => ReviewMsg::CorrectionAsked,
        ReviewStatus::Approved => ReviewMsg::Approved,
        ReviewStatus::Rejected => ReviewMsg::Rejected,
        ReviewStatus::Closed => ReviewMsg::Closed,
    }
}

/// "剩 3 个工作日" / "Overdue by 2 working days" / "Clock stopped".
pub fn time_text(lang: Lang, step: &ReviewStepView) -> String {
    if !step.status.is_open() {
        return ReviewMsg::Done.get(lang).into();
    }
    match step.time {
        DeadlineState::OnTime { left } => ReviewMsg::LeftDays.with_n(lang, left),
        DeadlineState::DueSoon { left: 0 } => ReviewMsg::DueToday.get(lang).into(),
        DeadlineState::DueSoon { .. } => ReviewMsg::DueTomorrow.get(lang).into(),
        DeadlineState::Overdue { by } => ReviewMsg::Overdue.with_n(lang, by),
        DeadlineState::Paused => ReviewMsg::Paused.get(lang).into(),
    }
}

fn urgent(step: &ReviewStepView) -> bool {
    step.status.is_open()
        && matches!(
            step.time,
            DeadlineState::DueSoon { .. } | DeadlineState::Overdue { .. }
        )
}

/// Each department's part, its status and time left: on the front desk's
/// file, a reviewer's task (the others') and the citizen's page.
pub fn steps_table(lang: Lang, steps: &[ReviewStepView], label: &'static str) -> AnyView {
    let rows = steps
        .iter()
        .map(|s| {
            view! {
                <tr class:deemed-soon=urgent(s) data-department=s.department.get(Lang::En).to_string()>
                    <th scope="row">{s.department.get(lang).to_string()}</th>
                    <td>{s.part.get(lang).to_string()}{(s.part != s.matter).then(|| view! { <span class="line hint">{s.matter.get(lang).to_string()}</span> })}</td>
                    <td data-testid="review-status">
                        {status_name(s.status).get(lang)}
                        {s.special_step.as_ref().map(|(kind, days, note)| view! {
                            <span class="line hint" data-testid="special-step">
                                {format!("{}（{}）：{note}", step_text(*kind).get(lang), ReviewMsg::StepExpected.with_n(lang, days))}
                            </span>
                        })}
                    </td>
                    <td data-testid="time-left">
                        {time_text(lang, s)}
                        {s.extended.then(|| view! { <span class="tag">{ReviewMsg::ExtendedTag.get(lang)}</span> })}
                        {s.weekends_only.then(|| view! { <span class="flag line">{StaffMsg::WeekendsOnly.get(lang)}</span> })}
                    </td>
                    <td>{s.due.clone().filter(|_| s.status == ReviewStatus::InReview).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=label>
            <table class="staff-table review-steps-table">
                <thead><tr>
                    <th scope="col">{ReviewMsg::ColDepartment.get(lang)}</th>
                    <th scope="col">{ReviewMsg::ColPart.get(lang)}</th>
                    <th scope="col">{ReviewMsg::ColStatus.get(lang)}</th>
                    <th scope="col">{ReviewMsg::ColTimeLeft.get(lang)}</th>
                    <th scope="col">{ReviewMsg::ColDue.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The same steps as a list, for a phone's width (the citizen's page).
pub fn steps_list(lang: Lang, steps: &[ReviewStepView]) -> AnyView {
    let items = steps
        .iter()
        .map(|s| {
            let due = s.due.clone().filter(|_| s.status == ReviewStatus::InReview);
            view! {
                <li class:deemed-soon=urgent(s)>
                    <strong>{s.department.get(lang).to_string()}</strong>
                    <span class="line">{s.part.get(lang).to_string()}</span>
                    <span class="line">
                        <span data-testid="review-status" class="tag">{status_name(s.status).get(lang)}</span>
                        " "
                        {s.status.is_open().then(|| view! { <span data-testid="time-left">{time_text(lang, s)}</span> })}
                        {due.map(|d| format!("（{}{d}）", ReviewMsg::DueOn.get(lang)))}
                    </span>
                    {s.special_step.as_ref().map(|(kind, days, note)| view! {
                        <span class="line hint" data-testid="special-step">
                            {format!("{}（{}）：{note}", step_text(*kind).get(lang), ReviewMsg::StepExpected.with_n(lang, days))}
                        </span>
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="review-steps">{items}</ol> }.into_any()
}

/// The one merged notice of corrections asked in review (every
/// department's items in one list), for the citizen and the desk.
pub fn review_notice(lang: Lang, notice: &ReviewNoticeView) -> AnyView {
    let items = notice
        .items
        .iter()
        .map(|(dept, item)| view! { <li><strong>{dept.get(lang).to_string()}</strong> "：" {item.clone()}</li> })
        .collect_view();
    if notice.rejection {
        return view! {
            <section class="notice-document review-notice" aria-labelledby="review-notice" data-testid="review-rejection">
                <h2 id="review-notice">{ReviewMsg::RejectedReasons.get(lang)}</h2>
                <ul>{items}</ul>
                <p>{StaffMsg::Remedies.get(lang)}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="notice-document review-notice" aria-labelledby="review-notice" data-testid="review-notice">
            <h2 id="review-notice">{ReviewMsg::NoticeTitle.get(lang)}</h2>
            <p>{ReviewMsg::NoticeBody.get(lang)}</p>
            <ol>{items}</ol>
            <p>{ReviewMsg::NoticeAfter.get(lang)}</p>
            <p>{StaffMsg::OneTimePromise.get(lang)}</p>
        </section>
    }
    .into_any()
}

/// `/staff/reviews`
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        {crate::pages::awaited(get_review_queue, move |queue| {
                let view = match queue {
                    Ok(v) => v,
                    Err(e) => return staff_error(&e),
                };
                let title = if view.all_departments { ReviewMsg::AllTitle } else { ReviewMsg::QueueTitle };
                let rows = view.lines.iter().map(|l| {
                    let s = &l.step;
                    view! {
                        <tr class:deemed-soon=urgent(s)>
                            <th scope="row"><a href=crate::urls::staff_review(l.task_id) class="application-number">{l.number_display.clone()}</a></th>
                            <td>{s.department.get(lang).to_string()}</td>
                            <td>{s.part.get(lang).to_string()}<span class="line hint">{s.matter.get(lang).to_string()}</span></td>
                            <td>{status_name(s.status).get(lang)}</td>
                            <td data-testid="time-left">
                                {time_text(lang, s)}
                                {s.extended.then(|| view! { <span class="tag">{ReviewMsg::ExtendedTag.get(lang)}</span> })}
                                {s.weekends_only.then(|| view! { <span class="flag line">{StaffMsg::WeekendsOnly.get(lang)}</span> })}
                            </td>
                            <td>{s.due.clone().filter(|_| s.status == ReviewStatus::InReview).unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view();
                let table = if view.lines.is_empty() {
                    view! { <p class="notice">{ReviewMsg::QueueEmpty.get(lang)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll" role="region" tabindex="0" aria-label=ReviewMsg::QueueTableLabel.get(lang)>
                            <table class="staff-table queue">
                                <thead><tr>
                                    <th scope="col">{StaffMsg::ColNumber.get(lang)}</th>
                                    <th scope="col">{ReviewMsg::ColDepartment.get(lang)}</th>
                                    <th scope="col">{ReviewMsg::ColPart.get(lang)}</th>
                                    <th scope="col">{ReviewMsg::ColStatus.get(lang)}</th>
                                    <th scope="col">{ReviewMsg::ColTimeLeft.get(lang)}</th>
                                    <th scope="col">{ReviewMsg::ColDue.get(lang)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                };
                let not_found = leptos_router::hooks::use_query_map()
                    .read_untracked()
                    .get("not_found")
                    .is_some()
                    .then(|| view! { <p class="notice" role="status">{ReviewMsg::NoTaskFound.get(lang)}</p> });
                // Due today or the next working day, or past due: said in
                // words above the list, not by the rows' colour alone.
                let urgent_count = view.lines.iter().filter(|l| urgent(&l.step)).count();
                let urgent_note = (urgent_count > 0).then(|| view! {
                    <p class="notice" role="status" data-testid="due-soon-count">
                        <strong>{ReviewMsg::DueSoonCount.with_n(lang, urgent_count)}</strong>
                    </p>
                });
                let more = (view.lines.len() >= 100)
                    .then(|| view! { <p class="hint">{ReviewMsg::FirstHundred.get(lang)}</p> });
                let refusal = posted_form().map(|p| error_summary(lang, refusal_lines(lang, &p.error)));
                let has_errors = refusal.is_some();
                view! {
                    <StaffPage title=title.get(lang) me=Some(view.me.clone()) has_errors>
                        {refusal}
                        {not_found}
                        <p class="hint">{ReviewMsg::QueueHelp.get(lang)}</p>
                        {urgent_note}
                        {table}
                        {more}
                    </StaffPage>
                }.into_any()
            })}
    }
}

fn problem_text(lang: Lang, p: &ReviewProblem) -> String {
    use ReviewProblem as P;
    match p {
        P::NoDecision => ReviewMsg::ProblemNoDecision.get(lang).into(),
        P::NoReason => ReviewMsg::ProblemNoReason.get(lang).into(),
        P::UnknownSpecialStep => ReviewMsg::ProblemUnknownStep.get(lang).into(),
        P::BadStepDays { max } => ReviewMsg::ProblemStepDays.with_n(lang, max),
        P::NoStepNote => ReviewMsg::ProblemNoStepNote.get(lang).into(),
        P::NoCorrectionItems => ReviewMsg::ProblemNoItems.get(lang).into(),
        P::TooLong { .. } => ReviewMsg::ProblemTooLong.get(lang).into(),
        P::Invisible { .. } => ReviewMsg::ProblemInvisible.get(lang).into(),
        P::NoExtensionReason => ReviewMsg::ProblemNoExtensionReason.get(lang).into(),
        P::NoApprover => ReviewMsg::ProblemNoApprover.get(lang).into(),
        P::BadExtensionDays => ReviewMsg::ProblemExtensionDays.get(lang).into(),
        P::AlreadyExtended => ReviewMsg::ProblemAlreadyExtended.get(lang).into(),
        P::BadResult(e) => format!(
            "{}：{}",
            ReviewMsg::ResultLabel.get(lang),
            crate::i18n::problem_text(lang, &e.problem)
        ),
    }
}

/// Why a review post was refused, every problem at once.
pub fn refusal_lines(lang: Lang, e: &AppError) -> Vec<String> {
    match e {
        AppError::ReviewRefused(problems) => {
            problems.iter().map(|p| problem_text(lang, p)).collect()
        }
        AppError::TaskNotOpen(status) => vec![ReviewMsg::TaskNotOpen
            .get(lang)
            .replace("{status}", status_name(*status).get(lang))],
        AppError::AlreadyDecided { status, .. } => vec![ReviewMsg::ApplicationNotInReview
            .get(lang)
            .replace("{status}", status_text(*status).get(lang))],
        AppError::NoticeNotDue => vec![ReviewMsg::NoticeNotDue.get(lang).into()],
        AppError::Busy => vec![ReviewMsg::Busy.get(lang).into()],
        AppError::FormExpired => vec![StaffMsg::FormExpired.get(lang).into()],
        AppError::Forbidden => vec![StaffMsg::NotAllowedHere.get(lang).into()],
        _ => vec![crate::i18n::FormMsg::ServiceUnavailable.get(lang).into()],
    }
}

pub fn error_summary(lang: Lang, lines: Vec<String>) -> AnyView {
    error_summary_headed(ReviewMsg::Problems.get(lang), lines)
}

/// [`error_summary`] under a heading that says what was refused (a scan
/// saves nothing, so "nothing was saved" would mislead).
pub fn error_summary_headed(heading: &'static str, lines: Vec<String>) -> AnyView {
    view! {
        <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="error-summary">
            <p>{heading}</p>
            <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        </div>
    }
    .into_any()
}

/// `/staff/reviews/{id}`
#[component]
pub fn ReviewTaskPage() -> impl IntoView {
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let data = super::once(get_review_task(id));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| match found {
                        Ok(v) => task_page(v),
                        Err(e) => staff_error(&e),
        })}
    }
}

fn decision_text(lang: Lang, d: &ReviewDecision) -> String {
    match d {
        ReviewDecision::Approve { results } if results.is_empty() => {
            ReviewMsg::Approve.get(lang).into()
        }
        ReviewDecision::Approve { results } => format!(
            "{}（{}）",
            ReviewMsg::Approve.get(lang),
            results.values().cloned().collect::<Vec<_>>().join("，")
        ),
        ReviewDecision::Reject { reason } => format!("{}：{reason}", ReviewMsg::Reject.get(lang)),
        ReviewDecision::StartSpecialStep {
            kind,
            max_days,
            note,
        } => format!(
            "{}（{}）：{note}",
            step_text(*kind).get(lang),
            ReviewMsg::LeftDays.with_n(lang, max_days)
        ),
        ReviewDecision::AskCorrection { items } => {
            format!(
                "{}：{}",
                ReviewMsg::AskCorrection.get(lang),
                items.join("；")
            )
        }
    }
}

fn task_page(v: ReviewTaskView) -> AnyView {
    let lang = use_lang();
    let posted = posted_form();
    let refusal = posted.as_ref().map(|p| refusal_lines(lang, &p.error));
    let value = |name: &str| -> String {
        posted
            .as_ref()
            .and_then(|p| p.pairs.iter().find(|(k, _)| k == name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let id = v.line.task_id;
    let s = &v.line.step;
    let facts = view! {
        <dl class="facts">
            <div><dt>{StaffMsg::ColNumber.get(lang)}</dt><dd class="application-number">{v.line.number_display.clone()}</dd></div>
            <div><dt>{crate::i18n::Msg::Status.get(lang)}</dt><dd data-testid="status">{status_text(v.application_status).get(lang)}</dd></div>
            <div><dt>{StaffMsg::ColApplicant.get(lang)}</dt><dd>{v.applicant_masked.clone()}</dd></div>
            <div><dt>{ReviewMsg::ColDepartment.get(lang)}</dt><dd>{s.department.get(lang).to_string()}</dd></div>
            <div><dt>{ReviewMsg::ColPart.get(lang)}</dt><dd>{s.part.get(lang).to_string()} " · " {s.matter.get(lang).to_string()}</dd></div>
            <div><dt>{ReviewMsg::ColStatus.get(lang)}</dt><dd data-testid="task-status">{status_name(s.status).get(lang)}</dd></div>
            <div><dt>{ReviewMsg::ColTimeLeft.get(lang)}</dt><dd data-testid="time-left">{time_text(lang, s)} {s.due.clone().filter(|_| s.status == ReviewStatus::InReview).map(|d| format!("（{d}）"))} {s.extended.then(|| view! { <span class="tag">{ReviewMsg::ExtendedTag.get(lang)}</span> })}</dd></div>
            {s.weekends_only.then(|| view! { <div><dt></dt><dd class="flag">{StaffMsg::WeekendsOnly.get(lang)}</dd></div> })}
        </dl>
    }
    .into_any();
    let answers = super::answer_rows(lang, &v.answers);
    let materials = if v.materials.is_empty() {
        view! { <p>{ReviewMsg::NoMaterials.get(lang)}</p> }.into_any()
    } else {
        view! {
            <ul class="review-materials">
                {v.materials.iter().map(|(m, files)| view! {
                    <li>
                        {m.get(lang).to_string()}
                        {crate::components::material_slots::file_list(lang, files, None)}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let seen = view! {
        <h2>{ReviewMsg::AnswersHeading.get(lang)}</h2>
        <p class="hint">{ReviewMsg::VisibleOnly.get(lang)}</p>
        <dl class="answers" data-testid="visible-answers">{answers}</dl>
        <h2>{ReviewMsg::MaterialsHeading.get(lang)}</h2>
        {materials}
    }
    .into_any();
    let last = v.decision.as_ref().map(|d| {
        view! {
            <h2>{ReviewMsg::LastDecision.get(lang)}</h2>
            // Labelled, so the verdict and who took it are not read as one phrase.
            <dl class="facts" data-testid="last-decision">
                <div><dt>{ReviewMsg::Verdict.get(lang)}</dt><dd>{decision_text(lang, d)}</dd></div>
                <div><dt>{ReviewMsg::ReviewerAndTime.get(lang)}</dt><dd>{v.decided.clone().unwrap_or_default()}</dd></div>
            </dl>
        }
        .into_any()
    });
    let csrf = v.me.csrf_token.clone();
    let decision = value("decision");
    let radio = |val: &'static str, label: ReviewMsg| {
        let rid = format!("decision-{val}");
        view! {
            <div class="choice">
                <input type="radio" id=rid.clone() name="decision" value=val checked=decision == val/>
                <label for=rid>{label.get(lang)}</label>
            </div>
        }
    };
    let step_kind = value("step_kind");
    let steps = v
        .special_steps
        .iter()
        .map(|st| {
            let k = st.kind.as_str();
            view! { <option value=k selected=step_kind == k>{format!("{}（≤ {}）", step_text(st.kind).get(lang), st.max_days)}</option> }
        })
        .collect_view();
    let has_steps = !v.special_steps.is_empty();
    let decide = v.can_decide.then(|| view! {
        <form method="post" action=crate::urls::staff_review_decision(id) class="decision-form">
            <Csrf token=csrf.clone()/>
            <fieldset class="decision">
                <legend><h2>{ReviewMsg::DecisionHeading.get(lang)}</h2></legend>
                {radio("approve", ReviewMsg::Approve)}
                {v.results.iter().map(|(key, label)| {
                    let name = format!("result.{key}");
                    let fid = format!("result-{key}");
                    view! {
                        <div class="field compact indent">
                            <label for=fid.clone()>{label.get(lang).to_string()}</label>
                            <input id=fid name=name.clone() value=value(&name) autocomplete="off" spellcheck="false"/>
                        </div>
                    }
                }).collect_view()}
                {radio("reject", ReviewMsg::Reject)}
                <div class="field indent">
                    <label for="reason">{ReviewMsg::RejectReason.get(lang)}</label>
                    <textarea id="reason" name="reason" rows="2" maxlength="2000">{value("reason")}</textarea>
                </div>
                {radio("correction", ReviewMsg::AskCorrection)}
                <div class="field indent">
                    <label for="items">{ReviewMsg::CorrectionItems.get(lang)}</label>
                    <textarea id="items" name="items" rows="3" maxlength="2000" aria-describedby="merged-hint">{value("items")}</textarea>
                    <p class="hint" id="merged-hint">{ReviewMsg::MergedHint.get(lang)}</p>
                </div>
                {has_steps.then(|| view! {
                    {radio("special_step", ReviewMsg::StartStep)}
                    <div class="field compact indent">
                        <label for="step-kind">{ReviewMsg::StepKind.get(lang)}</label>
                        <select id="step-kind" name="step_kind">{steps}</select>
                    </div>
                    <div class="field compact indent">
                        <label for="step-days">{ReviewMsg::StepDays.get(lang)}</label>
                        <input id="step-days" name="step_days" inputmode="numeric" size="4" value=value("step_days")/>
                    </div>
                    <div class="field indent">
                        <label for="step-note">{ReviewMsg::StepNote.get(lang)}</label>
                        <textarea id="step-note" name="step_note" rows="2" maxlength="2000">{value("step_note")}</textarea>
                    </div>
                })}
            </fieldset>
            <button type="submit" class="primary">{ReviewMsg::SubmitDecision.get(lang)}</button>
        </form>
    }.into_any());
    let end_step = v.can_end_step.then(|| {
        view! {
            <form method="post" action=crate::urls::staff_review_step_end(id)>
                <Csrf token=csrf.clone()/>
                <button type="submit" class="primary">{ReviewMsg::EndStep.get(lang)}</button>
            </form>
        }
        .into_any()
    });
    let extend = v.can_extend.then(|| view! {
        <details class="withdrawal" open=!value("extension_days").is_empty() || !value("extension_reason").is_empty()>
            <summary>{ReviewMsg::Extend.get(lang)}</summary>
            <p class="hint">{ReviewMsg::ExtendHelp.get(lang)}</p>
            <form method="post" action=crate::urls::staff_review_extension(id)>
                <Csrf token=csrf.clone()/>
                <div class="field compact">
                    <label for="extension-days">{ReviewMsg::ExtensionDays.get(lang)}</label>
                    <input id="extension-days" name="extension_days" inputmode="numeric" size="4" value=value("extension_days")/>
                </div>
                <div class="field">
                    <label for="extension-reason">{ReviewMsg::ExtensionReason.get(lang)}</label>
                    <input id="extension-reason" name="extension_reason" maxlength="2000" value=value("extension_reason")/>
                </div>
                <div class="field">
                    <label for="approver">{ReviewMsg::Approver.get(lang)}</label>
                    <input id="approver" name="approver" maxlength="200" value=value("approver")/>
                </div>
                <button type="submit">{ReviewMsg::RecordExtension.get(lang)}</button>
            </form>
        </details>
    }.into_any());
    let others = (!v.others.is_empty()).then(|| {
        view! {
            <h2>{ReviewMsg::OthersHeading.get(lang)}</h2>
            {steps_table(lang, &v.others, ReviewMsg::OthersHeading.get(lang))}
        }
        .into_any()
    });
    let has_errors = refusal.is_some();
    view! {
        <StaffPage title=format!("{} {}", ReviewMsg::TaskTitle.get(lang), v.line.number_display) me=Some(v.me.clone()) has_errors>
            {refusal.map(|lines| error_summary(lang, lines))}
            {facts}
            {last}
            {end_step}
            {decide}
            {extend}
            {seen}
            {others}
        </StaffPage>
    }
    .into_any()
}
