//! The guided application: which questions each step of the wizard asks.
//!
//! Applicant first (who is applying: the person, and the enterprise if the
//! matters are for one), then one step per matter for the questions only
//! that matter asks, then materials, check your answers, declaration. A
//! question shared by several matters is asked once, in the first step
//! that needs it; a conditional question sits with the answer it depends
//! on, so it can appear and disappear on the same page.

use crate::{FieldKey, FormSchema, MatterCode};
use serde::{Deserialize, Serialize};

/// Canonical key families that describe the applicant rather than a
/// matter: asked on the first step.
const APPLICANT_PREFIXES: [&str; 3] = ["applicant_", "enterprise_", "legal_rep_"];

pub fn is_applicant_field(key: &str) -> bool {
    APPLICANT_PREFIXES.iter().any(|p| key.starts_with(p))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "matter", rename_all = "snake_case")]
pub enum StepKind {
    Applicant,
    /// The questions of one matter.
    Matter(MatterCode),
    Materials,
    /// Check your answers, with a link back to every step.
    Check,
    Declaration,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// In URLs: `applicant`, `scjg-xk-001`, `materials`, `check`, `declaration`.
    pub slug: String,
    pub kind: StepKind,
    pub fields: Vec<FieldKey>,
}

impl Step {
    /// Steps whose answers are form fields (the others only show things).
    pub fn asks_questions(&self) -> bool {
        matches!(self.kind, StepKind::Applicant | StepKind::Matter(_))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wizard {
    pub steps: Vec<Step>,
}

impl Wizard {
    /// Plans the steps for `matters` (in the order the bundle lists them)
    /// whose merged form is `merged`.
    pub fn plan(matters: &[(&MatterCode, &FormSchema)], merged: &FormSchema) -> Self {
        let mut placed: Vec<FieldKey> = Vec::new();
        let mut steps = Vec::new();
        let take =
            |wanted: &mut dyn FnMut(&FieldKey) -> bool, placed: &mut Vec<FieldKey>| {
                let mut fields: Vec<FieldKey> = Vec::new();
                for spec in &merged.fields {
                    if placed.contains(&spec.key) || spec.visible_when.is_some() {
                        continue;
                    }
                    if wanted(&spec.key) {
                        fields.push(spec.key.clone());
                        // Conditional questions go right after their answer.
                        for dependent in merged.fields.iter().filter(|d| {
                            d.visible_when.as_ref().is_some_and(|c| c.field == spec.key)
                        }) {
                            fields.push(dependent.key.clone());
                        }
                    }
                }
                placed.extend(fields.iter().cloned());
                fields
            };
        let applicant = take(&mut |k| is_applicant_field(k.as_str()), &mut placed);
        if !applicant.is_empty() {
            steps.push(Step {
                slug: "applicant".into(),
                kind: StepKind::Applicant,
                fields: applicant,
            });
        }
        for (code, form) in matters {
            let fields = take(&mut |k| form.field(k.as_str()).is_some(), &mut placed);
            if !fields.is_empty() {
                steps.push(Step {
                    slug: code.as_str().to_ascii_lowercase(),
                    kind: StepKind::Matter((*code).clone()),
                    fields,
                });
            }
        }
        // Anything left (a condition on a field of another matter) is still asked.
        let rest = take(&mut |_| true, &mut placed);
        if let Some(last) = steps.iter_mut().rev().find(|s| s.asks_questions()) {
            last.fields.extend(rest);
        }
        for (slug, kind) in [
            ("materials", StepKind::Materials),
            ("check", StepKind::Check),
            ("declaration", StepKind::Declaration),
        ] {
            steps.push(Step {
                slug: slug.into(),
                kind,
                fields: Vec::new(),
            });
        }
        Self { steps }
    }

    pub fn position(&self, slug: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.slug == slug)
    }

    pub fn first(&self) -> &Step {
        &self.steps[0]
    }

    pub fn next(&self, slug: &str) -> Option<&Step> {
        self.position(slug).and_then(|i| self.steps.get(i + 1))
    }

    pub fn previous(&self, slug: &str) -> Option<&Step> {
        self.position(slug)
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.steps.get(i))
    }

