//! 跑动: each time the applicant comes to the hall in person for an
//! application, and the channel each step was taken through. A matter
//! promises at most so many trips (0 全程网办, 1 最多跑一次); a finished
//! application either kept that promise or not.

use serde::{Deserialize, Serialize};

/// How a step was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A self-service kiosk in the hall.
    Kiosk,
    /// The citizen's own phone or computer.
    Phone,
    /// At a window, with staff.
    Window,
    /// Filed by staff for the applicant (帮你办).
    Assisted,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Kiosk,
        Channel::Phone,
        Channel::Window,
        Channel::Assisted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Kiosk => "kiosk",
            Channel::Phone => "phone",
            Channel::Window => "window",
            Channel::Assisted => "assisted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The applicant was in the hall for it.
    pub fn in_person(self) -> bool {
        self != Channel::Phone
    }
}

/// Why the applicant came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TripReason {
    /// Filed it in the hall (a kiosk, a window, with help).
    Submitted,
    /// Brought what the one-time notice asked for.
    CorrectionsBrought,
    /// Collected the result at the window.
    Collected,
}

impl TripReason {
    pub fn as_str(self) -> &'static str {
        match self {
            TripReason::Submitted => "submitted",
            TripReason::CorrectionsBrought => "corrections_brought",
            TripReason::Collected => "collected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Submitted, Self::CorrectionsBrought, Self::Collected]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// The audited steps a desk takes only with the applicant at its window:
/// the trip is written with the step's audit event, in the same commit
/// (so a step is never recorded without its trip, nor a trip without it).
pub fn window_trip(action: &str) -> Option<TripReason> {
    match action {
        "hand_over" => Some(TripReason::Collected),
        // Corrections handed in at the window: back to the queue, or back
        // to the departments that asked for them in review.
        "resubmit" | "resume_review" => Some(TripReason::CorrectionsBrought),
        _ => None,
    }
}

/// Whether `trips` kept a promise of at most `promised` (the largest of
/// the application's matters' promises: a life event is as good as its
/// least online matter).
pub fn kept_promise(trips: u32, promised: u8) -> bool {
    trips <= u32::from(promised)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_phone_is_not_a_trip() {
        assert!(!Channel::Phone.in_person());
        assert!(Channel::Kiosk.in_person());
        assert!(Channel::Window.in_person() && Channel::Assisted.in_person());
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn the_window_steps_are_trips() {
        assert_eq!(window_trip("hand_over"), Some(TripReason::Collected));
        assert_eq!(
            window_trip("resume_review"),
            Some(TripReason::CorrectionsBrought)
        );
        assert_eq!(
            window_trip("resubmit"),
            Some(TripReason::CorrectionsBrought)
        );
        // Posting a result or accepting is not a trip of its own.
        assert_eq!(window_trip("mail"), None);
        assert_eq!(window_trip("accept"), None);
    }

    #[test]
    fn at_most_one_trip_keeps_the_one_visit_promise() {
        assert!(kept_promise(0, 1) && kept_promise(1, 1));
        assert!(!kept_promise(2, 1));
        assert!(kept_promise(0, 0) && !kept_promise(1, 0));
    }
}
