//! 前台综合受理: the front desk's queue, an application's file, and the
//! decisions on it. Each use case checks the actor's role itself (a route
//! layer is not trusted to have done it), and each change or view of
//! personal data is appended to the audit chain in the same commit.

use crate::authz::{require, StaffError};
use crate::notifications::{of_decision, to_applicant};
use crate::ports::{
    ApplicationRecord, DecideChange, DecideOutcome, DecisionRecord, OnlineCorrection, QueueEntry,
    QueueQuery, StaffApplication, StorageError,
};
use crate::Hall;
use chrono::{DateTime, NaiveDate, Utc};
use domain::acceptance::{Decision, DecisionForm};
use domain::audit::AuditRecord;
use domain::catalog::{merge_guides, Matter, MergedMaterial};
use domain::deadline::Deadline;
use domain::notification::Notification;
use domain::time::hall_date;
use domain::{Actor, ApplicationNumber, ApplicationStatus, StaffRole, Transition};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// 《行政许可法》第三十二条: not told within five working days what to
/// correct, an application counts as accepted from the day it was received.
pub const DEEMED_ACCEPTED_AFTER_WORKING_DAYS: u32 = 5;

/// Queue pages are this long at most.
pub const QUEUE_PAGE: u32 = 50;

/// The queue's length is counted exactly up to here, then shown as "more
/// than" (counting 50,000 waiting rows on every page costs a scan).
pub const QUEUE_COUNT_UP_TO: u64 = 1000;

/// One line of the front desk's queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueItem {
    pub entry: QueueEntry,
    /// Since it entered the queue.
    pub waiting: chrono::Duration,
    pub deemed_accepted_on: NaiveDate,
    /// The deemed date is today or the next working day.
    pub deemed_soon: bool,
    /// The date runs into a year without holiday data: counted on
    /// weekends only, to be checked by hand.
    pub deemed_weekends_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    /// Where the next page starts (opaque to the browser's eyes, but not secret).
    pub next: Option<String>,
    /// Exact up to [`QUEUE_COUNT_UP_TO`]; above it, `total_is_more` is set.
    pub total: u64,
    pub total_is_more: bool,
    /// Returned applications whose corrections came in online (new ones
    /// flagged): the desk takes them back into the queue when complete.
    pub corrections_online: Vec<OnlineCorrection>,
}

/// Everything the desk needs to decide: the application in full, its
/// materials (merged over its matters, as on the guide) and its matters.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplicationFile {
    pub application: StaffApplication,
    pub matters: Vec<Matter>,
    pub materials: Vec<MergedMaterial>,
    pub deemed_accepted_on: NaiveDate,
    pub today: NaiveDate,
    /// The deemed or promised date runs into a year without holiday data.
    pub weekends_only: bool,
    /// 容缺: Some(committed date) while the deferred materials are owed.
    pub deferred_owed: Option<Option<NaiveDate>>,
    /// The files uploaded for its materials, in upload order.
    pub files: Vec<crate::ports::MaterialFileRecord>,
    /// 本大厅核发: materials a licence of this hall stands for.
    pub supplied: Vec<(domain::FieldKey, domain::issuing::LicenceCode)>,
    /// 并联审批: each department's part, and the merged notice if one is due.
    pub progress: crate::review::ReviewProgress,
    /// What the actor may do with it now.
    pub actions: FileActions,
    /// The date a one-time notice proposes to correct by
    /// ([`CORRECTION_WORKING_DAYS`] working days from today).
    pub correct_by: NaiveDate,
    /// 跑动: the trips to the hall so far, and the most its matters
    /// promise (the largest of their promises).
    pub trips: Option<(crate::ports::Trips, u8)>,
}

/// Working days a one-time notice gives by default to correct (the desk
/// may set another date).
pub const CORRECTION_WORKING_DAYS: u32 = 10;

/// The front desk's moves open on a file: its state and the actor's role
/// decide them here, once, for the page and for the use cases alike.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileActions {
    /// Accept, accept with deficiency, return or refuse.
    pub decide: bool,
    /// Corrections handed in at the window.
    pub take_corrections: bool,
    /// The departments' corrections as one notice.
    pub send_review_notice: bool,
    /// 容缺: the deferred materials received.
    pub take_deferred: bool,
}

