//! The guided application: drafts saved at every step, resumed by code on
//! any device, submitted once.

use crate::api::{
    AnswerText, ApplyTarget, CheckItem, CheckSection, DraftStepView, SavedDraftView, StepBody,
    StepLink,
};
use crate::errors::AppError;
use crate::services::catalog::{apply_subject, ApplySubject};
use crate::state::AppState;
use crate::visit::VisitToken;
use domain::form::split_cell_key;
use domain::{
    ApplicationNumber, FieldError, FieldKind, FieldSpec, FormSchema, Localized, ResumeCode, Step,
    StepKind, Wizard,
};
use rand::Rng;
use std::collections::BTreeMap;
use store::{DraftRecord, NewDraft, StoreError};

fn internal(e: StoreError) -> AppError {
    tracing::error!(error = %e, "store failure");
    AppError::Internal
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn random_hex(bytes: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..bytes)
        .map(|_| format!("{:02x}", rng.gen::<u8>()))
        .collect()
}

fn random_resume_code() -> ResumeCode {
    let mut rng = rand::thread_rng();
    ResumeCode::from_indices(std::array::from_fn(|_| {
        rng.gen_range(0..domain::application_number::ALPHABET.len() as u8)
    }))
}

/// Draft ids are 32 hex characters; anything else is not looked up.
fn is_draft_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A draft with what it applies for, resolved against the catalog.
pub struct DraftContext<'a> {
    pub draft: DraftRecord,
    pub target: ApplyTarget,
    pub subject: ApplySubject<'a>,
    pub wizard: Wizard,
}

impl DraftContext<'_> {
    fn step(&self, slug: &str) -> Result<&Step, AppError> {
        self.wizard
            .steps
            .iter()
            .find(|s| s.slug == slug)
            .ok_or(AppError::NotFound)
    }

    /// The questions of one step as a form of their own.
    fn step_schema(&self, step: &Step) -> FormSchema {
        FormSchema {
            fields: step
                .fields
                .iter()
                .filter_map(|k| self.subject.form.field(k.as_str()).cloned())
                .collect(),
        }
    }

    fn step_link(&self, step: &Step) -> StepLink {
        step_link(&self.subject, step)
    }

    /// The stored answers to one step's questions.
    fn answers_of(&self, step: &Step) -> Vec<(String, String)> {
        self.draft
            .answers
            .iter()
            .filter(|(k, _)| step.fields.iter().any(|f| f.as_str() == top_key(k)))
            .cloned()
            .collect()
    }

    /// Where to carry on: the first step still unanswered or with a
    /// problem, else "check your answers".
    fn first_open_step(&self) -> &Step {
        let steps = &self.wizard.steps;
        steps
            .iter()
            .find(|s| {
                s.asks_questions() && self.step_schema(s).validate(&self.answers_of(s)).is_err()
            })
            .or_else(|| steps.iter().find(|s| s.kind == StepKind::Check))
            .unwrap_or_else(|| self.wizard.first())
    }

    /// Rows shown for each group of a step: what was asked for, at least
    /// the rows already answered, at least one (and `min_rows`).
    fn rows(&self, schema: &FormSchema) -> BTreeMap<String, u8> {
        let mut rows = BTreeMap::new();
        for spec in &schema.fields {
            if let FieldKind::Group {
                min_rows, max_rows, ..
            } = &spec.kind
            {
                let key = spec.key.as_str();
                let answered = self
                    .draft
                    .answers
                    .iter()
                    .filter_map(|(k, _)| split_cell_key(k))
                    .filter(|(g, _, _)| *g == key)
                    .map(|(_, row, _)| row + 1)
                    .max()
                    .unwrap_or(0);
                let asked = self.draft.rows.get(key).copied().unwrap_or(0);
                let n = u32::from(asked)
                    .max(answered)
                    .max(u32::from(*min_rows))
                    .max(1)
                    .min(u32::from(*max_rows));
                rows.insert(key.to_string(), n as u8);
            }
        }
        rows
    }
}

fn plan(subject: &ApplySubject<'_>) -> Wizard {
    let forms: Vec<(&domain::MatterCode, &FormSchema)> =
        subject.matters.iter().map(|m| (&m.code, &m.form)).collect();
    Wizard::plan(&forms, &subject.form)
}

