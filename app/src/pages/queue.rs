//! 取号: the kiosk's queue categories, and a ticket's own page — what the
//! 80 mm printout shows, and what the phone that scanned its QR follows.

use crate::api::{get_booking, get_booking_choices, get_hall_display, get_queue_kiosk, get_ticket};
use crate::components::call_board::CallBoard;
use crate::components::layout::{set_status, Page};
use crate::components::print_button::PrintButton;
use crate::components::ticket_status::TicketStatus;
use crate::errors::AppError;
use crate::i18n::{queue_problem_text, use_lang, Lang, Msg, MyMsg, QueueBoardMsg, QueueMsg};
use crate::pages::staff::posted_form;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Seconds between reloads of a waiting ticket's page without JS.
const TICKET_RELOAD_SECS: &str = "15";

fn refused(lang: Lang) -> Option<String> {
    let posted = posted_form()?;
    let text = match &posted.error {
        AppError::QueueRefused(p) => queue_problem_text(lang, *p),
        AppError::TooManyGuesses { wait } => MyMsg::TooMany.with_n(lang, wait),
        AppError::MalformedNumber(reason) => {
            crate::i18n::application_number_problem(lang, *reason).to_string()
        }
        _ => crate::i18n::FormMsg::ServiceUnavailable
            .get(lang)
            .to_string(),
    };
    set_status(posted.error.status());
    Some(text)
}

/// `/queue` (`?application=` from a receipt at a kiosk)
#[component]
pub fn QueueKioskPage() -> impl IntoView {
    let lang = use_lang();
    let application = use_query_map().read_untracked().get("application");
    view! {
        {crate::pages::awaited(move || get_queue_kiosk(application.clone()), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return view! {
                    <Page title=QueueMsg::Heading.get(lang)>{super::error_notice(&e, Msg::PageNotFound)}</Page>
                }.into_any(),
            };
            let error = refused(lang);
            // A refused check-in shows what was typed again.
            let typed_code = posted_form()
                .and_then(|p| p.pairs.into_iter().find(|(k, _)| k == "code").map(|(_, v)| v))
                .unwrap_or_default();
            let carried = v.application.clone();
            let buttons = v.categories.iter().map(|c| {
                let carried = carried.clone();
                view! {
                    <li>
                        <form method="post" action=crate::urls::QUEUE_TICKETS>
                            <input type="hidden" name="category" value=c.letter.clone()/>
                            {carried.map(|n| view! { <input type="hidden" name="application" value=n/> })}
                            <button type="submit" class="queue-category" data-testid=format!("take-{}", c.letter)>
                                <span class="queue-letter">{c.letter.clone()}</span>
                                <span class="queue-name">{c.name.get(lang).to_string()}</span>
                                <span class="queue-waiting">{QueueBoardMsg::Waiting.with_n(lang, c.waiting)}</span>
                            </button>
                        </form>
                    </li>
                }
            }).collect_view();
            view! {
                <Page title=QueueMsg::Heading.get(lang) has_errors=error.is_some()>
                    <p class="lead">{QueueMsg::Intro.get(lang)}</p>
                    {error.map(|e| view! { <p class="notice error" role="alert" data-testid="queue-error">{e}</p> })}
                    {v.application.clone().map(|n| view! { <p class="notice" data-testid="queue-carries">{QueueMsg::Carries.with_n(lang, n)}</p> })}
                    <ul class="queue-categories">{buttons}</ul>
                    <section class="check-in" aria-labelledby="check-in">
                        <h2 id="check-in">{QueueMsg::CheckInHeading.get(lang)}</h2>
                        <form method="post" action=crate::urls::QUEUE_CHECK_IN class="lookup-form" data-testid="check-in-form">
                            <label for="booking-code">{QueueMsg::CheckInLabel.get(lang)}</label>
                            <input id="booking-code" name="code" autocomplete="off" autocapitalize="characters"
                                spellcheck="false" maxlength="200" size="20" value=typed_code/>
                            <button type="submit" class="primary">{QueueMsg::CheckInSubmit.get(lang)}</button>
                        </form>
                    </section>
                    <p><a href=crate::urls::QUEUE_BOOK>{QueueMsg::BookEntry.get(lang)}</a></p>
                </Page>
            }
            .into_any()
        })}
    }
}

