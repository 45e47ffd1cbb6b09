//! 并联审批: acceptance hands every department its part at once; each
//! reviewer sees only their department's tasks and, in them, only what the
//! catalog lets their part see; the application's outcome follows from all
//! the tasks together (`domain::review::outcome`). Corrections asked by
//! several departments go out as one notice, through the front desk.
//!
//! Every change is read, computed here, and written with the review
//! version it was read at: of two departments deciding at once, the second
//! write finds the version moved, reads again and recomputes (so the last
//! approval always sees the others and moves the application).

use crate::authz::forbidden;
use crate::authz::StaffError;
use crate::ports::{
    no_due_date, NewReviewTask, ReviewChange, ReviewChangeOutcome, ReviewFile, ReviewTaskRecord,
    ReviewTaskState, StaffApplication,
};
use crate::Hall;
use chrono::{DateTime, NaiveDate, Utc};
use domain::audit::AuditRecord;
use domain::catalog::{Matter, ReviewPart, SpecialStep};
use domain::deadline::{Deadline, DeadlineState};
use domain::review::{
    outcome, Extension, ReviewDecision, ReviewDecisionForm, ReviewMove, ReviewOutcome, ReviewStatus,
};
use domain::time::hall_date;
use domain::{
    Actor, ApplicationNumber, ApplicationStatus, FormSchema, FormValues, Localized, StaffRole,
    Transition,
};
use std::collections::BTreeMap;

/// Task states to write, by task id.
type TaskUpdates = Vec<(i64, ReviewTaskState)>;

/// A reviewer's list is this long at most (soonest due first).
pub const REVIEW_LIST: u32 = 100;

/// Reads and recomputes this often when others keep changing the review.
const ATTEMPTS: usize = 5;

/// A task with its deadline as of today.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskSummary {
    pub task: ReviewTaskRecord,
    pub matter_name: Localized,
    pub part: Localized,
    pub department_name: Localized,
    pub state: DeadlineState,
    pub due: Option<NaiveDate>,
    /// The deadline runs into a year without holiday data: counted on
    /// weekends only, to be checked by hand.
    pub weekends_only: bool,
}

/// What a reviewer opens: their task, and of the application only what
/// their part may see.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewTaskFile {
    pub summary: TaskSummary,
    pub number: ApplicationNumber,
    pub application_status: ApplicationStatus,
    pub applicant_masked: String,
    pub submitted_at: DateTime<Utc>,
    /// The matter's form, cut down to the fields this part may see.
    pub form: FormSchema,
    /// The answers to those fields only.
    pub values: FormValues,
    /// Visible materials' names, each with its uploaded files.
    pub materials: Vec<(Localized, Vec<crate::ports::MaterialFileRecord>)>,
    pub special_steps: Vec<SpecialStep>,
    /// What approving records (联办 results), if this part owes any.
    pub results: FormSchema,
    /// The other departments' tasks (status and time only).
    pub others: Vec<TaskSummary>,
}

/// The citizen's view of review: each department's step and time left,
/// and, while corrections are owed, the one merged notice.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewProgress {
    pub steps: Vec<TaskSummary>,
    /// (department, what to correct), every department's items in one list.
    pub notice: Vec<(Localized, String)>,
    /// Once rejected: every department's reason (department, reason).
    pub reasons: Vec<(Localized, String)>,
    pub outcome: ReviewOutcome,
    pub status: ApplicationStatus,
}

fn refusal(
    e: domain::review::WrongReviewState,
    number: &ApplicationNumber,
    actor: &Actor,
) -> StaffError {
    tracing::info!(staff = %actor.name, number = %number, "review move refused: {e}");
    StaffError::TaskNotOpen { status: e.from }
}

impl Hall {
    fn part_of(&self, task: &ReviewTaskRecord) -> Option<(&Matter, ReviewPart)> {
        let matter = self.catalog.matter(task.matter.as_str())?;
        let part = matter
            .review_parts()
            .into_iter()
            .nth(usize::from(task.part))?;
        Some((matter, part))
    }