/// A step as the progress indicator names it.
fn step_link(subject: &ApplySubject<'_>, step: &Step) -> StepLink {
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

fn top_key(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

/// The draft `id` if it is open in `visitor`'s visit.
pub async fn load<'a>(
    state: &'a AppState,
    id: &str,
    visitor: &VisitToken,
) -> Result<DraftContext<'a>, AppError> {
    if !is_draft_id(id) {
        return Err(AppError::NotFound);
    }
    let draft = state
        .store
        .draft(id, now())
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if draft
        .holder
        .as_deref()
        .is_some_and(|h| h != visitor.as_str())
    {
        return Err(AppError::NotHeldHere);
    }
    context(state, draft)
}

fn context(state: &AppState, draft: DraftRecord) -> Result<DraftContext<'_>, AppError> {
    let target: ApplyTarget = serde_json::from_str(&draft.target).map_err(|e| {
        tracing::error!(error = %e, "draft target unreadable");
        AppError::Internal
    })?;
    // A matter or bundle withdrawn from the catalog ends its drafts.
    let subject = apply_subject(state, &target)?;
    let wizard = plan(&subject);
    Ok(DraftContext {
        draft,
        target,
        subject,
        wizard,
    })
}

pub fn start_view(
    state: &AppState,
    target: ApplyTarget,
) -> Result<crate::api::ApplyStart, AppError> {
    let subject = apply_subject(state, &target)?;
    let wizard = plan(&subject);
    let steps = wizard
        .steps
        .iter()
        .map(|s| step_link(&subject, s))
        .collect();
    Ok(crate::api::ApplyStart {
        name: subject.name.clone(),
        matters: subject
            .matters
            .iter()
            .map(|m| (m.code.to_string(), m.name.clone()))
            .collect(),
        steps,
        target,
    })
}

/// A new, empty draft for `target`; returns the path of its first step.
pub async fn start(
    state: &AppState,
    target: &ApplyTarget,
    visitor: &VisitToken,
) -> Result<String, AppError> {
    let subject = apply_subject(state, target)?;
    let first = plan(&subject).first().slug.clone();
    let now = now();
    let draft = state
        .store
        .create_draft(
            NewDraft {
                id: random_hex(16),
                target: serde_json::to_string(target).map_err(|_| AppError::Internal)?,
                submission_key: random_hex(16),
                now,
                expires_at: now + state.draft_ttl.as_secs() as i64,
                holder: visitor.as_str().to_string(),
            },
            random_resume_code,
        )
        .await
        .map_err(internal)?;
    tracing::info!(target = target.code(), "draft started");
    Ok(step_path(&draft.id, &first))
}

pub fn step_path(id: &str, slug: &str) -> String {
    format!("/drafts/{id}/{slug}")
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

/// Saves what a step posted and says where to go next. Answers are kept
/// even when wrong (the step is shown again with its problems); a payload
/// no form of this step could send is refused and not stored.
pub async fn save_step(
    state: &AppState,
    id: &str,
    visitor: &VisitToken,
    slug: &str,
    pairs: Vec<(String, String)>,
) -> Result<String, AppError> {
    let ctx = load(state, id, visitor).await?;
    if let Some(number) = &ctx.draft.application_number {
        return Err(AppError::AlreadySubmitted(number.as_str().to_string()));
    }
    let step = ctx.step(slug)?;
    let (controls, mut answers): (Vec<_>, Vec<_>) =
        pairs.into_iter().partition(|(k, _)| k.starts_with('_'));
    let action = controls
        .iter()
        .find(|(k, _)| k == "_action")
        .map(|(_, v)| v.as_str())
        .unwrap_or("next");
    let action = StepAction::parse(action).ok_or_else(|| {
        tracing::warn!(step = slug, "refused step post: unknown action");
        AppError::Invalid(vec![FieldError::new(
            "_action",
            domain::FieldProblem::Unknown,
        )])
    })?;
    let schema = ctx.step_schema(step);
    let problems = match schema.validate(&answers) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    };
    let tampered: Vec<&str> = problems
        .iter()
        .filter(|e| e.is_tampering())
        .map(|e| e.key.as_str())
        .collect();
    if !tampered.is_empty() {
        tracing::warn!(step = slug, fields = ?tampered, "refused tampered step");
        return Err(AppError::Invalid(
            problems
                .into_iter()
                .filter(FieldError::is_tampering)
                .collect(),
        ));
    }
    let mut rows = ctx.rows(&schema);
    match &action {
        StepAction::AddRow(group) => {
            let max = match schema.field(group).map(|f| &f.kind) {
                Some(FieldKind::Group { max_rows, .. }) => *max_rows,
                _ => return Err(AppError::NotFound),
            };
            let n = rows.entry(group.clone()).or_insert(1);
            *n = (*n + 1).min(max);
        }
        StepAction::RemoveRow(group, removed) => {
            if !rows.contains_key(group) {
                return Err(AppError::NotFound);
            }
            answers = remove_row(answers, group, *removed);
            if let Some(n) = rows.get_mut(group) {
                *n = n.saturating_sub(1).max(1);
            }
        }
        _ => {}
    }
    let step_keys: Vec<&str> = step.fields.iter().map(|f| f.as_str()).collect();
    let mut stored: Vec<(String, String)> = ctx
        .draft
        .answers
        .iter()
        .filter(|(k, _)| !step_keys.contains(&top_key(k)))
        .cloned()
        .collect();
    stored.extend(answers);
    let mut all_rows = ctx.draft.rows.clone();
    all_rows.extend(rows);
    let now = now();
    let saved = state
        .store
        .save_draft_answers(
            id,
            &stored,
            &all_rows,
            now,
            now + state.draft_ttl.as_secs() as i64,
        )
        .await
        .map_err(internal)?;
    if !saved {
        // Submitted or expired between the load and the save.
        return Err(AppError::NotFound);
    }
    let here = step_path(id, slug);
    Ok(match action {
        StepAction::Next if !problems.is_empty() => format!("{here}?check=1"),
        StepAction::Next => match ctx.wizard.next(slug) {
            Some(next) => step_path(id, &next.slug),
            None => here,
        },
        StepAction::Back => match ctx.wizard.previous(slug) {
            Some(prev) => step_path(id, &prev.slug),
            None => here,
        },
        StepAction::SaveForLater => format!("/drafts/{id}/saved"),
        StepAction::AddRow(group) | StepAction::RemoveRow(group, _) => {
            format!("{here}#field-{group}")
        }
    })
}

