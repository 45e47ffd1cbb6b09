//! 取号叫号's pages from the use cases' results.

use super::common::header;
use crate::errors::AppError;
use crate::models::{
    CallView, CalledTicketView, CallingDeskView, HallDisplayView, QueueCategoryView, QueueDayRow,
    QueueKioskView, TicketView,
};
use crate::urls;
use domain::queue::QueueCategory;
use domain::time::in_hall_time;
use domain::StaffRole;
use hall::ports::{QueueTicket, TicketCall};
use hall::{CallingDesk, HallDisplay, QueueDay, StaffSession, TicketPage};

fn category(c: &QueueCategory, waiting: u32) -> QueueCategoryView {
    QueueCategoryView {
        letter: c.letter.to_string(),
        name: c.name.clone(),
        waiting,
    }
}

fn hh_mm(at: chrono::DateTime<chrono::Utc>) -> String {
    in_hall_time(at).format("%H:%M").to_string()
}

pub fn kiosk_view(display: &HallDisplay, application: Option<String>) -> QueueKioskView {
    QueueKioskView {
        categories: display
            .waiting
            .iter()
            .map(|(c, n)| category(c, *n))
            .collect(),
        application,
    }
}

pub fn ticket_view(
    public_base_url: &str,
    token: &str,
    page: TicketPage,
) -> Result<TicketView, AppError> {
    let link = urls::public(public_base_url, &urls::queue_ticket(token));
    Ok(TicketView {
        number: page.ticket.number.to_string(),
        category: page.category.name,
        status: page.ticket.status.as_str().to_string(),
        taken_at: super::common::minutes(page.ticket.taken_at),
        ahead: page.ahead,
        window: page.ticket.called.map(|(_, w)| w.get()),
        qr_svg: super::qr::qr_svg(&link)?,
        link,
        carries_application: page.ticket.application.is_some(),
    })
}

pub fn call_view(c: &TicketCall) -> CallView {
    CallView {
        id: c.id,
        number: c.number.to_string(),
        window: c.window.get(),
        at: hh_mm(c.at),
        spoken: c.number.spoken(),
    }
}

pub fn display_view(display: HallDisplay) -> HallDisplayView {
    HallDisplayView {
        calls: display.calls.iter().map(call_view).collect(),
        waiting: display
            .waiting
            .iter()
            .map(|(c, n)| category(c, *n))
            .collect(),
        events: urls::HALL_DISPLAY_EVENTS.to_string(),
    }
}

fn called_view(role: StaffRole, t: &QueueTicket) -> Option<CalledTicketView> {
    let (_, window) = t.called?;
    Some(CalledTicketView {
        number: t.number.to_string(),
        window: window.get(),
        calls: t.calls,
        taken_at: hh_mm(t.taken_at),
        application: t
            .application
            .as_ref()
            .map(|n| (n.to_string(), desk_url(role, n.as_str()))),
    })
}

/// Where a called ticket's application opens at this desk.
pub fn desk_url(role: StaffRole, number: &str) -> String {
    match role {
        StaffRole::Issuing => urls::staff_issuing(number),
        _ => urls::staff_application(number),
    }
}

pub fn calling_desk_view(session: &StaffSession, desk: CallingDesk) -> CallingDeskView {
    CallingDeskView {
        me: header(session),
        window: desk.window.map(|w| w.get()),
        categories: desk
            .categories
            .iter()
            .map(|c| {
                let n = desk
                    .waiting
                    .iter()
                    .find(|(l, _)| *l == c.letter)
                    .map_or(0, |(_, n)| *n);
                category(c, n)
            })
            .collect(),
        current: desk
            .current
            .as_ref()
            .and_then(|t| called_view(session.actor.role, t)),
    }
}

pub fn queue_day_rows(day: QueueDay) -> Vec<QueueDayRow> {
    day.categories
        .into_iter()
        .map(|line| (line.category, line.tickets, line.bookings))
        .map(|(c, d, b)| QueueDayRow {
            letter: c.letter.to_string(),
            name: c.name,
            taken: d.taken,
            waiting: d.waiting,
            served: d.served,
            no_show: d.no_show,
            mean_wait_minutes: (d.called > 0)
                .then(|| u32::try_from(d.waited_secs / i64::from(d.called) / 60).unwrap_or(0)),
            longest_wait_minutes: u32::try_from(d.longest_wait_secs / 60).unwrap_or(0),
            oldest_waiting_since: d.oldest_waiting_since.map(hh_mm),
            booked: b.booked,
            checked_in: b.checked_in,
            missed: b.missed,
        })
        .collect()
}

/// A day as people read it: `12月8日 周二`, `Tue 8 Dec`.
fn day_name(day: chrono::NaiveDate) -> domain::Localized {
    use chrono::Datelike;
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    domain::Localized {
        zh: format!(
            "{}月{}日 {}",
            day.month(),
            day.day(),
            ZH[day.weekday().num_days_from_monday() as usize]
        ),
        en: day.format("%a %-d %b").to_string(),
    }
}

fn slot_time(slot: domain::queue::Slot, minutes: u16) -> String {
    let end = slot.start + chrono::Duration::minutes(i64::from(minutes));
    format!("{}–{}", slot.start.format("%H:%M"), end.format("%H:%M"))
}

pub fn booking_choices_view(
    display: &HallDisplay,
    chosen: Option<hall::BookingChoices>,
    slot_minutes: u16,
    application: Option<String>,
) -> crate::models::BookingChoicesView {
    crate::models::BookingChoicesView {
        categories: display
            .waiting
            .iter()
            .map(|(c, n)| category(c, *n))
            .collect(),
        chosen: chosen.map(|c| {
            let days = c
                .days
                .into_iter()
                .map(|(day, slots)| crate::models::BookingDayView {
                    day: day_name(day),
                    slots: slots
                        .into_iter()
                        .map(|(s, left)| crate::models::SlotChoice {
                            key: s.key(),
                            time: slot_time(s, slot_minutes),
                            left,
                        })
                        .collect(),
                })
                .collect();
            (category(&c.category, 0), days)
        }),
        application,
    }
}

pub fn booking_view(
    public_base_url: &str,
    token: &str,
    page: hall::BookingPage,
    slot_minutes: u16,
) -> Result<crate::models::BookingView, AppError> {
    let link = urls::public(public_base_url, &urls::queue_booking(token));
    Ok(crate::models::BookingView {
        letter: page.category.letter.to_string(),
        category: page.category.name,
        when: format!(
            "{} {}",
            page.booking.slot.day.format("%Y-%m-%d"),
            slot_time(page.booking.slot, slot_minutes)
        ),
        status: page.booking.status.as_str().to_string(),
        code: format!("{}-{}", &page.code[..4], &page.code[4..]),
        qr_svg: super::qr::qr_svg(&link)?,
        link,
        changeable: page.changeable,
        missed: page.missed,
        carries_application: page.booking.application.is_some(),
    })
}