    fn summarise(&self, task: ReviewTaskRecord, today: NaiveDate) -> TaskSummary {
        let (matter_name, part) = self
            .part_of(&task)
            .map(|(m, p)| (m.name.clone(), p.part))
            .unwrap_or_else(|| {
                let code = Localized::new(task.matter.as_str(), task.matter.as_str());
                (code.clone(), code)
            });
        let due = task.deadline.due(&self.calendar);
        let state = match task.status {
            ReviewStatus::InReview => task.deadline.state(today, &self.calendar),
            _ => DeadlineState::Paused,
        };
        TaskSummary {
            matter_name,
            part,
            department_name: self.catalog.department_name(task.department.as_str()),
            weekends_only: due
                .is_some_and(|d| !self.calendar.covers_span(task.deadline.started, d)),
            due,
            state,
            task,
        }
    }

    /// The state stored for `deadline` under `status`: the due date sorts
    /// the lists while the clock runs.
    fn task_state(
        &self,
        status: ReviewStatus,
        deadline: Deadline,
        previous: Option<&ReviewTaskRecord>,
    ) -> ReviewTaskState {
        let sort_due = match status {
            ReviewStatus::InReview => deadline.due(&self.calendar).unwrap_or_else(no_due_date),
            _ => no_due_date(),
        };
        ReviewTaskState {
            status,
            sort_due,
            deadline,
            extended: previous.is_some_and(|p| p.extended),
            decision: previous.and_then(|p| p.decision.clone()),
            decided_by: previous.and_then(|p| {
                Some((
                    p.decided_by.clone()?,
                    p.decided_by_name.clone().unwrap_or_default(),
                ))
            }),
            decided_at: previous.and_then(|p| p.decided_at),
        }
    }

    /// The tasks acceptance creates: one per department and part of each
    /// matter, all starting `today` (并联: none waits for another).
    pub(crate) fn review_tasks_for(
        &self,
        application: &StaffApplication,
        today: NaiveDate,
    ) -> Vec<NewReviewTask> {
        let links = self
            .catalog
            .catalog()
            .links_among(&application.record.matters);
        self.matters_of(&application.record)
            .into_iter()
            .flat_map(|m| {
                m.review_parts()
                    .into_iter()
                    .enumerate()
                    .map(move |(i, part)| (m, i, part))
            })
            .map(|(m, i, part)| {
                // 联办: a linked matter waits for its prerequisite's result.
                let waits_for = links
                    .iter()
                    .find(|l| l.matter == m.code)
                    .map(|l| l.after.clone());
                let status = if waits_for.is_some() {
                    ReviewStatus::Waiting
                } else {
                    ReviewStatus::InReview
                };
                NewReviewTask {
                    matter: m.code.clone(),
                    part: u16::try_from(i).unwrap_or(u16::MAX),
                    department: part.department.clone(),
                    waits_for,
                    state: self.task_state(
                        status,
                        Deadline::start(today, u32::from(part.days)),
                        None,
                    ),
                }
            })
            .collect()
    }

    /// A reviewer's open tasks (a supervisor's: every department's),
    /// soonest due first, paused ones last.
    pub async fn review_queue(&self, actor: &Actor) -> Result<Vec<TaskSummary>, StaffError> {
        let departments = match actor.role {
            StaffRole::Reviewer => Some(actor.departments.as_slice()),
            StaffRole::Supervisor => None,
            _ => return Err(forbidden(actor, "see review tasks").into()),
        };
        let today = hall_date(self.clock.now());
        let entries = self.storage.review_queue(departments, REVIEW_LIST).await?;
        Ok(entries
            .into_iter()
            .map(|e| self.summarise(e.task, today))
            .collect())
    }

    /// A reviewer's own task on an application (the header's search by
    /// number): the first of their departments' tasks on it.
    pub async fn find_review_task(&self, actor: &Actor, number: &str) -> Result<i64, StaffError> {
        if actor.role != StaffRole::Reviewer {
            return Err(forbidden(actor, "find a review task").into());
        }
        let number = ApplicationNumber::parse(number).map_err(StaffError::Malformed)?;
        let file = self
            .storage
            .review_file(&number)
            .await?
            .ok_or(StaffError::NotFound)?;
        file.tasks
            .iter()
            .find(|t| actor.reviews_for(&t.department))
            .map(|t| t.id)
            .ok_or(StaffError::NotFound)
    }

