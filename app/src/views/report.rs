//! 每月通报's view models, and its charts: drawn here with plotters' SVG
//! backend, so the page works with JS off and prints as it shows. Each
//! chart sits beside a table with the same figures (screen readers read
//! the table; the chart is one labelled image).

use super::common::header;
use crate::i18n::{Lang, ReportMsg};
use crate::models::{
    FinishedLine, FinishedListView, MonthlyReportView, PeriodFiguresView, StaffWorkView,
};
use domain::period::{per_mille, ServiceFigures};
use domain::rating::percent;
use domain::Localized;
use hall::{CatalogIndex, FinishedList, StaffSession, SupervisionPeriod};
use plotters::prelude::*;

fn share(part: u64, whole: u64) -> Option<String> {
    per_mille(part, whole).map(percent)
}

fn figures_view(
    code: String,
    name: Localized,
    department: Option<Localized>,
    days: Option<(u16, u16)>,
    f: &ServiceFigures,
) -> PeriodFiguresView {
    PeriodFiguresView {
        code,
        name,
        department,
        promised_days: days.map(|d| d.0),
        legal_days: days.map(|d| d.1),
        finished: f.finished,
        median_days: f.median_days(),
        p90_days: f.p90_days(),
        within_promise: share(f.within_promise, f.finished),
        late: f.finished - f.within_promise.min(f.finished),
        within_legal: share(f.within_legal, f.finished),
        over_legal: f.finished - f.within_legal.min(f.finished),
        one_visit: share(f.one_visit, f.finished),
        repeat_visits: f.finished - f.one_visit.min(f.finished),
        one_visit_met: f.one_visit_meets_target(),
        online: share(f.online, f.finished),
        online_count: f.online,
    }
}

pub fn monthly_report_view(
    index: &CatalogIndex,
    session: &StaffSession,
    p: SupervisionPeriod,
) -> MonthlyReportView {
    let scope = super::common::oversight_name(index, &p.oversight);
    let total_row = if scope.is_some() {
        ReportMsg::DepartmentsRow
    } else {
        ReportMsg::HallRow
    };
    let hall_name = Localized::new(total_row.get(Lang::ZhCn), total_row.get(Lang::En));
    let matters: Vec<PeriodFiguresView> = p
        .matters
        .iter()
        .map(|m| {
            figures_view(
                m.matter.as_str().to_string(),
                index
                    .matter(m.matter.as_str())
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| Localized::new(m.matter.as_str(), m.matter.as_str())),
                Some(index.department_name(m.department.as_str())),
                Some((m.promised_days, m.legal_days)),
                &m.figures,
            )
        })
        .collect();
    let finished: Vec<&PeriodFiguresView> = matters.iter().filter(|m| m.finished > 0).collect();
    let both = |draw: fn(Lang, &[&PeriodFiguresView]) -> String| {
        (!finished.is_empty())
            .then(|| Localized::new(draw(Lang::ZhCn, &finished), draw(Lang::En, &finished)))
    };
    let (one_visit_chart, days_chart) = (both(one_visit_chart), both(days_chart));
    MonthlyReportView {
        me: header(session),
        month: p.month.to_string(),
        previous: p.month.previous().to_string(),
        next: p.month.next().to_string(),
        hall: figures_view(String::new(), hall_name.clone(), None, None, &p.hall),
        matters,
        desks: p.desks.into_iter().collect(),
        staff: p
            .staff
            .into_iter()
            .map(|s| StaffWorkView {
                desk: s.desk,
                staff: s.staff,
                display_name: s.display_name,
                done: s.done,
            })
            .collect(),
        deferred: p
            .oversight
            .is_hall()
            .then_some((p.deferred_kept, p.deferred_broken)),
        // The published figures behind the row: the hall's, or the one
        // department's a head watches.
        ratings: super::ratings::satisfaction_view(
            hall_name.clone(),
            match &p.oversight {
                domain::Oversight::Departments(ds) if ds.len() == 1 => {
                    crate::urls::satisfaction_of_department(ds[0].as_str())
                }
                _ => crate::urls::SATISFACTION.to_string(),
            },
            &p.ratings,
        ),
        one_visit_chart,
        days_chart,
        scope,
    }
}

pub fn finished_list_view(
    index: &CatalogIndex,
    session: &StaffSession,
    l: FinishedList,
) -> FinishedListView {
    let name = |code: &str| {
        index
            .matter(code)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| Localized::new(code, code))
    };
    FinishedListView {
        me: header(session),
        month: l.month.to_string(),
        matter: l.matter.as_ref().map(|m| name(m.as_str())),
        filter: l.filter,
        lines: l
            .services
            .iter()
            .map(|s| FinishedLine {
                number: s.number.as_str().to_string(),
                number_display: s.number.to_string(),
                matter: name(s.matter.as_str()),
                finished_on: s.finished_on.to_string(),
                working_days: s.working_days,
                within_promise: s.within_promise,
                within_legal: s.within_legal,
                trips: s.trips,
                online: s.online,
            })
            .collect(),
        total: l.total,
    }
}

/// The width of the label column: matter names are long.
const LABELS: u32 = 300;
const WIDTH: u32 = 960;
const ROW: u32 = 34;

fn height(rows: usize) -> u32 {
    70 + ROW * u32::try_from(rows).unwrap_or(50)
}

/// What one chart draws for a matter: bars from zero (each later one over
/// the earlier), and a tick across the row (its promise).
struct RowMarks {
    bars: Vec<(u32, RGBColor)>,
    tick: Option<u32>,
}

