//! What several desks' view models share: the signed-in header, times as
//! the hall reads them, a form's answers as lines.
//! A base module: it builds on `models` and `drafts` only, so the desks'
//! modules can use it without circles.

use crate::models::{AnswerLine, StaffHeader};
use domain::time::in_hall_time;
use domain::{FieldKind, FieldSpec, FormSchema, Localized};
use hall::StaffSession;

pub fn header(session: &StaffSession) -> StaffHeader {
    StaffHeader {
        display_name: session.actor.display_name.clone(),
        role: session.actor.role,
        csrf_token: session.csrf_token.clone(),
    }
}

/// A supervision view's scope as its readers see it: none for the whole
/// hall, else the department head's departments by name ("、" between).
pub(crate) fn oversight_name(
    index: &hall::CatalogIndex,
    oversight: &domain::Oversight,
) -> Option<domain::Localized> {
    let domain::Oversight::Departments(ds) = oversight else {
        return None;
    };
    let names: Vec<domain::Localized> = ds
        .iter()
        .map(|d| index.department_name(d.as_str()))
        .collect();
    let join = |lang: domain::Lang, sep: &str| {
        names
            .iter()
            .map(|n| n.get(lang))
            .collect::<Vec<_>>()
            .join(sep)
    };
    Some(domain::Localized::new(
        join(domain::Lang::ZhCn, "、"),
        join(domain::Lang::En, ", "),
    ))
}

pub(crate) fn minutes(at: chrono::DateTime<chrono::Utc>) -> String {
    in_hall_time(at).format("%Y-%m-%d %H:%M").to_string()
}

/// Every answer with its label, groups row by row, choices by their labels.
pub(crate) fn answers(form: &FormSchema, values: &domain::FormValues) -> Vec<AnswerLine> {
    let mut lines = Vec::new();
    let raw = |key: &str| values.get(key).map(str::to_string);
    for spec in &form.fields {
        if let FieldKind::Group { fields, .. } = &spec.kind {
            for row in 0..u8::MAX as u32 {
                let cell =
                    |sub: &FieldSpec| format!("{}.{row}.{}", spec.key.as_str(), sub.key.as_str());
                if fields.iter().all(|sub| raw(&cell(sub)).is_none()) {
                    break;
                }
                for sub in fields {
                    lines.push(AnswerLine {
                        label: Localized::new(
                            format!("{} 第{}条 · {}", spec.label.zh, row + 1, sub.label.zh),
                            format!("{} {} · {}", spec.label.en, row + 1, sub.label.en),
                        ),
                        answer: super::drafts::answer_text(sub, raw(&cell(sub))),
                    });
                }
            }
            continue;
        }
        if values.get(spec.key.as_str()).is_none() {
            continue;
        }
        lines.push(AnswerLine {
            label: spec.label.clone(),
            answer: super::drafts::answer_text(spec, raw(spec.key.as_str())),
        });
    }
    lines
}
