//! View models of the staff desks and of decision notices.

use crate::models::{
    ApplicationFileView, ChecklistLine, DecisionLine, NoticeLine, NoticeLineKind, NoticeView,
    QueueLine, SpecialStepLine, StaffQueueView,
};
use crate::urls;
use domain::acceptance::{Decision, NoticeProblem};
use domain::catalog::{Matter, MergedMaterial};
use domain::time::in_hall_time;
use domain::{FormSchema, Localized};
use hall::ports::ApplicationRecord;
use hall::{ApplicationFile, CatalogIndex, QueuePage, StaffSession};

use super::common::{answers, header, minutes};

pub(crate) fn matter_names(
    index: &CatalogIndex,
    record: &ApplicationRecord,
) -> Vec<(String, Localized)> {
    record
        .matters
        .iter()
        .map(|code| {
            let name = index.matter(code.as_str()).map(|m| m.name.clone());
            (
                code.to_string(),
                name.unwrap_or_else(|| Localized::new(code.as_str(), code.as_str())),
            )
        })
        .collect()
}

pub fn queue_view(index: &CatalogIndex, session: &StaffSession, page: QueuePage) -> StaffQueueView {
    StaffQueueView {
        me: header(session),
        lines: page
            .items
            .into_iter()
            .map(|item| {
                let record = &item.entry.record;
                QueueLine {
                    number: record.number.as_str().to_string(),
                    number_display: record.number.to_string(),
                    matters: matter_names(index, record),
                    applicant_masked: record.applicant_masked.clone(),
                    queued_at: minutes(item.entry.queued_at),
                    waiting_minutes: item.waiting.num_minutes().max(0),
                    deemed_accepted_on: item.deemed_accepted_on.to_string(),
                    deemed_soon: item.deemed_soon,
                    weekends_only: item.deemed_weekends_only,
                }
            })
            .collect(),
        total: page.total,
        total_is_more: page.total_is_more,
        next: page.next.map(|after| urls::staff_queue_after(&after)),
        corrections: page
            .corrections_online
            .into_iter()
            .map(|c| crate::models::CorrectionLine {
                number: c.record.number.as_str().to_string(),
                number_display: c.record.number.to_string(),
                applicant_masked: c.record.applicant_masked,
                files: c.files,
                last_upload: minutes(c.last_upload),
                unseen: c.unseen,
            })
            .collect(),
    }
}

pub fn undelivered_view(
    session: &StaffSession,
    messages: Vec<hall::ports::StoredNotification>,
) -> crate::models::UndeliveredView {
    crate::models::UndeliveredView {
        me: header(session),
        lines: messages
            .into_iter()
            .map(|m| crate::models::UndeliveredLine {
                number: m.number.as_str().to_string(),
                number_display: m.number.to_string(),
                text: m.notification.text_zh(&m.number),
                to: m
                    .notification
                    .recipient
                    .as_ref()
                    .map(|r| r.masked())
                    .unwrap_or_default(),
                attempts: m.attempts,
                written_at: minutes(m.created_at),
                error: m.last_error,
            })
            .collect(),
    }
}

pub fn file_view(
    index: &CatalogIndex,
    session: &StaffSession,
    file: ApplicationFile,
) -> ApplicationFileView {
    let record = &file.application.record;
    let forms: Vec<(&str, &FormSchema)> = file
        .matters
        .iter()
        .map(|m| (m.code.as_str(), &m.form))
        .collect();
    // The catalog checks at start-up that an application's forms merge.
    let form = domain::merge_forms(&forms).unwrap_or_default();
    let previous = file.last_decision();
    let checklist_of = |d: &Decision| match d {
        Decision::Accept { checklist }
        | Decision::AcceptWithDeficiency { checklist, .. }
        | Decision::ReturnForCorrection { checklist, .. } => Some(checklist.clone()),
        Decision::Refuse { .. } => None,
    };
    let previous = previous.and_then(checklist_of);
    ApplicationFileView {
        me: header(session),
        number: record.number.as_str().to_string(),
        number_display: record.number.to_string(),
        status: record.status,
        matters: matter_names(index, record),
        applicant_masked: record.applicant_masked.clone(),
        submitted_at: minutes(record.submitted_at),
        promised_by: record.promised_by.to_string(),
        deemed_accepted_on: file.deemed_accepted_on.to_string(),
        trips: file
            .trips
            .as_ref()
            .map(|(t, promised)| (t.count(), *promised)),
        assisted: file
            .trips
            .as_ref()
            .and_then(|(t, _)| t.assisted.as_ref())
            .map(|a| (a.staff.clone(), a.confirmation)),
        answers: answers(&form, &file.application.values),
        checklist: file
            .materials
            .iter()
            .map(|m| ChecklistLine {
                material: m.material.clone(),
                previous: previous
                    .as_ref()
                    .and_then(|c| c.check(&m.material.key).cloned()),
                supplied: file
                    .supplied
                    .iter()
                    .find(|(key, _)| key == &m.material.key)
                    .map(|(_, code)| urls::verify(code.as_str())),
                files: file
                    .files
                    .iter()
                    .filter(|f| f.material == m.material.key)
                    .map(|f| {
                        crate::views::drafts::file_view(f, |id| {
                            urls::staff_file(record.number.as_str(), id)
                        })
                    })
                    .collect(),
            })
            .collect(),
        decisions: file
            .application
            .decisions
            .iter()
            .map(|d| DecisionLine {
                transition: d.transition,
                by: d.staff_display_name.clone(),
                at: minutes(d.decided_at),
            })
            .collect(),
        today: file.today.to_string(),
        correct_by: file.correct_by.to_string(),
        weekends_only: file.weekends_only,
        can_decide: file.actions.decide,
        can_take_corrections: file.actions.take_corrections,
        review: super::review::progress_steps(&file.progress),
        review_notice: super::review::notice_view(&file.progress),
        can_send_review_notice: file.actions.send_review_notice,
        can_take_deferred: file.actions.take_deferred,
        deferred_items: deferred_items(&file),
        deferred_owed: file.deferred_owed.map(|by| by.map(|d| d.to_string())),
    }
}

