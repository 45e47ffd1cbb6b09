//! 帮你办: a front-desk member fills the guided form for an applicant who
//! is present (the same wizard, on the desk's screen, in the desk's
//! visit). Nothing is submitted until the applicant confirms the content
//! they were shown: on their own phone through a short-lived link the desk
//! shows as a QR, or by signing the printed declaration, whose check code
//! the desk types back. The application then records the channel
//! "assisted", the staff account and how the applicant confirmed; every
//! step is audited.

use crate::applications::SubmitError;
use crate::authz::{require, Refused};
use crate::drafts::{DraftError, OpenDraft};
use crate::ports::{MaterialFileRecord, StorageError};
use crate::Hall;
use chrono::{DateTime, Duration, Utc};
use domain::assisted::{ApplicantConfirmation, AssistedFiling, ContentCheck};
use domain::audit::AuditRecord;
use domain::{Actor, ApplicationNumber, ApplyTarget, DraftId, StaffRole, StepKind, VisitToken};
use sha2::{Digest, Sha256};

/// Who fills forms for walk-ins.
const ASSISTING: [StaffRole; 1] = [StaffRole::FrontDesk];
/// How long the applicant's confirmation link lasts: they are at the
/// window while it is shown.
const LINK_MINUTES: i64 = 30;

#[derive(Debug, thiserror::Error)]
pub enum AssistError {
    #[error("{} may not {}", .0.role, .0.action)]
    Forbidden(Refused),
    #[error(transparent)]
    Draft(#[from] DraftError),
    /// Not a draft this staff member is filling for an applicant.
    #[error("not a draft filled by this desk")]
    NotAssisted,
    /// Something must still be answered or corrected (the check page says
    /// what) before the applicant can confirm.
    #[error("the form is not complete")]
    NotReady,
    /// The ID number typed from the checked ID card is not a valid one.
    #[error("malformed ID number")]
    ResidentId(domain::ResidentIdError),
    /// The desk did not tick that the declaration was signed.
    #[error("the signed declaration was not ticked")]
    NotSigned,
    /// The check code typed from the signed sheet is not 8 of 0–9/A–F.
    #[error("malformed check code")]
    MalformedCheckCode,
    /// The signed sheet shows other content than the draft holds now
    /// (answers changed after printing): print and sign again.
    #[error("the signed declaration shows other content")]
    CheckCodeMismatch,
    /// The confirmation link is unknown or expired.
    #[error("no such confirmation link")]
    LinkGone,
    #[error("storage failed")]
    Storage(#[from] StorageError),
}

impl From<Refused> for AssistError {
    fn from(r: Refused) -> Self {
        AssistError::Forbidden(r)
    }
}

/// A draft the desk fills, with what the applicant is asked to confirm.
#[derive(Clone, Debug)]
pub struct AssistedDraft {
    pub open: OpenDraft,
    /// The staff account filling it.
    pub staff: String,
    /// Names the content as it is now (printed on the declaration).
    pub check: ContentCheck,
    /// Every step answered without problems: the applicant may confirm.
    pub ready: bool,
}

/// A link made for the applicant's phone.
#[derive(Clone, Debug)]
pub struct ConfirmationLink {
    /// 32 hex characters (128 random bits); in the phone's address.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// What the applicant's phone shows for a link.
#[derive(Clone, Debug)]
pub enum ConfirmationPage {
    /// Not yet confirmed: the content, and the code that names it.
    Open(Box<AssistedDraft>),
    /// Confirmed (or submitted by a signed declaration) as this number.
    Submitted(ApplicationNumber),
}

/// What the phone's "confirm and submit" did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneConfirmation {
    Submitted(ApplicationNumber),
    /// The declaration was not ticked.
    NotDeclared,
    /// The desk changed an answer after the page was shown: shown again.
    ContentChanged,
}

/// One draft in the desk's list of forms it is filling.
#[derive(Clone, Debug)]
pub struct AssistedLine {
    pub id: DraftId,
    pub target: ApplyTarget,
    pub step: String,
    pub saved_at: DateTime<Utc>,
}

/// Names what the applicant is asked to confirm: what it applies for,
/// every answer and every file uploaded as a material (by its bytes' hash,
/// so a file added, removed or replaced after the applicant looked makes
/// the confirmation stale too).
fn content_check(open: &OpenDraft, files: &[MaterialFileRecord]) -> ContentCheck {
    let mut files: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.material.as_str(), f.sha256.as_str()))
        .collect();
    files.sort_unstable();
    let canonical = serde_json::json!({
        "target": [open.draft.target.kind(), open.draft.target.code()],
        "answers": open.draft.answers,
        "files": files,
    });
    ContentCheck::of_digest(&Sha256::digest(canonical.to_string().as_bytes()).into())
}

