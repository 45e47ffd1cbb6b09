use super::{posted_form, role_name, staff_error, Csrf, StaffPage};
use crate::api::{get_application_file, ApplicationFileView, ChecklistLine};
use crate::components::application_card::status_text;
use crate::components::materials::hand_in;
use crate::errors::AppError;
use crate::i18n::{use_lang, FileMsg, Lang, StaffMsg};
use domain::acceptance::{fields, DecisionProblem, MaterialCheck};
use domain::{FieldKey, Transition};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/staff/applications/{number}`: the application in full (an audited
/// view), the material checklist and the front desk's decision.
#[component]
pub fn ApplicationFilePage() -> impl IntoView {
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    let data = super::once(get_application_file(number));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| match found {
                        Ok(v) => file_page(v),
                        Err(e) => staff_error(&e),
        })}
    }
}

fn problem_text(
    lang: Lang,
    p: &DecisionProblem,
    name: &dyn Fn(&FieldKey) -> String,
    promised_by: &str,
) -> String {
    use DecisionProblem as P;
    let with = |msg: StaffMsg, key: &FieldKey| msg.get(lang).replace("{m}", &name(key));
    match p {
        P::NoDecision => StaffMsg::ProblemNoDecision.get(lang).into(),
        P::NoVerdict { material } => with(StaffMsg::ProblemNoVerdict, material),
        P::WrongWithoutReason { material } => with(StaffMsg::ProblemWrongWithoutReason, material),
        P::ReasonTooLong => StaffMsg::ProblemReasonTooLong.get(lang).into(),
        P::InvisibleText => StaffMsg::ProblemInvisible.get(lang).into(),
        P::OriginalNotSeen { material } => with(StaffMsg::ProblemOriginalNotSeen, material),
        P::NotInOrder { material } => with(StaffMsg::ProblemNotInOrder, material),
        P::NotDeferrable { material } => with(StaffMsg::ProblemNotDeferrable, material),
        P::NothingMissing => StaffMsg::ProblemNothingMissing.get(lang).into(),
        P::NoDueDate { material } => with(StaffMsg::ProblemNoDueDate, material),
        P::DueDateOutOfRange { material } => {
            with(StaffMsg::ProblemDueDateOutOfRange, material).replace("{date}", promised_by)
        }
        P::CommitmentNotSigned => StaffMsg::ProblemCommitmentNotSigned.get(lang).into(),
        P::NothingToCorrect => StaffMsg::ProblemNothingToCorrect.get(lang).into(),
        P::BadCorrectionDate => StaffMsg::ProblemBadCorrectionDate.get(lang).into(),
        P::NoRefusalReason => StaffMsg::ProblemNoRefusalReason.get(lang).into(),
        P::NoWithdrawalReason => StaffMsg::ProblemNoWithdrawalReason.get(lang).into(),
    }
}

/// Why the last post was refused, every problem at once.
fn refusal_lines(lang: Lang, e: &AppError, v: &ApplicationFileView) -> Vec<String> {
    let name = |key: &FieldKey| {
        v.checklist
            .iter()
            .find(|l| &l.material.key == key)
            .map(|l| l.material.name.get(lang).to_string())
            .unwrap_or_else(|| key.to_string())
    };
    match e {
        AppError::DecisionRefused(problems) => problems
            .iter()
            .map(|p| problem_text(lang, p, &name, &v.promised_by))
            .collect(),
        AppError::AlreadyDecided {
            status,
            by: Some(by),
            at: Some(at),
        } => vec![StaffMsg::AlreadyDecided
            .get(lang)
            .replace("{by}", by)
            .replace("{at}", at)
            .replace("{status}", status_text(*status).get(lang))],
        AppError::AlreadyDecided { status, .. } => vec![StaffMsg::AlreadyMoved
            .get(lang)
            .replace("{status}", status_text(*status).get(lang))],
        AppError::OnBreachList => vec![StaffMsg::OnBreachList.get(lang).into()],
        AppError::NoticeNotDue | AppError::Busy => {
            crate::pages::staff::review::refusal_lines(lang, e)
        }
        AppError::FormExpired => vec![StaffMsg::FormExpired.get(lang).into()],
        AppError::Forbidden => vec![StaffMsg::NotAllowedHere.get(lang).into()],
        _ => vec![crate::i18n::FormMsg::ServiceUnavailable.get(lang).into()],
    }
}

/// The value a field shows: what was just posted, else what the desk
/// found last time (the checklist is remembered after a correction).
struct Initial {
    posted: Option<Vec<(String, String)>>,
}

impl Initial {
    fn get(&self, name: &str) -> Option<String> {
        self.posted.as_ref().map(|pairs| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
    }
}

fn checklist_row(lang: Lang, line: &ChecklistLine, initial: &Initial) -> AnyView {
    let m = &line.material;
    let key = m.key.to_string();
    let previous = line.previous.as_ref();
    let (check, original_field, reason_field, due_field) = (
        fields::check(&m.key),
        fields::original(&m.key),
        fields::reason(&m.key),
        fields::due(&m.key),
    );
    let verdict = initial
        .get(&check)
        .unwrap_or_else(|| previous.map_or("", MaterialCheck::verdict).to_string());
    let reason = initial
        .get(&reason_field)
        .unwrap_or_else(|| match previous {
            Some(MaterialCheck::Wrong { reason }) => reason.clone(),
            _ => String::new(),
        });
    let original = initial
        .get(&original_field)
        .map(|v| v == fields::YES)
        .unwrap_or(matches!(
            previous,
            Some(MaterialCheck::Ok {
                original_seen: true
            })
        ));
    let due = initial.get(&due_field).unwrap_or_default();
    let radio = |value: &'static str, label: StaffMsg| {
        let id = format!("check-{key}-{value}");
        view! {
            <span class="choice">
                <input type="radio" id=id.clone() name=check.clone() value=value checked=verdict == value/>
                <label for=id>{label.get(lang)}</label>
            </span>
        }
    };
    let tags = [
        Some(if m.required {
            StaffMsg::RequiredTag
        } else {
            StaffMsg::OptionalTag
        }),
        m.may_defer.then_some(StaffMsg::MayDeferTag),
    ]
    .into_iter()
    .flatten()
    .map(|t| view! { <span class="tag">{t.get(lang)}</span> })
    .collect_view();
    let standard = hand_in(m, lang)
        .into_iter()
        .chain(m.note.as_ref().map(|n| n.get(lang).to_string()))
        .map(|l| view! { <span class="line">{l}</span> })
        .collect_view();
    let supplied = line.supplied.clone().map(|href| {
        view! { <span class="line"><a href=href data-testid="supplied">{FileMsg::SlotSupplied.get(lang)}</a></span> }
    });
    let files = if line.files.is_empty() && line.supplied.is_some() {
        ().into_any()
    } else if line.files.is_empty() {
        view! { <span class="line hint">{FileMsg::DeskNoFiles.get(lang)}</span> }.into_any()
    } else {
        crate::components::material_slots::file_list(lang, &line.files, None)
    };
    view! {
        <tr data-material=key.clone()>
            <th scope="row">{m.name.get(lang).to_string()} " " {tags}</th>
            <td>{standard}{supplied}{files}</td>
            <td>
                <fieldset class="verdict">
                    <legend class="visually-hidden">{m.name.get(lang).to_string()}</legend>
                    {radio(fields::OK, StaffMsg::VerdictOk)}
                    {radio(fields::MISSING, StaffMsg::VerdictMissing)}
                    {radio(fields::WRONG, StaffMsg::VerdictWrong)}
                </fieldset>
                {m.original_check.then(|| {
                    let id = format!("original-{key}");
                    view! {
                        <span class="choice">
                            <input type="checkbox" id=id.clone() name=original_field.clone() value=fields::YES checked=original/>
                            <label for=id>{StaffMsg::OriginalSeen.get(lang)}</label>
                        </span>
                    }
                })}
                <div class="field compact">
                    <label for=format!("reason-{key}")>{StaffMsg::WrongReason.get(lang)}</label>
                    <input id=format!("reason-{key}") name=reason_field value=reason maxlength="500"/>
                </div>
                {m.may_defer.then(|| view! {
                    <div class="field compact">
                        <label for=format!("due-{key}")>{StaffMsg::DueBy.get(lang)}</label>
                        <input type="date" id=format!("due-{key}") name=due_field.clone() value=due/>
                    </div>
                })}
            </td>
        </tr>
    }
    .into_any()
}

fn decision_name(lang: Lang, t: Transition) -> &'static str {
    use crate::i18n::{Msg, ReviewMsg};
    match t {
        Transition::Accept => StaffMsg::DecideAccept.get(lang),
        Transition::AcceptWithDeficiency => StaffMsg::DecideDeficiency.get(lang),
        Transition::ReturnForCorrection => StaffMsg::DecideReturn.get(lang),
        Transition::Refuse => StaffMsg::DecideRefuse.get(lang),
        Transition::Withdraw => StaffMsg::Withdrawn.get(lang),
        Transition::Resubmit => StaffMsg::CorrectionsReceived.get(lang),
        Transition::AskCorrectionsInReview => ReviewMsg::SendNotice.get(lang),
        Transition::ResumeReview => ReviewMsg::CorrectionsReceived.get(lang),
        Transition::Approve => Msg::StatusApproved.get(lang),
        Transition::Reject => Msg::StatusRejected.get(lang),
        Transition::Issue => Msg::StatusIssued.get(lang),
        Transition::HandOver | Transition::Mail => Msg::StatusDelivered.get(lang),
        Transition::Terminate => Msg::StatusTerminated.get(lang),
    }
}

fn file_page(v: ApplicationFileView) -> AnyView {
    let lang = use_lang();
    let posted = posted_form();
    let refusal = posted.as_ref().map(|p| refusal_lines(lang, &p.error, &v));
    let initial = Initial {
        posted: posted.map(|p| p.pairs),
    };
    let matters = v
        .matters
        .iter()
        .map(|(code, name)| view! { <li>{name.get(lang).to_string()} " " <span class="code">"(" {code.clone()} ")"</span></li> })
        .collect_view();
    let answers = super::answer_rows(lang, &v.answers);
    let history = if v.decisions.is_empty() {
        view! { <p>{StaffMsg::NoHistory.get(lang)}</p> }.into_any()
    } else {
        view! {
            <ol class="history">
                {v.decisions.iter().map(|d| view! {
                    <li><time>{d.at.clone()}</time> " · " {decision_name(lang, d.transition)} " · " {d.by.clone()}</li>
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let has_notice = v
        .decisions
        .iter()
        .any(|d| !matches!(d.transition, Transition::Resubmit | Transition::Withdraw));
    let decision = initial.get(fields::DECISION).unwrap_or_default();
    let decide_radio = |t: Transition| {
        let id = format!("decision-{}", t.as_str());
        view! {
            <div class="choice">
                <input type="radio" id=id.clone() name=fields::DECISION value=t.as_str() checked=decision == t.as_str()/>
                <label for=id>{decision_name(lang, t)}</label>
            </div>
        }
    };
    let csrf = v.me.csrf_token.clone();
    let decide_form = v.can_decide.then(|| {
        let rows = v.checklist.iter().map(|l| checklist_row(lang, l, &initial)).collect_view();
        view! {
            <form method="post" action=crate::urls::staff_decision(&v.number) class="decision-form">
                <Csrf token=csrf.clone()/>
                <h2 id="checklist">{StaffMsg::Checklist.get(lang)}</h2>
                <p class="hint">{StaffMsg::ChecklistHelp.get(lang)}</p>
                <div class="table-scroll" role="region" tabindex="0" aria-labelledby="checklist">
                    <table class="staff-table checklist">
                        <thead><tr>
                            <th scope="col">{StaffMsg::MaterialCol.get(lang)}</th>
                            <th scope="col">{StaffMsg::StandardCol.get(lang)}</th>
                            <th scope="col">{StaffMsg::VerdictCol.get(lang)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <fieldset class="decision">
                    <legend><h2>{StaffMsg::DecisionLegend.get(lang)}</h2></legend>
                    {decide_radio(Transition::Accept)}
                    {decide_radio(Transition::AcceptWithDeficiency)}
                    <div class="choice indent">
                        <input type="checkbox" id="commitment-signed" name=fields::COMMITMENT_SIGNED value=fields::YES checked=initial.get(fields::COMMITMENT_SIGNED).as_deref() == Some(fields::YES)/>
                        <label for="commitment-signed">{StaffMsg::CommitmentSigned.get(lang)}</label>
                    </div>
                    {decide_radio(Transition::ReturnForCorrection)}
                    <div class="field compact indent">
                        <label for="correct-by">{StaffMsg::CorrectBy.get(lang)}</label>
                        <input type="date" id="correct-by" name=fields::CORRECT_BY value=initial.get(fields::CORRECT_BY).unwrap_or_else(|| v.correct_by.clone())/>
                    </div>
                    {decide_radio(Transition::Refuse)}
                    <div class="field indent">
                        <label for="refusal-reason">{StaffMsg::RefusalReason.get(lang)}</label>
                        <textarea id="refusal-reason" name=fields::REFUSAL_REASON rows="3" maxlength="500">{initial.get(fields::REFUSAL_REASON).unwrap_or_default()}</textarea>
                    </div>
                </fieldset>
                <button type="submit" class="primary">{StaffMsg::SubmitDecision.get(lang)}</button>
            </form>
        }
        .into_any()
    });
    let in_review = v.status == domain::ApplicationStatus::CorrectionDuringReview;
    let corrections = v.can_take_corrections.then(|| {
        view! {
            <form method="post" action=crate::urls::staff_corrections_received(&v.number)>
                <Csrf token=csrf.clone()/>
                <button type="submit" class="primary">{if in_review {
                    crate::i18n::ReviewMsg::CorrectionsReceived.get(lang)
                } else {
                    StaffMsg::CorrectionsReceived.get(lang)
                }}</button>
            </form>
        }
    });
    let may_withdraw = v.me.role == domain::StaffRole::FrontDesk
        && !v.status.is_final()
        && !matches!(
            v.status,
            domain::ApplicationStatus::Approved | domain::ApplicationStatus::Issued
        );
    let deferred = v.can_take_deferred.then(|| {
        use crate::i18n::IssuingMsg;
        let by = v
            .deferred_owed
            .clone()
            .flatten()
            .map(|d| IssuingMsg::DeferredBy.with_n(lang, d))
            .unwrap_or_default();
        let owed = v
            .deferred_items
            .iter()
            .map(|(name, due)| view! { <li>{name.get(lang).to_string()} {IssuingMsg::DeferredBy.with_n(lang, due)}</li> })
            .collect_view();
        view! {
            <section class="deferred" aria-labelledby="deferred-heading">
                <h2 id="deferred-heading">{IssuingMsg::DeferredHeading.get(lang)}</h2>
                <p class="notice flag">{IssuingMsg::DeferredOwed.with_n(lang, by)}</p>
                <ul data-testid="deferred-items">{owed}</ul>
                <form method="post" action=crate::urls::staff_deferred_received(&v.number)>
                    <Csrf token=csrf.clone()/>
                    <p class="hint">{IssuingMsg::DeferredReceivedHelp.get(lang)}</p>
                    <button type="submit" class="primary">{IssuingMsg::DeferredReceived.get(lang)}</button>
                </form>
            </section>
        }
        .into_any()
    });
    let review = review_section(lang, &v, &csrf);
    let withdrawal = may_withdraw.then(|| view! {
        <details class="withdrawal" open=initial.get(fields::WITHDRAWAL_REASON).is_some_and(|r| !r.is_empty())>
            <summary>{StaffMsg::Withdraw.get(lang)}</summary>
            <form method="post" action=crate::urls::staff_withdrawal(&v.number)>
                <Csrf token=csrf.clone()/>
                <div class="field">
                    <label for="withdrawal-reason">{StaffMsg::WithdrawalReason.get(lang)}</label>
                    <input id="withdrawal-reason" name=fields::WITHDRAWAL_REASON maxlength="500" value=initial.get(fields::WITHDRAWAL_REASON).unwrap_or_default()/>
                </div>
                <button type="submit">{StaffMsg::RecordWithdrawal.get(lang)}</button>
            </form>
        </details>
    }.into_any());
    let not_waiting = (!v.can_decide
        && !v.can_take_corrections
        && v.review.is_empty()
        && v.me.role == domain::StaffRole::FrontDesk)
        .then(|| view! { <p class="notice">{StaffMsg::NotWaiting.get(lang)}</p> });
    let has_errors = refusal.is_some();
    // Split into parts: one nested view type for the whole page is more
    // than the compiler's query depth allows in the WASM build.
    let facts = view! {
        <dl class="facts">
            <div><dt>{StaffMsg::ColNumber.get(lang)}</dt><dd class="application-number">{v.number_display.clone()}</dd></div>
            <div><dt>{crate::i18n::Msg::Status.get(lang)}</dt><dd data-testid="status">{status_text(v.status).get(lang)}</dd></div>
            <div><dt>{StaffMsg::ColMatters.get(lang)}</dt><dd><ul>{matters}</ul></dd></div>
            <div><dt>{crate::i18n::Msg::SubmittedAt.get(lang)}</dt><dd>{v.submitted_at.clone()}</dd></div>
            // The deemed-acceptance date matters only while nobody has decided.
            {v.status.awaits_front_desk().then(|| view! {
                <div><dt>{StaffMsg::ColDeemed.get(lang)}</dt><dd data-testid="deemed">{v.deemed_accepted_on.clone()}</dd></div>
                {v.weekends_only.then(|| view! { <div><dt></dt><dd class="flag">{StaffMsg::WeekendsOnly.get(lang)}</dd></div> })}
            })}
            <div><dt>{crate::i18n::Msg::PromisedBy.get(lang)}</dt><dd>{v.promised_by.clone()}</dd></div>
            {v.trips.map(|(n, promised)| view! {
                <div><dt>{StaffMsg::ColTrips.get(lang)}</dt><dd data-testid="trips">
                    {StaffMsg::Trips.with_n(lang, n)}{StaffMsg::TripsPromise.with_n(lang, promised)}
                    {(!domain::trip::kept_promise(n, promised)).then(|| view! { " " <span class="flag">{StaffMsg::TripsOver.get(lang)}</span> })}
                </dd></div>
            })}
            {v.assisted.clone().map(|(staff, how)| {
                let how = match how {
                    domain::assisted::ApplicantConfirmation::Phone => crate::i18n::AssistMsg::FileByPhone,
                    domain::assisted::ApplicantConfirmation::SignedDeclaration => crate::i18n::AssistMsg::FileBySignature,
                };
                view! {
                    <div><dt>{crate::i18n::AssistMsg::FileAssisted.get(lang)}</dt><dd data-testid="assisted">{how.with_n(lang, staff)}</dd></div>
                }
            })}
            <div><dt>{StaffMsg::SignedInAs.get(lang)}</dt><dd>{v.me.display_name.clone()} " · " {role_name(v.me.role).get(lang)}</dd></div>
        </dl>
    }
    .into_any();
    let refusal = refusal.map(|lines| {
        view! {
        <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="error-summary">
            <p>{StaffMsg::DecisionProblems.get(lang)}</p>
            <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        </div>
    }.into_any()
    });
    view! {
        <StaffPage title=format!("{} {}", StaffMsg::FileTitle.get(lang), v.number_display) me=Some(v.me.clone()) has_errors>
            {refusal}
            {facts}
            {not_waiting}
            {review}
            {deferred}
            {corrections}
            {has_notice.then(|| view! { <p><a class="button" href=crate::urls::staff_notice(&v.number)>{StaffMsg::PrintNotice.get(lang)}</a></p> })}
            <h2>{StaffMsg::Answers.get(lang)}</h2>
            <dl class="answers">{answers}</dl>
            {decide_form}
            {withdrawal}
            <h2>{StaffMsg::History.get(lang)}</h2>
            {history}
        </StaffPage>
    }
    .into_any()
}

/// 并联审批 as the front desk sees it: each department's part, the merged
/// notice, and the button that sends it once every department has spoken.
fn review_section(lang: Lang, v: &ApplicationFileView, csrf: &str) -> Option<AnyView> {
    use crate::i18n::ReviewMsg;
    use crate::pages::staff::review::{review_notice, steps_table};
    if v.review.is_empty() {
        return None;
    }
    let due = v.can_send_review_notice.then(|| {
        view! {
            <p class="notice">{ReviewMsg::NoticeDue.get(lang)}</p>
            <form method="post" action=crate::urls::staff_review_notice(&v.number)>
                <Csrf token=csrf.to_string()/>
                <button type="submit" class="primary">{ReviewMsg::SendNotice.get(lang)}</button>
            </form>
        }
        .into_any()
    });
    Some(
        view! {
            <section aria-labelledby="review-heading">
                <h2 id="review-heading">{ReviewMsg::FrontHeading.get(lang)}</h2>
                {steps_table(lang, &v.review, ReviewMsg::FrontHeading.get(lang))}
                {v.review_notice.as_ref().map(|n| review_notice(lang, n))}
                {due}
            </section>
        }
        .into_any(),
    )
}
