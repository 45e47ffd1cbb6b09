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
        s.chars().map(String::from).collect::<Vec<_>>().join(" ")
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
pub fn queues_from(
    taken_at: DateTime<Utc>,
    booked_slot_start: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    booked_slot_start.map_or(taken_at, |slot| slot.min(taken_at))
}

/// 预约: when the hall takes bookings — its opening hours cut into slots of
/// equal length, a number of places per slot and category, how many days
/// ahead one may book, whether today's remaining slots may be booked, and
/// whether the hall opens on days off (周末不打烊) or on working days only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotPlan {
    /// Minutes after midnight, hall time (`closes` up to 1440).
    opens: u16,
    closes: u16,
    slot_minutes: u16,
    places_per_slot: u16,
    days_ahead: u16,
    same_day: bool,
    every_day: bool,
}

/// Why a booking plan cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SlotPlanError {
    #[error("opening hours are HH:MM, the hall opening before it closes (24:00 at the latest)")]
    Hours,
    #[error("a slot is 5 to 240 minutes and the opening hours hold a whole number of them")]
    SlotLength,
    #[error("a slot takes 1 to 999 bookings per category")]
    Places,
    #[error("bookings open 1 to 60 days ahead")]
    DaysAhead,
}

/// A booking's place: the day and the slot's start (hall time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub day: chrono::NaiveDate,
    pub start: chrono::NaiveTime,
}

impl Slot {
    /// As the pages and forms name it: `2026-12-08T09:30`.
    pub fn key(self) -> String {
        format!(
            "{}T{}",
            self.day.format("%Y-%m-%d"),
            self.start.format("%H:%M")
        )
    }

    pub fn parse_key(s: &str) -> Option<Self> {
        let (day, start) = s.split_once('T')?;
        if start.len() != 5 {
            return None;
        }
        Some(Self {
            day: chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?,
            start: chrono::NaiveTime::parse_from_str(start, "%H:%M").ok()?,
        })
    }

    /// The slot's first instant.
    pub fn starts_at(self) -> DateTime<Utc> {
        crate::time::hall_day_start(self.day) + (self.start - chrono::NaiveTime::MIN)
    }
}

/// `HH:MM` as minutes after midnight; `24:00` is the end of the day.
pub fn minutes_of_day(s: &str) -> Option<u16> {
    if s == "24:00" {
        return Some(1440);
    }
    if s.len() != 5 {
        return None;
    }
    let t = chrono::NaiveTime::parse_from_str(s, "%H:%M").ok()?;
    u16::try_from((t - chrono::NaiveTime::MIN).num_minutes()).ok()
}

impl SlotPlan {
    /// `opens` and `closes` as `HH:MM` (`closes` may be `24:00`).
    pub fn new(
        opens: &str,
        closes: &str,
        slot_minutes: u16,
        places_per_slot: u16,
        days_ahead: u16,
    ) -> Result<Self, SlotPlanError> {
        let (opens, closes) = match (minutes_of_day(opens), minutes_of_day(closes)) {
            (Some(o), Some(c)) if o < c && o < 1440 => (o, c),
            _ => return Err(SlotPlanError::Hours),
        };
        if !(5..=240).contains(&slot_minutes) || (closes - opens) % slot_minutes != 0 {
            return Err(SlotPlanError::SlotLength);
        }
        if !(1..=999).contains(&places_per_slot) {
            return Err(SlotPlanError::Places);
        }
        if !(1..=60).contains(&days_ahead) {
            return Err(SlotPlanError::DaysAhead);
        }
        Ok(Self {
            opens,
            closes,
            slot_minutes,
            places_per_slot,
            days_ahead,
            same_day: false,
            every_day: false,
        })
    }

    /// Today's slots not yet over may be booked too.
    pub fn with_same_day(mut self, same_day: bool) -> Self {
        self.same_day = same_day;
        self
    }

    /// The hall opens on every day, days off included (周末不打烊).
    pub fn with_every_day(mut self, every_day: bool) -> Self {
        self.every_day = every_day;
        self
    }

    pub fn places_per_slot(self) -> u16 {
        self.places_per_slot
    }

    pub fn slot_minutes(self) -> u16 {
        self.slot_minutes
    }

