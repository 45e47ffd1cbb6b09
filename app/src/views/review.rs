//! View models of 并联审批: the reviewer's list and task, the front desk's
//! and the citizen's view of a review.

use crate::models::{
    NoticeView, ReviewLine, ReviewNoticeView, ReviewQueueView, ReviewStepView, ReviewTaskView,
    StepChoice,
};
use crate::views::common::{answers, header, minutes};
use domain::review::{ReviewDecision, ReviewStatus};
use domain::StaffRole;
use hall::review::{ReviewProgress, ReviewTaskFile, TaskSummary};
use hall::StaffSession;

pub fn step(s: &TaskSummary) -> ReviewStepView {
    ReviewStepView {
        matter: s.matter_name.clone(),
        part: s.part.clone(),
        department: s.department_name.clone(),
        status: s.task.status,
        time: s.state,
        due: s.due.map(|d| d.to_string()),
        extended: s.task.extended,
        weekends_only: s.weekends_only,
        special_step: match (&s.task.status, &s.task.decision) {
            (
                ReviewStatus::SpecialStep,
                Some(ReviewDecision::StartSpecialStep {
                    kind,
                    max_days,
                    note,
                }),
            ) => Some((*kind, *max_days, note.clone())),
            _ => None,
        },
    }
}

fn line(s: &TaskSummary) -> ReviewLine {
    ReviewLine {
        task_id: s.task.id,
        number: s.task.number.as_str().to_string(),
        number_display: s.task.number.to_string(),
        step: step(s),
    }
}

pub fn queue_view(session: &StaffSession, tasks: Vec<TaskSummary>) -> ReviewQueueView {
    ReviewQueueView {
        me: header(session),
        all_departments: session.actor.role == StaffRole::Supervisor,
        lines: tasks.iter().map(line).collect(),
    }
}

pub fn task_view(session: &StaffSession, file: ReviewTaskFile) -> ReviewTaskView {
    let task = &file.summary.task;
    let reviewer = session.actor.reviews_for(&task.department);
    let in_review = file.application_status.in_review();
    ReviewTaskView {
        me: header(session),
        line: line(&file.summary),
        application_status: file.application_status,
        applicant_masked: file.applicant_masked.clone(),
        submitted_at: minutes(file.submitted_at),
        answers: answers(&file.form, &file.values),
        materials: file
            .materials
            .iter()
            .map(|(name, files)| {
                let files = files
                    .iter()
                    .map(|f| {
                        crate::views::drafts::file_view(f, |id| {
                            crate::urls::review_file(&task.id.to_string(), file.number.as_str(), id)
                        })
                    })
                    .collect();
                (name.clone(), files)
            })
            .collect(),
        special_steps: file
            .special_steps
            .iter()
            .map(|s| StepChoice {
                kind: s.kind,
                max_days: s.max_days,
            })
            .collect(),
        results: file
            .results
            .fields
            .iter()
            .map(|f| (f.key.to_string(), f.label.clone()))
            .collect(),
        others: file.others.iter().map(step).collect(),
        decision: task.decision.clone(),
        decided: task
            .decided_at
            .map(|at| {
                (
                    task.decided_by_name.clone().unwrap_or_default(),
                    minutes(at),
                )
            })
            .map(|(by, at)| format!("{by} · {at}")),
        can_decide: reviewer && in_review && task.status == ReviewStatus::InReview,
        can_end_step: reviewer && in_review && task.status == ReviewStatus::SpecialStep,
        can_extend: reviewer && in_review && task.status.is_open() && !task.extended,
    }
}

pub fn progress_steps(progress: &ReviewProgress) -> Vec<ReviewStepView> {
    progress.steps.iter().map(step).collect()
}

pub fn notice_view(progress: &ReviewProgress) -> Option<ReviewNoticeView> {
    if !progress.notice.is_empty() {
        return Some(ReviewNoticeView {
            rejection: false,
            items: progress.notice.clone(),
        });
    }
    (!progress.reasons.is_empty()).then(|| ReviewNoticeView {
        rejection: true,
        items: progress.reasons.clone(),
    })
}

/// The printable notice of corrections asked in review: the acceptance
/// notice's header (number, applicant, matters), every department's items,
/// dated the day the last department asked.
pub fn review_notice(base: NoticeView, progress: &ReviewProgress) -> NoticeView {
    let asked = progress
        .steps
        .iter()
        .filter(|s| s.task.status == ReviewStatus::CorrectionAsked)
        .filter_map(|s| s.task.decided_at)
        .max();
    NoticeView {
        transition: domain::Transition::AskCorrectionsInReview,
        notice_number: format!("{}-R", base.number_display),
        decided_on: asked
            .map(|at| {
                domain::time::in_hall_time(at)
                    .format("%Y-%m-%d")
                    .to_string()
            })
            .unwrap_or(base.decided_on.clone()),
        lines: vec![],
        correct_by: None,
        reason: None,
        review_items: progress.notice.clone(),
        ..base
    }
}
