//! The pages of the guided application, from an open draft.

use crate::errors::AppError;
use crate::models::{
    AnswerText, CheckItem, CheckSection, DraftStepView, FileView, SavedDraftView, SlotState,
    SlotView, StepBody, StepLink,
};
use crate::urls;
use domain::{ApplySubject, FieldKind, FieldSpec, FormSchema, Localized, Step, StepKind};
use hall::{Hall, OpenDraft};

/// A step as the progress indicator names it.
pub fn step_link(subject: &ApplySubject, step: &Step) -> StepLink {
    StepLink {
        slug: step.slug.clone(),
        kind: step.kind.clone(),
        matter_name: match &step.kind {
            StepKind::Matter(code) => subject
                .matters
                .iter()
                .find(|m| &m.code == code)
                .map(|m| m.name.clone()),
            _ => None,
        },
    }
}

/// The page of one step. `check`: show the problems of the stored answers.
pub fn step_view(
    open: &OpenDraft,
    slug: &str,
    check: bool,
    materials: Option<hall::DraftMaterials>,
) -> Result<DraftStepView, AppError> {
    let subject = &open.subject;
    let wizard = &subject.wizard;
    let step = open.step(slug)?;
    let body = match &step.kind {
        StepKind::Applicant | StepKind::Matter(_) => {
            let schema = wizard.step_schema(step, &subject.form);
            let values = Hall::step_answers(open, step);
            let errors = if check {
                schema
                    .validate(&values, open.today)
                    .err()
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            StepBody::Questions {
                rows: open.rows(&schema).into_iter().collect(),
                fields: schema.fields,
                values,
                errors,
            }
        }
        StepKind::Materials => {
            let matters: Vec<&domain::Matter> = subject.matters.iter().collect();
            let name_of = |code: &domain::MatterCode| {
                matters
                    .iter()
                    .find(|m| &m.code == code)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| Localized::new(code.as_str(), code.as_str()))
            };
            let m = materials.ok_or(AppError::Internal)?;
            let id = open.draft.id.as_str();
            StepBody::Materials {
                slots: m
                    .slots
                    .into_iter()
                    .map(|slot| slot_view(&slot, &name_of, |f| urls::draft_file(id, f)))
                    .collect(),
                several_matters: matters.len() > 1,
                bytes_used: m.bytes_used,
                bytes_per_file: m.limits.bytes_per_file,
                bytes_per_application: m.limits.bytes_per_application,
                handoff: None,
            }
        }
        StepKind::Check => check_body(open),
        StepKind::Declaration => StepBody::Declaration {
            missing_tick: check,
        },
    };
    Ok(DraftStepView {
        draft_id: open.draft.id.as_str().to_string(),
        name: subject.name.clone(),
        matters: subject.matters.iter().map(|m| m.name.clone()).collect(),
        steps: wizard.steps.iter().map(|s| step_link(subject, s)).collect(),
        current: wizard.position(slug).unwrap_or(0),
        reached: wizard.position(&open.first_open_step().slug).unwrap_or(0),
        done: wizard.steps.iter().map(|s| open.step_done(s)).collect(),
        // A form staff fill stays at their desk: its code would open it
        // nowhere, so it is not shown.
        resume_code: if open.draft.assisted_by.is_some() {
            String::new()
        } else {
            open.draft.resume_code.to_string()
        },
        today: open.today.to_string(),
        body,
        assisted: open
            .draft
            .assisted_by
            .as_ref()
            .map(|_| urls::staff_assist(open.draft.id.as_str())),
    })
}

