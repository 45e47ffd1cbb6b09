//! 容缺 enforced: a credit commitment not kept by its date ends the
//! application and puts the applicant on the breach list (失信), which the
//! front desk's 容缺 check reads. Run now and then by the server (and by
//! tests on a moved clock).

use super::IssuingError;
use crate::Hall;
use domain::audit::AuditRecord;
use domain::notification::NotificationEvent;
use domain::time::hall_date;

impl Hall {
    /// Terminates every application whose deferred materials are past
    /// their committed date; returns how many.
    pub async fn enforce_commitments(&self) -> Result<u32, IssuingError> {
        let now = self.clock.now();
        let today = hall_date(now);
        let mut ended = 0;
        for number in self.storage.open_commitments().await? {
            let Some(application) = self.storage.staff_application(&number).await? else {
                continue;
            };
            let due = match super::deferred_owed(None, &application.decisions) {
                Some(Some(due)) if due < today => due,
                _ => continue,
            };
            let id = application
                .values
                .get("applicant_id")
                .or_else(|| application.values.get("enterprise_credit_code"))
                .unwrap_or_default();
            let reason = format!("容缺承诺未履行：补交材料期限 {due}（申请 {number}）");
            let mut audit = AuditRecord::new(now, "system", "system", "terminate", number.as_str());
            audit.reason = reason.clone();
            let key = crate::acceptance::breach_key(&self.id_key, id);
            let told = vec![crate::notifications::to_applicant(
                NotificationEvent::Terminated {
                    reason: format!("容缺材料未在 {due} 前补交"),
                },
                &application.values,
                &application.record.applicant_masked,
            )];
            if self
                .storage
                .terminate(&number, &key, &reason, audit, told)
                .await?
            {
                tracing::warn!(number = %number, due = %due, "容缺 commitment missed: terminated, breach recorded");
                ended += 1;
            }
        }
        Ok(ended)
    }

    /// 容缺 reminders: 3 working days before the owed materials fall due,
    /// and on the last working day. Run now and then; each reminder is
    /// written once (its key names the date and which one), so a server
    /// down on the day still sends it when it comes back, before the date.
    pub async fn remind_commitments(&self) -> Result<u32, IssuingError> {
        let now = self.clock.now();
        let today = hall_date(now);
        let mut reminded = 0;
        for number in self.storage.open_commitments().await? {
            let Some(application) = self.storage.staff_application(&number).await? else {
                continue;
            };
            let Some(Some(due)) = super::deferred_owed(None, &application.decisions) else {
                continue;
            };
            if today > due {
                continue;
            }
            let left = self.calendar.working_days_between(today, due);
            let (last_day, which) = match left {
                0 => (true, "last"),
                1..=3 => (false, "3"),
                _ => continue,
            };
            let owed = crate::notifications::owed_names(
                &application.decisions,
                &self.materials_of(&application),
            );
            let told = crate::notifications::to_applicant(
                NotificationEvent::CommitmentDue {
                    owed,
                    by: due,
                    last_day,
                },
                &application.values,
                &application.record.applicant_masked,
            )
            .occurring(format!("{due}:{which}"));
            self.storage
                .enqueue_notifications(&number, &[told], now)
                .await?;
            reminded += 1;
        }
        Ok(reminded)
    }
}