/// `/queue/tickets/{token}`
#[component]
pub fn TicketPage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let asked = token.clone();
    view! {
        {crate::pages::awaited(move || get_ticket(asked.clone()), move |found| {
            let token = token.clone();
            let t = match found {
                Ok(t) => t,
                Err(e) => return view! {
                    <Page title=QueueMsg::TicketHeading.get(lang)>{super::error_notice(&e, Msg::PageNotFound)}</Page>
                }.into_any(),
            };
            let waiting = t.status == "waiting" || t.status == "called";
            view! {
                <Page title=QueueMsg::TicketHeading.get(lang) interactive=true>
                    <article class="queue-ticket" data-testid="queue-ticket">
                        <p class="ticket-hall">{Msg::HallName.get(lang)}</p>
                        <p class="ticket-category">{t.category.get(lang).to_string()}</p>
                        <p class="ticket-number" data-testid="ticket-number">{t.number.clone()}</p>
                        <TicketStatus events=crate::urls::queue_ticket_events(&token)>
                            <p class=if t.status == "called" { "ticket-status called" } else { "ticket-status" }
                                role="status" data-testid="ticket-status" data-ticket-status="">
                                {crate::components::ticket_status::ticket_status_text(lang, &t.status, t.window, t.ahead)}
                            </p>
                        </TicketStatus>
                        // Without JS the page reloads itself to stay current.
                        {waiting.then(|| view! { <noscript><meta http-equiv="refresh" content=TICKET_RELOAD_SECS/></noscript> })}
                        <p class="ticket-taken">{QueueMsg::TakenAt.with_n(lang, &t.taken_at)}</p>
                        {t.carries_application.then(|| view! { <p class="ticket-carries">{QueueMsg::CarriesShort.get(lang)}</p> })}
                        <div class="ticket-qr" inner_html=t.qr_svg.clone() role="img" aria-label=QueueMsg::FollowOnPhone.get(lang)></div>
                        <p class="ticket-hint">{QueueMsg::FollowOnPhone.get(lang)}</p>
                        <p class="ticket-hint">{QueueMsg::KeepTicket.get(lang)}</p>
                    </article>
                    <p class="no-print">
                        <PrintButton label=QueueMsg::PrintTicket.get(lang).to_string()/>
                    </p>
                </Page>
            }
            .into_any()
        })}
    }
}

/// The board as the server renders it (the island keeps it live).
fn board_view(lang: Lang, v: &crate::models::HallDisplayView) -> AnyView {
    let newest = v.calls.first();
    let earlier = v
        .calls
        .iter()
        .skip(1)
        .take(crate::components::call_board::EARLIER_CALLS)
        .map(|c| view! { <tr><td>{c.number.clone()}</td><td>{c.window}</td><td>{c.at.clone()}</td></tr> })
        .collect_view();
    let waiting = v
        .waiting
        .iter()
        .map(|c| view! {
            <li data-testid=format!("display-waiting-{}", c.letter)>
                <strong>{c.letter.clone()}</strong>" "{c.name.get(lang).to_string()}" · "
                <span data-waiting-count=c.letter.clone()>{QueueBoardMsg::Waiting.with_n(lang, c.waiting)}</span>
            </li>
        })
        .collect_view();
    view! {
        <section class="call-board" aria-live="assertive" aria-atomic="true">
            <div class="call-now" data-testid="call-now" data-call-now=""
                data-call-id=newest.map_or(0, |c| c.id).to_string()
                data-number=newest.map(|c| c.number.clone()).unwrap_or_default()
                data-window=newest.map(|c| c.window.to_string()).unwrap_or_default()
                data-at=newest.map(|c| c.at.clone()).unwrap_or_default()>
                <span class="call-number" data-testid="call-now-number" data-call-now-number="">
                    {match newest {
                        Some(c) => QueueBoardMsg::DisplayCallTo.with_n(lang, &c.number),
                        None => QueueBoardMsg::DisplayNone.get(lang).to_string(),
                    }}
                </span>
                <span class="call-window" data-testid="call-now-window" data-call-now-window="">
                    {newest.map(|c| QueueBoardMsg::DisplayWindow.with_n(lang, c.window)).unwrap_or_default()}
                </span>
            </div>
        </section>
        <section aria-labelledby="calls-earlier">
            <h2 id="calls-earlier">{QueueBoardMsg::DisplayEarlier.get(lang)}</h2>
            <table class="calls-earlier" data-testid="calls-earlier">
                <thead><tr>
                    <th scope="col">{QueueBoardMsg::ColNumber.get(lang)}</th>
                    <th scope="col">{QueueBoardMsg::ColWindow.get(lang)}</th>
                    <th scope="col">{QueueBoardMsg::ColTime.get(lang)}</th>
                </tr></thead>
                <tbody data-calls-earlier="">{earlier}</tbody>
            </table>
        </section>
        <section aria-labelledby="display-waiting">
            <h2 id="display-waiting">{QueueBoardMsg::DisplayWaiting.get(lang)}</h2>
            <ul class="display-waiting">{waiting}</ul>
        </section>
    }
    .into_any()
}

