//! An application (申请) once submitted: one number, one status.

use serde::{Deserialize, Serialize};

/// Where an application is in the hall's process. The staff workflow adds
/// acceptance, review and issuing states; only the first exists so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// 已提交: received, waiting for the front desk.
    Submitted,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Submitted => "submitted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "submitted" => Some(ApplicationStatus::Submitted),
            _ => None,
        }
    }
}