    fn length(self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.slot_minutes))
    }

    /// The slots of an open day, in order.
    pub fn slots_on(self, day: chrono::NaiveDate) -> Vec<Slot> {
        (self.opens..self.closes)
            .step_by(usize::from(self.slot_minutes))
            .filter_map(|m| {
                chrono::NaiveTime::from_hms_opt(u32::from(m / 60), u32::from(m % 60), 0)
            })
            .map(|start| Slot { day, start })
            .collect()
    }

    /// Days one may book at `now`: the next `days_ahead` days the hall
    /// opens, from today when today's slots may be booked, else tomorrow.
    pub fn bookable_days(
        self,
        calendar: &crate::WorkingDayCalendar,
        now: DateTime<Utc>,
    ) -> Vec<chrono::NaiveDate> {
        let today = crate::time::hall_date(now);
        today
            .iter_days()
            .skip(usize::from(!self.same_day))
            .take(366)
            .filter(|d| self.every_day || calendar.is_working_day(*d))
            .take(usize::from(self.days_ahead))
            .collect()
    }

    /// The slots one may book at `now`, by day (a slot already over is not).
    pub fn bookable(
        self,
        calendar: &crate::WorkingDayCalendar,
        now: DateTime<Utc>,
    ) -> Vec<(chrono::NaiveDate, Vec<Slot>)> {
        self.bookable_days(calendar, now)
            .into_iter()
            .map(|day| {
                let slots = self
                    .slots_on(day)
                    .into_iter()
                    .filter(|s| s.starts_at() + self.length() > now)
                    .collect::<Vec<_>>();
                (day, slots)
            })
            .filter(|(_, slots)| !slots.is_empty())
            .collect()
    }

    /// Whether `slot` may be booked at `now`.
    pub fn offers(
        self,
        calendar: &crate::WorkingDayCalendar,
        now: DateTime<Utc>,
        slot: Slot,
    ) -> bool {
        self.bookable(calendar, now)
            .iter()
            .any(|(day, slots)| *day == slot.day && slots.contains(&slot))
    }

    /// Whether a booking may still be changed or cancelled: its slot has
    /// not begun.
    pub fn changeable(self, slot: Slot, now: DateTime<Utc>) -> bool {
        now < slot.starts_at()
    }

    /// When a booking checks in at the kiosk: from half an hour before its
    /// slot to the slot's end. Earlier, come back; later, it takes a number
    /// like anyone.
    pub fn check_in(self, slot: Slot, now: DateTime<Utc>) -> CheckIn {
        let start = slot.starts_at();
        if now < start - chrono::Duration::minutes(30) {
            CheckIn::TooEarly
        } else if now >= start + self.length() {
            CheckIn::TooLate
        } else {
            CheckIn::Now
        }
    }

    /// A booking not checked in by its slot's end did not come.
    pub fn missed(self, slot: Slot, now: DateTime<Utc>) -> bool {
        now >= slot.starts_at() + self.length()
    }
}

/// Whether a booking checks in now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckIn {
    TooEarly,
    Now,
    TooLate,
}