    /// The step that asks `key` (a group cell `g.i.f` belongs to `g`).
    pub fn step_of_field(&self, key: &str) -> Option<&Step> {
        let top = key.split('.').next().unwrap_or(key);
        self.steps
            .iter()
            .find(|s| s.fields.iter().any(|f| f.as_str() == top))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{ChoiceOption, Condition, FieldKind, FieldSpec};
    use crate::{merge_forms, Localized};

    fn field(key: &str) -> FieldSpec {
        FieldSpec {
            key: FieldKey::parse(key).unwrap(),
            label: Localized::new(key, key),
            kind: FieldKind::Text { max_len: 30 },
            required: true,
            help: None,
            visible_when: None,
        }
    }

    fn form(keys: &[&str]) -> FormSchema {
        FormSchema {
            fields: keys.iter().map(|k| field(k)).collect(),
        }
    }

    fn slugs_and_fields(w: &Wizard) -> Vec<(String, Vec<String>)> {
        w.steps
            .iter()
            .map(|s| {
                (
                    s.slug.clone(),
                    s.fields.iter().map(|f| f.as_str().to_string()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn applicant_first_then_each_matter_asks_only_what_is_new() {
        let licence = form(&[
            "enterprise_name",
            "applicant_name",
            "business_scope",
            "business_address",
        ]);
        let food = form(&[
            "enterprise_name",
            "applicant_name",
            "business_address",
            "food_kinds",
        ]);
        let sign = form(&["applicant_name", "sign_text"]);
        let codes: Vec<MatterCode> = ["SCJG-XK-001", "SCJG-XK-004", "CG-XK-001"]
            .iter()
            .map(|c| MatterCode::parse(c).unwrap())
            .collect();
        let matters = [
            (&codes[0], &licence),
            (&codes[1], &food),
            (&codes[2], &sign),
        ];
        let merged = merge_forms(&[
            ("SCJG-XK-001", &licence),
            ("SCJG-XK-004", &food),
            ("CG-XK-001", &sign),
        ])
        .unwrap();
        let w = Wizard::plan(&matters, &merged);
        let s = |x: &[&str]| x.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        assert_eq!(
            slugs_and_fields(&w),
            vec![
                (
                    "applicant".into(),
                    s(&["applicant_name", "enterprise_name"])
                ),
                (
                    "scjg-xk-001".into(),
                    s(&["business_scope", "business_address"])
                ),
                ("scjg-xk-004".into(), s(&["food_kinds"])),
                ("cg-xk-001".into(), s(&["sign_text"])),
                ("materials".into(), vec![]),
                ("check".into(), vec![]),
                ("declaration".into(), vec![]),
            ]
        );
        // Every merged field is asked exactly once.
        let asked: usize = w.steps.iter().map(|s| s.fields.len()).sum();
        assert_eq!(asked, merged.fields.len());
        assert_eq!(w.next("scjg-xk-004").unwrap().slug, "cg-xk-001");
        assert_eq!(w.previous("applicant"), None);
        assert_eq!(w.step_of_field("food_kinds").unwrap().slug, "scjg-xk-004");
    }

    #[test]
    fn a_conditional_question_follows_its_answer() {
        let mut spouse = field("spouse_name");
        spouse.visible_when = Some(Condition {
            field: FieldKey::parse("marital_status").unwrap(),
            equals: "married".into(),
        });
        let mut status = field("marital_status");
        status.kind = FieldKind::Choice {
            options: vec![ChoiceOption {
                value: FieldKey::parse("married").unwrap(),
                label: Localized::new("已婚", "Married"),
            }],
            multiple: false,
        };
        let f = FormSchema {
            fields: vec![spouse, field("applicant_name"), status, field("income")],
        };
        let code = MatterCode::parse("MZ-1").unwrap();
        let w = Wizard::plan(&[(&code, &f)], &f);
        assert_eq!(
            slugs_and_fields(&w)[1],
            (
                "mz-1".into(),
                vec![
                    "marital_status".into(),
                    "spouse_name".into(),
                    "income".into()
                ]
            )
        );
        assert_eq!(w.step_of_field("spouse_name").unwrap().slug, "mz-1");
        assert_eq!(w.step_of_field("members.0.name"), None);
    }
}