    /// The task, if this actor may act on it: a reviewer of another
    /// department is refused, and the attempt is audited.
    async fn task_for(
        &self,
        actor: &Actor,
        id: &str,
        action: &'static str,
    ) -> Result<ReviewTaskRecord, StaffError> {
        let id: i64 = id.parse().map_err(|_| StaffError::NotFound)?;
        let task = self
            .storage
            .review_task(id)
            .await?
            .ok_or(StaffError::NotFound)?;
        let allowed = match actor.role {
            StaffRole::Reviewer => actor.reviews_for(&task.department),
            StaffRole::Supervisor => action == "see a review task",
            _ => false,
        };
        if !allowed {
            let audit = AuditRecord::new(
                self.clock.now(),
                actor.name.as_str(),
                actor.role.as_str(),
                "refused_review_access",
                task.number.as_str(),
            )
            .with_reason(format!("{action}: task {id} of {}", task.department));
            self.storage.append_audit(audit).await?;
            return Err(forbidden(actor, action).into());
        }
        Ok(task)
    }

    /// The keys a reviewer's task on `number` may see (refused, and
    /// audited, for a task of another department or application).
    pub(crate) async fn review_part_sees(
        &self,
        actor: &Actor,
        task: &str,
        number: &ApplicationNumber,
    ) -> Result<Vec<domain::FieldKey>, StaffError> {
        let task = self.task_for(actor, task, "see a review task").await?;
        if &task.number != number {
            return Err(StaffError::NotFound);
        }
        Ok(self.part_of(&task).map(|(_, p)| p.sees).unwrap_or_default())
    }

    /// A task and what its part may see of the application (audited view).
    pub async fn review_task_file(
        &self,
        actor: &Actor,
        id: &str,
    ) -> Result<ReviewTaskFile, StaffError> {
        let task = self.task_for(actor, id, "see a review task").await?;
        let application = self
            .storage
            .staff_application(&task.number)
            .await?
            .ok_or(StaffError::NotFound)?;
        let file = self
            .storage
            .review_file(&task.number)
            .await?
            .ok_or(StaffError::NotFound)?;
        let now = self.clock.now();
        self.storage
            .append_audit(AuditRecord::new(
                now,
                actor.name.as_str(),
                actor.role.as_str(),
                "view_review_part",
                task.number.as_str(),
            ))
            .await?;
        let today = hall_date(now);
        let files = self.storage.files_of_application(&task.number).await?;
        let (form, values, materials, special_steps) = match self.part_of(&task) {
            Some((matter, part)) => {
                let sees = |k: &str| part.sees.iter().any(|s| s.as_str() == k);
                let form = FormSchema {
                    fields: matter
                        .form
                        .fields
                        .iter()
                        .filter(|f| sees(f.key.as_str()))
                        .cloned()
                        .collect(),
                };
                let materials = matter
                    .guide
                    .materials
                    .iter()
                    .filter(|m| sees(m.key.as_str()))
                    .map(|m| {
                        let of_it = files
                            .iter()
                            .filter(|f| f.material == m.key)
                            .cloned()
                            .collect();
                        (m.name.clone(), of_it)
                    })
                    .collect();
                (
                    form,
                    application.values.only(sees),
                    materials,
                    matter.guide.special_steps.clone(),
                )
            }
            None => Default::default(),
        };
        let results = self
            .part_of(&task)
            .map(|(m, _)| self.results_owed(m, &task))
            .unwrap_or_default();
        let others = file
            .tasks
            .into_iter()
            .filter(|t| t.id != task.id)
            .map(|t| self.summarise(t, today))
            .collect();
        Ok(ReviewTaskFile {
            number: task.number.clone(),
            application_status: application.record.status,
            applicant_masked: application.record.applicant_masked.clone(),
            submitted_at: application.record.submitted_at,
            form,
            values,
            materials,
            special_steps,
            results,
            others,
            summary: self.summarise(task, today),
        })
    }

