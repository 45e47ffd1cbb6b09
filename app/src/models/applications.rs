//! The applications pages' view models: plain data that the server functions return and
//! `views` builds; no logic, no calls.

use domain::{ApplicationStatus, Localized};
use serde::{Deserialize, Serialize};

pub use domain::ApplyTarget;

/// The start page of an application: what it covers and its steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplyStart {
    pub target: ApplyTarget,
    pub name: Localized,
    /// The matters applied for: one, or all of a bundle's.
    pub matters: Vec<(String, Localized)>,
    pub steps: Vec<super::StepLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationView {
    /// Canonical form, for URLs.
    pub number: String,
    /// `XXXXX-XXXXX`, for people.
    pub number_display: String,
    pub status: ApplicationStatus,
    pub matters: Vec<(String, Localized)>,
    pub applicant_masked: String,
    pub submitted_at: String,
    pub promised_by: String,
    /// Inline SVG of the QR code that opens the progress page.
    pub qr_svg: String,
    pub progress_url: String,
    /// The decision notice meant for the citizen while it applies (masked
    /// name only): what to correct, what to hand in later, or why refused.
    pub notice: Option<super::NoticeView>,
    /// 并联审批: each department's part and its time left.
    pub review: Vec<super::ReviewStepView>,
    /// The one merged notice while corrections asked in review are owed.
    pub review_notice: Option<super::ReviewNoticeView>,
    /// 补正 by upload: the notice's items, for the visit that proved it is
    /// the applicant while corrections are owed (and the per-file limit).
    pub corrections: Option<(Vec<super::SlotView>, u64)>,
    /// 领取: how the result reaches the applicant (for the visit that
    /// proved it is the applicant: their choice, their pickup pass).
    pub collect: Option<super::ApplicantIssuingView>,
    /// Every notification about it, for the proven applicant (oldest first).
    pub messages: Vec<MessageView>,
    /// 好差评, for the visit that speaks for the applicant.
    pub ratings: Option<super::RatingsView>,
}

/// One notification as the progress page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    /// Hall time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub text: Localized,
    /// How the SMS fared, with the masked mobile (none: page only).
    pub sms: Option<(SmsState, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SmsState {
    Sent,
    Pending,
    Failed,
}

/// 我的办件 for one visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum MyApplicationsView {
    AskMobile,
    /// A code went to this masked mobile.
    CodeSent {
        to: String,
    },
    List {
        mobile_masked: String,
        applications: Vec<ApplicationView>,
    },
}

/// Why 我的办件 refused what was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInProblem {
    BadMobile,
    BadCode,
    WrongCode { left: u32 },
    NoLiveCode,
    NotSent,
}