/// The SHA-256 of a well-formed link token (as the upload handoff's).
fn link_hash(token: &str) -> Option<String> {
    crate::handoff::token_hash(token)
}

impl Hall {
    /// A new draft for `target`, filled by `actor` for an applicant at the
    /// window, held by the desk's visit; returns it with its first step.
    /// `checked_id`: the ID number on the ID card the desk has checked, if
    /// typed — the form then starts from the applicant's fields of their
    /// latest application here (still to be looked at and changed).
    pub async fn start_assisted_draft(
        &self,
        actor: &Actor,
        target: &ApplyTarget,
        desk: &VisitToken,
        checked_id: &str,
    ) -> Result<(DraftId, String), AssistError> {
        require(actor, &ASSISTING, "fill an application for an applicant")?;
        let today = domain::time::hall_date(self.clock.now()).into();
        let checked_id = match checked_id.trim() {
            "" => None,
            typed => {
                Some(domain::ResidentId::parse(typed, today).map_err(AssistError::ResidentId)?)
            }
        };
        let subject = self.catalog.subject(target).ok_or(DraftError::NotFound)?;
        let draft = self
            .new_draft(target, desk, Some(actor.name.as_str().to_string()))
            .await?;
        let now = self.clock.now();
        let audit = AuditRecord::by_staff(now, actor, "assist_start", "").with_reason(format!(
            "{} {}",
            target.kind(),
            target.code()
        ));
        self.storage.append_audit(audit).await?;
        if let Some(id) = checked_id {
            self.start_from_latest(actor, &subject, &draft.id, &id)
                .await?;
        }
        tracing::info!(target = target.code(), "assisted draft started");
        Ok((draft.id, subject.wizard.first().slug.clone()))
    }

