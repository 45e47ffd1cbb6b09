//! 电子监察 `/staff/supervision`: open work now, yellow and red against
//! its time limits, by department and by matter, and the applications
//! past their deemed-acceptance day. Tables, so it reads the same to a
//! screen reader, with JS off, and on paper.

use super::{staff_error, StaffPage};
use crate::api::get_supervision;
use crate::i18n::{use_lang, Lang, RateMsg};
use crate::models::SupervisionView;
use domain::supervision::WatchCounts;
use leptos::prelude::*;

/// A count, marked when it is yellow or red work.
fn cell(n: u64, class: &'static str) -> AnyView {
    if n > 0 && !class.is_empty() {
        view! { <td class=class>{n}</td> }.into_any()
    } else {
        view! { <td>{n}</td> }.into_any()
    }
}

fn watch_cells(w: &WatchCounts) -> AnyView {
    view! {
        <td>{w.open}</td>
        {cell(w.due_soon, "watch-yellow")}
        {cell(w.overdue, "watch-red")}
        <td>{w.paused}</td>
    }
    .into_any()
}

fn summary(lang: Lang, v: &SupervisionView) -> AnyView {
    let follow_ups = v
        .departments
        .iter()
        .fold(WatchCounts::default(), |mut all, d| {
            all.open += d.follow_ups.open;
            all.overdue += d.follow_ups.overdue;
            all
        });
    view! {
        <dl class="facts headline" aria-label=RateMsg::SummaryLabel.get(lang) data-testid="supervision-summary">
            <div><dt>{RateMsg::TasksOpen.get(lang)}</dt><dd>{v.tasks.open}</dd></div>
            <div><dt>{RateMsg::DueSoon.get(lang)}</dt><dd class=(v.tasks.due_soon > 0).then_some("watch-yellow")>{v.tasks.due_soon}</dd></div>
            <div><dt>{RateMsg::OverdueRed.get(lang)}</dt><dd class=(v.tasks.overdue > 0).then_some("watch-red") data-testid="tasks-overdue">{v.tasks.overdue}</dd></div>
            <div><dt>{RateMsg::Paused.get(lang)}</dt><dd>{v.tasks.paused}</dd></div>
            <div><dt>{RateMsg::PastDeemed.get(lang)}</dt><dd data-testid="past-deemed-count">{v.past_deemed_count}</dd></div>
            <div><dt>{RateMsg::FollowUpsOpen.get(lang)}</dt><dd>{follow_ups.open}" ("{RateMsg::FollowUpsOverdue.get(lang)}" "{follow_ups.overdue}")"</dd></div>
        </dl>
    }
    .into_any()
}

