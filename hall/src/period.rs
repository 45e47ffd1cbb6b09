//! 电子监察 over a period (每月通报): what the hall finished in a month
//! against its promises, the work each desk and staff member did, the
//! 容缺 commitments kept and broken, and the month's ratings; and the list
//! behind each figure. Read by the supervisor (the hall) and department
//! heads (their departments' matters, reviewers and ratings), audited.

use crate::authz::{oversight, StaffError};
use crate::ports::{ApplicationRecord, StorageError, TallyScope, WorkDone};
use crate::Hall;
use chrono::{DateTime, Utc};
use domain::audit::AuditRecord;
use domain::issuing::HandoverWay;
use domain::period::{
    FinishedFilter, FinishedService, Finishing, Month, ServiceFigures, WorkDesk,
    DEFERRED_BROKEN_ACTION, DEFERRED_KEPT_ACTION,
};
use domain::rating::SatisfactionTally;
use domain::time::hall_date;
use domain::{Actor, DepartmentCode, MatterCode, Oversight, StaffRole};
use std::collections::BTreeMap;

/// A drill-down lists at most this many (all are counted).
pub const DRILL_DOWN_LIST: u32 = 500;

/// One matter's month against its promise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterPeriod {
    pub matter: MatterCode,
    pub department: DepartmentCode,
    pub promised_days: u16,
    pub legal_days: u16,
    pub figures: ServiceFigures,
}

/// One staff member's work at one desk in the month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffWork {
    pub desk: WorkDesk,
    /// The account's name.
    pub staff: String,
    /// As the account shows it (the name, for an account since removed).
    pub display_name: String,
    pub done: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupervisionPeriod {
    pub month: Month,
    /// What the figures cover: a department head's are their departments'
    /// matters, their reviewers' work and their ratings.
    pub oversight: Oversight,
    /// Every catalog matter watched, in catalog order (zeros included).
    pub matters: Vec<MatterPeriod>,
    /// The matters above together (the hall: also those since removed
    /// from the catalog).
    pub hall: ServiceFigures,
    /// Work done per desk.
    pub desks: BTreeMap<WorkDesk, u64>,
    /// Per staff member, the busiest first.
    pub staff: Vec<StaffWork>,
    /// 容缺 commitments (the front desk's; the hall's view only).
    pub deferred_kept: u64,
    pub deferred_broken: u64,
    /// Ratings first given in the month; follow-ups opened and answered.
    pub ratings: SatisfactionTally,
}

/// The services behind one figure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishedList {
    pub month: Month,
    pub matter: Option<MatterCode>,
    pub filter: FinishedFilter,
    pub services: Vec<FinishedService>,
    pub total: u64,
}

/// Why a period could not be read as asked.
fn month_of(s: &str) -> Result<Month, StaffError> {
    Month::parse(s).ok_or(StaffError::NotFound)
}

impl Hall {
    /// The month `month` (`YYYY-MM`; empty: the current month).
    pub async fn supervision_period(
        &self,
        actor: &Actor,
        month: &str,
    ) -> Result<SupervisionPeriod, StaffError> {
        let oversight = oversight(actor, "see the monthly report")?;
        let month = self.month_or_current(month)?;
        let audit = AuditRecord::by_staff(
            self.clock.now(),
            actor,
            "view_monthly_report",
            month.to_string(),
        );
        self.storage.append_audit(audit).await?;
        let mut by_matter: BTreeMap<MatterCode, ServiceFigures> = self
            .storage
            .service_figures(month)
            .await?
            .into_iter()
            .collect();
        let mut view = SupervisionPeriod {
            month,
            matters: Vec::new(),
            hall: ServiceFigures::default(),
            desks: BTreeMap::new(),
            staff: Vec::new(),
            deferred_kept: 0,
            deferred_broken: 0,
            ratings: self.month_ratings(&oversight, month).await?,
            oversight: oversight.clone(),
        };
        for m in &self.catalog.catalog().matters {
            let figures = by_matter.remove(&m.code).unwrap_or_default();
            if !oversight.covers(&m.department) {
                continue;
            }
            view.hall.add(&figures);
            view.matters.push(MatterPeriod {
                matter: m.code.clone(),
                department: m.department.clone(),
                promised_days: m.promised_days,
                legal_days: m.legal_days,
                figures,
            });
        }
        // Matters no longer in the catalog still count for the hall.
        if oversight.is_hall() {
            for figures in by_matter.values() {
                view.hall.add(figures);
            }
        }
        let accounts: BTreeMap<String, crate::ports::StaffAccount> = self
            .storage
            .staff_accounts()
            .await?
            .into_iter()
            .map(|a| (a.name.as_str().to_owned(), a))
            .collect();
        // A department head sees the review work of their departments'
        // reviewers; the front desk, issuing and 容缺 are the hall's.
        let counted = |w: &WorkDone| match &oversight {
            Oversight::Hall => true,
            Oversight::Departments(_) => {
                w.desk == WorkDesk::Review
                    && accounts.get(&w.staff).is_some_and(|a| {
                        a.role == StaffRole::Reviewer
                            && a.departments.iter().any(|d| oversight.covers(d))
                    })
            }
        };
        let mut staff: BTreeMap<(WorkDesk, String), u64> = BTreeMap::new();
        for w in self.storage.work_done(month).await? {
            if !counted(&w) {
                continue;
            }
            match w.action.as_str() {
                DEFERRED_KEPT_ACTION => view.deferred_kept += w.count,
                DEFERRED_BROKEN_ACTION => view.deferred_broken += w.count,
                _ => {}
            }
            *view.desks.entry(w.desk).or_default() += w.count;
            *staff.entry((w.desk, w.staff)).or_default() += w.count;
        }
        view.staff = staff
            .into_iter()
            .map(|((desk, staff), done)| StaffWork {
                desk,
                display_name: accounts
                    .get(&staff)
                    .map_or_else(|| staff.clone(), |a| a.display_name.clone()),
                staff,
                done,
            })
            .collect();
        view.staff
            .sort_by(|a, b| b.done.cmp(&a.done).then_with(|| a.staff.cmp(&b.staff)));
        Ok(view)
    }