/// Drops row `removed` of `group` and renumbers the rows after it.
fn remove_row(answers: Vec<(String, String)>, group: &str, removed: u32) -> Vec<(String, String)> {
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

/// The page of one step. `check`: show the problems of the stored answers.
pub async fn step_view(
    state: &AppState,
    id: &str,
    visitor: &VisitToken,
    slug: &str,
    check: bool,
) -> Result<DraftStepView, AppError> {
    let ctx = load(state, id, visitor).await?;
    if let Some(number) = &ctx.draft.application_number {
        return Err(AppError::AlreadySubmitted(number.as_str().to_string()));
    }
    let step = ctx.step(slug)?;
    let current = ctx.wizard.position(slug).unwrap_or(0);
    let body = match &step.kind {
        StepKind::Applicant | StepKind::Matter(_) => {
            let schema = ctx.step_schema(step);
            let values = ctx.answers_of(step);
            let errors = if check {
                schema.validate(&values).err().unwrap_or_default()
            } else {
                Vec::new()
            };
            StepBody::Questions {
                rows: ctx.rows(&schema).into_iter().collect(),
                fields: schema.fields,
                values,
                errors,
            }
        }
        StepKind::Materials => {
            let matters: Vec<&domain::Matter> = ctx.subject.matters.clone();
            let guide = domain::catalog::merge_guides(&matters);
            let name_of = |code: &domain::MatterCode| {
                matters
                    .iter()
                    .find(|m| &m.code == code)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| Localized::new(code.as_str(), code.as_str()))
            };
            StepBody::Materials {
                materials: guide
                    .materials
                    .into_iter()
                    .map(|m| {
                        let needed_by = m.needed_by.iter().map(name_of).collect();
                        (m.material, needed_by)
                    })
                    .collect(),
                several_matters: matters.len() > 1,
            }
        }
        StepKind::Check => check_body(&ctx),
        StepKind::Declaration => StepBody::Declaration {
            missing_tick: check,
        },
    };
    Ok(DraftStepView {
        draft_id: ctx.draft.id.clone(),
        name: ctx.subject.name.clone(),
        matters: ctx.subject.matters.iter().map(|m| m.name.clone()).collect(),
        steps: ctx.wizard.steps.iter().map(|s| ctx.step_link(s)).collect(),
        current,
        resume_code: ctx.draft.resume_code.to_string(),
        body,
    })
}