impl FileActions {
    pub fn of(
        actor: &Actor,
        status: ApplicationStatus,
        progress: &crate::review::ReviewProgress,
        deferred_owed: bool,
    ) -> Self {
        if actor.role != StaffRole::FrontDesk {
            return Self::default();
        }
        Self {
            decide: status == ApplicationStatus::Submitted,
            take_corrections: matches!(
                status,
                ApplicationStatus::ReturnedForCorrection
                    | ApplicationStatus::CorrectionDuringReview
            ),
            send_review_notice: status.in_review()
                && progress.outcome == domain::review::ReviewOutcome::NoticeDue,
            take_deferred: deferred_owed && !status.is_final(),
        }
    }
}

impl ApplicationFile {
    /// The latest decision with a checklist (what the desk found last
    /// time, remembered for the corrected application).
    pub fn last_decision(&self) -> Option<&Decision> {
        self.application
            .decisions
            .iter()
            .rev()
            .find_map(|d| d.decision.as_ref())
    }
}

/// The keyed hash the breach list is kept by: the ID number itself is
/// never stored there (HMAC-SHA256 under `security.id_key`).
pub fn breach_key(id_key: &[u8], id_number: &str) -> String {
    let canonical = domain::normalise::code(id_number);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(id_key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(canonical.as_bytes());
    data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
}

fn cursor(entry: &QueueEntry) -> String {
    format!(
        "{}.{}",
        entry.queued_at.timestamp_micros(),
        entry.record.number.as_str()
    )
}

fn parse_cursor(s: &str) -> Option<(DateTime<Utc>, ApplicationNumber)> {
    let (micros, number) = s.split_once('.')?;
    Some((
        DateTime::from_timestamp_micros(micros.parse().ok()?)?,
        ApplicationNumber::parse(number).ok()?,
    ))
}

impl Hall {
    /// The application's matters as the catalog has them (one removed
    /// from the catalog since is left out), in the order applied for.
    pub(crate) fn matters_of(&self, record: &ApplicationRecord) -> Vec<&Matter> {
        record
            .matters
            .iter()
            .filter_map(|code| self.catalog.matter(code.as_str()))
            .collect()
    }

    /// The application's materials as one list (as its guide shows them):
    /// duplicates merged, and without what a linked matter gets from
    /// another's result (联办: the licence the same application issues).
    pub(crate) fn materials_of(&self, application: &StaffApplication) -> Vec<MergedMaterial> {
        let record = &application.record;
        let matters = self.matters_of(record);
        let links = self.catalog.catalog().links_among(&record.matters);
        let linked = domain::catalog::as_linked(&matters, &links);
        let refs: Vec<&Matter> = linked.iter().collect();
        // Only what the answers ask for (a conditional material).
        let raw = |key: &str| application.values.get(key).map(str::to_string);
        merge_guides(&refs)
            .materials
            .into_iter()
            .filter(|m| m.material.is_needed(&raw))
            .collect()
    }

    fn deemed_accepted_on(&self, queued_at: DateTime<Utc>) -> NaiveDate {
        self.deemed_accepted_on_day(hall_date(queued_at))
    }

    /// Applications queued before this instant are past their
    /// deemed-acceptance day by `today`: the first day whose deemed day is
    /// `today` or later begins there (deemed days only grow with the day
    /// queued).
    pub(crate) fn deemed_cutoff(&self, today: NaiveDate) -> DateTime<Utc> {
        let mut first_not_past = today;
        while let Some(before) = first_not_past.pred_opt() {
            if self.deemed_accepted_on_day(before) < today {
                break;
            }
            first_not_past = before;
        }
        domain::time::hall_day_start(first_not_past)
    }

    fn deemed_accepted_on_day(&self, queued_on: NaiveDate) -> NaiveDate {
        self.calendar
            .add_working_days(queued_on, DEEMED_ACCEPTED_AFTER_WORKING_DAYS)
    }

    /// The breach list's key for an ID number under this hall's key.
    pub fn breach_key(&self, id_number: &str) -> String {
        breach_key(&self.id_key, id_number)
    }

    /// Submitted applications waiting for the front desk, oldest first.
    pub async fn front_desk_queue(
        &self,
        actor: &Actor,
        after: Option<&str>,
    ) -> Result<QueuePage, StaffError> {
        require(
            actor,
            &[StaffRole::FrontDesk, StaffRole::Supervisor],
            "see the front desk queue",
        )?;
        let now = self.clock.now();
        let today = hall_date(now);
        let soon = self.calendar.add_working_days(today, 1);
        let entries = self
            .storage
            .front_desk_queue(QueueQuery {
                after: after.and_then(parse_cursor),
                limit: QUEUE_PAGE + 1,
            })
            .await?;
        let total = self
            .storage
            .count_front_desk_queue(QUEUE_COUNT_UP_TO + 1)
            .await?;
        let more = entries.len() > QUEUE_PAGE as usize;
        let items: Vec<QueueItem> = entries
            .into_iter()
            .take(QUEUE_PAGE as usize)
            .map(|entry| {
                let deemed = self.deemed_accepted_on(entry.queued_at);
                QueueItem {
                    waiting: now.signed_duration_since(entry.queued_at),
                    deemed_accepted_on: deemed,
                    deemed_soon: deemed <= soon,
                    deemed_weekends_only: !self
                        .calendar
                        .covers_span(hall_date(entry.queued_at), deemed),
                    entry,
                }
            })
            .collect();
        let corrections_online = self.storage.corrections_online(QUEUE_PAGE).await?;
        Ok(QueuePage {
            corrections_online,
            next: more
                .then(|| items.last().map(|i| cursor(&i.entry)))
                .flatten(),
            items,
            total: total.min(QUEUE_COUNT_UP_TO),
            total_is_more: total > QUEUE_COUNT_UP_TO,
        })
    }

    /// An application in full (answers included) for the desk; the view
    /// is audited.
    pub async fn application_file(
        &self,
        actor: &Actor,
        number: &str,
    ) -> Result<ApplicationFile, StaffError> {
        // Reviewers see only their part, through their review task.
        require(
            actor,
            &[StaffRole::FrontDesk, StaffRole::Supervisor],
            "see an application's personal data",
        )?;
        let number = ApplicationNumber::parse(number).map_err(StaffError::Malformed)?;
        let application = self
            .storage
            .staff_application(&number)
            .await?
            .ok_or(StaffError::NotFound)?;
        let matters: Vec<Matter> = application
            .record
            .matters
            .iter()
            .filter_map(|code| self.catalog.matter(code.as_str()).cloned())
            .collect();
        let now = self.clock.now();
        let audit = AuditRecord::by_staff(now, actor, "view_personal_data", number.as_str());
        self.storage.append_audit(audit).await?;
        if actor.role == StaffRole::FrontDesk
            && application.record.status == ApplicationStatus::ReturnedForCorrection
        {
            // What came online until now has been seen.
            self.storage.desk_saw(&number, now).await?;
        }
        let deemed = self.deemed_accepted_on(application.queued_at);
        let received = hall_date(application.record.submitted_at);
        let last = deemed.max(application.record.promised_by);
        let deferred_received = self
            .storage
            .issuing_record(&number)
            .await?
            .and_then(|r| r.deferred_received);
        let files = self.storage.files_of_application(&number).await?;
        let materials = self.materials_of(&application);
        let mut supplied = Vec::new();
        let raw = |key: &str| application.values.get(key).map(str::to_string);
        let credit_code = matters
            .iter()
            .find_map(|m| crate::materials::credit_code_answer(&m.form, &raw));
        for m in &materials {
            if let (Some(matter), Some(code)) = (&m.material.supplied_by, &credit_code) {
                if let Some(licence) = self.licence_on_record(matter, code).await? {
                    supplied.push((m.material.key.clone(), licence));
                }
            }
        }
        let deferred_owed =
            crate::issuing::deferred_owed(deferred_received, &application.decisions);
        let progress = self.review_progress(&number).await?;
        let actions = FileActions::of(
            actor,
            application.record.status,
            &progress,
            deferred_owed.is_some(),
        );
        let today = hall_date(now);
        let promised = matters
            .iter()
            .map(|m| u8::from(m.visits))
            .max()
            .unwrap_or(1);
        let trips = self.storage.trips_of(&number).await?.map(|t| (t, promised));
        Ok(ApplicationFile {
            trips,
            files,
            supplied,
            progress,
            actions,
            correct_by: self.working_days_after(today, CORRECTION_WORKING_DAYS),
            deferred_owed,
            weekends_only: !self.calendar.covers_span(received, last),
            deemed_accepted_on: deemed,
            materials,
            matters,
            application,
            today,
        })
    }

    /// Accept, accept with deficiency (容缺), return with a one-time notice,
    /// or refuse — as the desk's form says, if the rules allow it and the
    /// application is still waiting. Exactly one of two desks deciding at
    /// once wins; the other learns who decided and when.
    pub async fn decide(
        &self,
        actor: &Actor,
        number: &str,
        pairs: &[(String, String)],
    ) -> Result<Decision, StaffError> {
        require(actor, &[StaffRole::FrontDesk], "decide on an application")?;
        let number = ApplicationNumber::parse(number).map_err(StaffError::Malformed)?;
        let application = self
            .storage
            .staff_application(&number)
            .await?
            .ok_or(StaffError::NotFound)?;
        let status = application.record.status;
        let already = |application: &StaffApplication| StaffError::AlreadyDecided {
            status: application.record.status,
            latest: application.decisions.last().cloned().map(Box::new),
        };
        if !status.awaits_front_desk() {
            tracing::warn!(staff = %actor.name, number = %number, status = status.as_str(), "refused: not waiting");
            return Err(already(&application));
        }
        let materials = self.materials_of(&application);
        let now = self.clock.now();
        let decision = DecisionForm {
            pairs,
            materials: &materials,
            today: hall_date(now),
            promised_by: application.record.promised_by,
        }
        .parse()
        .map_err(|problems| {
            tracing::info!(staff = %actor.name, number = %number, problems = problems.len(), "decision refused");
            StaffError::Refused(problems)
        })?;
        if let Decision::AcceptWithDeficiency { .. } = decision {
            let id = application
                .values
                .get("applicant_id")
                .or_else(|| application.values.get("enterprise_credit_code"));
            if let Some(id) = id {
                if self.storage.on_breach_list(&self.breach_key(id)).await? {
                    tracing::warn!(staff = %actor.name, number = %number, "refused: 容缺 for a listed applicant");
                    return Err(StaffError::OnBreachList);
                }
            }
        }
        let transition = decision.transition();
        let to = status
            .after(transition)
            .map_err(|_| already(&application))?;
        let reason = decision.reason().to_string();
        self.record_move(
            actor,
            &application,
            transition,
            Some(decision.clone()),
            &reason,
            to,
            now,
        )
        .await?;
        self.tell_window(actor, &number, domain::rating::Touchpoint::Acceptance)
            .await;
        Ok(decision)
    }

    /// The applicant handed in what the one-time notice asked for (at the
    /// window): the application goes back to the queue, its checklist kept.
    pub async fn corrections_received(
        &self,
        actor: &Actor,
        number: &str,
    ) -> Result<(), StaffError> {
        require(actor, &[StaffRole::FrontDesk], "take in corrections")?;
        let parsed = ApplicationNumber::parse(number).map_err(StaffError::Malformed)?;
        let in_review = self
            .storage
            .review_file(&parsed)
            .await?
            .is_some_and(|f| f.status == ApplicationStatus::CorrectionDuringReview);
        if in_review {
            self.resume_review(actor, &parsed).await?;
        } else {
            self.move_at_window(actor, number, Transition::Resubmit, "")
                .await?;
        }
        // The trip to the window is written with the step's audit event.
        Ok(())
    }

    /// The applicant withdraws (asked at the window): from the queue or
    /// while corrections are awaited. The reason goes into the audit log.
    pub async fn withdraw(
        &self,
        actor: &Actor,
        number: &str,
        reason: &str,
    ) -> Result<(), StaffError> {
        require(actor, &[StaffRole::FrontDesk], "record a withdrawal")?;
        let reason = domain::acceptance::withdrawal_reason(reason)
            .map_err(|p| StaffError::Refused(vec![p]))?;
        self.move_at_window(actor, number, Transition::Withdraw, &reason)
            .await
    }

    /// A move without a decision form, if the state machine allows it now.
    async fn move_at_window(
        &self,
        actor: &Actor,
        number: &str,
        transition: Transition,
        reason: &str,
    ) -> Result<(), StaffError> {
        let number = ApplicationNumber::parse(number).map_err(StaffError::Malformed)?;
        let application = self
            .storage
            .staff_application(&number)
            .await?
            .ok_or(StaffError::NotFound)?;
        let to = application.record.status.after(transition).map_err(|_| {
            StaffError::AlreadyDecided {
                status: application.record.status,
                latest: application.decisions.last().cloned().map(Box::new),
            }
        })?;
        self.record_move(
            actor,
            &application,
            transition,
            None,
            reason,
            to,
            self.clock.now(),
        )
        .await
    }

    /// Moves the application (guarded against a concurrent move) with its
    /// decision record and audit event, in one commit.
    #[allow(clippy::too_many_arguments)]
    async fn record_move(
        &self,
        actor: &Actor,
        application: &StaffApplication,
        transition: Transition,
        decision: Option<Decision>,
        reason: &str,
        to: ApplicationStatus,
        now: DateTime<Utc>,
    ) -> Result<(), StaffError> {
        let number = application.record.number.clone();
        let content = serde_json::to_vec(&(transition, &decision, reason))
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let audit = AuditRecord::by_staff(now, actor, transition.as_str(), number.as_str())
            .with_reason(reason)
            .with_content(&content);
        let record = DecisionRecord {
            number: number.clone(),
            transition,
            decision,
            staff_name: actor.name.clone(),
            staff_display_name: actor.display_name.clone(),
            decided_at: audit.at,
        };
        let tasks = if to.in_review() {
            self.review_tasks_for(application, hall_date(now))
        } else {
            vec![]
        };
        let promised_by = self.promised_from_acceptance(application, to, now);
        // The n-th move of this application: a second one-time notice is
        // a message of its own.
        let told: Vec<Notification> = of_decision(
            record.decision.as_ref(),
            &self.materials_of(application),
            promised_by.unwrap_or(application.record.promised_by),
        )
        .map(|event| {
            to_applicant(
                event,
                &application.values,
                &application.record.applicant_masked,
            )
            .occurring(application.decisions.len().to_string())
        })
        .into_iter()
        .collect();
        match self
            .storage
            .decide(DecideChange {
                record,
                from: application.record.status,
                to,
                promised_by,
                tasks,
                audit,
                notifications: told,
            })
            .await?
        {
            DecideOutcome::Decided => {
                tracing::info!(staff = %actor.name, number = %number, transition = transition.as_str(), "application moved");
                Ok(())
            }
            DecideOutcome::NotFound => Err(StaffError::NotFound),
            DecideOutcome::NotInState { status, latest } => {
                tracing::info!(staff = %actor.name, number = %number, "lost the race: already moved");
                Err(StaffError::AlreadyDecided {
                    status,
                    latest: latest.map(Box::new),
                })
            }
        }
    }

    /// 限时办结 counts from acceptance (《行政许可法》第四十二条): on accepting
    /// (容缺 too: the commitment is signed then) the promised date is
    /// reckoned again from that day; other moves keep it.
    fn promised_from_acceptance(
        &self,
        application: &StaffApplication,
        to: ApplicationStatus,
        now: DateTime<Utc>,
    ) -> Option<NaiveDate> {
        if !matches!(
            to,
            ApplicationStatus::Accepted | ApplicationStatus::AcceptedWithDeficiency
        ) {
            return None;
        }
        let matters = self.matters_of(&application.record);
        let links = self
            .catalog
            .catalog()
            .links_among(&application.record.matters);
        let limit = u32::from(domain::catalog::chain_promise(&matters, &links));
        Deadline::start(hall_date(now), limit).due(&self.calendar)
    }

    /// The latest decision taken with a form (not corrections handed in),
    /// for the notice on the citizen's page (no personal data in it).
    pub(crate) fn latest_of(&self, app: &StaffApplication) -> Option<LatestDecision> {
        let (position, d) = app
            .decisions
            .iter()
            .enumerate()
            .rev()
            .find(|(_, d)| d.decision.is_some())?;
        Some(LatestDecision {
            decision: d.decision.clone()?,
            position,
            decided_at: d.decided_at,
            materials: self.materials_of(app),
        })
    }

    /// `days` working days after `day` (suggested dates on the desk's forms).
    pub fn working_days_after(&self, day: NaiveDate, days: u32) -> NaiveDate {
        self.calendar.add_working_days(day, days)
    }
}

/// A decision with its place in the application's history.
#[derive(Clone, Debug, PartialEq)]
pub struct LatestDecision {
    pub decision: Decision,
    /// 0 for the application's first move.
    pub position: usize,
    pub decided_at: DateTime<Utc>,
    /// The application's materials, to name the notice's items.
    pub materials: Vec<MergedMaterial>,
}
