use crate::errors::AppError;
use domain::catalog::Material;
use domain::{FieldError, FieldSpec, Localized, StepKind};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::fail;

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
    /// `XXXX-XXXX`
    pub resume_code: String,
    /// The hall's day, `YYYY-MM-DD`: the browser's checks use it too.
    pub today: String,
    pub body: StepBody,
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

/// `check`: show the problems of what is stored (after a post that had some).
#[server]
pub async fn get_draft_step(
    id: String,
    step: String,
    check: bool,
    handoff: Option<String>,
) -> Result<DraftStepView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let visitor = crate::visit::request_token().map_err(fail)?;
    let open = state
        .hall
        .open_unsubmitted_draft(&id, &visitor)
        .await
        .map_err(|e| fail(e.into()))?;
    let is_materials = open
        .step(&step)
        .map(|s| s.kind == StepKind::Materials)
        .unwrap_or(false);
    let materials = if is_materials {
        Some(
            state
                .hall
                .slots_of(&open)
                .await
                .map_err(|e| fail(e.into()))?,
        )
    } else {
        None
    };
    let mut view = crate::views::drafts::step_view(&open, &step, check, materials).map_err(fail)?;
    // 扫码上传: offered on a kiosk, and the code shown once made (only a
    // code of this kiosk visit for this draft).
    let kiosk = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<crate::visit::Visit>()
                .map(|v| v.kiosk.is_some())
        })
        .unwrap_or(false);
    if let (true, StepBody::Materials { handoff: slot, .. }) = (kiosk, &mut view.body) {
        let shown = match handoff {
            Some(token) => state
                .hall
                .kiosk_handoff(&id, &visitor, &token)
                .await
                .map_err(|e| fail(e.into()))?,
            None => None,
        };
        let shown = match shown {
            Some(h) => {
                let url = format!(
                    "{}{}",
                    state.public_base_url.trim_end_matches('/'),
                    crate::urls::handoff(&h.token)
                );
                Some(ShownHandoff {
                    qr_svg: crate::views::applications::qr_svg(&url).map_err(fail)?,
                    url,
                    until: domain::time::in_hall_time(h.expires_at)
                        .format("%H:%M")
                        .to_string(),
                    events: crate::urls::draft_material_events(&id),
                })
            }
            None => None,
        };
        *slot = Some(HandoffView {
            start: crate::urls::handoff_start(&id),
            minutes: state.hall.handoff_minutes(),
            shown,
        });
    }
    Ok(view)
}

/// 扫码上传: the phone's upload page (binds the code to this phone).
#[server]
pub async fn get_phone_upload(token: String) -> Result<PhoneUploadView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let phone = crate::visit::request_token().map_err(fail)?;
    let h = state
        .hall
        .handoff_materials(&token, &phone)
        .await
        .map_err(|e| fail(e.into()))?;
    let name_of = |code: &domain::MatterCode| Localized::new(code.as_str(), code.as_str());
    Ok(PhoneUploadView {
        token: token.clone(),
        name: h.name,
        slots: h
            .materials
            .slots
            .iter()
            .map(|s| {
                let mut view = crate::views::drafts::slot_view(s, &name_of, |_| String::new());
                // Names withheld (not yet this phone's code): the count only.
                if !h.held_here {
                    view.files.clear();
                }
                view
            })
            .collect(),
        bytes_per_file: h.materials.limits.bytes_per_file,
        until: domain::time::in_hall_time(h.expires_at)
            .format("%H:%M")
            .to_string(),
    })
}

#[server]
pub async fn get_saved_draft(id: String) -> Result<SavedDraftView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let visitor = crate::visit::request_token().map_err(fail)?;
    let open = state
        .hall
        .open_unsubmitted_draft(&id, &visitor)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::drafts::saved_view(&open, &state.public_base_url).map_err(fail)
}
