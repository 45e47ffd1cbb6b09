//! Materials as files: their records in the database ([`MaterialStore`])
//! and their bytes in a file store ([`FileStore`]: local files or an
//! S3-compatible service). A record is written only after its bytes are
//! safely stored, and bytes are deleted when their record cannot be.

use super::StorageError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::catalog::FileType;
use domain::{ApplicationNumber, DraftId, FieldKey, VisitToken};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A stored file's internal id (128 random bits, hex): its object key and
/// its address; never derived from anything the citizen typed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(String);

impl FileId {
    pub fn from_bits(bits: u128) -> Self {
        FileId(format!("{bits:032x}"))
    }

    pub fn parse(s: &str) -> Option<Self> {
        (s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| FileId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where the bytes live in the file store.
    pub fn object_key(&self) -> String {
        format!("materials/{}/{}", &self.0[..2], self.0)
    }
}

impl std::fmt::Display for FileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaterialFileRecord {
    pub id: FileId,
    /// The draft it was uploaded into (None: sent after submission, in
    /// answer to a notice).
    pub draft: Option<DraftId>,
    /// Set when the draft is submitted.
    pub number: Option<ApplicationNumber>,
    pub material: FieldKey,
    pub kind: FileType,
    pub bytes: u64,
    /// Hex SHA-256 of the bytes, checked again on every read.
    pub sha256: String,
    /// For showing only (cleaned: domain::material_file::display_name).
    pub name: String,
    pub uploaded_at: DateTime<Utc>,
}

/// A file whose bytes are stored, to be recorded if the draft still takes
/// it: unsubmitted and unexpired, under the per-material count and the
/// per-application bytes (checked in the same transaction as the insert,
/// so racing uploads cannot pass them together).
#[derive(Clone, Debug)]
pub struct NewMaterialFile {
    pub record: MaterialFileRecord,
    pub now: DateTime<Utc>,
    pub files_per_material: u32,
    pub bytes_per_application: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddFileOutcome {
    Added,
    TooManyFiles,
    ApplicationFull,
    /// Submitted, expired or deleted meanwhile.
    DraftClosed,
}

/// 扫码上传: a kiosk lets a phone add files to its draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoffRecord {
    pub draft: DraftId,
    /// The kiosk visit that showed it; ends with that visit.
    pub kiosk: VisitToken,
    /// The phone's visit, once one has opened it (then no other may).
    pub phone: Option<VisitToken>,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait MaterialStore: Send + Sync {
    async fn add_material_file(&self, new: NewMaterialFile)
        -> Result<AddFileOutcome, StorageError>;
    /// The same for a file answering a one-time notice: the application
    /// must still be returned for correction (`DraftClosed` otherwise);
    /// counts and bytes are the application's.
    async fn add_application_file(
        &self,
        new: NewMaterialFile,
    ) -> Result<AddFileOutcome, StorageError>;
    /// In upload order.
    async fn files_of_draft(
        &self,
        draft: &DraftId,
    ) -> Result<Vec<MaterialFileRecord>, StorageError>;
    async fn files_of_application(
        &self,
        number: &ApplicationNumber,
    ) -> Result<Vec<MaterialFileRecord>, StorageError>;
    async fn material_file(&self, id: &FileId) -> Result<Option<MaterialFileRecord>, StorageError>;
    /// Removes the record while its draft is unsubmitted; `false` if not.
    async fn remove_material_file(
        &self,
        id: &FileId,
        draft: &DraftId,
    ) -> Result<bool, StorageError>;
    /// Files of drafts that expired or were deleted unsubmitted.
    async fn abandoned_material_files(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<FileId>, StorageError>;
    async fn forget_material_file(&self, id: &FileId) -> Result<(), StorageError>;

    /// Stores a handoff under the hash of its token.
    async fn create_handoff(
        &self,
        token_hash: &str,
        handoff: &HandoffRecord,
    ) -> Result<(), StorageError>;
    /// The handoff, bound to `phone` if nobody holds it yet; None when
    /// unknown or expired at `now`.
    async fn claim_handoff(
        &self,
        token_hash: &str,
        phone: &VisitToken,
        now: DateTime<Utc>,
    ) -> Result<Option<HandoffRecord>, StorageError>;
    /// The handoff, unless unknown or expired at `now` (nothing changes).
    async fn handoff(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<HandoffRecord>, StorageError>;
    /// Ends every handoff a kiosk visit showed (the visit ended).
    async fn end_handoffs(&self, kiosk: &VisitToken) -> Result<u64, StorageError>;
}

/// Why the file store failed. Nothing of it reaches a browser.
#[derive(Debug, thiserror::Error)]
pub enum FileStoreError {
    #[error("no such stored file")]
    Missing,
    #[error("the file store is unavailable")]
    Unavailable(#[source] BoxError),
    #[error("the file store failed")]
    Failed(#[source] BoxError),
}

/// Bytes being written: nothing is visible under the key until `commit`,
/// and `abort` (or dropping the writer) leaves nothing behind.
#[async_trait]
pub trait FileWriter: Send {
    async fn write(&mut self, chunk: bytes::Bytes) -> Result<(), FileStoreError>;
    async fn commit(self: Box<Self>) -> Result<(), FileStoreError>;
    async fn abort(self: Box<Self>);
}

/// Bytes being read, chunk by chunk (None at the end).
#[async_trait]
pub trait FileReader: Send {
    async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, FileStoreError>;
}

#[async_trait]
pub trait FileStore: Send + Sync {
    async fn create(&self, key: &str) -> Result<Box<dyn FileWriter>, FileStoreError>;
    async fn open(&self, key: &str) -> Result<Box<dyn FileReader>, FileStoreError>;
    /// Deleting what is not there is not an error.
    async fn delete(&self, key: &str) -> Result<(), FileStoreError>;
    /// `local` or `s3`, for logs and `/healthz`.
    fn backend(&self) -> &'static str;
}