fn departments_table(lang: Lang, v: &SupervisionView) -> AnyView {
    let rows = v
        .departments
        .iter()
        .map(|d| {
            view! {
                <tr data-testid="department-watch">
                    <th scope="row">{d.name.get(lang).to_string()}</th>
                    {watch_cells(&d.tasks)}
                    <td>{d.extended}</td>
                    <td>{d.follow_ups.open}</td>
                    {cell(d.follow_ups.overdue, "watch-red")}
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <h2 id="by-department">{RateMsg::ByDepartment.get(lang)}</h2>
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="by-department">
            <table class="staff-table figures">
                <thead><tr>
                    <th scope="col">{RateMsg::ColDepartment.get(lang)}</th>
                    <th scope="col">{RateMsg::ColOpen.get(lang)}</th>
                    <th scope="col">{RateMsg::DueSoon.get(lang)}</th>
                    <th scope="col">{RateMsg::OverdueRed.get(lang)}</th>
                    <th scope="col">{RateMsg::Paused.get(lang)}</th>
                    <th scope="col">{RateMsg::Extended.get(lang)}</th>
                    <th scope="col">{RateMsg::FollowUpsOpen.get(lang)}</th>
                    <th scope="col">{RateMsg::FollowUpsOverdue.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// 取号叫号 today, per category (the hall's supervisor).
fn queue_table(lang: Lang, v: &SupervisionView) -> Option<AnyView> {
    use crate::i18n::QueueMsg;
    if v.queue.is_empty() {
        return None;
    }
    let rows = v
        .queue
        .iter()
        .map(|q| {
            view! {
                <tr data-testid=format!("queue-day-{}", q.letter)>
                    <th scope="row">{q.letter.clone()}" "{q.name.get(lang).to_string()}</th>
                    <td>{q.taken}</td>
                    <td>{q.waiting}</td>
                    <td>{q.served}</td>
                    <td>{q.no_show}</td>
                    <td>{q.mean_wait_minutes.map(|m| m.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td>{q.longest_wait_minutes}</td>
                    <td>{q.oldest_waiting_since.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{q.booked}</td>
                    <td>{q.checked_in}</td>
                    <td>{q.missed}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    Some(
        view! {
            <h2 id="queue-today">{QueueMsg::SupervisionHeading.get(lang)}</h2>
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="queue-today">
                <table class="staff-table figures">
                    <thead><tr>
                        <th scope="col">{QueueMsg::ColCategory.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColTaken.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColWaitingNow.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColServed.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColNoShow.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColMeanWait.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColLongestWait.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColOldest.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColBooked.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColCheckedIn.get(lang)}</th>
                        <th scope="col">{QueueMsg::ColMissedBookings.get(lang)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any(),
    )
}

fn matters_table(lang: Lang, v: &SupervisionView) -> AnyView {
    if v.matters.is_empty() {
        return view! {
            <h2 id="by-matter">{RateMsg::ByMatter.get(lang)}</h2>
            <p class="notice">{RateMsg::NoOpenApplications.get(lang)}</p>
        }
        .into_any();
    }
    let rows = v
        .matters
        .iter()
        .map(|m| {
            view! {
                <tr data-testid="matter-watch">
                    <th scope="row">{m.name.get(lang).to_string()}</th>
                    <td>{m.applications.open}</td>
                    <td>{m.at_front_desk}</td>
                    <td>{m.at_issuing}</td>
                    {cell(m.applications.due_soon, "watch-yellow")}
                    {cell(m.applications.overdue, "watch-red")}
                    <td>{m.applications.paused}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <h2 id="by-matter">{RateMsg::ByMatter.get(lang)}</h2>
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="by-matter">
            <table class="staff-table figures">
                <thead><tr>
                    <th scope="col">{RateMsg::ColMatters.get(lang)}</th>
                    <th scope="col">{RateMsg::ColOpen.get(lang)}</th>
                    <th scope="col">{RateMsg::ColAtFrontDesk.get(lang)}</th>
                    <th scope="col">{RateMsg::ColAtIssuing.get(lang)}</th>
                    <th scope="col">{RateMsg::DueSoon.get(lang)}</th>
                    <th scope="col">{RateMsg::OverdueRed.get(lang)}</th>
                    <th scope="col">{RateMsg::Paused.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn past_deemed(lang: Lang, v: &SupervisionView) -> AnyView {
    let heading = view! { <h2 id="past-deemed">{RateMsg::PastDeemedHeading.get(lang)}</h2> };
    if v.past_deemed.is_empty() {
        return view! { {heading}<p class="notice">{RateMsg::PastDeemedNone.get(lang)}</p> }
            .into_any();
    }
    let more = v
        .past_deemed_count
        .saturating_sub(v.past_deemed.len() as u64);
    let rows = v
        .past_deemed
        .iter()
        .map(|l| {
            view! {
                <tr data-testid="past-deemed">
                    <th scope="row"><a href=crate::urls::staff_application(&l.number) class="application-number">{l.number_display.clone()}</a></th>
                    <td>{l.matters.clone()}</td>
                    <td><time>{l.waiting_since.clone()}</time></td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        {heading}
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="past-deemed">
            <table class="staff-table">
                <thead><tr>
                    <th scope="col">{RateMsg::ColNumber.get(lang)}</th>
                    <th scope="col">{RateMsg::ColMatters.get(lang)}</th>
                    <th scope="col">{RateMsg::ColWaitingSince.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(more > 0).then(|| view! { <p>{RateMsg::PastDeemedMore.with_n(lang, more)}</p> })}
    }
    .into_any()
}

/// `/staff/supervision`
#[component]
pub fn SupervisionPage() -> impl IntoView {
    let lang = use_lang();
    let data = super::once(get_supervision());
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let (summary, departments, matters, past) = (
                summary(lang, &v),
                departments_table(lang, &v),
                matters_table(lang, &v),
                past_deemed(lang, &v),
            );
            let queue = queue_table(lang, &v);
            view! {
                <StaffPage title=RateMsg::SupervisionTitle.get(lang) me=Some(v.me.clone())>
                    {v.scope.as_ref().map(|s| view! { <p class="scope" data-testid="supervision-scope">{crate::i18n::ReportMsg::ScopeOf.with_n(lang, s.get(lang))}</p> })}
                    <p class="hint">{RateMsg::SupervisionHelp.with_n(lang, &v.as_of)}</p>
                    <p><a href=crate::urls::STAFF_REPORT data-testid="monthly-report-link">{crate::i18n::ReportMsg::Nav.get(lang)}</a></p>
                    {summary}
                    {departments}
                    {matters}
                    {past}
                    {queue}
                </StaffPage>
            }
            .into_any()
        })}
    }
}
