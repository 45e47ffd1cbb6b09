//! 取号叫号: the hall's queue categories, the ticket numbers each category
//! gives out per day (A001, A002, …), and the order desks call them in.

use crate::{Localized, StaffRole};
use chrono::{DateTime, Utc};
use std::fmt;

/// A category's letter on tickets and on the hall display: `A`–`Z`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueueLetter(u8);

impl QueueLetter {
    pub fn parse(s: &str) -> Option<Self> {
        match s.as_bytes() {
            [b @ b'A'..=b'Z'] => Some(Self(*b)),
            _ => None,
        }
    }

    pub fn as_char(self) -> char {
        char::from(self.0)
    }
}

impl fmt::Display for QueueLetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_char())
    }
}

/// The most tickets one category gives out in a day (three digits).
pub const MAX_TICKETS_PER_DAY: u16 = 999;

/// A ticket's number as called out: its category's letter and its place
/// in that category's day, `A012`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TicketNumber {
    letter: QueueLetter,
    seq: u16,
}

impl TicketNumber {
    /// The `seq`th ticket of the day (1-based, at most 999).
    pub fn new(letter: QueueLetter, seq: u16) -> Option<Self> {
        (1..=MAX_TICKETS_PER_DAY)
            .contains(&seq)
            .then_some(Self { letter, seq })
    }

    pub fn parse(s: &str) -> Option<Self> {
        let letter = QueueLetter::parse(s.get(..1)?)?;
        let digits = s.get(1..)?;
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::new(letter, digits.parse().ok()?)
    }

    pub fn letter(self) -> QueueLetter {
        self.letter
    }

    pub fn seq(self) -> u16 {
        self.seq
    }

    /// How the display speaks it: each character on its own, so "A012" is
    /// read "A 0 1 2" and not "A twelve".
    pub fn spoken(self) -> String {
        let s = self.to_string();
        s.chars()
            .map(String::from)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:03}", self.letter, self.seq)
    }
}

/// The number on a window, as the display sends people there: 1–99.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WindowNumber(u8);

impl WindowNumber {
    pub fn new(n: u8) -> Option<Self> {
        (1..=99).contains(&n).then_some(Self(n))
    }

    /// As typed at the desk ("3", " 03 ").
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::new(s.parse().ok()?)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for WindowNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One line of the hall's queue: who takes its tickets for what, which
/// desk calls them, and how many it gives out in a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueCategory {
    pub letter: QueueLetter,
    pub name: Localized,
    /// The desk that calls this category (the front desk or the issuing
    /// window: the two that serve people in person).
    pub desk: StaffRole,
    pub tickets_per_day: u16,
}

/// Why a configured set of categories cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueueCategoryError {
    #[error("the hall has no queue category")]
    None,
    #[error("category {0} is listed twice")]
    Twice(char),
    #[error("category {0} has no name in both languages")]
    Unnamed(char),
    #[error("category {0}: only the front desk and the issuing window call tickets")]
    NotADesk(char),
    #[error("category {0}: tickets per day must be 1–999")]
    Capacity(char),
}

/// The hall's categories, in the order the kiosk shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueCategories(Vec<QueueCategory>);

impl QueueCategories {
    pub fn new(categories: Vec<QueueCategory>) -> Result<Self, QueueCategoryError> {
        if categories.is_empty() {
            return Err(QueueCategoryError::None);
        }
        for (i, c) in categories.iter().enumerate() {
            let l = c.letter.as_char();
            if categories[..i].iter().any(|o| o.letter == c.letter) {
                return Err(QueueCategoryError::Twice(l));
            }
            if c.name.zh.trim().is_empty() || c.name.en.trim().is_empty() {
                return Err(QueueCategoryError::Unnamed(l));
            }
            if !matches!(c.desk, StaffRole::FrontDesk | StaffRole::Issuing) {
                return Err(QueueCategoryError::NotADesk(l));
            }
            if !(1..=MAX_TICKETS_PER_DAY).contains(&c.tickets_per_day) {
                return Err(QueueCategoryError::Capacity(l));
            }
        }
        Ok(Self(categories))
    }

    pub fn all(&self) -> &[QueueCategory] {
        &self.0
    }

    pub fn get(&self, letter: QueueLetter) -> Option<&QueueCategory> {
        self.0.iter().find(|c| c.letter == letter)
    }

    /// The letters a desk of `role` calls.
    pub fn called_by(&self, role: StaffRole) -> Vec<QueueLetter> {
        self.0
            .iter()
            .filter(|c| c.desk == role)
            .map(|c| c.letter)
            .collect()
    }
}

/// Where a ticket is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketStatus {
    Waiting,
    /// Called to a window; the desk has not moved on yet.
    Called,
    /// The desk called the next one after serving this one.
    Served,
    /// Called and did not come.
    NoShow,
}

impl TicketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::Served => "served",
            TicketStatus::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "waiting" => TicketStatus::Waiting,
            "called" => TicketStatus::Called,
            "served" => TicketStatus::Served,
            "no_show" => TicketStatus::NoShow,
            _ => return None,
        })
    }
}