/// Where a booking is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingStatus {
    Booked,
    Cancelled,
    /// Checked in at a kiosk: it has its queue number.
    CheckedIn,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::CheckedIn => "checked_in",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "booked" => BookingStatus::Booked,
            "cancelled" => BookingStatus::Cancelled,
            "checked_in" => BookingStatus::CheckedIn,
            _ => return None,
        })
    }
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
        for bad in [
            "", "A", "A12", "A0123", "a012", "AA12", "A000", "A-12", "Ａ012",
        ] {
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

    fn plan() -> SlotPlan {
        SlotPlan::new("09:00", "12:00", 30, 4, 5).unwrap()
    }

    #[test]
    fn a_day_is_cut_into_whole_slots_and_the_plan_is_checked() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        let slots = plan().slots_on(day);
        assert_eq!(slots.len(), 6);
        assert_eq!(slots[0].key(), "2026-12-08T09:00");
        assert_eq!(slots[5].key(), "2026-12-08T11:30");
        assert_eq!(Slot::parse_key("2026-12-08T11:30"), Some(slots[5]));
        for bad in [
            "",
            "2026-12-08",
            "2026-12-08T25:00",
            "08/12/2026T09:00",
            "2026-12-08T9:00",
        ] {
            assert_eq!(Slot::parse_key(bad), None, "{bad}");
        }
        // 09:00 hall time is 01:00 UTC.
        assert_eq!(
            slots[0].starts_at().to_rfc3339(),
            "2026-12-08T01:00:00+00:00"
        );
        let whole = SlotPlan::new("00:00", "24:00", 30, 1, 1).unwrap();
        assert_eq!(whole.slots_on(day).len(), 48);
        assert_eq!(whole.slots_on(day)[47].key(), "2026-12-08T23:30");
        use SlotPlanError as E;
        for (opens, closes) in [
            ("12:00", "09:00"),
            ("09:00", "24:01"),
            ("24:00", "24:00"),
            ("9", "12:00"),
        ] {
            assert_eq!(
                SlotPlan::new(opens, closes, 30, 4, 5),
                Err(E::Hours),
                "{opens}–{closes}"
            );
        }
        assert_eq!(
            SlotPlan::new("09:00", "12:00", 35, 4, 5),
            Err(E::SlotLength)
        );
        assert_eq!(SlotPlan::new("09:00", "12:00", 4, 4, 5), Err(E::SlotLength));
        assert_eq!(SlotPlan::new("09:00", "12:00", 30, 0, 5), Err(E::Places));
        assert_eq!(SlotPlan::new("09:00", "12:00", 30, 4, 0), Err(E::DaysAhead));
    }

    #[test]
    fn bookings_are_for_the_days_the_hall_opens_and_check_in_around_their_slot() {
        let calendar = crate::WorkingDayCalendar::weekends_only();
        // Friday 2026-12-11, 10:00 hall time.
        let now: DateTime<Utc> = "2026-12-11T02:00:00Z".parse().unwrap();
        let names =
            |days: Vec<chrono::NaiveDate>| days.iter().map(|d| d.to_string()).collect::<Vec<_>>();
        assert_eq!(
            names(plan().bookable_days(&calendar, now)),
            [
                "2026-12-14",
                "2026-12-15",
                "2026-12-16",
                "2026-12-17",
                "2026-12-18"
            ],
            "not today, not the weekend"
        );
        let open_always = plan().with_same_day(true).with_every_day(true);
        assert_eq!(
            names(open_always.bookable_days(&calendar, now)),
            [
                "2026-12-11",
                "2026-12-12",
                "2026-12-13",
                "2026-12-14",
                "2026-12-15"
            ]
        );
        // Today from 10:00: the 09:30 slot is over, the 10:00 one is on.
        let today = &open_always.bookable(&calendar, now)[0].1;
        assert_eq!(today[0].key(), "2026-12-11T10:00");
        let monday = plan().bookable_days(&calendar, now)[0];
        let nine = plan().slots_on(monday)[0];
        assert!(plan().offers(&calendar, now, nine));
        let friday = Slot {
            day: crate::time::hall_date(now),
            ..nine
        };
        assert!(
            !plan().offers(&calendar, now, friday),
            "today is for the kiosk"
        );
        let odd = Slot {
            start: chrono::NaiveTime::from_hms_opt(9, 10, 0).unwrap(),
            ..nine
        };
        assert!(
            !plan().offers(&calendar, now, odd),
            "not a slot of the plan"
        );
        let at = |s: &str| -> DateTime<Utc> { s.parse().unwrap() };
        // Monday 09:00–09:30 hall time = 01:00–01:30 UTC.
        assert_eq!(
            plan().check_in(nine, at("2026-12-14T00:29:00Z")),
            CheckIn::TooEarly
        );
        assert_eq!(
            plan().check_in(nine, at("2026-12-14T00:30:00Z")),
            CheckIn::Now
        );
        assert_eq!(
            plan().check_in(nine, at("2026-12-14T01:29:59Z")),
            CheckIn::Now
        );
        assert_eq!(
            plan().check_in(nine, at("2026-12-14T01:30:00Z")),
            CheckIn::TooLate
        );
        assert!(plan().missed(nine, at("2026-12-14T01:30:00Z")));
        assert!(!plan().missed(nine, at("2026-12-14T01:29:59Z")));
        assert!(plan().changeable(nine, at("2026-12-14T00:59:59Z")));
        assert!(!plan().changeable(nine, at("2026-12-14T01:00:00Z")));
        for s in [
            BookingStatus::Booked,
            BookingStatus::Cancelled,
            BookingStatus::CheckedIn,
        ] {
            assert_eq!(BookingStatus::parse(s.as_str()), Some(s));
        }
    }
}