/// Every answer by step, with the problems of the whole form.
pub(crate) fn check_body(open: &OpenDraft) -> StepBody {
    let subject = &open.subject;
    let answers = &open.draft.answers;
    let errors = subject
        .form
        .validate(answers, open.today)
        .err()
        .unwrap_or_default();
    let problem_of = |key: &str| {
        errors
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.problem.clone())
    };
    let raw = |key: &str| -> Option<String> {
        let vs: Vec<&str> = answers
            .iter()
            .filter(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
            .collect();
        (!vs.is_empty()).then(|| vs.join(","))
    };
    let sections = subject
        .wizard
        .steps
        .iter()
        .filter(|s| s.asks_questions())
        .map(|step| {
            let mut items = Vec::new();
            for key in &step.fields {
                let Some(spec) = subject.form.field(key.as_str()) else {
                    continue;
                };
                if !spec.is_visible(&raw) {
                    continue;
                }
                if let FieldKind::Group { fields, .. } = &spec.kind {
                    let rows = open.rows(&FormSchema {
                        fields: vec![spec.clone()],
                    });
                    let n = rows.get(key.as_str()).copied().unwrap_or(1);
                    let cell = |row: u32, sub: &FieldSpec| {
                        format!("{}.{row}.{}", key.as_str(), sub.key.as_str())
                    };
                    let mut listed = 0;
                    for row in 0..u32::from(n) {
                        // An empty row is dropped on submit: not listed either.
                        if fields.iter().all(|sub| raw(&cell(row, sub)).is_none()) {
                            continue;
                        }
                        listed += 1;
                        for sub in fields {
                            let label = Localized::new(
                                format!("{} 第{}条 · {}", spec.label.zh, listed, sub.label.zh),
                                format!("{} {} · {}", spec.label.en, listed, sub.label.en),
                            );
                            items.push(CheckItem {
                                label,
                                answer: answer_text(sub, raw(&cell(row, sub))),
                                problem: problem_of(&cell(row, sub)),
                            });
                        }
                    }
                    let problem = problem_of(key.as_str());
                    if listed == 0 || problem.is_some() {
                        items.push(CheckItem {
                            label: spec.label.clone(),
                            answer: AnswerText::NotAnswered,
                            problem,
                        });
                    }
                    continue;
                }
                items.push(CheckItem {
                    label: spec.label.clone(),
                    answer: answer_text(spec, raw(key.as_str())),
                    problem: problem_of(key.as_str()),
                });
            }
            CheckSection {
                step: step_link(subject, step),
                items,
            }
        })
        .collect();
    StepBody::Check {
        sections,
        problems: errors.len(),
    }
}

pub(crate) fn answer_text(spec: &FieldSpec, raw: Option<String>) -> AnswerText {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return AnswerText::NotAnswered;
    };
    match &spec.kind {
        FieldKind::Choice { options, .. } => AnswerText::Options(
            options
                .iter()
                .filter(|o| raw.split(',').any(|p| p.trim() == o.value.as_str()))
                .map(|o| o.label.clone())
                .collect(),
        ),
        _ => AnswerText::Text(raw.trim().to_string()),
    }
}

/// The saved-draft page: the code, a QR that opens the draft on a phone,
/// and until when it is kept.
pub fn saved_view(open: &OpenDraft, public_base_url: &str) -> Result<SavedDraftView, AppError> {
    let code = &open.draft.resume_code;
    let resume_url = urls::public(public_base_url, &urls::resume(code.as_str()));
    Ok(SavedDraftView {
        draft_id: open.draft.id.as_str().to_string(),
        name: open.subject.name.clone(),
        resume_code: code.to_string(),
        qr_svg: super::qr::qr_svg(&resume_url)?,
        resume_url,
        expires_on: domain::time::hall_date(open.draft.expires_at).to_string(),
        continue_step: open.first_open_step().slug.clone(),
    })
}

/// A material slot as the wizard (and the phone's upload page) shows it.
pub fn slot_view(
    slot: &hall::MaterialSlot,
    name_of: &dyn Fn(&domain::MatterCode) -> Localized,
    href: impl Fn(&str) -> String,
) -> SlotView {
    SlotView {
        material: slot.material.clone(),
        needed_by: slot.needed_by.iter().map(name_of).collect(),
        files: slot.files.iter().map(|f| file_view(f, &href)).collect(),
        state: match slot.state() {
            hall::SlotState::Uploaded(n) => SlotState::Uploaded(n),
            hall::SlotState::AtWindow => SlotState::AtWindow,
            hall::SlotState::Missing => SlotState::Missing,
            hall::SlotState::Optional => SlotState::Optional,
            hall::SlotState::SuppliedByHall => SlotState::SuppliedByHall,
        },
        supplied: slot
            .supplied
            .as_ref()
            .map(|code| crate::urls::verify(code.as_str())),
    }
}

pub fn file_view(f: &hall::ports::MaterialFileRecord, href: impl Fn(&str) -> String) -> FileView {
    FileView {
        id: f.id.as_str().to_string(),
        name: f.name.clone(),
        kind: f.kind,
        bytes: f.bytes,
        href: href(f.id.as_str()),
    }
}
