//! Server functions of 统一出件: the issuing window's list and file, the
//! proof of delivery, the public licence check, and the applicant's own
//! view (delivery choice and pickup pass, after proving who they are).
//! Each calls one use case, which checks the role or the proof itself.

use super::staff::StaffHeader;
use crate::errors::AppError;
use domain::catalog::IssuedForm;
use domain::issuing::Collector;
use domain::{ApplicationStatus, Localized};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::fail;

/// How the applicant wants the result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DeliveryView {
    Window {
        /// Proxy's name and masked ID, if one was named.
        proxy: Option<(String, String)>,
    },
    Post {
        recipient: String,
        /// Masked in lists, whole where the address is needed.
        phone: String,
        address: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuingLineView {
    pub number: String,
    pub number_display: String,
    pub applicant_masked: String,
    pub items: Vec<Localized>,
    pub delivery: Option<DeliveryView>,
    pub status: ApplicationStatus,
    pub promised_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuingQueueView {
    pub me: StaffHeader,
    pub lines: Vec<IssuingLineView>,
}

/// A licence as printed and as the verify page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenceView {
    pub code_display: String,
    pub name: Localized,
    pub validity: Localized,
    pub holder: String,
    pub holder_id: String,
    pub particulars: Vec<(Localized, String)>,
    pub issued_on: String,
    pub issuer: Localized,
    pub number_display: String,
    /// The verify page's full address, and its QR.
    pub verify_url: String,
    pub qr_svg: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToIssueView {
    pub matter: Localized,
    pub name: Localized,
    pub validity: Localized,
    pub forms: Vec<IssuedForm>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HandoverWayView {
    Window {
        collector: Collector,
        name: String,
        id_masked: String,
    },
    Post {
        carrier: String,
        tracking: String,
        recipient: String,
    },
}

/// 送达回证: what, to whom, when, where, by whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoverView {
    pub number_display: String,
    pub way: HandoverWayView,
    pub items: Vec<String>,
    pub at: String,
    pub place: String,
    pub by_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuingFileView {
    pub me: StaffHeader,
    pub number: String,
    pub number_display: String,
    pub status: ApplicationStatus,
    pub holder: String,
    pub holder_id: String,
    pub to_issue: Vec<ToIssueView>,
    pub delivery: Option<DeliveryView>,
    /// 容缺: Some(committed date, if any) while the deferred materials are owed.
    pub deferred_owed: Option<Option<String>>,
    pub licences: Vec<LicenceView>,
    pub pickup_expires: Option<String>,
    pub handover: Option<HandoverView>,
    pub can_issue: bool,
    pub can_post: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoverPageView {
    pub me: StaffHeader,
    pub handover: HandoverView,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LicenceState {
    Genuine,
    Revoked { on: String, reason: String },
    NotValid,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenceCheckView {
    pub state: LicenceState,
    /// Shown only when the seal matches.
    pub licence: Option<LicenceView>,
}

/// After a scan, the desk's page: who may collect what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickupScanView {
    pub number: String,
    pub number_display: String,
    /// What was scanned, posted again with the confirmation.
    pub scan: String,
    pub applicant: String,
    pub applicant_id_masked: String,
    pub items: Vec<String>,
    pub proxy: Option<(String, String)>,
    pub expires: String,
}

/// The applicant's pickup pass.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PassView {
    pub token: String,
    pub qr_svg: String,
    pub code: String,
    pub expires: String,
    pub items: Vec<String>,
    pub proxy_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicantIssuingView {
    pub number: String,
    pub status: ApplicationStatus,
    pub proven: bool,
    pub delivery: Option<DeliveryView>,
    /// The delivery may still be chosen or changed.
    pub can_choose: bool,
    pub pass: Option<PassView>,
    pub handover: Option<HandoverView>,
}

#[cfg(feature = "ssr")]
fn signed_in() -> Result<hall::StaffSession, AppError> {
    crate::staff_session().ok_or_else(|| fail(AppError::Unauthorized))
}

#[server(endpoint = "staff/issuing")]
pub async fn get_issuing_queue() -> Result<IssuingQueueView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let lines = state
        .hall
        .issuing_queue(&session.actor)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(crate::views::issuing::queue_view(&session, lines))
}

#[server(endpoint = "staff/issuing-file")]
pub async fn get_issuing_file(number: String) -> Result<IssuingFileView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let file = state
        .hall
        .issuing_file(&session.actor, &number)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::issuing::file_view(&session, &state.public_base_url, file).map_err(fail)
}

#[server(endpoint = "staff/handover")]
pub async fn get_handover(number: String) -> Result<HandoverPageView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let session = signed_in()?;
    let handover = state
        .hall
        .handover_receipt(&session.actor, &number)
        .await
        .map_err(|e| fail(e.into()))?;
    Ok(HandoverPageView {
        me: crate::views::staff::header(&session),
        handover: crate::views::issuing::handover_view(&handover),
    })
}

#[server(endpoint = "verify")]
pub async fn get_licence_check(code: String) -> Result<LicenceCheckView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let check = state
        .hall
        .check_licence(&code)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::issuing::check_view(&state.public_base_url, check).map_err(fail)
}

#[server(endpoint = "applications/issuing")]
pub async fn get_applicant_issuing(number: String) -> Result<ApplicantIssuingView, AppError> {
    let state = crate::state::AppState::from_context().map_err(fail)?;
    let visit = crate::visit::request_token().map_err(fail)?;
    let hall = &state.hall;
    let parsed = domain::ApplicationNumber::parse(&number)
        .map_err(|e| fail(AppError::MalformedNumber(e)))?;
    let status = hall
        .application(&number)
        .await
        .map_err(|e| fail(e.into()))?
        .status;
    if !hall
        .applicant_proven(&parsed, &visit)
        .await
        .map_err(|e| fail(e.into()))?
    {
        return Ok(ApplicantIssuingView {
            number: parsed.as_str().to_string(),
            status,
            proven: false,
            delivery: None,
            can_choose: false,
            pass: None,
            handover: None,
        });
    }
    let (record, pass) = hall
        .applicant_issuing(&number, &visit)
        .await
        .map_err(|e| fail(e.into()))?;
    crate::views::issuing::applicant_view(record, pass).map_err(fail)
}
