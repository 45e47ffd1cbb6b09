//! 取号叫号: a kiosk gives out a queue ticket — carrying the application
//! the kiosk's visit just submitted, when there is one — a desk calls the
//! next ticket of its categories to its window and the carried application
//! opens at once, and the hall display shows every call as it happens.

use crate::attempts::AttemptKey;
use crate::authz::{oversight, require, StaffError};
use crate::ports::{AttemptKind, CategoryDay, NewTicket, QueueTicket, StorageError, TicketCall};
use crate::Hall;
use domain::audit::AuditRecord;
use domain::queue::{
    queues_from, BookingStatus, QueueCategories, QueueCategory, QueueLetter, SlotPlan, WindowNumber,
};
use domain::time::hall_date;
use domain::{Actor, Localized, Oversight, StaffRole, VisitToken};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use tokio::sync::watch;

/// Tickets one client address may take per hour (counted first): a
/// kiosk serves a busy hall, a script does not empty a day's numbers.
const TICKETS_PER_CLIENT: u32 = 120;
const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);
/// The most calls the display shows at once.
pub const DISPLAY_CALLS: u32 = 8;

/// The desks that call tickets to their windows.
const CALLERS: [StaffRole; 2] = [StaffRole::FrontDesk, StaffRole::Issuing];

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("no such queue category")]
    UnknownCategory,
    /// The category gave out its day's tickets.
    #[error("category {letter} is full for today")]
    Full { letter: QueueLetter },
    #[error("malformed application number")]
    Malformed(#[source] domain::ApplicationNumberError),
    /// The ticket would carry an application this visit does not speak for.
    #[error("this visit does not speak for the applicant")]
    NotApplicant,
    #[error("no such ticket")]
    NotFound,
    #[error("too many tickets from here; retry in {retry_after_secs} s")]
    TooMany { retry_after_secs: u64 },
    /// The desk has not said which window it sits at.
    #[error("window number not set")]
    NoWindow,
    /// The window number typed is not 1–99.
    #[error("window number malformed")]
    BadWindow,
    /// Re-call or no-show with no ticket at the window.
    #[error("no ticket at this window")]
    NothingCalled,
    /// Not a slot one may book now.
    #[error("no such slot")]
    NoSuchSlot,
    /// Every place of the slot is booked.
    #[error("the slot is full")]
    SlotFull,
    /// Its slot has begun, or it was cancelled or checked in.
    #[error("the booking can no longer be changed")]
    NotChangeable,
    /// No booking has this code or link (or it was cancelled).
    #[error("no such booking")]
    BookingNotFound,
    #[error("the booking has its number already")]
    AlreadyCheckedIn,
    /// Check-in opens half an hour before the slot.
    #[error("check-in opens at {from}")]
    TooEarly { from: chrono::DateTime<chrono::Utc> },
    /// The slot is over: a number like anyone's.
    #[error("the slot is over")]
    TooLate,
    #[error(transparent)]
    Staff(#[from] StaffError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The hall's queue categories, its booking plan, and the signal the
/// display waits on.
#[derive(Debug)]
pub struct HallQueue {
    pub categories: QueueCategories,
    pub plan: SlotPlan,
    /// The latest call's id, sent on every call made by this server (the
    /// display also looks every few seconds, for calls from other servers).
    calls: watch::Sender<i64>,
}

impl HallQueue {
    pub fn new(categories: QueueCategories, plan: SlotPlan) -> Self {
        Self {
            categories,
            plan,
            calls: watch::channel(0).0,
        }
    }
}

impl From<crate::authz::Refused> for QueueError {
    fn from(r: crate::authz::Refused) -> Self {
        QueueError::Staff(r.into())
    }
}

impl Default for HallQueue {
    /// The categories a hall opens with: applications, collecting results,
    /// and help with the form (帮办).
    fn default() -> Self {
        let l = |s: &str| QueueLetter::parse(s).unwrap_or_else(|| unreachable!("a letter"));
        let name = |zh: &str, en: &str| Localized {
            zh: zh.into(),
            en: en.into(),
        };
        let categories = vec![
            QueueCategory {
                letter: l("A"),
                name: name("综合受理", "Applications"),
                desk: StaffRole::FrontDesk,
                tickets_per_day: 300,
            },
            QueueCategory {
                letter: l("B"),
                name: name("出件取件", "Collecting results"),
                desk: StaffRole::Issuing,
                tickets_per_day: 300,
            },
            QueueCategory {
                letter: l("C"),
                name: name("帮办代办", "Help with the form"),
                desk: StaffRole::FrontDesk,
                tickets_per_day: 100,
            },
        ];
        let plan =
            SlotPlan::new("09:00", "17:00", 30, 4, 5).unwrap_or_else(|e| unreachable!("{e}"));
        Self::new(
            QueueCategories::new(categories).unwrap_or_else(|e| unreachable!("{e}")),
            plan,
        )
    }
}

/// A ticket as its holder sees it (by its link).
#[derive(Clone, Debug)]
pub struct TicketPage {
    pub ticket: QueueTicket,
    pub category: QueueCategory,
    /// Waiting ahead in the same category.
    pub ahead: u32,
}

/// The desk's calling panel.
#[derive(Clone, Debug)]
pub struct CallingDesk {
    pub window: Option<WindowNumber>,
    pub categories: Vec<QueueCategory>,
    /// Waiting now, per category the desk calls.
    pub waiting: Vec<(QueueLetter, u32)>,
    pub current: Option<QueueTicket>,
}

/// What the hall display shows.
#[derive(Clone, Debug)]
pub struct HallDisplay {
    /// Newest first.
    pub calls: Vec<TicketCall>,
    pub waiting: Vec<(QueueCategory, u32)>,
}

/// The queue's day for 电子监察, every category listed.
#[derive(Clone, Debug)]
pub struct QueueDay {
    pub categories: Vec<QueueDayLine>,
}

#[derive(Clone, Debug)]
pub struct QueueDayLine {
    pub category: QueueCategory,
    pub tickets: CategoryDay,
    pub bookings: BookingDay,
}

/// One category's bookings for today.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BookingDay {
    /// Not cancelled.
    pub booked: u32,
    pub checked_in: u32,
    /// Not checked in by the end of their slot.
    pub missed: u32,
}

pub(crate) fn token_hash(token: &str) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(format!("queue-ticket:{token}").as_bytes()))
}