    /// 只需一份: the applicant's fields of their latest application fill the
    /// new form's (what the desk reads there is an audited view).
    async fn start_from_latest(
        &self,
        actor: &Actor,
        subject: &domain::ApplySubject,
        draft: &DraftId,
        id: &domain::ResidentId,
    ) -> Result<(), AssistError> {
        let key = self.applicant_id_key(id);
        let latest = self.storage.latest_of_applicant(&key).await?;
        let applicant_field =
            |k: &str| k.starts_with("applicant_") && subject.form.field(k).is_some();
        let mut answers: Vec<(String, String)> = latest
            .as_ref()
            .map(|(_, values)| {
                values
                    .iter()
                    .filter(|(k, _)| *k != "applicant_id" && applicant_field(k))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        if applicant_field("applicant_id") {
            answers.push(("applicant_id".to_string(), id.as_str().to_string()));
        }
        let now = self.clock.now();
        self.storage
            .save_draft_answers(
                draft,
                &answers,
                &Default::default(),
                &Default::default(),
                now,
                self.expiry_from(now),
            )
            .await?;
        if let Some((number, _)) = latest {
            let audit = AuditRecord::by_staff(now, actor, "assist_prefill", number.as_str());
            self.storage.append_audit(audit).await?;
        }
        Ok(())
    }

    /// The drafts `actor` is filling for applicants (to carry on with).
    pub async fn assisted_drafts(&self, actor: &Actor) -> Result<Vec<AssistedLine>, AssistError> {
        require(actor, &ASSISTING, "see the forms they fill for applicants")?;
        let drafts = self
            .storage
            .assisted_drafts(actor.name.as_str(), self.clock.now())
            .await?;
        Ok(drafts
            .into_iter()
            .filter_map(|(draft, saved_at)| {
                let open = self.resolve(draft).ok()?;
                Some(AssistedLine {
                    step: open.first_open_step().slug.clone(),
                    id: open.draft.id.clone(),
                    target: open.draft.target.clone(),
                    saved_at,
                })
            })
            .collect())
    }

    /// The draft `id` as its desk sees it before the applicant confirms:
    /// only the staff member filling it, in the visit holding it.
    pub async fn assisted_draft(
        &self,
        actor: &Actor,
        id: &str,
        desk: &VisitToken,
    ) -> Result<AssistedDraft, AssistError> {
        require(actor, &ASSISTING, "fill an application for an applicant")?;
        let open = self.open_unsubmitted_draft(id, desk).await?;
        if open.draft.assisted_by.as_deref() != Some(actor.name.as_str()) {
            return Err(AssistError::NotAssisted);
        }
        self.assisted_view(open).await
    }

    async fn assisted_view(&self, open: OpenDraft) -> Result<AssistedDraft, AssistError> {
        let ready = open.first_open_step().kind == StepKind::Check
            && open
                .subject
                .form
                .validate(&open.draft.answers, open.today)
                .is_ok();
        let files = self.storage.files_of_draft(&open.draft.id).await?;
        let check = content_check(&open, &files);
        Ok(AssistedDraft {
            staff: open.draft.assisted_by.clone().unwrap_or_default(),
            open,
            check,
            ready,
        })
    }

    /// The printed declaration the applicant signs: reading it shows the
    /// applicant's answers, so it is an audited view.
    pub async fn assisted_declaration_sheet(
        &self,
        actor: &Actor,
        id: &str,
        desk: &VisitToken,
    ) -> Result<AssistedDraft, AssistError> {
        let assisted = self.assisted_draft(actor, id, desk).await?;
        if !assisted.ready {
            return Err(AssistError::NotReady);
        }
        let audit = AuditRecord::by_staff(self.clock.now(), actor, "assist_print_declaration", "")
            .with_reason(format!("check {}", assisted.check.shown()));
        self.storage.append_audit(audit).await?;
        Ok(assisted)
    }

    /// A new link for the applicant's phone (an earlier one stops working).
    pub async fn start_phone_confirmation(
        &self,
        actor: &Actor,
        id: &str,
        desk: &VisitToken,
    ) -> Result<ConfirmationLink, AssistError> {
        let assisted = self.assisted_draft(actor, id, desk).await?;
        if !assisted.ready {
            return Err(AssistError::NotReady);
        }
        let token = format!("{:032x}", self.ids.bits());
        let hash = link_hash(&token).ok_or(AssistError::LinkGone)?;
        let now = self.clock.now();
        let expires_at = now + Duration::minutes(LINK_MINUTES);
        if !self
            .storage
            .set_draft_confirmation(&assisted.open.draft.id, &hash, expires_at)
            .await?
        {
            return Err(DraftError::NotFound.into());
        }
        let audit = AuditRecord::by_staff(now, actor, "assist_confirmation_link", "");
        self.storage.append_audit(audit).await?;
        Ok(ConfirmationLink { token, expires_at })
    }

    /// The link shown on the desk's page again (from its address): only
    /// the current link of this desk's draft.
    pub async fn desk_confirmation(
        &self,
        actor: &Actor,
        id: &str,
        desk: &VisitToken,
        token: &str,
    ) -> Result<Option<ConfirmationLink>, AssistError> {
        let assisted = self.assisted_draft(actor, id, desk).await?;
        let Some(hash) = link_hash(token) else {
            return Ok(None);
        };
        let now = self.clock.now();
        Ok(self
            .storage
            .draft_by_confirmation(&hash, now)
            .await?
            .filter(|(d, _)| d.id == assisted.open.draft.id)
            .map(|(_, expires_at)| ConfirmationLink {
                token: token.to_string(),
                expires_at,
            }))
    }

    async fn draft_of_link(&self, token: &str) -> Result<OpenDraft, AssistError> {
        let hash = link_hash(token).ok_or(AssistError::LinkGone)?;
        let draft = self
            .storage
            .draft_by_confirmation(&hash, self.clock.now())
            .await?
            .map(|(d, _)| d)
            .filter(|d| d.assisted_by.is_some())
            .ok_or(AssistError::LinkGone)?;
        self.resolve(draft).map_err(|_| AssistError::LinkGone)
    }

    /// What the applicant's phone shows for the link.
    pub async fn confirmation_page(&self, token: &str) -> Result<ConfirmationPage, AssistError> {
        let open = self.draft_of_link(token).await?;
        Ok(match open.draft.application_number.clone() {
            Some(number) => ConfirmationPage::Submitted(number),
            None => ConfirmationPage::Open(Box::new(self.assisted_view(open).await?)),
        })
    }

    /// The applicant confirms on their phone the content named by `seen`
    /// (the code their page was shown with): submitted once, as assisted.
    pub async fn confirm_on_phone(
        &self,
        token: &str,
        declared: bool,
        seen: &str,
    ) -> Result<PhoneConfirmation, AssistError> {
        let open = self.draft_of_link(token).await?;
        if let Some(number) = open.draft.application_number.clone() {
            return Ok(PhoneConfirmation::Submitted(number));
        }
        let assisted = self.assisted_view(open).await?;
        if ContentCheck::parse(seen).as_ref() != Some(&assisted.check) {
            return Ok(PhoneConfirmation::ContentChanged);
        }
        if !declared {
            return Ok(PhoneConfirmation::NotDeclared);
        }
        let number = self
            .submit_assisted(&assisted, ApplicantConfirmation::Phone)
            .await?;
        let audit = AuditRecord::new(
            self.clock.now(),
            "citizen",
            "applicant",
            "assist_confirmed",
            number.as_str(),
        )
        .with_reason(format!("phone; filled by {}", assisted.staff));
        self.storage.append_audit(audit).await?;
        Ok(PhoneConfirmation::Submitted(number))
    }

    /// The applicant signed the printed declaration; the desk ticks it and
    /// types the sheet's check code, which must name the content now held.
    pub async fn submit_signed_declaration(
        &self,
        actor: &Actor,
        id: &str,
        desk: &VisitToken,
        signed: bool,
        typed_check: &str,
    ) -> Result<ApplicationNumber, AssistError> {
        let assisted = self.assisted_draft(actor, id, desk).await?;
        if !assisted.ready {
            return Err(AssistError::NotReady);
        }
        if !signed {
            return Err(AssistError::NotSigned);
        }
        let typed = ContentCheck::parse(typed_check).ok_or(AssistError::MalformedCheckCode)?;
        if typed != assisted.check {
            return Err(AssistError::CheckCodeMismatch);
        }
        let number = self
            .submit_assisted(&assisted, ApplicantConfirmation::SignedDeclaration)
            .await?;
        let audit = AuditRecord::by_staff(
            self.clock.now(),
            actor,
            "assist_submit_signed",
            number.as_str(),
        )
        .with_reason(format!("check {}", typed.shown()));
        self.storage.append_audit(audit).await?;
        Ok(number)
    }

    async fn submit_assisted(
        &self,
        assisted: &AssistedDraft,
        confirmation: ApplicantConfirmation,
    ) -> Result<ApplicationNumber, AssistError> {
        let open = &assisted.open;
        let submitted = self
            .submit_as(
                &open.subject,
                &open.draft.submission_key,
                &open.draft.answers,
                Some(&open.draft.id),
                domain::trip::Channel::Assisted,
                Some(AssistedFiling {
                    staff: assisted.staff.clone(),
                    confirmation,
                }),
            )
            .await;
        match submitted {
            Ok(record) => Ok(record.number),
            Err(SubmitError::Invalid(_)) => Err(AssistError::NotReady),
            Err(SubmitError::KeyReused) => Err(DraftError::KeyReused.into()),
            Err(SubmitError::Storage(e)) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::link_hash;

    #[test]
    fn only_a_well_formed_link_is_looked_up() {
        assert!(link_hash(&"a".repeat(32)).is_some());
        assert!(link_hash(&"A".repeat(32)).is_none());
        assert!(link_hash(&"a".repeat(31)).is_none());
        assert!(link_hash("../../etc/passwd").is_none());
    }
}
