//! 每月通报 `/staff/supervision/report?month=YYYY-MM`: the month's figures
//! against the promises, with two charts drawn on the server and a table
//! beside each, every figure a link to the list behind it; A4 when
//! printed; each table as CSV. And that list,
//! `/staff/supervision/finished`.

use super::{staff_error, StaffPage};
use crate::api::{get_finished_list, get_monthly_report};
use crate::i18n::{desk_name, finished_filter_name, use_lang, Lang, RateMsg, ReportMsg};
use crate::models::{FinishedListView, MonthlyReportView, PeriodFiguresView};
use crate::urls;
use domain::period::{FinishedFilter, Month};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A count that opens the list behind it (a plain zero opens nothing).
fn drill(month: &str, code: &str, filter: FinishedFilter, n: u64) -> AnyView {
    if n == 0 {
        return view! { "0" }.into_any();
    }
    view! { <a href=urls::staff_finished(month, code, filter.as_str())>{n}</a> }.into_any()
}

fn share_cell(
    share: Option<String>,
    month: &str,
    code: &str,
    f: FinishedFilter,
    n: u64,
) -> AnyView {
    match share {
        None => view! { <td>"—"</td> }.into_any(),
        Some(s) => view! { <td>{s}" ("{drill(month, code, f, n)}")"</td> }.into_any(),
    }
}

fn days(lang: Lang, d: Option<u32>) -> String {
    d.map_or_else(|| "—".to_string(), |d| ReportMsg::Days.with_n(lang, d))
}

fn month_form(lang: Lang, month: &str, previous: &str, next: &str) -> AnyView {
    view! {
        <nav class="month-nav no-print" aria-label=ReportMsg::MonthLabel.get(lang)>
            <a href=urls::staff_report(previous) rel="prev">{ReportMsg::Previous.get(lang)}</a>
            <form class="month-form" method="get" action=urls::STAFF_REPORT>
                <label for="report-month">{ReportMsg::MonthLabel.get(lang)}</label>
                <input id="report-month" name="month" type="month" value=month.to_string() required/>
                <button type="submit">{ReportMsg::Show.get(lang)}</button>
            </form>
            <a href=urls::staff_report(next) rel="next">{ReportMsg::Next.get(lang)}</a>
        </nav>
    }
    .into_any()
}

fn headline(lang: Lang, v: &MonthlyReportView) -> AnyView {
    let h = &v.hall;
    let month = v.month.clone();
    let met = match h.one_visit_met {
        Some(true) => Some((ReportMsg::TargetMet.get(lang), "target-met")),
        Some(false) => Some((ReportMsg::TargetMissed.get(lang), "watch-red")),
        None => None,
    };
    let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_string());
    view! {
        <dl class="facts headline" aria-label=ReportMsg::HeadlineLabel.get(lang) data-testid="report-headline">
            <div><dt>{ReportMsg::Finished.get(lang)}</dt><dd data-testid="hall-finished">{drill(&month, "", FinishedFilter::All, h.finished)}</dd></div>
            <div><dt>{ReportMsg::WithinPromise.get(lang)}</dt><dd data-testid="hall-within-promise">{or_dash(&h.within_promise)}</dd></div>
            <div><dt>{ReportMsg::WithinLegal.get(lang)}</dt><dd>{or_dash(&h.within_legal)}</dd></div>
            <div>
                <dt>{ReportMsg::OneVisit.get(lang)}</dt>
                <dd data-testid="hall-one-visit">
                    {or_dash(&h.one_visit)}
                    {met.map(|(text, class)| view! { " " <span class=class>"（"{text}"）"</span> })}
                </dd>
            </div>
            <div><dt>{ReportMsg::Online.get(lang)}</dt><dd data-testid="hall-online">{or_dash(&h.online)}</dd></div>
            {v.deferred.map(|(kept, broken)| view! {
                <div><dt>{ReportMsg::DeferredKept.get(lang)}</dt><dd data-testid="deferred-kept">{kept}</dd></div>
                <div><dt>{ReportMsg::DeferredBroken.get(lang)}</dt><dd data-testid="deferred-broken">{broken}</dd></div>
            })}
        </dl>
    }
    .into_any()
}

fn matter_row(lang: Lang, month: &str, m: &PeriodFiguresView, hall: bool) -> AnyView {
    let code = m.code.clone();
    let name = m.name.get(lang).to_string();
    let dept = m
        .department
        .as_ref()
        .map(|d| d.get(lang).to_string())
        .unwrap_or_default();
    let promised = m
        .promised_days
        .map_or_else(|| "—".to_string(), |d| ReportMsg::Days.with_n(lang, d));
    let legal = m
        .legal_days
        .map_or_else(|| "—".to_string(), |d| ReportMsg::Days.with_n(lang, d));
    view! {
        <tr data-testid=if hall { "hall-figures" } else { "matter-figures" } class=hall.then_some("total")>
            <th scope="row">{name}</th>
            <td>{dept}</td>
            <td>{drill(month, &code, FinishedFilter::All, m.finished)}</td>
            <td>{promised}</td>
            <td>{legal}</td>
            <td>{days(lang, m.median_days)}</td>
            <td>{days(lang, m.p90_days)}</td>
            {share_cell(m.within_promise.clone(), month, &code, FinishedFilter::Late, m.late)}
            {share_cell(m.within_legal.clone(), month, &code, FinishedFilter::OverLegal, m.over_legal)}
            {share_cell(m.one_visit.clone(), month, &code, FinishedFilter::RepeatVisits, m.repeat_visits)}
            {share_cell(m.online.clone(), month, &code, FinishedFilter::Online, m.online_count)}
        </tr>
    }
    .into_any()
}