/// `/hall/display`: the hall's large screen (no account, no links off it).
#[component]
pub fn HallDisplayPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        {crate::pages::awaited(get_hall_display, move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return view! {
                    <Page title=QueueMsg::DisplayTitle.get(lang) appliance=true>{super::error_notice(&e, Msg::PageNotFound)}</Page>
                }.into_any(),
            };
            let board = board_view(lang, &v);
            view! {
                <Page title=QueueMsg::DisplayTitle.get(lang) appliance=true interactive=true>
                    <div class="hall-display">
                        <CallBoard events=v.events.clone()>{board}</CallBoard>
                    </div>
                </Page>
            }
            .into_any()
        })}
    }
}

/// `/queue/book?category=&application=&change=`: 预约, on a phone or a kiosk.
#[component]
pub fn BookingChoicesPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked().clone();
    let category = query.get("category");
    let application = query.get("application");
    let change = query.get("change").filter(|t| !t.is_empty());
    view! {
        {crate::pages::awaited(move || get_booking_choices(category.clone(), application.clone()), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return view! {
                    <Page title=QueueMsg::BookHeading.get(lang)>{super::error_notice(&e, Msg::PageNotFound)}</Page>
                }.into_any(),
            };
            let error = refused(lang);
            let carried = v.application.clone();
            let body = match v.chosen.clone() {
                None => {
                    let links = v.categories.iter().map(|c| {
                        let href = crate::urls::queue_book(&c.letter, carried.as_deref().map(|n| n.trim()).filter(|n| !n.is_empty()).map(|n| n.replace('-', "")).as_deref(), change.as_deref());
                        view! {
                            <li><a class="queue-category" href=href data-testid=format!("book-{}", c.letter)>
                                <span class="queue-letter">{c.letter.clone()}</span>
                                <span class="queue-name">{c.name.get(lang).to_string()}</span>
                            </a></li>
                        }
                    }).collect_view();
                    view! {
                        <h2>{QueueMsg::BookChooseCategory.get(lang)}</h2>
                        <ul class="queue-categories">{links}</ul>
                    }.into_any()
                }
                Some((category, days)) if days.is_empty() => view! {
                    <h2>{category.letter.clone()}" "{category.name.get(lang).to_string()}</h2>
                    <p class="notice">{QueueMsg::NoSlots.get(lang)}</p>
                }.into_any(),
                Some((category, days)) => {
                    let picked = posted_form()
                        .and_then(|p| p.pairs.into_iter().find(|(k, _)| k == "slot").map(|(_, v)| v))
                        .unwrap_or_default();
                    let fieldsets = days.into_iter().map(|d| {
                        let picked = picked.clone();
                        let radios = d.slots.into_iter().map(|slot| {
                            let id = format!("slot-{}", slot.key.replace([':', '-'], ""));
                            let label = if slot.left == 0 {
                                QueueMsg::SlotFullLabel.get(lang).replace("{t}", &slot.time)
                            } else {
                                QueueMsg::SlotLeft.with_n(lang, slot.left).replace("{t}", &slot.time)
                            };
                            let checked = picked == slot.key;
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="slot" value=slot.key.clone() disabled=slot.left == 0 checked=checked/>
                                    <label for=id>{label}</label>
                                </div>
                            }
                        }).collect_view();
                        view! {
                            <fieldset class="slot-day">
                                <legend>{d.day.get(lang).to_string()}</legend>
                                <div class="slot-choices">{radios}</div>
                            </fieldset>
                        }
                    }).collect_view();
                    let (action, submit) = match change.clone() {
                        Some(token) => (crate::urls::queue_booking_change(&token), QueueMsg::ChangeSubmit),
                        None => (crate::urls::QUEUE_BOOKINGS.to_string(), QueueMsg::BookSubmit),
                    };
                    view! {
                        <h2>{category.letter.clone()}" "{category.name.get(lang).to_string()}</h2>
                        <form method="post" action=action class="booking-form" data-testid="booking-form">
                            <input type="hidden" name="category" value=category.letter.clone()/>
                            {carried.clone().map(|n| view! { <input type="hidden" name="application" value=n.replace('-', "")/> })}
                            <p class="hint">{QueueMsg::BookChooseSlot.get(lang)}</p>
                            {fieldsets}
                            <button type="submit" class="primary" data-testid="book-submit">{submit.get(lang)}</button>
                        </form>
                    }.into_any()
                }
            };
            view! {
                <Page title=QueueMsg::BookHeading.get(lang) has_errors=error.is_some()>
                    <p class="lead">{QueueMsg::BookIntro.get(lang)}</p>
                    {error.map(|e| view! { <p class="notice error" role="alert" data-testid="booking-error">{e}</p> })}
                    {v.application.clone().map(|n| view! { <p class="notice" data-testid="booking-carries">{QueueMsg::Carries.with_n(lang, n)}</p> })}
                    {body}
                </Page>
            }
            .into_any()
        })}
    }
}

