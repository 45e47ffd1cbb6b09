//! Where an application is, and the only ways it moves: 前台受理, then
//! 并联审批 (issuing and delivery add their states and transitions here).
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
    /// 审查中补正: the reviewing departments asked for corrections, sent
    /// as one merged notice by the front desk; their clocks stand still.
    CorrectionDuringReview,
    /// 审批通过: every department approved (to the issuing window).
    Approved,
    /// 不予许可: a department rejected it, with every reason given.
    Rejected,
    /// 已出证: the issuing window issued the result (sealed); it waits at
    /// the window or goes by post.
    Issued,
    /// 已送达: handed over at the window or posted (送达回证 on record).
    Delivered,
    /// 终止: a 容缺 commitment was not kept by its date (a breach is
    /// recorded; nothing is issued).
    Terminated,
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
    /// The front desk sends the departments' corrections as one notice.
    AskCorrectionsInReview,
    /// Corrections asked in review were handed in: review goes on.
    ResumeReview,
    /// The last department approved.
    Approve,
    /// The departments have spoken and one (or more) rejected.
    Reject,
    /// The issuing window seals and issues the result.
    Issue,
    /// Handed over at the window (scanned pickup code, identity checked).
    HandOver,
    /// Posted: carrier and tracking number recorded.
    Mail,
    /// The deferred materials of a 容缺 acceptance did not come by the
    /// committed date.
    Terminate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} is not possible for an application that is {}", .transition.as_str(), .from.as_str())]
pub struct WrongState {
    pub from: ApplicationStatus,
    pub transition: Transition,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 12] = [
        ApplicationStatus::Submitted,
        ApplicationStatus::Accepted,
        ApplicationStatus::AcceptedWithDeficiency,
        ApplicationStatus::ReturnedForCorrection,
        ApplicationStatus::Refused,
        ApplicationStatus::Withdrawn,
        ApplicationStatus::CorrectionDuringReview,
        ApplicationStatus::Approved,
        ApplicationStatus::Rejected,
        ApplicationStatus::Issued,
        ApplicationStatus::Delivered,
        ApplicationStatus::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Accepted => "accepted",
            ApplicationStatus::AcceptedWithDeficiency => "accepted_with_deficiency",
            ApplicationStatus::ReturnedForCorrection => "returned_for_correction",
            ApplicationStatus::Refused => "refused",
            ApplicationStatus::Withdrawn => "withdrawn",
            ApplicationStatus::CorrectionDuringReview => "correction_during_review",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Issued => "issued",
            ApplicationStatus::Delivered => "delivered",
            ApplicationStatus::Terminated => "terminated",
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
            (S::Accepted | S::AcceptedWithDeficiency | S::CorrectionDuringReview, T::Withdraw) => {
                Ok(S::Withdrawn)
            }
            (S::Accepted | S::AcceptedWithDeficiency, T::AskCorrectionsInReview) => {
                Ok(S::CorrectionDuringReview)
            }
            // The 容缺 commitment stays on record with the acceptance decision.
            (S::CorrectionDuringReview, T::ResumeReview) => Ok(S::Accepted),
            (S::Accepted | S::AcceptedWithDeficiency, T::Approve) => Ok(S::Approved),
            (S::Accepted | S::AcceptedWithDeficiency, T::Reject) => Ok(S::Rejected),
            (S::Approved, T::Issue) => Ok(S::Issued),
            (S::Issued, T::HandOver | T::Mail) => Ok(S::Delivered),
            // Whether a 容缺 commitment is behind it is the use case's to check.
            (
                S::Accepted | S::AcceptedWithDeficiency | S::CorrectionDuringReview | S::Approved,
                T::Terminate,
            ) => Ok(S::Terminated),
            (from, transition) => Err(WrongState { from, transition }),
        }
    }

    /// Waiting for the front desk's decision (the acceptance queue).
    pub fn awaits_front_desk(self) -> bool {
        self == ApplicationStatus::Submitted
    }

    /// Accepted and with the departments (their tasks run).
    pub fn in_review(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Accepted | ApplicationStatus::AcceptedWithDeficiency
        )
    }

    /// Nothing more can happen to it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Refused
                | ApplicationStatus::Withdrawn
                | ApplicationStatus::Rejected
                | ApplicationStatus::Delivered
                | ApplicationStatus::Terminated
        )
    }
}

