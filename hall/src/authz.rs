//! Who may do what. Every staff use case names the roles it allows and
//! checks the actor itself (受理、审核、制证三分离), so a route that forgot a
//! check, a server function called directly or a command line cannot skip
//! it. A refusal is logged once, here, and becomes the use case's own
//! error (`Forbidden { role, action }`).

use crate::ports::{DecisionRecord, StorageError};
use domain::{Actor, ApplicationNumberError, ApplicationStatus, Oversight, StaffRole};

/// The actor's role does not allow the action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub role: StaffRole,
    pub action: &'static str,
}

/// Refuses `action` to `actor` (logged).
pub(crate) fn forbidden(actor: &Actor, action: &'static str) -> Refused {
    tracing::warn!(staff = %actor.name, role = %actor.role, action, "refused: not allowed");
    Refused {
        role: actor.role,
        action,
    }
}

/// `Ok` when the actor's role is one of `allowed`.
pub(crate) fn require(
    actor: &Actor,
    allowed: &[StaffRole],
    action: &'static str,
) -> Result<(), Refused> {
    if allowed.contains(&actor.role) {
        Ok(())
    } else {
        Err(forbidden(actor, action))
    }
}

/// What `actor` watches on the supervision desk: the hall for the
/// supervisor, their departments for a department head; refused otherwise.
pub(crate) fn oversight(actor: &Actor, action: &'static str) -> Result<Oversight, Refused> {
    actor.oversight().ok_or_else(|| forbidden(actor, action))
}

/// What a desk's use case (front desk, review, materials at the desk) can
/// answer besides its result.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("{role} may not {action}")]
    Forbidden {
        role: StaffRole,
        action: &'static str,
    },
    #[error("malformed application number")]
    Malformed(#[source] ApplicationNumberError),
    #[error("no such application")]
    NotFound,
    #[error("the decision cannot be taken as posted")]
    Refused(Vec<domain::acceptance::DecisionProblem>),
    /// 容缺 is not open to applicants on the breach list (失信).
    #[error("the applicant is on the breach list")]
    OnBreachList,
    /// Someone moved the application first (or it never was in the state).
    #[error("the application is {}", .status.as_str())]
    AlreadyDecided {
        status: ApplicationStatus,
        latest: Option<Box<DecisionRecord>>,
    },
    #[error("the review decision cannot be taken as posted")]
    ReviewRefused(Vec<domain::review::ReviewProblem>),
    /// The task is not where the move needs it (decided already, paused…).
    #[error("the review task is {}", .status.as_str())]
    TaskNotOpen {
        status: domain::review::ReviewStatus,
    },
    /// Corrections go out once every department has spoken, and some asked.
    #[error("no review notice is due")]
    NoticeNotDue,
    /// Others kept changing the review while this change was computed.
    #[error("the review kept changing; try again")]
    Busy,
    /// A follow-up's reply is missing a part or too long.
    #[error("the reply cannot be taken as posted")]
    ReplyRefused(Vec<domain::rating::ReplyProblem>),
    /// The follow-up is not where the move needs it (replied already,
    /// closed, not replied yet).
    #[error("the follow-up is {}", .0.as_str())]
    FollowUpIs(domain::rating::FollowUpState),
    #[error("the staff store failed")]
    Storage(#[from] StorageError),
}

/// Logged (a refusal is not a state change: the audit chain is untouched).
impl From<Refused> for StaffError {
    fn from(r: Refused) -> Self {
        StaffError::Forbidden {
            role: r.role,
            action: r.action,
        }
    }
}
