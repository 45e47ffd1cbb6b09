//! The drafts pages' view models: plain data that the server functions return and
//! `views` builds; no logic, no calls.

use domain::catalog::Material;
use domain::{FieldError, FieldSpec, Localized, StepKind};
use serde::{Deserialize, Serialize};

/// One step in the progress indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepLink {
    pub slug: String,
    pub kind: StepKind,
    /// For a matter's step: the matter's name.
    pub matter_name: Option<Localized>,
}

/// An answer as the check page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AnswerText {
    Text(String),
    /// Choice answers, by their labels.
    Options(Vec<Localized>),
    NotAnswered,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckItem {
    pub label: Localized,
    pub answer: AnswerText,
    pub problem: Option<domain::FieldProblem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckSection {
    pub step: StepLink,
    pub items: Vec<CheckItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StepBody {
    Questions {
        fields: Vec<FieldSpec>,
        /// The answers as typed (kept even when they are wrong).
        values: Vec<(String, String)>,
        /// Rows shown per repeatable group.
        rows: Vec<(String, u8)>,
        errors: Vec<FieldError>,
    },
    Materials {
        slots: Vec<SlotView>,
        several_matters: bool,
        /// Bytes the draft's files take, and what a file and the whole
        /// application may take.
        bytes_used: u64,
        bytes_per_file: u64,
        bytes_per_application: u64,
        /// 扫码上传 on a kiosk: None elsewhere.
        handoff: Option<HandoffView>,
    },
    Check {
        sections: Vec<CheckSection>,
        problems: usize,
    },
    Declaration {
        missing_tick: bool,
    },
}

/// 扫码上传 as the kiosk offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoffView {
    /// Where "upload with my phone" posts.
    pub start: String,
    pub minutes: u64,
    /// A code being shown: the phone's address and its QR.
    pub shown: Option<ShownHandoff>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShownHandoff {
    pub url: String,
    pub qr_svg: String,
    /// Hall time, `HH:MM`.
    pub until: String,
    /// Server-sent events: a new list of files.
    pub events: String,
}

/// 扫码上传: the phone's page for a kiosk's draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhoneUploadView {
    pub token: String,
    pub name: Localized,
    pub slots: Vec<SlotView>,
    pub bytes_per_file: u64,
    /// Hall time, `HH:MM`.
    pub until: String,
}

/// 申请材料: one material of the draft with its files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotView {
    pub material: Material,
    /// For a life event: the matters that ask for it.
    pub needed_by: Vec<Localized>,
    pub files: Vec<FileView>,
    pub state: SlotState,
    /// 本大厅核发: where the attached licence is checked (`/verify/{code}`).
    pub supplied: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlotState {
    Uploaded(usize),
    AtWindow,
    Missing,
    Optional,
    /// 本大厅核发: attached by the system (the licence's check address).
    SuppliedByHall,
}

/// An uploaded file as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub id: String,
    /// Cleaned on upload; shown escaped.
    pub name: String,
    pub kind: domain::catalog::FileType,
    pub bytes: u64,
    /// Opens the file (for whoever may see it).
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftStepView {
    pub draft_id: String,
    pub name: Localized,
    pub matters: Vec<Localized>,
    pub steps: Vec<StepLink>,
    pub current: usize,
    /// The furthest step reached: the first still open, or the check page.
    pub reached: usize,
    /// Per step: saved and without problems.
    pub done: Vec<bool>,
    /// `XXXX-XXXX`
    pub resume_code: String,
    /// The hall's day, `YYYY-MM-DD`: the browser's checks use it too.
    pub today: String,
    pub body: StepBody,
    /// 帮你办: filled by staff; the applicant confirms on this panel.
    pub assisted: Option<String>,
}

/// The saved-draft page: the code, a QR that opens the draft on a phone,
/// and until when it is kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedDraftView {
    pub draft_id: String,
    pub name: Localized,
    pub resume_code: String,
    pub resume_url: String,
    pub qr_svg: String,
    pub expires_on: String,
    pub continue_step: String,
}