    /// Approve, reject, start a special step or ask for corrections. When
    /// this was the last department to speak, the application moves.
    pub async fn decide_review(
        &self,
        actor: &Actor,
        id: &str,
        pairs: &[(String, String)],
    ) -> Result<ReviewDecision, StaffError> {
        let task = self.task_for(actor, id, "decide a review task").await?;
        let (steps, results) = self
            .part_of(&task)
            .map(|(m, _)| (m.guide.special_steps.clone(), self.results_owed(m, &task)))
            .unwrap_or_default();
        let decision = ReviewDecisionForm {
            pairs,
            special_steps: &steps,
            results: &results,
            today: hall_date(self.clock.now()).into(),
        }
        .parse()
        .map_err(StaffError::ReviewRefused)?;
        let reason = match &decision {
            ReviewDecision::Approve { results } => results
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
            ReviewDecision::Reject { reason } => reason.clone(),
            ReviewDecision::StartSpecialStep { note, .. } => note.clone(),
            ReviewDecision::AskCorrection { items } => items.join("; "),
        };
        let mv = decision.review_move();
        self.change_task(actor, &task, mv, &reason, |state, now| {
            let today = hall_date(now);
            if matches!(mv, ReviewMove::StartSpecialStep | ReviewMove::AskCorrection) {
                // The clock stands still from today (it still counts).
                let _ = state.deadline.pause(today);
            }
            state.decision = Some(decision.clone());
            state.decided_by = Some((actor.name.clone(), actor.display_name.clone()));
            state.decided_at = Some(now);
            Ok(())
        })
        .await?;
        Ok(decision)
    }

    /// The special step is over: the clock runs again.
    pub async fn end_special_step(&self, actor: &Actor, id: &str) -> Result<(), StaffError> {
        let task = self.task_for(actor, id, "end a special step").await?;
        self.change_task(
            actor,
            &task,
            ReviewMove::EndSpecialStep,
            "",
            |state, now| {
                let _ = state.deadline.resume(hall_date(now));
                Ok(())
            },
        )
        .await
    }

    /// 延长期限: once, up to ten working days, with who approved it and why.
    pub async fn extend_review(
        &self,
        actor: &Actor,
        id: &str,
        pairs: &[(String, String)],
    ) -> Result<(), StaffError> {
        let task = self.task_for(actor, id, "extend a review deadline").await?;
        let extension =
            Extension::parse(pairs, task.extended).map_err(StaffError::ReviewRefused)?;
        if !task.status.is_open() {
            return Err(StaffError::TaskNotOpen {
                status: task.status,
            });
        }
        let reason = format!(
            "+{} working days, approved by {}: {}",
            extension.working_days, extension.approver, extension.reason
        );
        for _ in 0..ATTEMPTS {
            let (file, current) = self.current(&task).await?;
            if current.extended {
                return Err(StaffError::ReviewRefused(vec![
                    domain::review::ReviewProblem::AlreadyExtended,
                ]));
            }
            if !current.status.is_open() {
                return Err(StaffError::TaskNotOpen {
                    status: current.status,
                });
            }
            let mut deadline = current.deadline.clone();
            deadline.extend(extension.working_days);
            let mut state = self.task_state(current.status, deadline, Some(&current));
            state.extended = true;
            let audit = self
                .audit(actor, "extend_deadline", &task.number)
                .with_reason(&reason);
            if self
                .write(
                    &file,
                    &task.number,
                    None,
                    vec![(current.id, state)],
                    vec![audit],
                )
                .await?
            {
                tracing::info!(staff = %actor.name, task = task.id, "deadline extended");
                return Ok(());
            }
        }
        Err(StaffError::Busy)
    }

