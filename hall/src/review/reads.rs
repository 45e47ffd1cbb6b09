//! What reviewers and citizens read of review: each one's list, a task's
//! file (only what the part may see), the citizen's progress.

use super::*;

impl Hall {
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

    /// A reviewer's open tasks (a department head's: their departments', to
    /// read; a supervisor's: every department's), soonest due first, paused
    /// ones last.
    pub async fn review_queue(&self, actor: &Actor) -> Result<Vec<TaskSummary>, StaffError> {
        let departments = match actor.role {
            StaffRole::Reviewer | StaffRole::DepartmentHead => Some(actor.departments.as_slice()),
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

    /// A reviewer's (or department head's) own task on an application (the
    /// header's search by number): the first of their departments' tasks on it.
    pub async fn find_review_task(&self, actor: &Actor, number: &str) -> Result<i64, StaffError> {
        if !matches!(actor.role, StaffRole::Reviewer | StaffRole::DepartmentHead) {
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
            .find(|t| actor.departments.contains(&t.department))
            .map(|t| t.id)
            .ok_or(StaffError::NotFound)
    }

    /// The task, if this actor may act on it: a reviewer of another
    /// department is refused, and the attempt is audited.
    pub(super) async fn task_for(
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
            StaffRole::DepartmentHead => {
                action == "see a review task" && actor.departments.contains(&task.department)
            }
            _ => false,
        };
        if !allowed {
            let audit = AuditRecord::by_staff(
                self.clock.now(),
                actor,
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
            .append_audit(AuditRecord::by_staff(
                now,
                actor,
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
}