impl Transition {
    pub const ALL: [Transition; 14] = [
        Transition::Accept,
        Transition::AcceptWithDeficiency,
        Transition::ReturnForCorrection,
        Transition::Refuse,
        Transition::Withdraw,
        Transition::Resubmit,
        Transition::AskCorrectionsInReview,
        Transition::ResumeReview,
        Transition::Approve,
        Transition::Reject,
        Transition::Issue,
        Transition::HandOver,
        Transition::Mail,
        Transition::Terminate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Accept => "accept",
            Transition::AcceptWithDeficiency => "accept_with_deficiency",
            Transition::ReturnForCorrection => "return_for_correction",
            Transition::Refuse => "refuse",
            Transition::Withdraw => "withdraw",
            Transition::Resubmit => "resubmit",
            Transition::AskCorrectionsInReview => "ask_corrections_in_review",
            Transition::ResumeReview => "resume_review",
            Transition::Approve => "approve",
            Transition::Reject => "reject",
            Transition::Issue => "issue",
            Transition::HandOver => "hand_over",
            Transition::Mail => "mail",
            Transition::Terminate => "terminate",
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
        for from in [S::Accepted, S::AcceptedWithDeficiency] {
            for t in [
                T::Accept,
                T::AcceptWithDeficiency,
                T::ReturnForCorrection,
                T::Refuse,
                T::Resubmit,
            ] {
                assert!(from.after(t).is_err(), "{from:?} {t:?}");
            }
        }
        for from in [
            S::Refused,
            S::Withdrawn,
            S::Rejected,
            S::Delivered,
            S::Terminated,
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
    fn review_ends_approved_or_rejected_and_may_pause_for_corrections() {
        for from in [S::Accepted, S::AcceptedWithDeficiency] {
            assert_eq!(from.after(T::Approve), Ok(S::Approved));
            assert_eq!(from.after(T::Reject), Ok(S::Rejected));
            assert_eq!(
                from.after(T::AskCorrectionsInReview),
                Ok(S::CorrectionDuringReview)
            );
            assert_eq!(from.after(T::Withdraw), Ok(S::Withdrawn));
        }
        assert_eq!(
            S::CorrectionDuringReview.after(T::ResumeReview),
            Ok(S::Accepted)
        );
        assert!(S::CorrectionDuringReview.after(T::Approve).is_err());
        assert!(S::Submitted.after(T::Approve).is_err());
    }

    #[test]
    fn an_approved_result_is_issued_once_then_handed_over_or_posted() {
        assert_eq!(S::Approved.after(T::Issue), Ok(S::Issued));
        assert!(S::Issued.after(T::Issue).is_err());
        assert_eq!(S::Issued.after(T::HandOver), Ok(S::Delivered));
        assert_eq!(S::Issued.after(T::Mail), Ok(S::Delivered));
        assert!(
            S::Approved.after(T::HandOver).is_err(),
            "nothing issued yet"
        );
        assert!(
            S::Issued.after(T::Terminate).is_err(),
            "issued stays issued"
        );
        assert!(S::Issued.after(T::Withdraw).is_err());
        assert_eq!(S::Approved.after(T::Terminate), Ok(S::Terminated));
    }

    #[test]
    fn names_round_trip() {
        for s in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(s.as_str()), Some(s));
        }
        for t in Transition::ALL {
            assert_eq!(Transition::parse(t.as_str()), Some(t));
        }
        assert_eq!(ApplicationStatus::parse("posted"), None);
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
                | (
                    S::Accepted | S::AcceptedWithDeficiency,
                    S::CorrectionDuringReview
                )
                | (
                    S::Accepted | S::AcceptedWithDeficiency,
                    S::Approved | S::Rejected
                )
                | (
                    S::Accepted | S::AcceptedWithDeficiency | S::CorrectionDuringReview,
                    S::Withdrawn
                )
                | (S::CorrectionDuringReview, S::Accepted)
                | (S::Approved, S::Issued)
                | (S::Issued, S::Delivered)
                | (
                    S::Accepted
                        | S::AcceptedWithDeficiency
                        | S::CorrectionDuringReview
                        | S::Approved,
                    S::Terminated
                )
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