/// The instant a ticket queues from: desks call the earliest first (ties
/// by category letter, then number). A walk-in queues from when the ticket
/// was taken; a booking that checks in queues from its slot's start, so
/// within its slot it goes ahead of walk-ins who came after the slot
/// began, and never ahead of anyone who was already waiting before it.
pub fn queues_from(taken_at: DateTime<Utc>, booked_slot_start: Option<DateTime<Utc>>) -> DateTime<Utc> {
    booked_slot_start.map_or(taken_at, |slot| slot.min(taken_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> QueueLetter {
        QueueLetter::parse(s).unwrap()
    }

    fn category(letter: &str, desk: StaffRole, per_day: u16) -> QueueCategory {
        QueueCategory {
            letter: l(letter),
            name: Localized {
                zh: "综合受理".into(),
                en: "Applications".into(),
            },
            desk,
            tickets_per_day: per_day,
        }
    }

    #[test]
    fn ticket_numbers_are_a_letter_and_three_digits_within_the_days_capacity() {
        let a = l("A");
        assert_eq!(TicketNumber::new(a, 12).unwrap().to_string(), "A012");
        assert_eq!(TicketNumber::new(a, 999).unwrap().to_string(), "A999");
        assert_eq!(TicketNumber::new(a, 0), None);
        assert_eq!(TicketNumber::new(a, 1000), None);
        assert_eq!(TicketNumber::parse("B007"), TicketNumber::new(l("B"), 7));
        for bad in ["", "A", "A12", "A0123", "a012", "AA12", "A000", "A-12", "Ａ012"] {
            assert_eq!(TicketNumber::parse(bad), None, "{bad}");
        }
        assert_eq!(TicketNumber::new(a, 12).unwrap().spoken(), "A 0 1 2");
        // Within a category and a day the sequence is the calling order of
        // walk-ins who came one after another.
        assert!(TicketNumber::new(a, 2) < TicketNumber::new(a, 10));
    }

    #[test]
    fn letters_and_windows_take_only_what_a_display_can_show() {
        assert_eq!(QueueLetter::parse("Z").unwrap().as_char(), 'Z');
        for bad in ["", "a", "AB", "1", "Ä"] {
            assert_eq!(QueueLetter::parse(bad), None, "{bad}");
        }
        assert_eq!(WindowNumber::parse(" 03 ").unwrap().get(), 3);
        assert_eq!(WindowNumber::parse("99").unwrap().get(), 99);
        for bad in ["", "0", "100", "-1", "3a", "三"] {
            assert_eq!(WindowNumber::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn categories_are_checked_when_configured() {
        use QueueCategoryError as E;
        let ok = QueueCategories::new(vec![
            category("A", StaffRole::FrontDesk, 300),
            category("B", StaffRole::Issuing, 200),
            category("C", StaffRole::FrontDesk, 50),
        ])
        .unwrap();
        assert_eq!(ok.called_by(StaffRole::FrontDesk), vec![l("A"), l("C")]);
        assert_eq!(ok.called_by(StaffRole::Issuing), vec![l("B")]);
        assert!(ok.called_by(StaffRole::Reviewer).is_empty());
        assert_eq!(ok.get(l("C")).unwrap().tickets_per_day, 50);
        assert_eq!(ok.get(l("D")), None);
        assert_eq!(QueueCategories::new(vec![]), Err(E::None));
        let twice = vec![
            category("A", StaffRole::FrontDesk, 1),
            category("A", StaffRole::Issuing, 1),
        ];
        assert_eq!(QueueCategories::new(twice), Err(E::Twice('A')));
        let reviewer = vec![category("R", StaffRole::Reviewer, 1)];
        assert_eq!(QueueCategories::new(reviewer), Err(E::NotADesk('R')));
        for n in [0, 1000] {
            let c = vec![category("A", StaffRole::FrontDesk, n)];
            assert_eq!(QueueCategories::new(c), Err(E::Capacity('A')));
        }
        let mut unnamed = category("A", StaffRole::FrontDesk, 1);
        unnamed.name.en = " ".into();
        assert_eq!(QueueCategories::new(vec![unnamed]), Err(E::Unnamed('A')));
    }

    #[test]
    fn a_booking_queues_from_its_slot_and_a_walk_in_from_its_ticket() {
        let t = |s: &str| -> DateTime<Utc> { s.parse().unwrap() };
        let slot = t("2026-12-07T01:00:00Z");
        let walk_in_before = queues_from(t("2026-12-07T00:55:00Z"), None);
        let walk_in_after = queues_from(t("2026-12-07T01:05:00Z"), None);
        let booked = queues_from(t("2026-12-07T01:10:00Z"), Some(slot));
        let mut order = [
            ("after", walk_in_after),
            ("booked", booked),
            ("before", walk_in_before),
        ];
        order.sort_by_key(|(_, at)| *at);
        assert_eq!(
            order.map(|(who, _)| who),
            ["before", "booked", "after"],
            "bookings go first within their slot, never ahead of who already waited"
        );
        // Early for the slot: queues from arrival, like anyone.
        let early = t("2026-12-07T00:50:00Z");
        assert_eq!(queues_from(early, Some(slot)), early);
    }
}
