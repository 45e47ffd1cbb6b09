//! A reviewer's moves on a task, the merged correction notice, and review
//! going on after corrections came in.

use super::*;
use domain::notification::NotificationEvent;

impl Hall {
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
                .staff_audit(actor, "extend_deadline", &task.number)
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
            let audit =
                self.staff_audit(actor, Transition::AskCorrectionsInReview.as_str(), &number);
            let items = file
                .tasks
                .iter()
                .filter_map(|t| match &t.decision {
                    Some(ReviewDecision::AskCorrection { items })
                        if t.status == ReviewStatus::CorrectionAsked =>
                    {
                        let department = self.catalog.department_name(t.department.as_str()).zh;
                        Some(items.iter().map(move |i| format!("{department}：{i}")))
                    }
                    _ => None,
                })
                .flatten()
                .collect();
            let told = self
                .to_applicant_of(&number, NotificationEvent::ReviewNotice { items })
                .await?
                .occurring(file.version.to_string());
            if self
                .write_change(ReviewChange {
                    number: number.clone(),
                    expected_version: file.version,
                    application: Some((file.status, to)),
                    tasks: vec![],
                    fill: vec![],
                    audit: vec![audit],
                    notifications: vec![told],
                })
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
            let audit = self.staff_audit(actor, Transition::ResumeReview.as_str(), number);
            if self
                .write(&file, number, Some((file.status, to)), tasks, vec![audit])
                .await?
            {
                return Ok(());
            }
        }
        Err(StaffError::Busy)
    }
}