impl Hall {
    /// Other queue categories and booking plan than the default ones.
    pub fn with_queue(mut self, categories: QueueCategories, plan: SlotPlan) -> Self {
        self.queue = Arc::new(HallQueue::new(categories, plan));
        self
    }

    pub fn queue_categories(&self) -> &QueueCategories {
        &self.queue.categories
    }

    /// Woken on each call this server makes (the display's stream).
    pub fn queue_calls(&self) -> watch::Receiver<i64> {
        self.queue.calls.subscribe()
    }

    /// 取号: a ticket of `category`, carrying `application` when the visit
    /// speaks for its applicant (the kiosk visit that submitted it). The
    /// returned token is the ticket's link; only its hash is kept.
    pub async fn take_ticket(
        &self,
        category: &str,
        application: Option<&str>,
        visit: &VisitToken,
        client: &str,
    ) -> Result<(String, QueueTicket), QueueError> {
        let category = QueueLetter::parse(category)
            .and_then(|l| self.queue.categories.get(l))
            .ok_or(QueueError::UnknownCategory)?
            .clone();
        let now = self.clock.now();
        let carried = self.carried(application, visit).await?;
        self.charge_attempt(
            AttemptKind::QueueTicket,
            &[AttemptKey::new(format!("c:{client}"), TICKETS_PER_CLIENT)],
            HOUR,
        )
        .await?
        .map_err(|o| QueueError::TooMany {
            retry_after_secs: o.retry_after_secs,
        })?;
        let token = format!("{:032x}", self.ids.bits());
        let sha256 = token_hash(&token);
        let ticket = self
            .storage
            .take_ticket(NewTicket {
                day: hall_date(now),
                letter: category.letter,
                capacity: category.tickets_per_day,
                token_sha256: &sha256,
                taken_at: now,
                queues_from: queues_from(now, None),
                application: carried.as_ref(),
            })
            .await?
            .ok_or(QueueError::Full {
                letter: category.letter,
            })?;
        let audit = AuditRecord::new(
            now,
            "visitor",
            "queue",
            "queue_ticket_taken",
            ticket.number.to_string(),
        )
        .with_reason(carried.map(|n| n.as_str().to_string()).unwrap_or_default());
        self.storage.append_audit(audit).await?;
        Ok((token, ticket))
    }

