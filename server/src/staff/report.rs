//! 每月通报's tables as CSV: the same view model the page shows, so a
//! download says what the screen says. The supervisor only (the use case
//! checks, and audits the view); a refusal or a bad month shows the
//! report page with its message instead.

use crate::render::render_page_with;
use app::i18n::{desk_name, Lang, ReportMsg};
use app::models::MonthlyReportView;
use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use hall::StaffSession;
use serde::Deserialize;

/// The tables a report downloads.
const TABLES: [&str; 3] = ["matters", "staff", "ratings"];

#[derive(Deserialize)]
pub struct CsvQuery {
    #[serde(default)]
    month: String,
    #[serde(default)]
    table: String,
}

/// A text cell a spreadsheet would not run as a formula.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn or_empty<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn matters(lang: Lang, v: &MonthlyReportView) -> Vec<Vec<String>> {
    let head = [
        ReportMsg::ColMatter,
        ReportMsg::ColDepartment,
        ReportMsg::ColFinished,
        ReportMsg::ColPromised,
        ReportMsg::ColLegal,
        ReportMsg::ColMedian,
        ReportMsg::ColP90,
        ReportMsg::ColWithinPromise,
        ReportMsg::ColWithinLegal,
        ReportMsg::ColOneVisit,
        ReportMsg::ColOnline,
    ];
    let mut rows = vec![std::iter::once("code".to_string())
        .chain(head.iter().map(|m| m.get(lang).to_string()))
        .collect()];
    for m in v.matters.iter().chain([&v.hall]) {
        rows.push(vec![
            text(&m.code),
            text(m.name.get(lang)),
            text(m.department.as_ref().map_or("", |d| d.get(lang))),
            m.finished.to_string(),
            or_empty(m.promised_days),
            or_empty(m.legal_days),
            or_empty(m.median_days),
            or_empty(m.p90_days),
            m.within_promise.clone().unwrap_or_default(),
            m.within_legal.clone().unwrap_or_default(),
            m.one_visit.clone().unwrap_or_default(),
            m.online.clone().unwrap_or_default(),
        ]);
    }
    rows
}

fn staff(lang: Lang, v: &MonthlyReportView) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        ReportMsg::ColStaff.get(lang).to_string(),
        ReportMsg::ColAccount.get(lang).to_string(),
        ReportMsg::ColDesk.get(lang).to_string(),
        ReportMsg::ColDone.get(lang).to_string(),
    ]];
    for s in &v.staff {
        rows.push(vec![
            text(&s.display_name),
            text(&s.staff),
            desk_name(lang, s.desk).to_string(),
            s.done.to_string(),
        ]);
    }
    rows
}

fn ratings(v: &MonthlyReportView) -> Vec<Vec<String>> {
    let r = &v.ratings;
    let mut head = vec!["ratings".to_string()];
    let mut row = vec![r.ratings.to_string()];
    for (level, n) in &r.counts {
        head.push(level.as_str().to_string());
        row.push(n.to_string());
    }
    head.extend(["satisfied", "follow_ups", "replied", "replied_on_time"].map(str::to_string));
    row.extend([
        r.satisfied.clone().unwrap_or_default(),
        r.follow_ups.to_string(),
        r.replied.to_string(),
        r.replied_on_time.to_string(),
    ]);
    vec![head, row]
}

fn csv_body(rows: Vec<Vec<String>>) -> Result<Vec<u8>, csv::Error> {
    // A byte-order mark, so spreadsheet programs read the Chinese as UTF-8.
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for r in rows {
        out.write_record(r)?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

pub async fn csv(
    State(state): State<AppState>,
    session: Option<Extension<StaffSession>>,
    visit: Option<Extension<Visit>>,
    headers: HeaderMap,
    Query(q): Query<CsvQuery>,
) -> Response {
    let Some(Extension(session)) = session else {
        return super::to_sign_in();
    };
    let visit = visit.map(|Extension(v)| v).unwrap_or_default();
    let lang = visit.lang;
    let table = q.table.as_str();
    let known = TABLES.contains(&table);
    let found = if known {
        state
            .hall
            .supervision_period(&session.actor, &q.month)
            .await
            .ok()
    } else {
        None
    };
    let Some(period) = found else {
        // The report page says why (the role, the month); an unknown
        // table is the report itself, under 404.
        let page = q
            .month
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .take(7)
            .collect::<String>();
        let uri: Uri = urls::staff_report(&page)
            .parse()
            .unwrap_or_else(|_| Uri::from_static(urls::STAFF_REPORT));
        let status = if known {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        return render_page_with(state, visit, uri, headers, status, |x| {
            x.insert(session);
        })
        .await;
    };
    let v = app::views::report::monthly_report_view(state.hall.catalog(), &session, period);
    let rows = match table {
        "matters" => matters(lang, &v),
        "staff" => staff(lang, &v),
        _ => ratings(&v),
    };
    match csv_body(rows) {
        Ok(body) => {
            let name = format!("attachment; filename=\"report-{}-{table}.csv\"", v.month);
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/csv; charset=utf-8"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&name)
                            .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
                    ),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "a report table could not be written as CSV");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