/// The materials the latest 容缺 acceptance deferred, by name, with the
/// date each is due.
fn deferred_items(file: &ApplicationFile) -> Vec<(Localized, String)> {
    let commitment = file
        .application
        .decisions
        .iter()
        .rev()
        .find_map(|d| match &d.decision {
            Some(domain::acceptance::Decision::AcceptWithDeficiency { commitment, .. }) => {
                Some(commitment)
            }
            _ => None,
        });
    commitment
        .map(|c| {
            c.items()
                .iter()
                .map(|item| {
                    let name = material(&file.materials, &item.material)
                        .map(|m| m.name.clone())
                        .unwrap_or_else(|| {
                            Localized::new(item.material.as_str(), item.material.as_str())
                        });
                    (name, item.due_by.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn material<'a>(
    materials: &'a [MergedMaterial],
    key: &domain::FieldKey,
) -> Option<&'a domain::Material> {
    materials
        .iter()
        .map(|m| &m.material)
        .find(|m| &m.key == key)
}

/// The notice of `decision` (the `index`-th move of the application).
#[allow(clippy::too_many_arguments)]
fn notice(
    index: &CatalogIndex,
    public_base_url: &str,
    record: &ApplicationRecord,
    matters: &[&Matter],
    materials: &[MergedMaterial],
    decision: &Decision,
    position: usize,
    decided_at: chrono::DateTime<chrono::Utc>,
    applicant: String,
) -> NoticeView {
    let number = record.number.as_str();
    let mut lines = Vec::new();
    let (mut correct_by, mut reason) = (None, None);
    match decision {
        Decision::ReturnForCorrection { notice, .. } => {
            for item in notice.items() {
                if let Some(m) = material(materials, &item.material) {
                    lines.push(NoticeLine {
                        material: m.clone(),
                        kind: match &item.problem {
                            NoticeProblem::Missing => NoticeLineKind::Missing,
                            NoticeProblem::Wrong { reason } => {
                                NoticeLineKind::Wrong(reason.clone())
                            }
                        },
                    });
                }
            }
            correct_by = Some(notice.correct_by.to_string());
        }
        Decision::AcceptWithDeficiency { commitment, .. } => {
            for item in commitment.items() {
                if let Some(m) = material(materials, &item.material) {
                    lines.push(NoticeLine {
                        material: m.clone(),
                        kind: NoticeLineKind::DueBy(item.due_by.to_string()),
                    });
                }
            }
        }
        Decision::Refuse { reason: r } => reason = Some(r.clone()),
        Decision::Accept { .. } => {}
    }
    let mut special_steps: Vec<SpecialStepLine> = Vec::new();
    for m in matters {
        for s in &m.guide.special_steps {
            special_steps.push(SpecialStepLine {
                matter: m.name.clone(),
                kind: s.kind,
                max_days: s.max_days,
            });
        }
    }
    NoticeView {
        transition: decision.transition(),
        notice_number: format!("{}-{:02}", record.number, position + 1),
        number: number.to_string(),
        number_display: record.number.to_string(),
        matters: matter_names(index, record),
        applicant,
        decided_on: in_hall_time(decided_at).format("%Y-%m-%d").to_string(),
        legal_days: matters.iter().map(|m| m.legal_days).max().unwrap_or(0),
        promised_days: domain::catalog::chain_promise(
            matters,
            &index.catalog().links_among(&record.matters),
        ),
        promised_by: record.promised_by.to_string(),
        special_steps,
        lines,
        correct_by,
        reason,
        progress_url: urls::public(public_base_url, &urls::progress(number)),
        review_items: vec![],
    }
}

/// The notice the desk prints: the latest decision, the applicant's name
/// in full.
pub fn staff_notice(
    index: &CatalogIndex,
    public_base_url: &str,
    file: &ApplicationFile,
) -> Option<NoticeView> {
    let app = &file.application;
    let (position, latest) = app
        .decisions
        .iter()
        .enumerate()
        .rev()
        .find(|(_, d)| d.decision.is_some())?;
    let applicant = app
        .values
        .get("applicant_name")
        .or_else(|| app.values.get("enterprise_name"))
        .unwrap_or_default()
        .to_string();
    let matters: Vec<&Matter> = file.matters.iter().collect();
    Some(notice(
        index,
        public_base_url,
        &app.record,
        &matters,
        &file.materials,
        latest.decision.as_ref()?,
        position,
        latest.decided_at,
        applicant,
    ))
}

/// The notice on the citizen's page (the use case chose it: meant for
/// them while it applies); the name on it is the masked one.
pub fn public_notice(
    index: &CatalogIndex,
    public_base_url: &str,
    record: &ApplicationRecord,
    latest: &hall::acceptance::LatestDecision,
) -> NoticeView {
    let matters: Vec<&Matter> = record
        .matters
        .iter()
        .filter_map(|c| index.matter(c.as_str()))
        .collect();
    notice(
        index,
        public_base_url,
        record,
        &matters,
        &latest.materials,
        &latest.decision,
        latest.position,
        latest.decided_at,
        record.applicant_masked.clone(),
    )
}
