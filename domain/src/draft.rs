//! The rules of a draft (草稿) of the guided application: which answers
//! belong to which step, how repeatable groups grow and shrink, where a
//! returning citizen carries on. Storage and pages live elsewhere.

use crate::form::split_cell_key;
use crate::{FieldKind, FormSchema, Step, StepKind, Wizard};
use std::collections::BTreeMap;

/// Answers as typed, in the order posted: `key` or `group.row.field`.
pub type Answers = Vec<(String, String)>;

/// The field a posted key answers (a group cell `g.i.f` answers `g`).
pub fn top_key(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

/// What a step's buttons ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepAction {
    Next,
    Back,
    SaveForLater,
    AddRow(String),
    RemoveRow(String, u32),
}

impl StepAction {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "" | "next" => Some(Self::Next),
            "back" => Some(Self::Back),
            "save" => Some(Self::SaveForLater),
            _ => {
                if let Some(group) = s.strip_prefix("add:") {
                    Some(Self::AddRow(group.to_string()))
                } else {
                    let (group, row) = s.strip_prefix("remove:")?.rsplit_once(':')?;
                    Some(Self::RemoveRow(group.to_string(), row.parse().ok()?))
                }
            }
        }
    }
}

impl Wizard {
    pub fn step(&self, slug: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.slug == slug)
    }

    /// The questions of one step as a form of their own.
    pub fn step_schema(&self, step: &Step, form: &FormSchema) -> FormSchema {
        FormSchema {
            fields: step
                .fields
                .iter()
                .filter_map(|k| form.field(k.as_str()).cloned())
                .collect(),
        }
    }

    /// Where to carry on: the first step of questions not yet saved (its
    /// questions never seen: optional ones may decide the materials) or
    /// with a problem, else "check your answers". The steps before it are
    /// the ones done.
    pub fn first_open_step(
        &self,
        form: &FormSchema,
        answers: &[(String, String)],
        saved: &std::collections::BTreeSet<String>,
        today: crate::CalendarDay,
    ) -> &Step {
        self.steps
            .iter()
            .find(|s| {
                s.asks_questions()
                    && (!saved.contains(&s.slug)
                        || self
                            .step_schema(s, form)
                            .validate(&answers_of(answers, s), today)
                            .is_err())
            })
            .or_else(|| self.steps.iter().find(|s| s.kind == StepKind::Check))
            .unwrap_or_else(|| self.first())
    }
}

/// The stored answers to one step's questions.
pub fn answers_of(answers: &[(String, String)], step: &Step) -> Answers {
    answers
        .iter()
        .filter(|(k, _)| step.fields.iter().any(|f| f.as_str() == top_key(k)))
        .cloned()
        .collect()
}

/// The stored answers with one step's replaced by what it just posted.
pub fn replace_step_answers(stored: &[(String, String)], step: &Step, posted: Answers) -> Answers {
    let mut kept: Answers = stored
        .iter()
        .filter(|(k, _)| !step.fields.iter().any(|f| f.as_str() == top_key(k)))
        .cloned()
        .collect();
    kept.extend(posted);
    kept
}

/// Rows shown for each group of `schema`: what was asked for, at least
/// the rows already answered, at least one (and `min_rows`), at most
/// `max_rows`.
pub fn rows_shown(
    schema: &FormSchema,
    answers: &[(String, String)],
    asked: &BTreeMap<String, u8>,
) -> BTreeMap<String, u8> {
    let mut rows = BTreeMap::new();
    for spec in &schema.fields {
        if let FieldKind::Group {
            min_rows, max_rows, ..
        } = &spec.kind
        {
            let key = spec.key.as_str();
            let answered = answers
                .iter()
                .filter_map(|(k, _)| split_cell_key(k))
                .filter(|(g, _, _)| *g == key)
                .map(|(_, row, _)| row + 1)
                .max()
                .unwrap_or(0);
            let asked = asked.get(key).copied().unwrap_or(0);
            let n = u32::from(asked)
                .max(answered)
                .max(u32::from(*min_rows))
                .max(1)
                .min(u32::from(*max_rows));
            // At most max_rows (a u8), so it fits.
            rows.insert(key.to_string(), u8::try_from(n).unwrap_or(u8::MAX));
        }
    }
    rows
}

/// Drops row `removed` of `group` and renumbers the rows after it.
pub fn remove_row(answers: Answers, group: &str, removed: u32) -> Answers {
    answers
        .into_iter()
        .filter_map(|(k, v)| match split_cell_key(&k) {
            Some((g, row, sub)) if g == group => match row.cmp(&removed) {
                std::cmp::Ordering::Less => Some((k.clone(), v)),
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Greater => Some((format!("{g}.{}.{sub}", row - 1), v)),
            },
            _ => Some((k, v)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Answers {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn actions_are_parsed_strictly() {
        assert_eq!(StepAction::parse("next"), Some(StepAction::Next));
        assert_eq!(StepAction::parse(""), Some(StepAction::Next));
        assert_eq!(
            StepAction::parse("add:members"),
            Some(StepAction::AddRow("members".into()))
        );
        assert_eq!(
            StepAction::parse("remove:members:2"),
            Some(StepAction::RemoveRow("members".into(), 2))
        );
        assert_eq!(StepAction::parse("remove:members:x"), None);
        assert_eq!(StepAction::parse("delete"), None);
    }

    #[test]
    fn removing_a_row_renumbers_the_rest() {
        let after = remove_row(
            pairs(&[
                ("m.0.name", "a"),
                ("m.1.name", "b"),
                ("m.2.name", "c"),
                ("x", "y"),
            ]),
            "m",
            1,
        );
        assert_eq!(
            after,
            pairs(&[("m.0.name", "a"), ("m.1.name", "c"), ("x", "y")])
        );
    }

    #[test]
    fn a_step_replaces_only_its_own_answers() {
        let step = Step {
            slug: "s".into(),
            kind: StepKind::Applicant,
            fields: vec![crate::FieldKey::parse("m").unwrap()],
        };
        let stored = pairs(&[("m.0.name", "old"), ("other", "kept")]);
        assert_eq!(
            replace_step_answers(&stored, &step, pairs(&[("m.0.name", "new")])),
            pairs(&[("other", "kept"), ("m.0.name", "new")])
        );
        assert_eq!(answers_of(&stored, &step), pairs(&[("m.0.name", "old")]));
    }
}