    /// The front desk sends every department's corrections as one notice
    /// (一次性告知): only once every department has spoken.
    pub async fn send_review_notice(&self, actor: &Actor, number: &str) -> Result<(), StaffError> {
        if actor.role != StaffRole::FrontDesk {
            return Err(forbidden(actor, "send a review notice").into());
        }
        let number = ApplicationNumber::parse(number).map_err(StaffError::Malformed)?;
        for _ in 0..ATTEMPTS {
            let file = self
                .storage
                .review_file(&number)
                .await?
                .ok_or(StaffError::NotFound)?;
            if !file.status.in_review()
                || outcome(file.tasks.iter().map(|t| t.status)) != ReviewOutcome::NoticeDue
            {
                return Err(StaffError::NoticeNotDue);
            }
            let to = file
                .status
                .after(Transition::AskCorrectionsInReview)
                .map_err(|_| StaffError::NoticeNotDue)?;
            let audit = self.audit(actor, Transition::AskCorrectionsInReview.as_str(), &number);
            if self
                .write(&file, &number, Some((file.status, to)), vec![], vec![audit])
                .await?
            {
                tracing::info!(staff = %actor.name, number = %number, "review notice sent");
                return Ok(());
            }
        }
        Err(StaffError::Busy)
    }

    /// Corrections asked in review were handed in: the departments that
    /// asked get the application back and their clocks run again.
    pub(crate) async fn resume_review(
        &self,
        actor: &Actor,
        number: &ApplicationNumber,
    ) -> Result<(), StaffError> {
        for _ in 0..ATTEMPTS {
            let file = self
                .storage
                .review_file(number)
                .await?
                .ok_or(StaffError::NotFound)?;
            let to = file.status.after(Transition::ResumeReview).map_err(|_| {
                StaffError::AlreadyDecided {
                    status: file.status,
                    latest: None,
                }
            })?;
            let today = hall_date(self.clock.now());
            let tasks = file
                .tasks
                .iter()
                .filter(|t| t.status == ReviewStatus::CorrectionAsked)
                .map(|t| {
                    let mut deadline = t.deadline.clone();
                    let _ = deadline.resume(today);
                    (
                        t.id,
                        self.task_state(ReviewStatus::InReview, deadline, Some(t)),
                    )
                })
                .collect();
            let audit = self.audit(actor, Transition::ResumeReview.as_str(), number);
            if self
                .write(&file, number, Some((file.status, to)), tasks, vec![audit])
                .await?
            {
                return Ok(());
            }
        }
        Err(StaffError::Busy)
    }

    /// The citizen's view: each department's step, and the merged notice
    /// while corrections are owed. Nothing personal.
    pub async fn review_progress(
        &self,
        number: &ApplicationNumber,
    ) -> Result<ReviewProgress, StaffError> {
        let file = self
            .storage
            .review_file(number)
            .await?
            .ok_or(StaffError::NotFound)?;
        Ok(self.progress_of(file))
    }

    /// [`Hall::review_progress`] from a file already read.
    pub(crate) fn progress_of(&self, file: ReviewFile) -> ReviewProgress {
        let today = hall_date(self.clock.now());
        let items_of = |wanted: ReviewStatus| -> Vec<(Localized, String)> {
            file.tasks
                .iter()
                .filter(|t| t.status == wanted)
                .flat_map(|t| {
                    let dept = self.catalog.department_name(t.department.as_str());
                    let items = match &t.decision {
                        Some(ReviewDecision::AskCorrection { items }) => items.clone(),
                        Some(ReviewDecision::Reject { reason }) => vec![reason.clone()],
                        _ => vec![],
                    };
                    items.into_iter().map(move |i| (dept.clone(), i))
                })
                .collect()
        };
        let notice = match file.status {
            ApplicationStatus::CorrectionDuringReview => items_of(ReviewStatus::CorrectionAsked),
            _ => vec![],
        };
        let reasons = match file.status {
            ApplicationStatus::Rejected => items_of(ReviewStatus::Rejected),
            _ => vec![],
        };
        ReviewProgress {
            outcome: outcome(file.tasks.iter().map(|t| t.status)),
            status: file.status,
            reasons,
            steps: file
                .tasks
                .into_iter()
                .map(|t| self.summarise(t, today))
                .collect(),
            notice,
        }
    }

