//! The versioned write loop: read, compute, write at the version read;
//! again when another change got there first.

use super::*;
use crate::notifications::to_applicant;
use domain::notification::{Notification, NotificationEvent};

impl Hall {
    /// The task as it is now, with the review it belongs to.
    pub(super) async fn current(
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

    /// Writes a change at the version `file` was read at; false if stale.
    pub(super) async fn write(
        &self,
        file: &ReviewFile,
        number: &ApplicationNumber,
        application: Option<(ApplicationStatus, ApplicationStatus)>,
        tasks: Vec<(i64, ReviewTaskState)>,
        audit: Vec<AuditRecord>,
    ) -> Result<bool, StaffError> {
        self.write_change(ReviewChange {
            number: number.clone(),
            expected_version: file.version,
            application,
            tasks,
            fill: vec![],
            audit,
            notifications: vec![],
        })
        .await
    }

    /// False if someone changed the review since `expected_version`.
    pub(super) async fn write_change(&self, change: ReviewChange) -> Result<bool, StaffError> {
        let outcome = self.storage.change_review(change).await?;
        Ok(outcome == ReviewChangeOutcome::Applied)
    }

    /// Moves one task (while its application is under review) and, if
    /// that settles the review, the application: approved when every
    /// department approved, rejected when all spoke and one rejected.
    pub(super) async fn change_task(
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
                .staff_audit(actor, &format!("review_{}", mv.as_str()), &task.number)
                .with_reason(format!("{}: {reason}", task.department))];
            let mut tasks = file.tasks.clone();
            if let Some(t) = tasks.iter_mut().find(|t| t.id == task.id) {
                t.status = to;
                t.decision = state.decision.clone();
            }
            // Told only when the step starts (its decision stays on the task).
            let special_step = match (&state.decision, mv) {
                (
                    Some(ReviewDecision::StartSpecialStep { kind, max_days, .. }),
                    ReviewMove::StartSpecialStep,
                ) => Some(NotificationEvent::SpecialStep {
                    what: kind.name_zh().to_string(),
                    days: *max_days,
                }),
                _ => None,
            };
            let mut updates = vec![(current.id, state)];
            let (linked, fill) = self.follow_links(&tasks, hall_date(now));
            for (id, linked_state) in linked {
                if let Some(t) = tasks.iter_mut().find(|t| t.id == id) {
                    t.status = linked_state.status;
                }
                audit.push(
                    self.staff_audit(
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
            let mut told = Vec::new();
            if let Some(event) = special_step {
                told.push(
                    self.to_applicant_of(&task.number, event)
                        .await?
                        .occurring(file.version.to_string()),
                );
            }
            let application = match settled {
                Some(t) => {
                    told.push(
                        self.to_applicant_of(&task.number, settled_event(t, &tasks, self))
                            .await?,
                    );
                    let next = file
                        .status
                        .after(t)
                        .map_err(|_| StaffError::AlreadyDecided {
                            status: file.status,
                            latest: None,
                        })?;
                    audit.push(self.staff_audit(actor, t.as_str(), &task.number));
                    Some((file.status, next))
                }
                None => None,
            };
            if self
                .write_change(ReviewChange {
                    number: task.number.clone(),
                    expected_version: file.version,
                    application,
                    tasks: updates,
                    fill,
                    audit,
                    notifications: told,
                })
                .await?
            {
                tracing::info!(staff = %actor.name, number = %task.number, task = task.id, mv = mv.as_str(), "review task moved");
                return Ok(());
            }
        }
        Err(StaffError::Busy)
    }

    /// A notification to the application's applicant (their mobile is in
    /// the answers, read only when there is something to tell).
    pub(super) async fn to_applicant_of(
        &self,
        number: &ApplicationNumber,
        event: NotificationEvent,
    ) -> Result<Notification, StaffError> {
        let application = self
            .storage
            .staff_application(number)
            .await?
            .ok_or(StaffError::NotFound)?;
        Ok(to_applicant(
            event,
            &application.values,
            &application.record.applicant_masked,
        ))
    }
}

/// Approved, or refused with every department's reason.
fn settled_event(
    settled: Transition,
    tasks: &[ReviewTaskRecord],
    hall: &Hall,
) -> NotificationEvent {
    if settled == Transition::Approve {
        return NotificationEvent::Approved;
    }
    NotificationEvent::Refused {
        reasons: tasks
            .iter()
            .filter_map(|t| match &t.decision {
                Some(ReviewDecision::Reject { reason }) => Some(format!(
                    "{}：{reason}",
                    hall.catalog.department_name(t.department.as_str()).zh
                )),
                _ => None,
            })
            .collect(),
    }
}
