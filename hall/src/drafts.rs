//! The guided application: drafts saved at every step, resumed by code on
//! any device, submitted once.

use crate::applications::SubmitError;
use crate::ports::{DraftRecord, NewDraft, StorageError};
use crate::Hall;
use domain::draft::{answers_of, remove_row, replace_step_answers, rows_shown};
use domain::{
    ApplicationNumber, ApplySubject, ApplyTarget, CalendarDay, DraftId, FieldError, FieldKind,
    FieldProblem, ResumeCode, ResumeCodeError, Step, StepAction, SubmissionKey, VisitToken,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Resume codes drawn per new draft (30⁷ codes: a clash is rare).
const RESUME_CODE_CANDIDATES: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// No such draft (or step): never existed, expired, deleted, or its
    /// matter left the catalog.
    #[error("no such draft or step")]
    NotFound,
    /// Open in another visit (continued elsewhere, or this kiosk visit
    /// ended): only its resume code opens it here.
    #[error("the draft is open in another visit")]
    NotHeldHere,
    #[error("the draft was submitted as {0}")]
    AlreadySubmitted(ApplicationNumber),
    /// A post no form of this step could send (unknown fields or action):
    /// refused, nothing stored.
    #[error("refused a tampered post ({} field(s))", .0.len())]
    Refused(Vec<FieldError>),
    #[error("submission key reused with different content")]
    KeyReused,
    #[error("draft storage failed")]
    Storage(#[from] StorageError),
}

/// A draft with what it applies for, resolved against the catalog.
#[derive(Clone, Debug)]
pub struct OpenDraft {
    pub draft: DraftRecord,
    pub subject: Arc<ApplySubject>,
    /// The hall's day when it was opened: birth dates may not be after it.
    pub today: CalendarDay,
}

impl OpenDraft {
    pub fn step(&self, slug: &str) -> Result<&Step, DraftError> {
        self.subject.wizard.step(slug).ok_or(DraftError::NotFound)
    }

    /// Rows shown for each group of `schema` (a step's or one field's).
    pub fn rows(&self, schema: &domain::FormSchema) -> BTreeMap<String, u8> {
        rows_shown(schema, &self.draft.answers, &self.draft.rows)
    }

    /// Where to carry on: the first step still open, else the check page.
    pub fn first_open_step(&self) -> &Step {
        self.subject.wizard.first_open_step(
            &self.subject.form,
            &self.draft.answers,
            &self.draft.saved_steps,
            self.today,
        )
    }

    /// Done: a step of questions saved and without problems; another step
    /// (materials, check) once every step before it is.
    pub fn step_done(&self, step: &Step) -> bool {
        let wizard = &self.subject.wizard;
        if step.asks_questions() {
            return self.draft.saved_steps.contains(&step.slug)
                && wizard
                    .step_schema(step, &self.subject.form)
                    .validate(&answers_of(&self.draft.answers, step), self.today)
                    .is_ok();
        }
        let first_open = wizard.position(&self.first_open_step().slug);
        wizard.position(&step.slug) < first_open
    }

    fn unsubmitted(self) -> Result<Self, DraftError> {
        match &self.draft.application_number {
            Some(number) => Err(DraftError::AlreadySubmitted(number.clone())),
            None => Ok(self),
        }
    }
}

/// Where the citizen goes after posting a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterStep {
    /// To a step of the draft; `show_problems`: the step had some.
    Step {
        slug: String,
        show_problems: bool,
        /// A group whose rows changed: the page scrolls back to it.
        group: Option<String>,
        /// Came from "change" on the check page: once right, back there.
        returning_to_check: bool,
    },
    /// "Save and finish later": the page with the resume code.
    SavedForLater,
    /// "Save" on a form staff fill for an applicant: back to the desk's
    /// panel for it (its resume code would move it to nobody).
    BackToAssistPanel,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftSubmission {
    Submitted(ApplicationNumber),
    /// The declaration was not ticked.
    NotDeclared,
    /// Something must still be corrected (the check page lists it).
    Problems,
    /// Filled by staff (帮你办): only the applicant's confirmation submits.
    AwaitsApplicant,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResumeOutcome {
    /// Now open in the visit that typed the code, at this step.
    Found {
        id: DraftId,
        step: String,
    },
    Malformed(ResumeCodeError),
    NotFound,
}

impl Hall {
    pub(crate) fn expiry_from(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> chrono::DateTime<chrono::Utc> {
        now + chrono::Duration::from_std(self.draft_ttl).unwrap_or(chrono::Duration::days(7))
    }

    pub(crate) fn resolve(&self, draft: DraftRecord) -> Result<OpenDraft, DraftError> {
        // A matter or bundle withdrawn from the catalog ends its drafts.
        let subject = self
            .catalog
            .subject(&draft.target)
            .ok_or(DraftError::NotFound)?;
        Ok(OpenDraft {
            draft,
            subject,
            today: domain::time::hall_date(self.clock.now()).into(),
        })
    }

    /// A new, empty draft for `target`, open in `holder`'s visit (filled
    /// by staff for an applicant when `assisted_by` names them).
    pub(crate) async fn new_draft(
        &self,
        target: &ApplyTarget,
        holder: &VisitToken,
        assisted_by: Option<String>,
    ) -> Result<DraftRecord, DraftError> {
        let now = self.clock.now();
        Ok(self
            .storage
            .create_draft(NewDraft {
                id: DraftId::from_bits(self.ids.bits()),
                target: target.clone(),
                submission_key: SubmissionKey::from_bits(self.ids.bits()),
                now,
                expires_at: self.expiry_from(now),
                holder: holder.clone(),
                resume_codes: (0..RESUME_CODE_CANDIDATES)
                    .map(|_| ResumeCode::from_indices(self.code_indices()))
                    .collect(),
                assisted_by,
            })
            .await?)
    }

    /// A new, empty draft for `target`, open in `visitor`'s visit; returns
    /// it with the slug of its first step.
    pub async fn start_draft(
        &self,
        target: &ApplyTarget,
        visitor: &VisitToken,
    ) -> Result<(DraftId, String), DraftError> {
        let subject = self.catalog.subject(target).ok_or(DraftError::NotFound)?;
        let draft = self.new_draft(target, visitor, None).await?;
        tracing::info!(target = target.code(), "draft started");
        Ok((draft.id, subject.wizard.first().slug.clone()))
    }

    /// The draft `id` (as it came in a URL) if it is open in `visitor`'s
    /// visit, submitted or not.
    pub async fn open_draft(
        &self,
        id: &str,
        visitor: &VisitToken,
    ) -> Result<OpenDraft, DraftError> {
        let id = DraftId::parse(id).ok_or(DraftError::NotFound)?;
        let draft = self
            .storage
            .draft(&id, self.clock.now())
            .await?
            .ok_or(DraftError::NotFound)?;
        if draft.holder.as_ref().is_some_and(|h| h != visitor) {
            return Err(DraftError::NotHeldHere);
        }
        self.resolve(draft)
    }

    /// As [`Hall::open_draft`], refusing a submitted draft (its pages now
    /// lead to the receipt).
    pub async fn open_unsubmitted_draft(
        &self,
        id: &str,
        visitor: &VisitToken,
    ) -> Result<OpenDraft, DraftError> {
        self.open_draft(id, visitor).await?.unsubmitted()
    }

    /// Saves what a step posted and says where to go next. Answers are
    /// kept even when wrong (the step is shown again with its problems);
    /// a payload no form of this step could send is refused and not stored.
    pub async fn save_step(
        &self,
        id: &str,
        visitor: &VisitToken,
        slug: &str,
        pairs: Vec<(String, String)>,
    ) -> Result<AfterStep, DraftError> {
        let open = self.open_unsubmitted_draft(id, visitor).await?;
        let step = open.step(slug)?;
        let (controls, mut answers): (Vec<_>, Vec<_>) =
            pairs.into_iter().partition(|(k, _)| k.starts_with('_'));
        let action = controls
            .iter()
            .find(|(k, _)| k == "_action")
            .map(|(_, v)| v.as_str())
            .unwrap_or("next");
        // "Change" on the check page: saving goes back there (GOV.UK's
        // check-answers pattern), not on through the later steps.
        let returning_to_check = controls.iter().any(|(k, v)| k == "_return" && v == "check");
        let action = StepAction::parse(action).ok_or_else(|| {
            tracing::warn!(step = slug, "refused step post: unknown action");
            DraftError::Refused(vec![FieldError::new("_action", FieldProblem::Unknown)])
        })?;
        let schema = open.subject.wizard.step_schema(step, &open.subject.form);
        let problems = schema
            .validate(&answers, open.today)
            .err()
            .unwrap_or_default();
        if problems.iter().any(FieldError::is_tampering) {
            let tampered: Vec<FieldError> = problems
                .into_iter()
                .filter(FieldError::is_tampering)
                .collect();
            let keys: Vec<&str> = tampered.iter().map(|e| e.key.as_str()).collect();
            tracing::warn!(step = slug, fields = ?keys, "refused tampered step");
            return Err(DraftError::Refused(tampered));
        }
        let mut rows = open.rows(&schema);
        match &action {
            StepAction::AddRow(group) => {
                let max = match schema.field(group).map(|f| &f.kind) {
                    Some(FieldKind::Group { max_rows, .. }) => *max_rows,
                    _ => return Err(DraftError::NotFound),
                };
                let n = rows.entry(group.clone()).or_insert(1);
                *n = (*n + 1).min(max);
            }
            StepAction::RemoveRow(group, removed) => {
                if !rows.contains_key(group) {
                    return Err(DraftError::NotFound);
                }
                answers = remove_row(answers, group, *removed);
                if let Some(n) = rows.get_mut(group) {
                    *n = n.saturating_sub(1).max(1);
                }
            }
            _ => {}
        }
        // Codes typed the way input methods type them are kept canonical.
        let answers = schema.canonical_codes(answers, open.today);
        let stored = replace_step_answers(&open.draft.answers, step, answers);
        let mut all_rows = open.draft.rows.clone();
        all_rows.extend(rows);
        let mut saved_steps = open.draft.saved_steps.clone();
        saved_steps.insert(step.slug.clone());
        let now = self.clock.now();
        let saved = self
            .storage
            .save_draft_answers(
                &open.draft.id,
                &stored,
                &all_rows,
                &saved_steps,
                now,
                self.expiry_from(now),
            )
            .await?;
        if !saved {
            // Submitted or expired between the load and the save.
            return Err(DraftError::NotFound);
        }
        let wizard = &open.subject.wizard;
        let go = |s: Option<&Step>| AfterStep::Step {
            slug: s.map_or(slug, |s| s.slug.as_str()).to_string(),
            show_problems: false,
            group: None,
            returning_to_check: false,
        };
        let here = |show_problems: bool, group: Option<String>| AfterStep::Step {
            slug: slug.to_string(),
            show_problems,
            group,
            returning_to_check,
        };
        Ok(match action {
            StepAction::Next if !problems.is_empty() => here(true, None),
            StepAction::Next if returning_to_check => go(wizard.step("check")),
            StepAction::Next => go(wizard.next(slug)),
            StepAction::Back => go(wizard.previous(slug)),
            StepAction::SaveForLater if open.draft.assisted_by.is_some() => {
                AfterStep::BackToAssistPanel
            }
            StepAction::SaveForLater => AfterStep::SavedForLater,
            StepAction::AddRow(group) | StepAction::RemoveRow(group, _) => here(false, Some(group)),
        })
    }

    /// Submits the draft once: a repeated or concurrent submit of the same
    /// draft gets the same application (the draft's idempotency key).
    pub async fn submit_draft(
        &self,
        id: &str,
        visitor: &VisitToken,
        declared: bool,
        channel: domain::trip::Channel,
    ) -> Result<DraftSubmission, DraftError> {
        let open = self.open_draft(id, visitor).await?;
        if let Some(number) = open.draft.application_number {
            return Ok(DraftSubmission::Submitted(number));
        }
        if open.draft.assisted_by.is_some() {
            return Ok(DraftSubmission::AwaitsApplicant);
        }
        if !declared {
            return Ok(DraftSubmission::NotDeclared);
        }
        let submitted = self
            .submit(
                &open.subject,
                &open.draft.submission_key,
                &open.draft.answers,
                Some(&open.draft.id),
                channel,
            )
            .await;
        // The same commit marked the draft submitted and wiped its answers.
        match submitted {
            Ok(record) => Ok(DraftSubmission::Submitted(record.number)),
            Err(SubmitError::Invalid(_)) => Ok(DraftSubmission::Problems),
            Err(SubmitError::KeyReused) => Err(DraftError::KeyReused),
            Err(SubmitError::Storage(e)) => Err(DraftError::Storage(e)),
        }
    }

    /// Where a resume code leads: the draft's first step that still has a
    /// problem or has not been answered, else the check page. The draft is
    /// then open in `visitor`'s visit only.
    pub async fn resume(
        &self,
        code: &str,
        visitor: &VisitToken,
    ) -> Result<ResumeOutcome, DraftError> {
        let code = match ResumeCode::parse(code) {
            Ok(c) => c,
            Err(e) => return Ok(ResumeOutcome::Malformed(e)),
        };
        let Some(draft) = self
            .storage
            .draft_by_resume_code(&code, self.clock.now())
            .await?
        else {
            return Ok(ResumeOutcome::NotFound);
        };
        // A form staff fill for an applicant stays at their desk.
        if draft.is_submitted() || draft.assisted_by.is_some() {
            return Ok(ResumeOutcome::NotFound);
        }
        let open = match self.resolve(draft) {
            Ok(open) => open,
            Err(DraftError::NotFound) => return Ok(ResumeOutcome::NotFound),
            Err(e) => return Err(e),
        };
        let step = open.first_open_step().slug.clone();
        self.storage
            .hand_over_draft(&open.draft.id, visitor)
            .await?;
        tracing::info!("draft resumed by code");
        Ok(ResumeOutcome::Found {
            id: open.draft.id,
            step,
        })
    }

    /// The citizen's "delete draft": everything typed is erased at once.
    pub async fn delete_draft(&self, id: &str, visitor: &VisitToken) -> Result<(), DraftError> {
        let open = self.open_draft(id, visitor).await?;
        if self.storage.delete_draft(&open.draft.id).await? {
            tracing::info!("draft deleted by its applicant");
            Ok(())
        } else {
            Err(DraftError::NotFound)
        }
    }

    /// The answers of one step of an open draft.
    pub fn step_answers(open: &OpenDraft, step: &Step) -> domain::Answers {
        answers_of(&open.draft.answers, step)
    }
}