    /// 联办 after a task moved: a waiting matter whose prerequisites are
    /// all approved starts today (with the answers their results fill); one
    /// whose prerequisite was rejected is closed, as it cannot go on.
    fn follow_links(
        &self,
        tasks: &[ReviewTaskRecord],
        today: NaiveDate,
    ) -> (TaskUpdates, Vec<(String, String)>) {
        let codes: Vec<domain::MatterCode> = tasks.iter().map(|t| t.matter.clone()).collect();
        let links = self.catalog.catalog().links_among(&codes);
        fn of<'a>(
            tasks: &'a [ReviewTaskRecord],
            m: &'a domain::MatterCode,
        ) -> impl Iterator<Item = &'a ReviewTaskRecord> {
            tasks.iter().filter(move |t| &t.matter == m)
        }
        let approved =
            |m: &domain::MatterCode| of(tasks, m).all(|t| t.status == ReviewStatus::Approved);
        let rejected =
            |m: &domain::MatterCode| of(tasks, m).any(|t| t.status == ReviewStatus::Rejected);
        let mut updates = Vec::new();
        let mut fill = Vec::new();
        let mut started = std::collections::BTreeSet::new();
        for t in tasks.iter().filter(|t| t.status == ReviewStatus::Waiting) {
            let before: Vec<_> = links.iter().filter(|l| l.matter == t.matter).collect();
            if before.iter().any(|l| rejected(&l.after)) {
                let state = self.task_state(ReviewStatus::Closed, t.deadline.clone(), Some(t));
                updates.push((t.id, state));
            } else if before.iter().all(|l| approved(&l.after)) {
                let days = self
                    .part_of(t)
                    .map_or(t.deadline.working_days, |(_, p)| u32::from(p.days));
                let state = self.task_state(
                    ReviewStatus::InReview,
                    Deadline::start(today, days),
                    Some(t),
                );
                updates.push((t.id, state));
                if started.insert(t.matter.clone()) {
                    for l in &before {
                        let results: BTreeMap<&str, &str> = of(tasks, &l.after)
                            .filter_map(|p| match &p.decision {
                                Some(ReviewDecision::Approve { results }) => Some(results),
                                _ => None,
                            })
                            .flatten()
                            .map(|(k, v)| (k.as_str(), v.as_str()))
                            .collect();
                        for (key, result) in &l.fills {
                            if let Some(v) = results.get(result.as_str()) {
                                fill.push((key.clone(), v.to_string()));
                            }
                        }
                    }
                }
            }
        }
        (updates, fill)
    }

    fn audit(&self, actor: &Actor, action: &str, number: &ApplicationNumber) -> AuditRecord {
        AuditRecord::new(
            self.clock.now(),
            actor.name.as_str(),
            actor.role.as_str(),
            action,
            number.as_str(),
        )
    }

    /// The task as it is now, with the review it belongs to.
    async fn current(
        &self,
        task: &ReviewTaskRecord,
    ) -> Result<(ReviewFile, ReviewTaskRecord), StaffError> {
        let file = self
            .storage
            .review_file(&task.number)
            .await?
            .ok_or(StaffError::NotFound)?;
        let current = file
            .tasks
            .iter()
            .find(|t| t.id == task.id)
            .cloned()
            .ok_or(StaffError::NotFound)?;
        Ok((file, current))
    }

    /// The results this task records on approving: the matter's, when
    /// this is its handling department's part.
    pub(crate) fn results_owed(&self, matter: &Matter, task: &ReviewTaskRecord) -> FormSchema {
        let handling = matter
            .review_parts()
            .iter()
            .position(|p| p.department == matter.department);
        if handling.is_some_and(|i| usize::from(task.part) == i) {
            FormSchema {
                fields: matter.results.clone(),
            }
        } else {
            FormSchema::default()
        }
    }

    /// Writes a change at the version `file` was read at; false if stale.
    async fn write(
        &self,
        file: &ReviewFile,
        number: &ApplicationNumber,
        application: Option<(ApplicationStatus, ApplicationStatus)>,
        tasks: Vec<(i64, ReviewTaskState)>,
        audit: Vec<AuditRecord>,
    ) -> Result<bool, StaffError> {
        self.write_filling(file, number, application, tasks, vec![], audit)
            .await
    }

    async fn write_filling(
        &self,
        file: &ReviewFile,
        number: &ApplicationNumber,
        application: Option<(ApplicationStatus, ApplicationStatus)>,
        tasks: Vec<(i64, ReviewTaskState)>,
        fill: Vec<(String, String)>,
        audit: Vec<AuditRecord>,
    ) -> Result<bool, StaffError> {
        let outcome = self
            .storage
            .change_review(ReviewChange {
                number: number.clone(),
                expected_version: file.version,
                application,
                tasks,
                fill,
                audit,
            })
            .await?;
        Ok(outcome == ReviewChangeOutcome::Applied)
    }

    /// Moves one task (while its application is under review) and, if
    /// that settles the review, the application: approved when every
    /// department approved, rejected when all spoke and one rejected.
    async fn change_task(
        &self,
        actor: &Actor,
        task: &ReviewTaskRecord,
        mv: ReviewMove,
        reason: &str,
        edit: impl Fn(&mut ReviewTaskState, DateTime<Utc>) -> Result<(), StaffError>,
    ) -> Result<(), StaffError> {
        for _ in 0..ATTEMPTS {
            let (file, current) = self.current(task).await?;
            if !file.status.in_review() {
                tracing::info!(staff = %actor.name, number = %task.number, "review move refused: application is {}", file.status.as_str());
                return Err(StaffError::AlreadyDecided {
                    status: file.status,
                    latest: None,
                });
            }
            let to = current
                .status
                .after(mv)
                .map_err(|e| refusal(e, &task.number, actor))?;
            let now = self.clock.now();
            let mut state = self.task_state(to, current.deadline.clone(), Some(&current));
            edit(&mut state, now)?;
            // Recomputed after the edit: a pause stops the due date.
            state = ReviewTaskState {
                sort_due: match to {
                    ReviewStatus::InReview => state
                        .deadline
                        .due(&self.calendar)
                        .unwrap_or_else(no_due_date),
                    _ => no_due_date(),
                },
                ..state
            };
            let mut audit = vec![self
                .audit(actor, &format!("review_{}", mv.as_str()), &task.number)
                .with_reason(format!("{}: {reason}", task.department))];
            let mut tasks = file.tasks.clone();
            if let Some(t) = tasks.iter_mut().find(|t| t.id == task.id) {
                t.status = to;
                t.decision = state.decision.clone();
            }
            let mut updates = vec![(current.id, state)];
            let (linked, fill) = self.follow_links(&tasks, hall_date(now));
            for (id, linked_state) in linked {
                if let Some(t) = tasks.iter_mut().find(|t| t.id == id) {
                    t.status = linked_state.status;
                }
                audit.push(
                    self.audit(
                        actor,
                        &format!("review_{}", linked_state.status.as_str()),
                        &task.number,
                    )
                    .with_reason(format!("task {id}: linked matter")),
                );
                updates.push((id, linked_state));
            }
            let statuses = tasks.iter().map(|t| t.status);
            let settled = match outcome(statuses) {
                ReviewOutcome::Approved => Some(Transition::Approve),
                ReviewOutcome::Rejected => Some(Transition::Reject),
                _ => None,
            };
            let application = match settled {
                Some(t) => {
                    let next = file
                        .status
                        .after(t)
                        .map_err(|_| StaffError::AlreadyDecided {
                            status: file.status,
                            latest: None,
                        })?;
                    audit.push(self.audit(actor, t.as_str(), &task.number));
                    Some((file.status, next))
                }
                None => None,
            };
            if self
                .write_filling(&file, &task.number, application, updates, fill, audit)
                .await?
            {
                tracing::info!(staff = %actor.name, number = %task.number, task = task.id, mv = mv.as_str(), "review task moved");
                return Ok(());
            }
        }
        Err(StaffError::Busy)
    }
}
