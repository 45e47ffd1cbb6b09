//! 预约: a citizen books a slot at a queue category from a phone or a
//! kiosk — carrying an application they submitted, when they come for it —
//! can change or cancel it until it begins, and checks in at a kiosk
//! around its time for a number that queues from the slot's start.

use crate::attempts::AttemptKey;
use crate::issuing::visit_hash;
use crate::ports::{AttemptKind, Booking, NewBooking, NewTicket, QueueTicket, VisitRef};
use crate::queue::{token_hash, QueueError};
use crate::Hall;
use domain::audit::AuditRecord;
use domain::queue::{queues_from, BookingStatus, CheckIn, QueueCategory, QueueLetter, Slot};
use domain::{ApplicationNumber, ResumeCode, VisitToken};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bookings one client address may make per day (counted first).
const BOOKINGS_PER_CLIENT: u32 = 20;
const DAY: std::time::Duration = std::time::Duration::from_secs(86_400);
/// Check-in codes typed per client address per hour (counted first).
const CHECK_INS_PER_CLIENT: u32 = 30;
const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);

/// The slots of a category one may book now, with the places left.
#[derive(Clone, Debug)]
pub struct BookingChoices {
    pub category: QueueCategory,
    pub days: Vec<(chrono::NaiveDate, Vec<(Slot, u32)>)>,
}

/// A booking as its holder sees it (by its link).
#[derive(Clone, Debug)]
pub struct BookingPage {
    pub booking: Booking,
    pub category: QueueCategory,
    /// What the kiosk's check-in takes (8 characters).
    pub code: String,
    /// Its slot has not begun: it may still be changed or cancelled.
    pub changeable: bool,
    /// Not checked in by the slot's end.
    pub missed: bool,
}

/// The booking's check-in code, derived from the hall's key and the
/// booking's link (so the booking page can show it again without the code
/// being stored in the clear).
fn check_in_code(key: &[u8], token: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(format!("booking-code:{token}").as_bytes());
    let bytes = mac.finalize().into_bytes();
    let alphabet = domain::application_number::ALPHABET.len() as u8;
    let indices = std::array::from_fn(|i| bytes[i] % alphabet);
    ResumeCode::from_indices(indices).as_str().to_string()
}

/// The code's keyed hash, as the store finds it by.
fn code_hash(key: &[u8], code: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(format!("booking-code-hash:{code}").as_bytes());
    data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
}

/// What was typed or scanned at the kiosk: the booking's link (a scanner
/// types the QR's address) or its code, any case, with or without a dash.
enum Presented {
    Link(String),
    Code(String),
}

fn presented(typed: &str) -> Option<Presented> {
    let typed = typed.trim();
    if let Some((_, token)) = typed.rsplit_once("/queue/bookings/") {
        let token = token.trim_end_matches('/');
        return (token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Presented::Link(token.to_ascii_lowercase()));
    }
    ResumeCode::parse(typed)
        .ok()
        .map(|c| Presented::Code(c.as_str().to_string()))
}

impl Hall {
    fn category(&self, letter: &str) -> Result<QueueCategory, QueueError> {
        QueueLetter::parse(letter)
            .and_then(|l| self.queue.categories.get(l))
            .cloned()
            .ok_or(QueueError::UnknownCategory)
    }

    /// How long a booking's slot is.
    pub fn booking_slot_minutes(&self) -> u16 {
        self.queue.plan.slot_minutes()
    }

    /// The slots of `category` one may book now, with places left.
    pub async fn booking_choices(&self, category: &str) -> Result<BookingChoices, QueueError> {
        let category = self.category(category)?;
        let plan = self.queue.plan;
        let bookable = plan.bookable(&self.calendar, self.clock.now());
        let days: Vec<_> = bookable.iter().map(|(d, _)| *d).collect();
        let taken = self.storage.booked_places(category.letter, &days).await?;
        let places = u32::from(plan.places_per_slot());
        let days = bookable
            .into_iter()
            .map(|(day, slots)| {
                let slots = slots
                    .into_iter()
                    .map(|s| {
                        let booked = taken.iter().find(|(t, _)| *t == s).map_or(0, |(_, n)| *n);
                        (s, places.saturating_sub(booked))
                    })
                    .collect();
                (day, slots)
            })
            .collect();
        Ok(BookingChoices { category, days })
    }

