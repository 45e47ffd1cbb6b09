//! 进度查询: everything the citizen's application page shows, read in one
//! use case — the application, its review, the notice meant for the
//! applicant while it applies, and, for the visit that proved it is the
//! applicant, the corrections it may upload and how the result reaches
//! them. The common page is one query (the application with whether this
//! visit proved it), a second once review has begun; the rest only where
//! it applies.

use crate::acceptance::LatestDecision;
use crate::applications::LookupError;
use crate::issuing::{visit_hash, PickupPass};
use crate::materials::DraftMaterials;
use crate::ports::{ApplicationRecord, IssuingRecord, ReviewFile, StoredNotification, VisitRef};
use crate::ratings::ApplicationRatings;
use crate::review::ReviewProgress;
use crate::Hall;
use domain::{ApplicationNumber, ApplicationStatus, Transition, VisitToken};

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
    /// This visit proved it is the applicant (领取: it may choose how the
    /// result reaches it, and see its pickup pass).
    pub proven: bool,
    /// For the proven applicant: delivery, handover, and the pickup pass
    /// once issued (None if it could not be read: the page leaves it out).
    pub issuing: Option<(IssuingRecord, Option<PickupPass>)>,
    /// For the proven applicant: every message sent about it, oldest
    /// first (they may name materials, reasons and the pickup code).
    pub messages: Vec<StoredNotification>,
    /// 好差评, for a visit that speaks for the applicant: what it may rate,
    /// what it rated, and the replies to its bad ratings.
    pub ratings: ApplicationRatings,
}

/// Review tasks exist once the front desk accepted the application.
fn reviewed(status: ApplicationStatus) -> bool {
    !matches!(
        status,
        ApplicationStatus::Submitted
            | ApplicationStatus::ReturnedForCorrection
            | ApplicationStatus::Refused
    )
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
        self.read_page(number, visitor, false).await
    }

    /// 我的办件: the page of an application found by the signed-in
    /// mobile, its messages included (they went to that phone).
    pub(crate) async fn application_page_with_messages(
        &self,
        number: &str,
        visitor: &VisitToken,
    ) -> Result<ApplicationPage, LookupError> {
        self.read_page(number, Some(visitor), true).await
    }

    async fn read_page(
        &self,
        number: &str,
        visitor: Option<&VisitToken>,
        mobile_signed_in: bool,
    ) -> Result<ApplicationPage, LookupError> {
        let number = ApplicationNumber::parse(number).map_err(LookupError::Malformed)?;
        let visit_sha256 = visitor.map(visit_hash);
        let visit = visitor
            .zip(visit_sha256.as_deref())
            .map(|(v, sha256)| VisitRef {
                token: v.as_str(),
                sha256,
                now: self.clock.now(),
            });
        let (record, standing) = self
            .storage
            .application_for_visit(&number, visit.as_ref())
            .await?
            .ok_or(LookupError::NotFound)?;
        let proven = standing.proven;
        let tasks = if reviewed(record.status) {
            self.storage.review_tasks_of(&number).await?
        } else {
            Vec::new()
        };
        let progress = self.progress_of(ReviewFile {
            status: record.status,
            version: 0,
            tasks,
        });
        let (mut notice, mut corrections) = (None, None);
        if let Some(wanted) = notice_for(record.status) {
            let application = self
                .storage
                .staff_application(&number)
                .await?
                .ok_or(LookupError::NotFound)?;
            notice = self
                .latest_of(&application)
                .filter(|latest| latest.decision.transition() == wanted);
            if proven && record.status == ApplicationStatus::ReturnedForCorrection {
                corrections = Some(self.asked_slots(&application).await?);
            }
        }
        let issuing = if proven {
            self.issuing_for_page(&number).await
        } else {
            None
        };
        let messages = if proven || mobile_signed_in {
            self.storage.notifications_of(&number).await?
        } else {
            Vec::new()
        };
        let ratings = if standing.speaks_for {
            let (given, follow_ups) = self.storage.ratings_of(&number).await?;
            ApplicationRatings::of(record.status, given, follow_ups)
        } else {
            ApplicationRatings::default()
        };
        Ok(ApplicationPage {
            ratings,
            record,
            progress,
            notice,
            corrections,
            proven,
            issuing,
            messages,
        })
    }

    /// The proven applicant's issuing part; a failure leaves it off the
    /// page (logged) rather than failing the whole page.
    async fn issuing_for_page(
        &self,
        number: &ApplicationNumber,
    ) -> Option<(IssuingRecord, Option<PickupPass>)> {
        let read = match self.storage.issuing_record(number).await {
            Ok(Some(record)) => self.with_pass(record),
            Ok(None) => return None,
            Err(e) => Err(e.into()),
        };
        read.map_err(
            |e| tracing::warn!(number = %number, error = %e, "issuing part left off the page"),
        )
        .ok()
    }
}