fn matters_table(lang: Lang, v: &MonthlyReportView) -> AnyView {
    // Matters with nothing finished are named in one line, not as rows
    // of dashes (the CSV keeps every row).
    let (done, idle): (Vec<_>, Vec<_>) = v.matters.iter().partition(|m| m.finished > 0);
    let rows = done
        .iter()
        .map(|m| matter_row(lang, &v.month, m, false))
        .collect::<Vec<_>>();
    let idle = (!idle.is_empty()).then(|| {
        let names = idle
            .iter()
            .map(|m| m.name.get(lang).to_string())
            .collect::<Vec<_>>()
            .join(ReportMsg::ListSeparator.get(lang));
        view! { <p class="hint" data-testid="idle-matters">{ReportMsg::IdleMatters.with_n(lang, idle.len())}{names}</p> }
    });
    view! {
        <h2 id="report-matters">{ReportMsg::ByMatter.get(lang)}</h2>
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="report-matters">
            <table class="staff-table figures report-table">
                <thead><tr>
                    <th scope="col">{ReportMsg::ColMatter.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColDepartment.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColFinished.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColPromised.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColLegal.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColMedian.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColP90.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColWithinPromise.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColWithinLegal.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColOneVisit.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColOnline.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
                <tfoot>{matter_row(lang, &v.month, &v.hall, true)}</tfoot>
            </table>
        </div>
        {idle}
    }
    .into_any()
}

fn chart(
    lang: Lang,
    svg: &Option<domain::Localized>,
    caption: ReportMsg,
    id: &'static str,
) -> AnyView {
    match svg {
        None => ().into_any(),
        Some(svg) => view! {
            <figure class="chart" data-testid=id>
                <div role="img" aria-label=caption.get(lang) inner_html=svg.get(lang).to_string()></div>
                <figcaption>{caption.get(lang)}</figcaption>
            </figure>
        }
        .into_any(),
    }
}

fn work_tables(lang: Lang, v: &MonthlyReportView) -> AnyView {
    if v.desks.is_empty() {
        return view! {
            <h2 id="report-work">{ReportMsg::ByDesk.get(lang)}</h2>
            <p class="notice">{ReportMsg::NoWork.get(lang)}</p>
        }
        .into_any();
    }
    let desks = v
        .desks
        .iter()
        .map(|(d, n)| view! { <tr data-testid="desk-work"><th scope="row">{desk_name(lang, *d)}</th><td>{*n}</td></tr> })
        .collect::<Vec<_>>();
    let staff = v
        .staff
        .iter()
        .map(|s| {
            view! {
                <tr data-testid="staff-work">
                    <th scope="row">{s.display_name.clone()}" "<span class="hint">"("{s.staff.clone()}")"</span></th>
                    <td>{desk_name(lang, s.desk)}</td>
                    <td>{s.done}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <h2 id="report-work">{ReportMsg::ByDesk.get(lang)}</h2>
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="report-work">
            <table class="staff-table figures">
                <thead><tr>
                    <th scope="col">{ReportMsg::ColDesk.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColDone.get(lang)}</th>
                </tr></thead>
                <tbody>{desks}</tbody>
            </table>
        </div>
        <h2 id="report-staff">{ReportMsg::ByStaff.get(lang)}</h2>
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="report-staff">
            <table class="staff-table figures">
                <thead><tr>
                    <th scope="col">{ReportMsg::ColStaff.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColDesk.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColDone.get(lang)}</th>
                </tr></thead>
                <tbody>{staff}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn csv_links(lang: Lang, month: &str) -> AnyView {
    let link = |table: &'static str, label: ReportMsg| {
        view! { " " <a href=urls::staff_report_csv(month, table) download>{label.get(lang)}</a> }
    };
    view! {
        <p class="csv-links no-print">
            {ReportMsg::Csv.get(lang)}
            {link("matters", ReportMsg::CsvMatters)}
            {link("staff", ReportMsg::CsvStaff)}
            {link("ratings", ReportMsg::CsvRatings)}
        </p>
    }
    .into_any()
}

fn query(name: &'static str) -> String {
    use_query_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// A month typed into the address: empty (this month) or `YYYY-MM`.
fn month_ok(month: &str) -> bool {
    month.is_empty() || Month::parse(month).is_some()
}

fn bad_month(lang: Lang) -> AnyView {
    super::set_status(400);
    let today = String::new();
    view! {
        <StaffPage title=ReportMsg::Nav.get(lang) me=super::current_header()>
            <p class="notice error" role="alert">{ReportMsg::BadMonth.get(lang)}</p>
            {month_form(lang, &today, "", "")}
        </StaffPage>
    }
    .into_any()
}

/// `/staff/supervision/report`
#[component]
pub fn MonthlyReportPage() -> impl IntoView {
    let lang = use_lang();
    let month = query("month");
    if !month_ok(&month) {
        return bad_month(lang);
    }
    let data = super::once(get_monthly_report(month));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let title = ReportMsg::Title.with_n(lang, &v.month);
            let nothing = (v.hall.finished == 0)
                .then(|| view! { <p class="notice">{ReportMsg::NoneFinished.get(lang)}</p> });
            let ratings = crate::pages::ratings::figures_table(
                lang,
                ReportMsg::Ratings.get(lang),
                vec![v.ratings.clone()],
            );
            view! {
                <StaffPage title=title.clone() me=Some(v.me.clone())>
                    <div class="report">
                        <p class="print-title">{title.clone()}</p>
                        {v.scope.as_ref().map(|s| view! { <p class="scope" data-testid="report-scope">{ReportMsg::ScopeOf.with_n(lang, s.get(lang))}</p> })}
                        {month_form(lang, &v.month, &v.previous, &v.next)}
                        <p class="hint">{ReportMsg::Help.get(lang)}</p>
                        <p class="hint no-print">{ReportMsg::Print.get(lang)}</p>
                        {headline(lang, &v)}
                        {nothing}
                        {chart(lang, &v.one_visit_chart, ReportMsg::OneVisitChart, "one-visit-chart")}
                        {chart(lang, &v.days_chart, ReportMsg::DaysChart, "days-chart")}
                        {matters_table(lang, &v)}
                        {work_tables(lang, &v)}
                        <h2 id="report-ratings">{ReportMsg::Ratings.get(lang)}</h2>
                        {ratings}
                        {csv_links(lang, &v.month)}
                        <p class="no-print"><a href=urls::STAFF_SUPERVISION>{RateMsg::SupervisionNav.get(lang)}</a></p>
                    </div>
                </StaffPage>
            }
            .into_any()
        })}
    }
    .into_any()
}

fn finished_rows(lang: Lang, v: &FinishedListView) -> AnyView {
    if v.lines.is_empty() {
        return view! { <p class="notice">{ReportMsg::ListNone.get(lang)}</p> }.into_any();
    }
    let yes_no = |b: bool| {
        if b {
            ReportMsg::Yes.get(lang)
        } else {
            ReportMsg::No.get(lang)
        }
    };
    let rows = v
        .lines
        .iter()
        .map(|l| {
            view! {
                <tr data-testid="finished-line">
                    <th scope="row"><a href=urls::staff_application(&l.number) class="application-number">{l.number_display.clone()}</a></th>
                    <td>{l.matter.get(lang).to_string()}</td>
                    <td><time>{l.finished_on.clone()}</time></td>
                    <td>{l.working_days}</td>
                    <td>{yes_no(l.within_promise)}</td>
                    <td>{yes_no(l.within_legal)}</td>
                    <td>{l.trips}</td>
                    <td>{yes_no(l.online)}</td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="finished-heading">
            <table class="staff-table">
                <thead><tr>
                    <th scope="col">{ReportMsg::ColNumber.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColMatter.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColFinishedOn.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColDays.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColWithinPromise.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColWithinLegal.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColTrips.get(lang)}</th>
                    <th scope="col">{ReportMsg::ColOnline.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/staff/supervision/finished`
#[component]
pub fn FinishedListPage() -> impl IntoView {
    let lang = use_lang();
    let month = query("month");
    if !month_ok(&month) {
        return bad_month(lang);
    }
    let data = super::once(get_finished_list(month, query("matter"), query("filter")));
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let title = ReportMsg::ListTitle.with_n(lang, &v.month);
            let of = v.matter.as_ref().map_or_else(
                || ReportMsg::ListAll.get(lang).to_string(),
                |m| ReportMsg::ListOf.with_n(lang, m.get(lang)),
            );
            let shown = v.lines.len() as u64;
            view! {
                <StaffPage title=title.clone() me=Some(v.me.clone())>
                    <h2 id="finished-heading">{finished_filter_name(lang, v.filter)}" · "{of}</h2>
                    <p data-testid="finished-total">{ReportMsg::ListCount.with_n(lang, v.total)}</p>
                    {(v.total > shown).then(|| view! { <p class="hint">{ReportMsg::ListMore.with_n(lang, shown)}</p> })}
                    {finished_rows(lang, &v)}
                    <p><a href=urls::staff_report(&v.month)>{ReportMsg::Back.get(lang)}</a></p>
                </StaffPage>
            }
            .into_any()
        })}
    }
    .into_any()
}