    /// Books `slot` (its key) at `category`; `application`, when given,
    /// must be one the visit speaks for. The token returned is the
    /// booking's link.
    pub async fn book_slot(
        &self,
        category: &str,
        slot: &str,
        application: Option<&str>,
        visit: &VisitToken,
        client: &str,
    ) -> Result<(String, Booking), QueueError> {
        let category = self.category(category)?;
        let now = self.clock.now();
        let plan = self.queue.plan;
        let slot = Slot::parse_key(slot)
            .filter(|s| plan.offers(&self.calendar, now, *s))
            .ok_or(QueueError::NoSuchSlot)?;
        let carried = self.carried(application, visit).await?;
        self.charge_attempt(
            AttemptKind::QueueBooking,
            &[AttemptKey::new(format!("c:{client}"), BOOKINGS_PER_CLIENT)],
            DAY,
        )
        .await?
        .map_err(|o| QueueError::TooMany {
            retry_after_secs: o.retry_after_secs,
        })?;
        let token = format!("{:032x}", self.ids.bits());
        let code = check_in_code(&self.id_key, &token);
        let booking = self
            .storage
            .book(NewBooking {
                letter: category.letter,
                slot,
                places: plan.places_per_slot(),
                token_sha256: &token_hash(&token),
                code_sha256: &code_hash(&self.id_key, &code),
                booked_at: now,
                application: carried.as_ref(),
            })
            .await?
            .ok_or(QueueError::SlotFull)?;
        self.booking_audit("queue_booking_made", &booking).await?;
        Ok((token, booking))
    }

    /// The application a ticket or booking would carry: only one the visit
    /// speaks for (the device that submitted it, or its proven applicant).
    pub(crate) async fn carried(
        &self,
        application: Option<&str>,
        visit: &VisitToken,
    ) -> Result<Option<ApplicationNumber>, QueueError> {
        let Some(number) = application.filter(|a| !a.trim().is_empty()) else {
            return Ok(None);
        };
        let number = ApplicationNumber::parse(number).map_err(QueueError::Malformed)?;
        let sha256 = visit_hash(visit);
        let visit = VisitRef {
            token: visit.as_str(),
            sha256: &sha256,
            now: self.clock.now(),
        };
        match self
            .storage
            .application_for_visit(&number, Some(&visit))
            .await?
        {
            Some((_, standing)) if standing.speaks_for => Ok(Some(number)),
            _ => Err(QueueError::NotApplicant),
        }
    }

