//! The issuing pages' view models: plain data that the server functions return and
//! `views` builds; no logic, no calls.

use super::staff::StaffHeader;
use domain::catalog::IssuedForm;
use domain::issuing::Collector;
use domain::{ApplicationStatus, Localized};
use serde::{Deserialize, Serialize};

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

/// A handover as recorded, for the desk and the applicant (and for the
/// refusal of a second scan, which the error conversion builds: plain
/// data, so errors need no view module).
#[cfg(feature = "ssr")]
impl From<&hall::ports::HandoverRecord> for HandoverView {
    fn from(h: &hall::ports::HandoverRecord) -> Self {
        use domain::issuing::HandoverWay;

        HandoverView {
            number_display: h.number.to_string(),
            way: match &h.way {
                HandoverWay::Window {
                    collector,
                    name,
                    id_masked,
                    ..
                } => HandoverWayView::Window {
                    collector: collector.clone(),
                    name: name.clone(),
                    id_masked: id_masked.clone(),
                },
                HandoverWay::Post {
                    shipment,
                    recipient,
                } => HandoverWayView::Post {
                    carrier: shipment.carrier.clone(),
                    tracking: shipment.tracking.clone(),
                    recipient: recipient.clone(),
                },
            },
            items: h.items.clone(),
            at: domain::time::in_hall_time(h.at)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            place: h.place.clone(),
            by_name: h.by_name.clone(),
        }
    }
}