    /// The ticket behind its link, and how many wait ahead of it.
    pub async fn ticket_page(&self, token: &str) -> Result<TicketPage, QueueError> {
        if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(QueueError::NotFound);
        }
        let ticket = self
            .storage
            .ticket(&token_hash(token))
            .await?
            .ok_or(QueueError::NotFound)?;
        let category = self
            .queue
            .categories
            .get(ticket.number.letter())
            .cloned()
            .ok_or(QueueError::NotFound)?;
        let ahead = if ticket.status == domain::queue::TicketStatus::Waiting {
            self.storage.waiting_ahead(&ticket).await?
        } else {
            0
        };
        Ok(TicketPage {
            ticket,
            category,
            ahead,
        })
    }

    /// The desk's calling panel: its window, its categories' waiting, and
    /// the ticket at its window.
    pub async fn calling_desk(&self, actor: &Actor) -> Result<CallingDesk, QueueError> {
        require(actor, &CALLERS, "call queue tickets")?;
        let day = hall_date(self.clock.now());
        let letters = self.queue.categories.called_by(actor.role);
        let by_letter = self.storage.queue_day(day).await?;
        let waiting = letters
            .iter()
            .map(|l| {
                let n = by_letter
                    .iter()
                    .find(|(x, _)| x == l)
                    .map_or(0, |(_, d)| d.waiting);
                (*l, n)
            })
            .collect();
        Ok(CallingDesk {
            window: self.storage.desk_window_number(actor.staff_id).await?,
            categories: letters
                .iter()
                .filter_map(|l| self.queue.categories.get(*l).cloned())
                .collect(),
            waiting,
            current: self.storage.desk_ticket(day, actor.staff_id).await?,
        })
    }

    /// The desk says which window it sits at (audited).
    pub async fn set_calling_window(&self, actor: &Actor, typed: &str) -> Result<(), QueueError> {
        require(actor, &CALLERS, "set a calling window")?;
        let window = WindowNumber::parse(typed).ok_or(QueueError::BadWindow)?;
        self.storage
            .set_desk_window_number(actor.staff_id, window)
            .await?;
        let audit = AuditRecord::by_staff(
            self.clock.now(),
            actor,
            "queue_window_set",
            window.to_string(),
        );
        self.storage.append_audit(audit).await?;
        Ok(())
    }

    /// 叫号: the desk's ticket is served and the next waiting one of its
    /// categories is called to its window (audited): `None` when nobody
    /// waits.
    pub async fn call_next_ticket(&self, actor: &Actor) -> Result<Option<QueueTicket>, QueueError> {
        require(actor, &CALLERS, "call queue tickets")?;
        let window = self.calling_window(actor).await?;
        let now = self.clock.now();
        let letters = self.queue.categories.called_by(actor.role);
        let called = self
            .storage
            .call_next(hall_date(now), &letters, actor.staff_id, window, now)
            .await?;
        if let Some(ticket) = &called {
            self.ticket_called(actor, ticket, "queue_ticket_called")
                .await?;
        }
        Ok(called)
    }

    /// 重呼: the ticket at the window is called again (audited).
    pub async fn recall_ticket(&self, actor: &Actor) -> Result<QueueTicket, QueueError> {
        require(actor, &CALLERS, "call queue tickets")?;
        let window = self.calling_window(actor).await?;
        let now = self.clock.now();
        let ticket = self
            .storage
            .recall_ticket(hall_date(now), actor.staff_id, window, now)
            .await?
            .ok_or(QueueError::NothingCalled)?;
        self.ticket_called(actor, &ticket, "queue_ticket_recalled")
            .await?;
        Ok(ticket)
    }

    /// 过号: the ticket at the window did not come (audited).
    pub async fn ticket_no_show(&self, actor: &Actor) -> Result<QueueTicket, QueueError> {
        require(actor, &CALLERS, "call queue tickets")?;
        let now = self.clock.now();
        let ticket = self
            .storage
            .ticket_no_show(hall_date(now), actor.staff_id, now)
            .await?
            .ok_or(QueueError::NothingCalled)?;
        let audit = AuditRecord::by_staff(
            now,
            actor,
            "queue_ticket_no_show",
            ticket.number.to_string(),
        );
        self.storage.append_audit(audit).await?;
        Ok(ticket)
    }

    async fn calling_window(&self, actor: &Actor) -> Result<WindowNumber, QueueError> {
        self.storage
            .desk_window_number(actor.staff_id)
            .await?
            .ok_or(QueueError::NoWindow)
    }

    async fn ticket_called(
        &self,
        actor: &Actor,
        ticket: &QueueTicket,
        action: &str,
    ) -> Result<(), QueueError> {
        let window = ticket
            .called
            .map(|(_, w)| w.to_string())
            .unwrap_or_default();
        let audit =
            AuditRecord::by_staff(self.clock.now(), actor, action, ticket.number.to_string())
                .with_reason(format!("window {window}"));
        self.storage.append_audit(audit).await?;
        // The display's stream wakes; the id it reads after is its own.
        self.queue.calls.send_modify(|n| *n += 1);
        Ok(())
    }

    /// The hall display: the latest calls and who waits, per category.
    pub async fn hall_display(&self) -> Result<HallDisplay, StorageError> {
        let day = hall_date(self.clock.now());
        let calls = self.storage.latest_calls(day, DISPLAY_CALLS).await?;
        let by_letter = self.storage.queue_day(day).await?;
        let waiting = self
            .queue
            .categories
            .all()
            .iter()
            .map(|c| {
                let n = by_letter
                    .iter()
                    .find(|(l, _)| *l == c.letter)
                    .map_or(0, |(_, d)| d.waiting);
                (c.clone(), n)
            })
            .collect();
        Ok(HallDisplay { calls, waiting })
    }

    /// The day's calls after the display's last (oldest first).
    pub async fn calls_after(&self, after: i64) -> Result<Vec<TicketCall>, StorageError> {
        let day = hall_date(self.clock.now());
        self.storage.calls_after(day, after, DISPLAY_CALLS).await
    }

    /// 电子监察: today's queue per category (the hall's supervisor; the
    /// queue is the hall's, not a department's).
    pub async fn queue_today(&self, actor: &Actor) -> Result<Option<QueueDay>, StaffError> {
        if oversight(actor, "see the queue")? != Oversight::Hall {
            return Ok(None);
        }
        let now = self.clock.now();
        let day = hall_date(now);
        let by_letter = self.storage.queue_day(day).await?;
        let booked = self.storage.bookings_on(day).await?;
        let plan = self.queue.plan;
        let categories = self
            .queue
            .categories
            .all()
            .iter()
            .map(|c| {
                let tickets = by_letter
                    .iter()
                    .find(|(l, _)| *l == c.letter)
                    .map(|(_, d)| d.clone())
                    .unwrap_or_default();
                let mut bookings = BookingDay::default();
                for (_, slot, status, n) in booked.iter().filter(|(l, ..)| *l == c.letter) {
                    match status {
                        BookingStatus::Cancelled => continue,
                        BookingStatus::CheckedIn => bookings.checked_in += n,
                        BookingStatus::Booked if plan.missed(*slot, now) => bookings.missed += n,
                        BookingStatus::Booked => {}
                    }
                    bookings.booked += n;
                }
                QueueDayLine {
                    category: c.clone(),
                    tickets,
                    bookings,
                }
            })
            .collect();
        Ok(Some(QueueDay { categories }))
    }
}