    /// The month's ratings: the hall's, or a department head's departments'
    /// added together.
    async fn month_ratings(
        &self,
        oversight: &Oversight,
        month: Month,
    ) -> Result<SatisfactionTally, StorageError> {
        match oversight {
            Oversight::Hall => self.storage.satisfaction(&TallyScope::Month(month)).await,
            Oversight::Departments(ds) => {
                let mut all = SatisfactionTally::default();
                for d in ds {
                    let scope = TallyScope::DepartmentMonth(d.clone(), month);
                    all.add(&self.storage.satisfaction(&scope).await?);
                }
                Ok(all)
            }
        }
    }

    /// The services behind a figure of `month`: of one matter or all.
    pub async fn finished_list(
        &self,
        actor: &Actor,
        month: &str,
        matter: Option<&str>,
        filter: &str,
    ) -> Result<FinishedList, StaffError> {
        let oversight = oversight(actor, "see the monthly report")?;
        let month = self.month_or_current(month)?;
        let filter = FinishedFilter::parse(filter).ok_or(StaffError::NotFound)?;
        // A matter outside a department head's departments is not theirs to
        // list: it reads as unknown.
        let matter = match matter.filter(|m| !m.is_empty()) {
            None => None,
            Some(m) => Some(
                self.catalog
                    .matter(m)
                    .filter(|m| oversight.covers(&m.department))
                    .map(|m| m.code.clone())
                    .ok_or(StaffError::NotFound)?,
            ),
        };
        let audit = AuditRecord::by_staff(
            self.clock.now(),
            actor,
            "view_finished_list",
            month.to_string(),
        )
        .with_reason(format!(
            "{} {}",
            matter.as_ref().map_or("all", MatterCode::as_str),
            filter.as_str()
        ));
        self.storage.append_audit(audit).await?;
        let matters = match &matter {
            Some(m) => Some(vec![m.clone()]),
            None => self.matters_watched(&oversight),
        };
        let services = self
            .storage
            .finished_services(month, matters.as_deref(), filter, DRILL_DOWN_LIST)
            .await?;
        // The count behind the figure is the figure: the month's rollup,
        // kept in the same transactions as the rows listed.
        let total = self
            .storage
            .service_figures(month)
            .await?
            .iter()
            .filter(|(m, _)| matters.as_ref().is_none_or(|ms| ms.contains(m)))
            .map(|(_, f)| filter.count_in(f))
            .sum();
        Ok(FinishedList {
            month,
            matter,
            filter,
            services,
            total,
        })
    }

    fn month_or_current(&self, month: &str) -> Result<Month, StaffError> {
        if month.trim().is_empty() {
            Ok(Month::of(hall_date(self.clock.now())))
        } else {
            month_of(month)
        }
    }

    /// An application's matters as finished services, measured as it is
    /// handed over or posted (`at`). A window handover is a trip of its own.
    pub(crate) async fn finished_services(
        &self,
        record: &ApplicationRecord,
        way: &HandoverWay,
        at: DateTime<Utc>,
    ) -> Result<Vec<FinishedService>, StorageError> {
        let number = &record.number;
        let issued_at = self
            .storage
            .issuing_record(number)
            .await?
            .and_then(|r| r.documents.iter().map(|d| d.issued_at).max())
            .unwrap_or(at);
        let trips = self.storage.trips_of(number).await?;
        let online = trips.as_ref().is_some_and(|t| !t.submitted_via.in_person());
        let collected = u32::from(matches!(way, HandoverWay::Window { .. }));
        let finishing = Finishing {
            filed_on: hall_date(record.submitted_at),
            issued_on: hall_date(issued_at),
            promised_by: record.promised_by,
            finished_on: hall_date(at),
            trips: trips.map_or(0, |t| t.count()).saturating_add(collected),
            online,
        };
        Ok(record
            .matters
            .iter()
            .filter_map(|code| self.catalog.catalog().matter(code))
            .map(|m| FinishedService::new(number, m, finishing, &self.calendar))
            .collect())
    }
}
