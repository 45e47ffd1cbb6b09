//! Who may do what. Every staff use case names the roles it allows and
//! checks the actor itself (受理、审核、制证三分离), so a route that forgot a
//! check, a server function called directly or a command line cannot skip
//! it. A refusal is logged once, here, and becomes the use case's own
//! error (`Forbidden { role, action }`).

use domain::{Actor, StaffRole};

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