    async fn booking_by_link(&self, token: &str) -> Result<Booking, QueueError> {
        if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(QueueError::NotFound);
        }
        self.storage
            .booking(&token_hash(token))
            .await?
            .ok_or(QueueError::NotFound)
    }

    /// The booking behind its link.
    pub async fn booking_page(&self, token: &str) -> Result<BookingPage, QueueError> {
        let booking = self.booking_by_link(token).await?;
        let category = self.category(&booking.letter.to_string())?;
        let now = self.clock.now();
        let plan = self.queue.plan;
        let booked = booking.status == BookingStatus::Booked;
        Ok(BookingPage {
            code: check_in_code(&self.id_key, token),
            changeable: booked && plan.changeable(booking.slot, now),
            missed: booked && plan.missed(booking.slot, now),
            booking,
            category,
        })
    }

    /// Cancels the booking (until its slot begins), giving its place back.
    pub async fn cancel_booking(&self, token: &str) -> Result<(), QueueError> {
        let booking = self.booking_by_link(token).await?;
        if !self.queue.plan.changeable(booking.slot, self.clock.now()) {
            return Err(QueueError::NotChangeable);
        }
        if !self
            .storage
            .cancel_booking(booking.id, self.clock.now())
            .await?
        {
            return Err(QueueError::NotChangeable);
        }
        self.booking_audit("queue_booking_cancelled", &booking)
            .await
    }

    /// Moves the booking to another slot of its category (until its slot
    /// begins): the old place is given back in the same commit.
    pub async fn change_booking(&self, token: &str, slot: &str) -> Result<(), QueueError> {
        let booking = self.booking_by_link(token).await?;
        let now = self.clock.now();
        let plan = self.queue.plan;
        if booking.status != BookingStatus::Booked || !plan.changeable(booking.slot, now) {
            return Err(QueueError::NotChangeable);
        }
        let to = Slot::parse_key(slot)
            .filter(|s| plan.offers(&self.calendar, now, *s))
            .ok_or(QueueError::NoSuchSlot)?;
        let moved = self
            .storage
            .move_booking(booking.id, to, plan.places_per_slot(), now)
            .await?
            .ok_or(QueueError::SlotFull)?;
        self.booking_audit("queue_booking_changed", &moved).await
    }

    /// 签到: the kiosk takes the booking's code or scanned link and gives
    /// its number, queueing from the slot's start (tries counted per
    /// address first). The token returned is the ticket's link.
    pub async fn check_in_booking(
        &self,
        typed: &str,
        client: &str,
    ) -> Result<(String, QueueTicket), QueueError> {
        let presented = presented(typed).ok_or(QueueError::BookingNotFound)?;
        self.charge_attempt(
            AttemptKind::QueueCheckIn,
            &[AttemptKey::new(format!("c:{client}"), CHECK_INS_PER_CLIENT)],
            HOUR,
        )
        .await?
        .map_err(|o| QueueError::TooMany {
            retry_after_secs: o.retry_after_secs,
        })?;
        let booking = match presented {
            Presented::Link(token) => self.storage.booking(&token_hash(&token)).await?,
            Presented::Code(code) => {
                self.storage
                    .booking_by_code(&code_hash(&self.id_key, &code))
                    .await?
            }
        }
        .ok_or(QueueError::BookingNotFound)?;
        match booking.status {
            BookingStatus::Booked => {}
            BookingStatus::CheckedIn => return Err(QueueError::AlreadyCheckedIn),
            BookingStatus::Cancelled => return Err(QueueError::BookingNotFound),
        }
        let now = self.clock.now();
        let plan = self.queue.plan;
        match plan.check_in(booking.slot, now) {
            CheckIn::TooEarly => {
                return Err(QueueError::TooEarly {
                    from: booking.slot.starts_at() - chrono::Duration::minutes(30),
                })
            }
            CheckIn::TooLate => return Err(QueueError::TooLate),
            CheckIn::Now => {}
        }
        let category = self.category(&booking.letter.to_string())?;
        let token = format!("{:032x}", self.ids.bits());
        let ticket = self
            .storage
            .check_in_booking(
                booking.id,
                NewTicket {
                    day: booking.slot.day,
                    letter: category.letter,
                    capacity: category.tickets_per_day,
                    token_sha256: &token_hash(&token),
                    taken_at: now,
                    queues_from: queues_from(now, Some(booking.slot.starts_at())),
                    application: booking.application.as_ref(),
                },
            )
            .await?
            .ok_or(QueueError::AlreadyCheckedIn)?;
        self.booking_audit("queue_booking_checked_in", &booking)
            .await?;
        Ok((token, ticket))
    }

    async fn booking_audit(&self, action: &str, b: &Booking) -> Result<(), QueueError> {
        let audit = AuditRecord::new(
            self.clock.now(),
            "visitor",
            "queue",
            action,
            format!("{}{}", b.letter, b.slot.key()),
        )
        .with_reason(
            b.application
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
        );
        self.storage.append_audit(audit).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_in_code_is_a_checked_code_of_its_link_and_key() {
        let token = "0123456789abcdef0123456789abcdef";
        let code = check_in_code(b"k", token);
        assert_eq!(code.len(), 8);
        assert!(ResumeCode::parse(&code).is_ok(), "{code}");
        assert_eq!(code, check_in_code(b"k", token));
        assert_ne!(code, check_in_code(b"j", token));
        assert_ne!(
            code,
            check_in_code(b"k", "1123456789abcdef0123456789abcdef")
        );
        assert_ne!(code_hash(b"k", &code), code_hash(b"j", &code));
        // A scanned link or a typed code, however written.
        let link = format!(
            "https://hall.example.gov.cn/queue/bookings/{}",
            token.to_uppercase()
        );
        assert!(matches!(presented(&link), Some(Presented::Link(t)) if t == token));
        let lower = code.to_lowercase();
        assert!(matches!(presented(&format!(" {lower} ")), Some(Presented::Code(c)) if c == code));
        assert!(presented("/queue/bookings/xyz").is_none());
        assert!(presented("").is_none());
    }
}
