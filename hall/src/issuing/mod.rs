//! 统一出件: one window issues every department's result under one
//! electronic seal ([`ElectronicSeal`]), the applicant chooses pickup or
//! post, and a signed pickup token ([`PickupToken`], with an 8-digit
//! fallback code) opens exactly one handover at the desk.

mod commitments;
mod handover;
mod pickup;
mod seal;
mod window;

pub(crate) use handover::visit_hash;
pub use handover::{PickupFile, PickupPass, ScanInput};
pub use pickup::{PickupKey, PickupToken, TokenError, TOKEN_PREFIX};
pub use seal::{ElectronicSeal, SealError, SealVerifier, SEAL_SIGNER_ID};
pub(crate) use window::deferred_owed;
pub use window::{IssuingFile, IssuingLine, LicenceCheck, ToIssue};

use crate::ports::StorageError;
use chrono::NaiveDate;
use domain::issuing::{DeliveryProblem, PickupProblem};
use domain::{ApplicationNumberError, ApplicationStatus, Localized, StaffRole};
use std::sync::Arc;

/// The hall's issuing secrets and settings (from configuration).
#[derive(Clone, Debug)]
pub struct IssuingKeys {
    pub seal: Arc<ElectronicSeal>,
    pub pickup: PickupKey,
    /// A pickup token is valid this many days from issue.
    pub pickup_days: u16,
    /// 发证机关 as printed on every licence.
    pub issuer: Localized,
    /// The issuing window: 送达地点 of a handover there.
    pub window: Localized,
}

/// Tries allowed per window: ID endings at one application from one client
/// address (numeric codes: per desk), per client address, and at one
/// application from all addresses together.
pub const GUESSES_PER_KEY: u32 = 5;
pub const GUESSES_PER_CLIENT: u32 = 20;
pub const GUESSES_PER_TARGET: u32 = 30;
pub const GUESS_WINDOW_MINUTES: u64 = 60;

pub(crate) fn guess_window() -> std::time::Duration {
    std::time::Duration::from_secs(GUESS_WINDOW_MINUTES * 60)
}

#[derive(Debug, thiserror::Error)]
pub enum IssuingError {
    #[error("{role} may not {action}")]
    Forbidden {
        role: StaffRole,
        action: &'static str,
    },
    #[error("malformed application number")]
    Malformed(#[source] ApplicationNumberError),
    #[error("no such application or licence")]
    NotFound,
    /// Not approved (to issue), not issued (to hand over or post).
    #[error("the application is {}", .0.as_str())]
    WrongStatus(ApplicationStatus),
    /// 容缺: the deferred materials have not been handed in.
    #[error("the deferred materials are owed (committed by {0:?})")]
    DeferredOwed(Option<NaiveDate>),
    #[error("the delivery form has problems")]
    Delivery(Vec<DeliveryProblem>),
    #[error("pickup code refused: {0}")]
    Pickup(PickupProblem),
    /// Handed over already: when, where, by whom.
    #[error("handed over already")]
    AlreadyHandedOver(Box<crate::ports::HandoverRecord>),
    #[error("the identity document was not ticked as checked")]
    IdentityNotChecked,
    /// A proxy collecting where the applicant named none.
    #[error("no proxy was named for this application")]
    NoProxy,
    /// The ID ending did not match (attempts left in this window).
    #[error("that is not the end of the applicant's ID number")]
    WrongProof { left: u32 },
    #[error("too many wrong tries; wait and try again")]
    TooManyGuesses { retry_after_secs: u64 },
    /// The citizen's page asks for the proof first.
    #[error("prove you are the applicant first")]
    NotProven,
    #[error("issuing is not configured (no seal key)")]
    NotConfigured,
    #[error("the issuing store failed")]
    Storage(#[from] StorageError),
}

impl From<crate::authz::Refused> for IssuingError {
    fn from(r: crate::authz::Refused) -> Self {
        IssuingError::Forbidden {
            role: r.role,
            action: r.action,
        }
    }
}

fn parse_number(number: &str) -> Result<domain::ApplicationNumber, IssuingError> {
    domain::ApplicationNumber::parse(number).map_err(IssuingError::Malformed)
}
