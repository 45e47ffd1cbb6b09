//! 申请材料 uploaded as files: each material of a draft is a slot that
//! holds files; an upload streams into the file store while it is
//! inspected (size, type by content, image size from the header) and is
//! recorded only once its bytes are stored and the draft still takes it.
//! Files are served back to the visit holding the draft and to staff who
//! may see that material, verified against their SHA-256 as they go.

use crate::authz::forbidden;
use crate::drafts::{DraftError, OpenDraft};
use crate::ports::{
    AddFileOutcome, FileId, FileReader, FileStore, FileStoreError, MaterialFileRecord,
    NewMaterialFile, StaffApplication, StorageError,
};
use crate::{Hall, StaffError};
use domain::audit::AuditRecord;
use domain::catalog::{merge_guides, Material};
use domain::material_file::{display_name, FileInspection, FileLimits, FileProblem};
use domain::{Actor, ApplicationNumber, MatterCode, StaffRole, VisitToken};
use sha2::{Digest, Sha256};
use std::sync::Arc;

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum MaterialsError {
    #[error(transparent)]
    Draft(#[from] DraftError),
    #[error(transparent)]
    Staff(#[from] StaffError),
    /// Not a material this draft asks for (or one the hall supplies).
    #[error("no such material slot")]
    NoSuchSlot,
    #[error("no such file")]
    NoSuchFile,
    /// 补正 by upload: not proven here, or the application does not wait
    /// for corrections.
    #[error("no notice to answer here")]
    NotAnsweringANotice,
    #[error("the file was refused: {0}")]
    Refused(FileProblem),
    /// 扫码上传: the code expired, its kiosk visit ended, or another phone
    /// holds it.
    #[error("the upload code is no longer valid")]
    HandoffGone,
    #[error("the upload code is open on another phone")]
    HandoffTaken,
    /// Configuration: no file store.
    #[error("uploads are not configured")]
    NoFileStore,
    #[error("a stored file does not match its checksum")]
    Corrupt(String),
    #[error("file storage failed")]
    Files(#[from] FileStoreError),
    #[error("storage failed")]
    Storage(#[from] StorageError),
}

impl From<crate::authz::Refused> for MaterialsError {
    fn from(r: crate::authz::Refused) -> Self {
        MaterialsError::Staff(r.into())
    }
}

/// Where the bytes of an upload come from (the request body, part by
/// part). An error means the upload stopped before its end.
#[async_trait::async_trait]
pub trait ChunkSource: Send {
    async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, BoxError>;
}

/// What a material slot holds, as the wizard and the desk show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotState {
    /// Files were uploaded.
    Uploaded(usize),
    /// Nothing uploaded; the paper or original is shown at the window.
    AtWindow,
    /// Nothing uploaded, and only a file will do.
    Missing,
    /// Nothing uploaded and not required.
    Optional,
    /// 本大厅核发: a licence this hall issued stands for it (its code).
    SuppliedByHall,
}

#[derive(Clone, Debug)]
pub struct MaterialSlot {
    pub material: Material,
    /// For a life event: the matters that ask for it.
    pub needed_by: Vec<MatterCode>,
    pub files: Vec<MaterialFileRecord>,
    /// 本大厅核发: the licence the system attaches instead of asking.
    pub supplied: Option<domain::issuing::LicenceCode>,
}

impl MaterialSlot {
    pub fn state(&self) -> SlotState {
        let m = &self.material;
        if !self.files.is_empty() {
            SlotState::Uploaded(self.files.len())
        } else if self.supplied.is_some() {
            SlotState::SuppliedByHall
        } else if !m.required {
            SlotState::Optional
        } else if m.original_check || m.copies > 0 {
            SlotState::AtWindow
        } else {
            SlotState::Missing
        }
    }
}

/// The files and limits of one draft.
#[derive(Clone, Debug)]
pub struct DraftMaterials {
    pub slots: Vec<MaterialSlot>,
    pub bytes_used: u64,
    pub limits: FileLimits,
}

/// A stored file being read back; the last chunk is followed by a
/// checksum test, and a mismatch ends the stream with an error (the
/// response is cut, never completed with wrong bytes).
pub struct OpenedFile {
    pub record: MaterialFileRecord,
    reader: Box<dyn FileReader>,
    hasher: Option<Sha256>,
    read: u64,
}

impl std::fmt::Debug for OpenedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedFile")
            .field("id", &self.record.id)
            .finish_non_exhaustive()
    }
}

impl OpenedFile {
    pub async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, MaterialsError> {
        let Some(hasher) = self.hasher.as_mut() else {
            return Ok(None);
        };
        match self.reader.next_chunk().await? {
            Some(chunk) => {
                hasher.update(&chunk);
                self.read += chunk.len() as u64;
                Ok(Some(chunk))
            }
            None => {
                let digest = hex(&self.hasher.take().unwrap_or_default().finalize());
                if digest != self.record.sha256 || self.read != self.record.bytes {
                    tracing::error!(file = %self.record.id, "stored file does not match its checksum");
                    return Err(MaterialsError::Corrupt(self.record.id.to_string()));
                }
                Ok(None)
            }
        }
    }

    /// The name a download gets: from the material and the file's place,
    /// never from what the citizen's file was called.
    pub fn download_name(&self) -> String {
        format!(
            "{}-{}.{}",
            self.record.material.as_str(),
            &self.record.id.as_str()[..8],
            self.record.kind.extension()
        )
    }
}

/// The enterprise's credit code among the answers: the first credit-code
/// question of the form that has a valid answer.
pub(crate) fn credit_code_answer(
    form: &domain::FormSchema,
    raw: &impl Fn(&str) -> Option<String>,
) -> Option<domain::CreditCode> {
    form.fields
        .iter()
        .filter(|f| matches!(f.kind, domain::FieldKind::CreditCode))
        .find_map(|f| domain::CreditCode::parse(&raw(f.key.as_str())?).ok())
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

impl Hall {
    /// 本大厅核发: the newest unrevoked licence of `matter` this hall issued
    /// naming this credit code (as holder or among its particulars), its
    /// seal checked against its text.
    pub(crate) async fn licence_on_record(
        &self,
        matter: &MatterCode,
        code: &domain::CreditCode,
    ) -> Result<Option<domain::issuing::LicenceCode>, StorageError> {
        let Some(keys) = self.issuing.as_ref() else {
            return Ok(None);
        };
        let id = code.as_str();
        for doc in self.storage.documents_naming(matter, id).await? {
            let Ok(licence) = domain::issuing::Licence::from_canonical(&doc.content) else {
                continue;
            };
            let names = licence.holder_id == id || licence.particulars.iter().any(|(_, v)| v == id);
            let sealed = keys
                .seal
                .verifier()
                .verify(doc.content.as_bytes(), &doc.seal)
                .is_ok();
            if &licence.matter == matter && names && sealed {
                return Ok(Some(doc.code));
            }
        }
        Ok(None)
    }

    fn files(&self) -> Result<&Arc<dyn FileStore>, MaterialsError> {
        self.files.as_ref().ok_or(MaterialsError::NoFileStore)
    }

    pub fn file_limits(&self) -> FileLimits {
        self.file_limits
    }

    /// The material slots of an open draft, each with its files.
    pub async fn slots_of(&self, open: &OpenDraft) -> Result<DraftMaterials, MaterialsError> {
        let matters: Vec<&domain::Matter> = open.subject.matters.iter().collect();
        let files = self.storage.files_of_draft(&open.draft.id).await?;
        let bytes_used = files.iter().map(|f| f.bytes).sum();
        // Only what the answers so far ask for (a conditional material).
        let raw = |key: &str| {
            let values: Vec<&str> = open
                .draft
                .answers
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .collect();
            (!values.is_empty()).then(|| values.join(","))
        };
        let credit_code = credit_code_answer(&open.subject.form, &raw);
        let mut slots = Vec::new();
        for m in merge_guides(&matters)
            .materials
            .into_iter()
            // A slot no longer asked keeps showing while it holds files,
            // so they can be seen and removed.
            .filter(|m| {
                m.material.is_needed(&raw) || files.iter().any(|f| f.material == m.material.key)
            })
        {
            let supplied = match (&m.material.supplied_by, &credit_code) {
                (Some(matter), Some(code)) => self.licence_on_record(matter, code).await?,
                _ => None,
            };
            slots.push(MaterialSlot {
                files: files
                    .iter()
                    .filter(|f| f.material == m.material.key)
                    .cloned()
                    .collect(),
                material: m.material,
                needed_by: m.needed_by,
                supplied,
            });
        }
        Ok(DraftMaterials {
            slots,
            bytes_used,
            limits: self.file_limits,
        })
    }

    /// The draft's materials, for the visit holding it.
    pub async fn draft_materials(
        &self,
        id: &str,
        visitor: &VisitToken,
    ) -> Result<DraftMaterials, MaterialsError> {
        let open = self.open_unsubmitted_draft(id, visitor).await?;
        self.slots_of(&open).await
    }

    /// Streams one file into a slot of the draft. Whatever goes wrong —
    /// a refused file, a broken connection, a full application — nothing
    /// of it stays in the file store or the database.
    pub async fn upload_material(
        &self,
        id: &str,
        visitor: &VisitToken,
        material: &str,
        file_name: &str,
        source: &mut dyn ChunkSource,
    ) -> Result<MaterialFileRecord, MaterialsError> {
        let open = self.open_unsubmitted_draft(id, visitor).await?;
        self.upload_into(&open, material, file_name, source).await
    }

    pub(crate) async fn upload_into(
        &self,
        open: &OpenDraft,
        material: &str,
        file_name: &str,
        source: &mut dyn ChunkSource,
    ) -> Result<MaterialFileRecord, MaterialsError> {
        let current = self.slots_of(open).await?;
        let slot = current
            .slots
            .iter()
            .find(|s| s.material.key.as_str() == material)
            // What the hall supplies itself is never asked for.
            .filter(|s| s.supplied.is_none())
            .ok_or(MaterialsError::NoSuchSlot)?;
        let mut record = self
            .stream_in(
                &slot.material,
                slot.files.len(),
                current.bytes_used,
                file_name,
                source,
            )
            .await?;
        record.draft = Some(open.draft.id.clone());
        self.record_file(record, false).await
    }

    /// Streams one file of `material` into the file store, inspected as it
    /// comes; the bytes are committed, not yet recorded.
    async fn stream_in(
        &self,
        material: &Material,
        files_now: usize,
        bytes_used: u64,
        file_name: &str,
        source: &mut dyn ChunkSource,
    ) -> Result<MaterialFileRecord, MaterialsError> {
        let files = self.files()?.clone();
        let limits = self.file_limits;
        if files_now as u64 >= u64::from(limits.files_per_material) {
            return Err(MaterialsError::Refused(FileProblem::TooManyFiles {
                limit: limits.files_per_material,
            }));
        }
        let room = limits.bytes_per_application.saturating_sub(bytes_used);
        let file_id = FileId::from_bits(self.ids.bits());
        let key = file_id.object_key();
        let mut inspection = FileInspection::new(&material.file_types, &limits, room);
        let mut hasher = Sha256::new();
        let mut writer = files.create(&key).await?;
        let streamed: Result<(), MaterialsError> = async {
            loop {
                let chunk = match source.next_chunk().await {
                    Ok(Some(chunk)) => chunk,
                    Ok(None) => return Ok(()),
                    Err(e) => {
                        tracing::info!(error = %e, "upload interrupted");
                        return Err(MaterialsError::Refused(FileProblem::Interrupted));
                    }
                };
                inspection
                    .feed(&chunk, &limits)
                    .map_err(MaterialsError::Refused)?;
                hasher.update(&chunk);
                writer.write(chunk).await?;
            }
        }
        .await;
        let inspected =
            match streamed.and_then(|()| inspection.finish().map_err(MaterialsError::Refused)) {
                Ok(inspected) => inspected,
                Err(e) => {
                    writer.abort().await;
                    return Err(e);
                }
            };
        writer.commit().await?;
        Ok(MaterialFileRecord {
            id: file_id,
            draft: None,
            number: None,
            material: material.key.clone(),
            kind: inspected.kind,
            bytes: inspected.bytes,
            sha256: hex(&hasher.finalize()),
            name: display_name(file_name),
            uploaded_at: self.clock.now(),
        })
    }

    /// Records stored bytes if the draft (or, `to_application`, the
    /// application) still takes them; otherwise deletes them.
    async fn record_file(
        &self,
        record: MaterialFileRecord,
        to_application: bool,
    ) -> Result<MaterialFileRecord, MaterialsError> {
        let limits = self.file_limits;
        let new = NewMaterialFile {
            record: record.clone(),
            now: record.uploaded_at,
            files_per_material: limits.files_per_material,
            bytes_per_application: limits.bytes_per_application,
        };
        let outcome = if to_application {
            self.storage.add_application_file(new).await
        } else {
            self.storage.add_material_file(new).await
        };
        let refused = match outcome {
            Ok(AddFileOutcome::Added) => {
                tracing::info!(file = %record.id, kind = record.kind.as_str(), bytes = record.bytes, "material uploaded");
                return Ok(record);
            }
            Ok(AddFileOutcome::TooManyFiles) => {
                MaterialsError::Refused(FileProblem::TooManyFiles {
                    limit: limits.files_per_material,
                })
            }
            Ok(AddFileOutcome::ApplicationFull) => {
                MaterialsError::Refused(FileProblem::ApplicationFull {
                    limit: limits.bytes_per_application,
                })
            }
            Ok(AddFileOutcome::DraftClosed) => MaterialsError::Draft(DraftError::NotFound),
            Err(e) => MaterialsError::Storage(e),
        };
        // Recorded nowhere: the bytes go too.
        if let Err(e) = self.files()?.delete(&record.id.object_key()).await {
            tracing::error!(error = %e, file = %record.id, "could not delete an unrecorded upload");
        }
        Err(refused)
    }

    /// 补正: what the one-time notice asks for, as slots the applicant may
    /// answer by upload — None unless this visit proved it is the
    /// applicant and the application waits for corrections.
    pub async fn correction_slots(
        &self,
        number: &str,
        visitor: &VisitToken,
    ) -> Result<Option<DraftMaterials>, MaterialsError> {
        let Ok(number) = ApplicationNumber::parse(number) else {
            return Ok(None);
        };
        let Some(application) = self.storage.staff_application(&number).await? else {
            return Ok(None);
        };
        if application.record.status != domain::ApplicationStatus::ReturnedForCorrection {
            return Ok(None);
        }
        let proven = self
            .storage
            .applicant_proven(&number, &crate::issuing::visit_hash(visitor))
            .await?;
        if !proven {
            return Ok(None);
        }
        Ok(Some(self.asked_slots(&application).await?))
    }

    /// The one-time notice's items as upload slots, for an application
    /// returned for correction whose applicant proved who they are.
    pub(crate) async fn asked_slots(
        &self,
        application: &StaffApplication,
    ) -> Result<DraftMaterials, StorageError> {
        let number = &application.record.number;
        let asked: Vec<domain::FieldKey> = application
            .decisions
            .iter()
            .rev()
            .find_map(|d| match &d.decision {
                Some(domain::acceptance::Decision::ReturnForCorrection { notice, .. }) => {
                    Some(notice.items().iter().map(|i| i.material.clone()).collect())
                }
                _ => None,
            })
            .unwrap_or_default();
        let files = self.storage.files_of_application(number).await?;
        let bytes_used = files.iter().map(|f| f.bytes).sum();
        let slots = self
            .materials_of(application)
            .into_iter()
            .filter(|m| asked.contains(&m.material.key))
            .map(|m| MaterialSlot {
                files: files
                    .iter()
                    .filter(|f| f.material == m.material.key)
                    .cloned()
                    .collect(),
                material: m.material,
                needed_by: m.needed_by,
                supplied: None,
            })
            .collect();
        Ok(DraftMaterials {
            slots,
            bytes_used,
            limits: self.file_limits,
        })
    }

    /// 补正 by upload: a file for one of the notice's items, from the
    /// visit that proved it is the applicant.
    pub async fn upload_correction(
        &self,
        number: &str,
        visitor: &VisitToken,
        material: &str,
        file_name: &str,
        source: &mut dyn ChunkSource,
    ) -> Result<MaterialFileRecord, MaterialsError> {
        let current = self
            .correction_slots(number, visitor)
            .await?
            .ok_or(MaterialsError::NotAnsweringANotice)?;
        let slot = current
            .slots
            .iter()
            .find(|s| s.material.key.as_str() == material)
            .ok_or(MaterialsError::NoSuchSlot)?;
        let mut record = self
            .stream_in(
                &slot.material,
                slot.files.len(),
                current.bytes_used,
                file_name,
                source,
            )
            .await?;
        record.number = ApplicationNumber::parse(number).ok();
        self.record_file(record, true).await
    }

    /// Takes a file out of an unsubmitted draft.
    pub async fn remove_material(
        &self,
        id: &str,
        visitor: &VisitToken,
        file: &str,
    ) -> Result<(), MaterialsError> {
        let open = self.open_unsubmitted_draft(id, visitor).await?;
        let file = FileId::parse(file).ok_or(MaterialsError::NoSuchFile)?;
        if !self
            .storage
            .remove_material_file(&file, &open.draft.id)
            .await?
        {
            return Err(MaterialsError::NoSuchFile);
        }
        self.files()?.delete(&file.object_key()).await?;
        Ok(())
    }

    async fn open_file(&self, record: MaterialFileRecord) -> Result<OpenedFile, MaterialsError> {
        let reader = self.files()?.open(&record.id.object_key()).await?;
        Ok(OpenedFile {
            record,
            reader,
            hasher: Some(Sha256::new()),
            read: 0,
        })
    }

    /// A file of the draft, for the visit holding it (submitted or not).
    pub async fn open_own_material(
        &self,
        id: &str,
        visitor: &VisitToken,
        file: &str,
    ) -> Result<OpenedFile, MaterialsError> {
        let open = self.open_draft(id, visitor).await?;
        let file = FileId::parse(file).ok_or(MaterialsError::NoSuchFile)?;
        let record = self
            .storage
            .material_file(&file)
            .await?
            .filter(|r| r.draft.as_ref() == Some(&open.draft.id))
            .ok_or(MaterialsError::NoSuchFile)?;
        self.open_file(record).await
    }

    /// The files of an application, for the front desk's checklist
    /// (listing names no personal data; opening one is audited).
    pub async fn application_materials(
        &self,
        actor: &Actor,
        number: &ApplicationNumber,
    ) -> Result<Vec<MaterialFileRecord>, MaterialsError> {
        if !matches!(actor.role, StaffRole::FrontDesk | StaffRole::Supervisor) {
            return Err(forbidden(actor, "see an application's materials").into());
        }
        Ok(self.storage.files_of_application(number).await?)
    }

    /// One file of an application for staff who may see it: the front
    /// desk and supervisors any, a reviewer only a material its task's
    /// part sees (`review_task`: the task it is opened from). Audited.
    pub async fn open_material_for_staff(
        &self,
        actor: &Actor,
        number: &str,
        file: &str,
        review_task: Option<&str>,
    ) -> Result<OpenedFile, MaterialsError> {
        let number = ApplicationNumber::parse(number).map_err(|_| MaterialsError::NoSuchFile)?;
        let file = FileId::parse(file).ok_or(MaterialsError::NoSuchFile)?;
        let record = self
            .storage
            .material_file(&file)
            .await?
            .filter(|r| r.number.as_ref() == Some(&number))
            .ok_or(MaterialsError::NoSuchFile)?;
        match (actor.role, review_task) {
            (StaffRole::FrontDesk | StaffRole::Supervisor, _) => {}
            (StaffRole::Reviewer | StaffRole::DepartmentHead, Some(task)) => {
                let sees = self.review_part_sees(actor, task, &number).await?;
                if !sees.iter().any(|k| k == &record.material) {
                    return Err(forbidden(actor, "see a material outside its part").into());
                }
            }
            _ => return Err(forbidden(actor, "see an application's materials").into()),
        }
        self.storage
            .append_audit(
                AuditRecord::by_staff(self.clock.now(), actor, "view_material", number.as_str())
                    .with_reason(format!("{} {}", record.material.as_str(), record.id)),
            )
            .await?;
        self.open_file(record).await
    }

    /// Deletes the files of drafts that ended unsubmitted (expired or
    /// deleted), bytes first: a record is never left pointing at nothing
    /// it could serve, and bytes without a record are retried next time.
    pub async fn sweep_abandoned_files(&self) -> Result<u64, MaterialsError> {
        let Some(files) = self.files.as_ref() else {
            return Ok(0);
        };
        let ids = self
            .storage
            .abandoned_material_files(self.clock.now())
            .await?;
        let mut n = 0;
        for id in ids {
            files.delete(&id.object_key()).await?;
            self.storage.forget_material_file(&id).await?;
            n += 1;
        }
        Ok(n)
    }
}