/// Every answer by step, with the problems of the whole form.
fn check_body(ctx: &DraftContext<'_>) -> StepBody {
    let errors = ctx
        .subject
        .form
        .validate(&ctx.draft.answers)
        .err()
        .unwrap_or_default();
    let problem_of = |key: &str| {
        errors
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.problem.clone())
    };
    let raw = |key: &str| -> Option<String> {
        let vs: Vec<&str> = ctx
            .draft
            .answers
            .iter()
            .filter(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
            .collect();
        (!vs.is_empty()).then(|| vs.join(","))
    };
    let sections = ctx
        .wizard
        .steps
        .iter()
        .filter(|s| s.asks_questions())
        .map(|step| {
            let mut items = Vec::new();
            for key in &step.fields {
                let Some(spec) = ctx.subject.form.field(key.as_str()) else {
                    continue;
                };
                if !spec.is_visible(&raw) {
                    continue;
                }
                if let FieldKind::Group { fields, .. } = &spec.kind {
                    let rows = ctx.rows(&FormSchema {
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
                step: ctx.step_link(step),
                items,
            }
        })
        .collect();
    StepBody::Check {
        sections,
        problems: errors.len(),
    }
}

fn answer_text(spec: &FieldSpec, raw: Option<String>) -> AnswerText {
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

pub enum SubmitOutcome {
    Submitted(ApplicationNumber),
    /// The declaration was not ticked.
    NotDeclared,
    /// Something must still be corrected (the check page lists it).
    Problems,
}

/// Submits the draft once: a repeated or concurrent submit of the same
/// draft gets the same application (the draft's idempotency key).
pub async fn submit(
    state: &AppState,
    id: &str,
    visitor: &VisitToken,
    declared: bool,
) -> Result<SubmitOutcome, AppError> {
    let ctx = load(state, id, visitor).await?;
    if let Some(number) = ctx.draft.application_number.clone() {
        return Ok(SubmitOutcome::Submitted(number));
    }
    if !declared {
        return Ok(SubmitOutcome::NotDeclared);
    }
    let number = match crate::services::applications::submit(
        state,
        &ctx.target,
        &ctx.draft.submission_key,
        ctx.draft.answers.clone(),
        Some(id),
    )
    .await
    {
        Ok(number) => number,
        Err(AppError::Invalid(_)) => return Ok(SubmitOutcome::Problems),
        Err(e) => return Err(e),
    };
    // The same commit marked the draft submitted and wiped its answers.
    Ok(SubmitOutcome::Submitted(number))
}

pub enum ResumeOutcome {
    Found(String),
    Malformed(domain::ResumeCodeError),
    NotFound,
}

/// Where a resume code leads: the draft's first step that still has a
/// problem or has not been answered, else the check page.
/// The draft is then open in `visitor`'s visit only.
pub async fn resume(
    state: &AppState,
    code: &str,
    visitor: &VisitToken,
) -> Result<ResumeOutcome, AppError> {
    let code = match ResumeCode::parse(code) {
        Ok(c) => c,
        Err(e) => return Ok(ResumeOutcome::Malformed(e)),
    };
    let Some(draft) = state
        .store
        .draft_by_resume_code(&code, now())
        .await
        .map_err(internal)?
    else {
        return Ok(ResumeOutcome::NotFound);
    };
    if draft.is_submitted() {
        return Ok(ResumeOutcome::NotFound);
    }
    let ctx = context(state, draft)?;
    let slug = ctx.first_open_step().slug.clone();
    state
        .store
        .hand_over_draft(&ctx.draft.id, visitor.as_str())
        .await
        .map_err(internal)?;
    tracing::info!("draft resumed by code");
    Ok(ResumeOutcome::Found(step_path(&ctx.draft.id, &slug)))
}

pub async fn saved_view(
    state: &AppState,
    id: &str,
    visitor: &VisitToken,
) -> Result<SavedDraftView, AppError> {
    let ctx = load(state, id, visitor).await?;
    if let Some(number) = &ctx.draft.application_number {
        return Err(AppError::AlreadySubmitted(number.as_str().to_string()));
    }
    let resume_url = format!(
        "{}/resume/{}",
        state.public_base_url.trim_end_matches('/'),
        ctx.draft.resume_code.as_str()
    );
    let expires_on = chrono::DateTime::from_timestamp(ctx.draft.expires_at, 0)
        .map(|t| {
            t.with_timezone(&crate::services::applications::hall_offset())
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default();
    let continue_step = ctx.first_open_step().slug.clone();
    Ok(SavedDraftView {
        draft_id: ctx.draft.id.clone(),
        name: ctx.subject.name.clone(),
        resume_code: ctx.draft.resume_code.to_string(),
        qr_svg: crate::services::applications::qr_svg(&resume_url)?,
        resume_url,
        expires_on,
        continue_step,
    })
}

/// The citizen's "delete draft": everything typed is erased at once.
pub async fn delete(state: &AppState, id: &str, visitor: &VisitToken) -> Result<(), AppError> {
    load(state, id, visitor).await?;
    if state.store.delete_draft(id).await.map_err(internal)? {
        tracing::info!("draft deleted by its applicant");
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_parsed_strictly() {
        assert_eq!(StepAction::parse("next"), Some(StepAction::Next));
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
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
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
}
