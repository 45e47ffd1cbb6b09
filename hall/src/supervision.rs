//! 电子监察 now: open work by department and by matter, yellow and red
//! against its time limit; applications past their deemed-acceptance day
//! (5 working days without the front desk's decision, 行政许可法 art. 32);
//! the clocks standing still and the extensions; bad ratings' follow-ups
//! due and overdue. Read by the supervisor (the whole hall) and department
//! heads (their departments and those departments' matters), audited.

use crate::authz::{oversight, StaffError};
use crate::ports::{ApplicationRecord, OpenApplications, OpenFollowUps, OpenTasks, StorageError};
use crate::Hall;
use chrono::{DateTime, Utc};
use domain::audit::AuditRecord;
use domain::supervision::{watch, Watch, WatchCounts};
use domain::time::hall_date;
use domain::{Actor, ApplicationStatus, DepartmentCode, MatterCode, Oversight};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// At most this many applications past their deemed-acceptance day are
/// listed (all are counted).
const WAITING_LIST: u32 = 100;

/// One department's open work.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepartmentWatch {
    /// Review tasks (并联审批 parts).
    pub tasks: WatchCounts,
    /// Of the open tasks, those extended.
    pub extended: u64,
    /// 差评 follow-ups not yet answered.
    pub follow_ups: WatchCounts,
}

/// One matter's open applications against their promised day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatterWatch {
    pub applications: WatchCounts,
    /// Waiting for the front desk.
    pub at_front_desk: u64,
    /// Approved or issued, not yet handed over.
    pub at_issuing: u64,
}

/// Open work grouped as the desk sorts it, read at one instant. Counting
/// it reads every open task and application (a hall of ten million keeps
/// about a hundred thousand open), so a server may read it once a minute
/// and serve that reading to every desk.
#[derive(Clone, Debug)]
pub struct OpenWork {
    pub read_at: DateTime<Utc>,
    pub tasks: Vec<OpenTasks>,
    pub applications: Vec<OpenApplications>,
    pub follow_ups: Vec<OpenFollowUps>,
}

/// The last reading and how often it is refreshed (none: read per request).
#[derive(Debug, Default)]
pub(crate) struct OpenWorkCache {
    every: Option<Duration>,
    latest: RwLock<Option<Arc<OpenWork>>>,
}

impl OpenWorkCache {
    pub(crate) fn every(every: Duration) -> Self {
        Self {
            every: (!every.is_zero()).then_some(every),
            latest: RwLock::default(),
        }
    }

    /// The reading, if there is one young enough to serve at `now`.
    fn fresh(&self, now: DateTime<Utc>) -> Option<Arc<OpenWork>> {
        let every = self.every?;
        let limit = chrono::Duration::from_std(every * 3).ok()?;
        let latest = self.latest.read().ok()?.clone()?;
        (now - latest.read_at <= limit).then_some(latest)
    }

