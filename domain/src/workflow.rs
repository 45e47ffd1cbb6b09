//! Where an application is, and the only ways it moves (前台受理 so far;
//! review, issuing and delivery add their states and transitions here).
//! Every move goes through [`ApplicationStatus::after`]: a transition the
//! machine does not allow is an error, never a silent change.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// 已提交: received, waiting for the front desk (again, after a correction).
    Submitted,
    /// 已受理: every required material is in order.
    Accepted,
    /// 容缺受理: accepted with deferrable materials missing, under a
    /// credit commitment to hand them in by a date.
    AcceptedWithDeficiency,
    /// 补正: sent back with one notice of everything to correct.
    ReturnedForCorrection,
    /// 不予受理: refused, with the reason and the applicant's remedies.
    Refused,
    /// 撤回: withdrawn by the applicant.
    Withdrawn,
}

/// A decision or event that moves an application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    Accept,
    AcceptWithDeficiency,
    ReturnForCorrection,
    Refuse,
    Withdraw,
    /// The corrections were handed in: back to the front desk's queue.
    Resubmit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} is not possible for an application that is {}", .transition.as_str(), .from.as_str())]
pub struct WrongState {
    pub from: ApplicationStatus,
    pub transition: Transition,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 6] = [
        ApplicationStatus::Submitted,
        ApplicationStatus::Accepted,
        ApplicationStatus::AcceptedWithDeficiency,
        ApplicationStatus::ReturnedForCorrection,
        ApplicationStatus::Refused,
        ApplicationStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Accepted => "accepted",
            ApplicationStatus::AcceptedWithDeficiency => "accepted_with_deficiency",
            ApplicationStatus::ReturnedForCorrection => "returned_for_correction",
            ApplicationStatus::Refused => "refused",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The state after `transition`, or why it cannot happen now.
    pub fn after(self, transition: Transition) -> Result<ApplicationStatus, WrongState> {
        use ApplicationStatus as S;
        use Transition as T;
        match (self, transition) {
            (S::Submitted, T::Accept) => Ok(S::Accepted),
            (S::Submitted, T::AcceptWithDeficiency) => Ok(S::AcceptedWithDeficiency),
            (S::Submitted, T::ReturnForCorrection) => Ok(S::ReturnedForCorrection),
            (S::Submitted, T::Refuse) => Ok(S::Refused),
            (S::Submitted | S::ReturnedForCorrection, T::Withdraw) => Ok(S::Withdrawn),
            (S::ReturnedForCorrection, T::Resubmit) => Ok(S::Submitted),
            (from, transition) => Err(WrongState { from, transition }),
        }
    }

    /// Waiting for the front desk's decision (the acceptance queue).
    pub fn awaits_front_desk(self) -> bool {
        self == ApplicationStatus::Submitted
    }

    /// Nothing more can happen to it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Refused | ApplicationStatus::Withdrawn
        )
    }
}

impl Transition {
    pub const ALL: [Transition; 6] = [
        Transition::Accept,
        Transition::AcceptWithDeficiency,
        Transition::ReturnForCorrection,
        Transition::Refuse,
        Transition::Withdraw,
        Transition::Resubmit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Accept => "accept",
            Transition::AcceptWithDeficiency => "accept_with_deficiency",
            Transition::ReturnForCorrection => "return_for_correction",
            Transition::Refuse => "refuse",
            Transition::Withdraw => "withdraw",
            Transition::Resubmit => "resubmit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ApplicationStatus as S;
    use Transition as T;

    #[test]
    fn the_front_desk_decides_a_submitted_application() {
        assert_eq!(S::Submitted.after(T::Accept), Ok(S::Accepted));
        assert_eq!(
            S::Submitted.after(T::AcceptWithDeficiency),
            Ok(S::AcceptedWithDeficiency)
        );
        assert_eq!(
            S::Submitted.after(T::ReturnForCorrection),
            Ok(S::ReturnedForCorrection)
        );
        assert_eq!(S::Submitted.after(T::Refuse), Ok(S::Refused));
        assert_eq!(S::Submitted.after(T::Withdraw), Ok(S::Withdrawn));
        assert_eq!(
            S::Submitted.after(T::Resubmit),
            Err(WrongState {
                from: S::Submitted,
                transition: T::Resubmit
            })
        );
    }

    #[test]
    fn a_corrected_application_goes_back_to_the_queue_or_is_withdrawn() {
        assert_eq!(
            S::ReturnedForCorrection.after(T::Resubmit),
            Ok(S::Submitted)
        );
        assert_eq!(
            S::ReturnedForCorrection.after(T::Withdraw),
            Ok(S::Withdrawn)
        );
        for t in [
            T::Accept,
            T::AcceptWithDeficiency,
            T::ReturnForCorrection,
            T::Refuse,
        ] {
            assert!(S::ReturnedForCorrection.after(t).is_err(), "{t:?}");
        }
    }

    #[test]
    fn decided_applications_do_not_move_at_the_front_desk() {
        for from in [
            S::Accepted,
            S::AcceptedWithDeficiency,
            S::Refused,
            S::Withdrawn,
        ] {
            for t in Transition::ALL {
                assert_eq!(
                    from.after(t),
                    Err(WrongState {
                        from,
                        transition: t
                    })
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.as_str()), Some(s));
        }
        for t in Transition::ALL {
            assert_eq!(Transition::parse(t.as_str()), Some(t));
        }
        assert_eq!(ApplicationStatus::parse("approved"), None);
    }

    /// The edges the machine allows, written out once more on purpose: a
    /// change to `after` that adds an edge must be made here too.
    fn allowed(from: S, to: S) -> bool {
        matches!(
            (from, to),
            (S::Submitted, S::Accepted)
                | (S::Submitted, S::AcceptedWithDeficiency)
                | (S::Submitted, S::ReturnedForCorrection)
                | (S::Submitted, S::Refused)
                | (S::Submitted | S::ReturnedForCorrection, S::Withdrawn)
                | (S::ReturnedForCorrection, S::Submitted)
        )
    }

    proptest! {
        #[test]
        fn no_sequence_of_decisions_leaves_the_machine(
            steps in proptest::collection::vec(0..Transition::ALL.len(), 0..40)
        ) {
            let mut state = S::Submitted;
            for i in steps {
                let t = Transition::ALL[i];
                match state.after(t) {
                    Ok(next) => {
                        prop_assert!(allowed(state, next), "{state:?} -{t:?}-> {next:?}");
                        prop_assert!(!state.is_final());
                        state = next;
                    }
                    Err(e) => prop_assert_eq!(e.from, state),
                }
            }
        }
    }
}