/// `/queue/bookings/{token}`: the booking, its code and QR; change or cancel.
#[component]
pub fn BookingPage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let query = use_query_map().read_untracked().clone();
    let done = query.get("done");
    let asked = token.clone();
    view! {
        {crate::pages::awaited(move || get_booking(asked.clone()), move |found| {
            let token = token.clone();
            let b = match found {
                Ok(b) => b,
                Err(e) => return view! {
                    <Page title=QueueMsg::BookingHeading.get(lang)>{super::error_notice(&e, Msg::PageNotFound)}</Page>
                }.into_any(),
            };
            let error = refused(lang);
            let said = match done.as_deref() {
                Some("booked") => Some(QueueMsg::BookingSaved),
                Some("changed") => Some(QueueMsg::BookingChanged),
                Some("cancelled") => Some(QueueMsg::BookingCancelled),
                _ => None,
            };
            let status = match b.status.as_str() {
                "cancelled" => QueueMsg::BookingStatusCancelled,
                "checked_in" => QueueMsg::BookingStatusCheckedIn,
                _ => QueueMsg::BookingStatusBooked,
            };
            let active = b.status == "booked" && !b.missed;
            let actions = b.changeable.then(|| view! {
                <div class="button-row no-print">
                    <a class="button" href=crate::urls::queue_book(&b.letter, None, Some(&token)) data-testid="booking-change">{QueueMsg::BookingChange.get(lang)}</a>
                    <form method="post" action=crate::urls::queue_booking_cancel(&token) class="inline-form">
                        <button type="submit" data-testid="booking-cancel">{QueueMsg::BookingCancel.get(lang)}</button>
                    </form>
                </div>
            });
            view! {
                <Page title=QueueMsg::BookingHeading.get(lang) has_errors=error.is_some()>
                    {said.map(|m| view! { <p class="notice success" role="status" data-testid="booking-said">{m.get(lang)}</p> })}
                    {error.map(|e| view! { <p class="notice error" role="alert" data-testid="booking-error">{e}</p> })}
                    <article class="queue-ticket booking" data-testid="booking">
                        <p class="ticket-category">{b.letter.clone()}" "{b.category.get(lang).to_string()}</p>
                        <p class="booking-when" data-testid="booking-when">{b.when.clone()}</p>
                        <p class="ticket-status" data-testid="booking-status">{status.get(lang)}</p>
                        {b.missed.then(|| view! { <p class="hint">{QueueMsg::BookingMissed.get(lang)}</p> })}
                        {active.then(|| view! {
                            <p class="hint">{QueueMsg::BookingCode.get(lang)}</p>
                            <p class="booking-code" data-testid="booking-code">{b.code.clone()}</p>
                            <div class="ticket-qr" inner_html=b.qr_svg.clone() role="img" aria-label=QueueMsg::BookingCodeHelp.get(lang)></div>
                            <p class="ticket-hint">{QueueMsg::BookingCodeHelp.get(lang)}</p>
                        })}
                        {b.carries_application.then(|| view! { <p class="ticket-carries">{QueueMsg::BookingCarries.get(lang)}</p> })}
                    </article>
                    {actions}
                </Page>
            }
            .into_any()
        })}
    }
}