/// A horizontal bar chart, one row per matter, the x axis `0..x_max`
/// (in % when `percent`), with a line across every row at `target`.
fn bar_chart(
    lang: Lang,
    rows: &[&PeriodFiguresView],
    x_max: u32,
    percent: bool,
    target: Option<u32>,
    marks: impl Fn(&PeriodFiguresView) -> RowMarks,
) -> String {
    let mut svg = String::new();
    let n = u32::try_from(rows.len()).unwrap_or(0);
    let drawn = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root =
            SVGBackend::with_string(&mut svg, (WIDTH, height(rows.len()))).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(LABELS)
            .build_cartesian_2d(0u32..x_max, (0u32..n).into_segmented())?;
        let x_format = |v: &u32| {
            if percent {
                format!("{v}%")
            } else {
                v.to_string()
            }
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_labels(usize::try_from(x_max.min(20)).unwrap_or(10) + 1)
            .x_label_formatter(&x_format)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => rows
                    .get(*i as usize)
                    .map(|r| r.name.get(lang).to_string())
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .label_style(("sans-serif", 14))
            .draw()?;
        let row = |i: usize| SegmentValue::Exact(u32::try_from(i).unwrap_or(0));
        let next = |i: usize| SegmentValue::Exact(u32::try_from(i + 1).unwrap_or(0));
        let all: Vec<RowMarks> = rows.iter().map(|r| marks(r)).collect();
        chart.draw_series(all.iter().enumerate().flat_map(|(i, m)| {
            m.bars.iter().map(move |(to, colour)| {
                Rectangle::new([(0, row(i)), (*to, next(i))], colour.filled())
            })
        }))?;
        let ticks = all.iter().enumerate().filter_map(|(i, m)| {
            m.tick
                .map(|x| PathElement::new(vec![(x, row(i)), (x, next(i))], BLACK.stroke_width(3)))
        });
        let line = target.map(|x| {
            PathElement::new(
                vec![(x, SegmentValue::Exact(0)), (x, SegmentValue::Exact(n))],
                BLACK.stroke_width(2),
            )
        });
        chart.draw_series(ticks.chain(line))?;
        root.present()?;
        Ok(())
    })();
    if drawn.is_err() {
        return String::new();
    }
    svg
}

/// Each matter's one-visit share against the 80% target.
fn one_visit_chart(lang: Lang, rows: &[&PeriodFiguresView]) -> String {
    let (met, missed) = (RGBColor(0x1d, 0x4e, 0xd8), RGBColor(0xb9, 0x1c, 0x1c));
    bar_chart(lang, rows, 100, true, Some(80), |r| {
        let share = per_mille(r.finished - r.repeat_visits, r.finished).unwrap_or(0) / 10;
        let colour = if r.one_visit_met == Some(true) {
            met
        } else {
            missed
        };
        RowMarks {
            bars: vec![(u32::try_from(share).unwrap_or(0), colour)],
            tick: None,
        }
    })
}

/// Each matter's median and p90 working days, and its promise.
fn days_chart(lang: Lang, rows: &[&PeriodFiguresView]) -> String {
    let most = rows
        .iter()
        .flat_map(|r| {
            [
                r.p90_days.unwrap_or(0),
                r.promised_days.map_or(0, u32::from),
            ]
        })
        .max()
        .unwrap_or(1)
        .max(1)
        + 1;
    let (median, p90) = (RGBColor(0x1d, 0x4e, 0xd8), RGBColor(0x93, 0xc5, 0xfd));
    bar_chart(lang, rows, most, false, None, |r| RowMarks {
        bars: vec![
            (r.p90_days.unwrap_or(0), p90),
            (r.median_days.unwrap_or(0), median),
        ],
        tick: r.promised_days.map(u32::from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, finished: u64, repeat: u64, met: bool) -> PeriodFiguresView {
        PeriodFiguresView {
            code: name.to_string(),
            name: Localized::new(format!("{name}（中）"), name),
            department: None,
            promised_days: Some(5),
            legal_days: Some(20),
            finished,
            median_days: Some(3),
            p90_days: Some(7),
            within_promise: None,
            late: 0,
            within_legal: None,
            over_legal: 0,
            one_visit: None,
            repeat_visits: repeat,
            one_visit_met: Some(met),
            online: None,
            online_count: 0,
        }
    }

    #[test]
    fn charts_name_every_matter_in_the_language_asked_and_draw_its_bars() {
        let (a, b) = (row("GA-HJ-001", 10, 1, true), row("SCJG-001", 4, 3, false));
        let rows = [&a, &b];
        let zh = one_visit_chart(Lang::ZhCn, &rows);
        assert!(
            zh.starts_with("<svg")
                && zh.contains("GA-HJ-001（中）")
                && zh.contains("SCJG-001（中）")
        );
        assert!(zh.contains("80%"), "the axis in percent");
        let en = one_visit_chart(Lang::En, &rows);
        assert!(
            en.contains(">\nSCJG-001\n<") || en.contains(">SCJG-001<"),
            "{en}"
        );
        // The bars: a met share in blue, a missed one in red.
        assert!(zh.contains("#1D4ED8") && zh.contains("#B91C1C"), "{zh}");
        let days = days_chart(Lang::ZhCn, &rows);
        assert!(days.contains("#93C5FD") && days.contains("#1D4ED8"));
        assert!(days.contains("<polyline") || days.contains("<path") || days.contains("<line"));
    }
}