    fn keep(&self, reading: Arc<OpenWork>) {
        if self.every.is_some() {
            if let Ok(mut latest) = self.latest.write() {
                *latest = Some(reading);
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct SupervisionNow {
    pub today: chrono::NaiveDate,
    /// When the open work was counted (the deemed-acceptance list is read
    /// with the page).
    pub as_of: DateTime<Utc>,
    /// What the figures cover (a department head's: their departments).
    pub oversight: Oversight,
    pub departments: BTreeMap<DepartmentCode, DepartmentWatch>,
    pub matters: BTreeMap<MatterCode, MatterWatch>,
    /// Past the deemed-acceptance day, the longest waiting first.
    pub past_deemed: Vec<ApplicationRecord>,
    pub past_deemed_count: u64,
}

impl SupervisionNow {
    /// The hall as a whole (every department's figures added).
    pub fn hall_tasks(&self) -> WatchCounts {
        let mut all = WatchCounts::default();
        for d in self.departments.values() {
            all.open += d.tasks.open;
            all.due_soon += d.tasks.due_soon;
            all.overdue += d.tasks.overdue;
            all.paused += d.tasks.paused;
        }
        all
    }
}

/// An application's clock: it stands still while corrections are owed;
/// otherwise it runs to the promised day.
fn application_watch(a: &OpenApplications, today: chrono::NaiveDate, hall: &Hall) -> Watch {
    let stands_still = matches!(
        a.status,
        ApplicationStatus::ReturnedForCorrection | ApplicationStatus::CorrectionDuringReview
    );
    watch(
        (!stands_still).then_some(a.promised_by),
        today,
        &hall.calendar,
    )
}

impl Hall {
    pub async fn supervision_now(&self, actor: &Actor) -> Result<SupervisionNow, StaffError> {
        let oversight = oversight(actor, "see the supervision desk")?;
        let now = self.clock.now();
        let today = hall_date(now);
        let audit = AuditRecord::by_staff(now, actor, "view_supervision", "");
        self.storage.append_audit(audit).await?;
        let work = self.open_work().await?;
        let mut view = SupervisionNow {
            today,
            as_of: work.read_at,
            oversight: oversight.clone(),
            departments: BTreeMap::new(),
            matters: BTreeMap::new(),
            past_deemed: Vec::new(),
            past_deemed_count: 0,
        };
        // Every catalog department and matter watched has a row, zeros
        // included; nothing outside the oversight gets one.
        for d in &self.catalog.catalog().departments {
            if oversight.covers(&d.code) {
                view.departments
                    .insert(d.code.clone(), DepartmentWatch::default());
            }
        }
        for m in &self.catalog.catalog().matters {
            if oversight.covers(&m.department) {
                view.matters.insert(m.code.clone(), MatterWatch::default());
            }
        }
        let matters = self.matters_watched(&oversight);
        for t in work.tasks.iter().cloned() {
            if !oversight.covers(&t.department) {
                continue;
            }
            let d = view.departments.entry(t.department).or_default();
            d.tasks.add(watch(t.due, today, &self.calendar), t.count);
            if t.extended {
                d.extended += t.count;
            }
        }
        for f in work.follow_ups.iter().cloned() {
            if !oversight.covers(&f.department) {
                continue;
            }
            view.departments
                .entry(f.department)
                .or_default()
                .follow_ups
                .add(watch(Some(f.due_on), today, &self.calendar), f.count);
        }
        for a in work.applications.iter().cloned() {
            if matters.as_ref().is_some_and(|ms| !ms.contains(&a.matter)) {
                continue;
            }
            let w = application_watch(&a, today, self);
            let m = view.matters.entry(a.matter.clone()).or_default();
            match a.status {
                ApplicationStatus::Submitted => m.at_front_desk += a.count,
                ApplicationStatus::Approved | ApplicationStatus::Issued => m.at_issuing += a.count,
                _ => {}
            }
            m.applications.add(w, a.count);
        }
        // Queued on or before this instant: past the 5th working day.
        let deemed_before = self.deemed_cutoff(today);
        let (past, count) = self
            .storage
            .waiting_since(deemed_before, matters.as_deref(), WAITING_LIST)
            .await?;
        view.past_deemed = past;
        view.past_deemed_count = count;
        Ok(view)
    }

    /// Counts the open work now and keeps the reading for the desks (the
    /// server calls this on its refresh period).
    pub async fn refresh_open_work(&self) -> Result<Arc<OpenWork>, StorageError> {
        let reading = Arc::new(OpenWork {
            read_at: self.clock.now(),
            tasks: self.storage.open_tasks().await?,
            applications: self.storage.open_applications().await?,
            follow_ups: self.storage.open_follow_ups().await?,
        });
        self.open_work.keep(reading.clone());
        Ok(reading)
    }

    /// The kept reading if it is young enough, else a new one.
    async fn open_work(&self) -> Result<Arc<OpenWork>, StorageError> {
        match self.open_work.fresh(self.clock.now()) {
            Some(reading) => Ok(reading),
            None => self.refresh_open_work().await,
        }
    }

    /// The matters of a department head's departments (None: every matter,
    /// for the hall). An application counts for each of its matters.
    pub(crate) fn matters_watched(&self, oversight: &Oversight) -> Option<Vec<MatterCode>> {
        match oversight {
            Oversight::Hall => None,
            Oversight::Departments(_) => Some(
                self.catalog
                    .catalog()
                    .matters
                    .iter()
                    .filter(|m| oversight.covers(&m.department))
                    .map(|m| m.code.clone())
                    .collect(),
            ),
        }
    }
}
