//! 进度查询: everything the citizen's application page shows, read in one
//! use case — the application, its review, the notice meant for the
//! applicant while it applies, and (for the visit that proved it is the
//! applicant) the corrections it may upload. Each table is read once.

use crate::acceptance::LatestDecision;
use crate::applications::LookupError;
use crate::materials::DraftMaterials;
use crate::ports::ApplicationRecord;
use crate::review::ReviewProgress;
use crate::Hall;
use domain::{ApplicationStatus, Transition, VisitToken};

#[derive(Clone, Debug)]
pub struct ApplicationPage {
    pub record: ApplicationRecord,
    pub progress: ReviewProgress,
    /// To correct, to hand in later, or why it was refused — while the
    /// application is in the state the notice is about.
    pub notice: Option<LatestDecision>,
    /// 补正 by upload: what the notice asks for, to this visit only once it
    /// proved it is the applicant.
    pub corrections: Option<DraftMaterials>,
}

/// The decision whose notice the applicant needs in this state.
fn notice_for(status: ApplicationStatus) -> Option<Transition> {
    match status {
        ApplicationStatus::ReturnedForCorrection => Some(Transition::ReturnForCorrection),
        ApplicationStatus::AcceptedWithDeficiency => Some(Transition::AcceptWithDeficiency),
        ApplicationStatus::Refused => Some(Transition::Refuse),
        _ => None,
    }
}

impl Hall {
    /// The application page, for anyone holding the number (nothing
    /// personal beyond the masked name) and, with `visitor`, the proven
    /// applicant's uploads.
    pub async fn application_page(
        &self,
        number: &str,
        visitor: Option<&VisitToken>,
    ) -> Result<ApplicationPage, LookupError> {
        let record = self.application(number).await?;
        let file = self
            .storage
            .review_file(&record.number)
            .await?
            .ok_or(LookupError::NotFound)?;
        let progress = self.progress_of(file);
        let Some(wanted) = notice_for(record.status) else {
            return Ok(ApplicationPage {
                record,
                progress,
                notice: None,
                corrections: None,
            });
        };
        let application = self
            .storage
            .staff_application(&record.number)
            .await?
            .ok_or(LookupError::NotFound)?;
        let notice = self
            .latest_of(&application)
            .filter(|latest| latest.decision.transition() == wanted);
        let corrections = match visitor {
            Some(visitor) => self.correction_slots_of(&application, visitor).await?,
            None => None,
        };
        Ok(ApplicationPage {
            record,
            progress,
            notice,
            corrections,
        })
    }
}
