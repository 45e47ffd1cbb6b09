//! 扫码上传: a kiosk shows a one-time QR that lets one phone add files to
//! the kiosk's draft — for ten minutes (configurable), and only while the
//! kiosk's visit still holds the draft (ending the visit ends it). The
//! first phone to send a file holds the code; any other is refused from
//! then on. Opening the page claims nothing: QR apps and link previewers
//! fetch an address before the person does. Only the token's SHA-256 is
//! stored.

use crate::drafts::OpenDraft;
use crate::materials::{ChunkSource, DraftMaterials, MaterialsError};
use crate::ports::{HandoffRecord, MaterialFileRecord, StorageError};
use crate::Hall;
use chrono::{DateTime, Utc};
use domain::{Localized, VisitToken};
use sha2::{Digest, Sha256};

/// A code just made, to show as a QR on the kiosk.
#[derive(Clone, Debug)]
pub struct Handoff {
    /// 32 hex characters (128 random bits); in the phone's address.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// What the phone's upload page shows.
#[derive(Clone, Debug)]
pub struct HandoffDraft {
    pub name: Localized,
    /// Until this phone holds the code, its files' names are withheld.
    pub materials: DraftMaterials,
    pub expires_at: DateTime<Utc>,
    /// This phone sent a file with the code (it holds it).
    pub held_here: bool,
}

/// The SHA-256 of a well-formed token (32 lower-case hex characters).
pub(crate) fn token_hash(token: &str) -> Option<String> {
    let well_formed = token.len() == 32
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    well_formed.then(|| data_encoding::HEXLOWER.encode(&Sha256::digest(token.as_bytes())))
}

impl Hall {
    /// A new code for the draft open in this kiosk visit.
    pub async fn start_handoff(
        &self,
        id: &str,
        kiosk: &VisitToken,
    ) -> Result<Handoff, MaterialsError> {
        let open = self.open_unsubmitted_draft(id, kiosk).await?;
        let token = format!("{:032x}", self.ids.bits());
        let expires_at = self.clock.now()
            + chrono::Duration::from_std(self.handoff_ttl).unwrap_or(chrono::Duration::minutes(10));
        let hash = token_hash(&token).ok_or(MaterialsError::HandoffGone)?;
        self.storage
            .create_handoff(
                &hash,
                &HandoffRecord {
                    draft: open.draft.id.clone(),
                    kiosk: kiosk.clone(),
                    phone: None,
                    expires_at,
                },
            )
            .await?;
        tracing::info!(draft = %open.draft.id.as_str().get(..6).unwrap_or(""), "upload-by-phone code made");
        Ok(Handoff { token, expires_at })
    }

    /// The code the kiosk shows, if it is this kiosk visit's for this
    /// draft and still valid (a link cannot make a kiosk show another's).
    pub async fn kiosk_handoff(
        &self,
        id: &str,
        kiosk: &VisitToken,
        token: &str,
    ) -> Result<Option<Handoff>, MaterialsError> {
        let open = self.open_unsubmitted_draft(id, kiosk).await?;
        let Some(hash) = token_hash(token) else {
            return Ok(None);
        };
        Ok(self
            .storage
            .handoff(&hash, self.clock.now())
            .await?
            .filter(|h| h.draft == open.draft.id && &h.kiosk == kiosk)
            .map(|h| Handoff {
                token: token.to_string(),
                expires_at: h.expires_at,
            }))
    }

    pub fn handoff_minutes(&self) -> u64 {
        self.handoff_ttl.as_secs() / 60
    }

    /// The draft behind a code, for the phone holding it or, while nobody
    /// holds it, for anyone with the code; `claim` (sending a file) makes
    /// this phone the holder if none is.
    async fn handoff_draft(
        &self,
        token: &str,
        phone: &VisitToken,
        claim: bool,
    ) -> Result<(OpenDraft, HandoffRecord), MaterialsError> {
        let hash = token_hash(token).ok_or(MaterialsError::HandoffGone)?;
        let now = self.clock.now();
        let record = if claim {
            self.storage.claim_handoff(&hash, phone, now).await?
        } else {
            self.storage.handoff(&hash, now).await?
        }
        .ok_or(MaterialsError::HandoffGone)?;
        if record.phone.as_ref().is_some_and(|holder| holder != phone) {
            return Err(MaterialsError::HandoffTaken);
        }
        let draft = self
            .storage
            .draft(&record.draft, now)
            .await?
            .ok_or(MaterialsError::HandoffGone)?;
        // The kiosk's visit ended, or the draft went on elsewhere, or it
        // was submitted: the code no longer reaches it.
        if draft.holder.as_ref() != Some(&record.kiosk) || draft.is_submitted() {
            return Err(MaterialsError::HandoffGone);
        }
        Ok((self.resolve(draft)?, record))
    }

    /// The phone's upload page.
    pub async fn handoff_materials(
        &self,
        token: &str,
        phone: &VisitToken,
    ) -> Result<HandoffDraft, MaterialsError> {
        let (open, record) = self.handoff_draft(token, phone, false).await?;
        let held_here = record.phone.as_ref() == Some(phone);
        let mut materials = self.slots_of(&open).await?;
        if !held_here {
            // Before a phone sends a file, anyone with the code may be
            // looking (a QR app's or link previewer's fetch, someone who
            // scanned the kiosk's screen): how many files, not their names.
            for file in materials.slots.iter_mut().flat_map(|s| s.files.iter_mut()) {
                file.name.clear();
            }
        }
        Ok(HandoffDraft {
            name: open.subject.name.clone(),
            materials,
            expires_at: record.expires_at,
            held_here,
        })
    }

    /// A file from the phone into the kiosk's draft.
    pub async fn upload_by_handoff(
        &self,
        token: &str,
        phone: &VisitToken,
        material: &str,
        file_name: &str,
        source: &mut dyn ChunkSource,
    ) -> Result<MaterialFileRecord, MaterialsError> {
        let (open, _) = self.handoff_draft(token, phone, true).await?;
        self.upload_into(&open, material, file_name, source).await
    }

    /// The kiosk visit ended: its codes end too.
    pub async fn end_handoffs(&self, kiosk: &VisitToken) -> Result<u64, StorageError> {
        self.storage.end_handoffs(kiosk).await
    }

    /// A kiosk's visit ends (or a citizen finishes): what it opened ends
    /// with it — upload-by-phone codes and 我的办件.
    pub async fn end_visit(&self, visit: &VisitToken) -> Result<(), StorageError> {
        self.end_handoffs(visit).await?;
        self.leave_my_applications(visit).await
    }
}
