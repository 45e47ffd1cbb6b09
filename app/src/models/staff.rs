//! The staff pages' view models: plain data that the server functions return and
//! `views` builds; no logic, no calls.

use domain::acceptance::MaterialCheck;
use domain::catalog::Material;
use domain::{ApplicationStatus, Localized, StaffRole, Transition};
use serde::{Deserialize, Serialize};

/// Who is signed in, for the desk's header and its forms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffHeader {
    pub display_name: String,
    pub role: StaffRole,
    /// Goes into every form this page posts.
    pub csrf_token: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueLine {
    pub number: String,
    pub number_display: String,
    pub matters: Vec<(String, Localized)>,
    pub applicant_masked: String,
    pub queued_at: String,
    pub waiting_minutes: i64,
    pub deemed_accepted_on: String,
    pub deemed_soon: bool,
    /// Counted on weekends only (no holiday data for that year).
    pub weekends_only: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffQueueView {
    pub me: StaffHeader,
    pub lines: Vec<QueueLine>,
    pub total: u64,
    /// More than `total` wait (a long queue is not counted to the end).
    pub total_is_more: bool,
    /// The next page's address.
    pub next: Option<String>,
    /// Returned applications whose corrections came in online.
    pub corrections: Vec<CorrectionLine>,
}

/// 电子监察: messages given up on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndeliveredView {
    pub me: StaffHeader,
    pub lines: Vec<UndeliveredLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UndeliveredLine {
    pub number: String,
    pub number_display: String,
    /// The message as the applicant would have read it.
    pub text: String,
    /// `138****5678`.
    pub to: String,
    pub attempts: u32,
    pub written_at: String,
    /// The channel's last answer.
    pub error: String,
}

/// A returned application with files sent online since.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionLine {
    pub number: String,
    pub number_display: String,
    pub applicant_masked: String,
    pub files: u32,
    pub last_upload: String,
    /// Some arrived after the desk last opened the file.
    pub unseen: bool,
}

/// One material on the desk's checklist, with what was found last time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChecklistLine {
    pub material: Material,
    pub previous: Option<MaterialCheck>,
    /// Uploaded by the applicant (each opens, audited).
    pub files: Vec<super::FileView>,
    /// 本大厅核发: the licence of this hall that stands for it (its check
    /// address).
    pub supplied: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionLine {
    pub transition: Transition,
    pub by: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub label: Localized,
    pub answer: super::AnswerText,
}

/// An application in full, for the desk (its view is audited).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationFileView {
    pub me: StaffHeader,
    pub number: String,
    pub number_display: String,
    pub status: ApplicationStatus,
    pub matters: Vec<(String, Localized)>,
    pub applicant_masked: String,
    pub submitted_at: String,
    pub promised_by: String,
    pub deemed_accepted_on: String,
    /// 跑动: trips so far, and the most promised.
    pub trips: Option<(u32, u8)>,
    /// 帮你办: the staff account that filled it, and how the applicant
    /// confirmed (`phone` / `signed_declaration`).
    pub assisted: Option<(String, domain::assisted::ApplicantConfirmation)>,
    pub answers: Vec<AnswerLine>,
    pub checklist: Vec<ChecklistLine>,
    pub decisions: Vec<DecisionLine>,
    pub today: String,
    /// Suggested date to correct by (ten working days).
    pub correct_by: String,
    /// Dates counted on weekends only (no holiday data for a year).
    pub weekends_only: bool,
    pub can_decide: bool,
    pub can_take_corrections: bool,
    /// 并联审批: each department's part, once accepted.
    pub review: Vec<super::ReviewStepView>,
    /// The merged notice while corrections asked in review are owed.
    pub review_notice: Option<super::ReviewNoticeView>,
    /// Every department spoke and some asked for corrections: the desk
    /// sends them as one notice.
    pub can_send_review_notice: bool,
    /// 容缺: the deferred materials are owed (by this date, if any); the
    /// front desk records them received.
    pub deferred_owed: Option<Option<String>>,
    /// 容缺: each material owed under the credit commitment, with its date.
    pub deferred_items: Vec<(Localized, String)>,
    pub can_take_deferred: bool,
}

/// What a notice says about one material.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum NoticeLineKind {
    Missing,
    Wrong(String),
    DueBy(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeLine {
    pub material: Material,
    pub kind: NoticeLineKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpecialStepLine {
    /// The matter the step belongs to.
    pub matter: Localized,
    pub kind: domain::catalog::SpecialStepKind,
    pub max_days: u16,
}

/// The notice of a decision: printed at the desk (A4) and, for the
/// citizen, shown on the application's page (masked name only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeView {
    pub transition: Transition,
    /// 文书编号: the application number and the decision's place in its history.
    pub notice_number: String,
    pub number: String,
    pub number_display: String,
    pub matters: Vec<(String, Localized)>,
    pub applicant: String,
    pub decided_on: String,
    pub legal_days: u16,
    pub promised_days: u16,
    pub promised_by: String,
    pub special_steps: Vec<SpecialStepLine>,
    pub lines: Vec<NoticeLine>,
    pub correct_by: Option<String>,
    pub reason: Option<String>,
    pub progress_url: String,
    /// 审查中补正: every department's items, in one notice.
    pub review_items: Vec<(Localized, String)>,
}
