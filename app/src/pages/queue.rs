//! 取号: the kiosk's queue categories, and a ticket's own page — what the
//! 80 mm printout shows, and what the phone that scanned its QR follows.

use crate::api::{get_hall_display, get_queue_kiosk, get_ticket};
use crate::components::call_board::CallBoard;
use crate::components::layout::{set_status, Page};
use crate::components::print_button::PrintButton;
use crate::errors::AppError;
use crate::i18n::{queue_problem_text, use_lang, Lang, Msg, MyMsg, QueueMsg};
use crate::pages::staff::posted_form;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Seconds between reloads of a waiting ticket's page (no script needed).
const TICKET_RELOAD_SECS: &str = "15";
/// The display reloads now and then for the waiting counts (the calls
/// themselves arrive live).
const DISPLAY_RELOAD_SECS: &str = "300";

fn refused(lang: Lang) -> Option<String> {
    let posted = posted_form()?;
    let text = match &posted.error {
        AppError::QueueRefused(p) => queue_problem_text(lang, *p),
        AppError::TooManyGuesses { wait } => MyMsg::TooMany.with_n(lang, wait),
        AppError::MalformedNumber(reason) => {
            crate::i18n::application_number_problem(lang, *reason).to_string()
        }
        _ => crate::i18n::FormMsg::ServiceUnavailable.get(lang).to_string(),
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
                                <span class="queue-waiting">{QueueMsg::Waiting.with_n(lang, c.waiting)}</span>
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
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    view! {
        {crate::pages::awaited(move || get_ticket(token.clone()), move |found| {
            let t = match found {
                Ok(t) => t,
                Err(e) => return view! {
                    <Page title=QueueMsg::TicketHeading.get(lang)>{super::error_notice(&e, Msg::PageNotFound)}</Page>
                }.into_any(),
            };
            let status = match (t.status.as_str(), t.window) {
                ("called", Some(w)) => view! { <p class="ticket-status called" role="status" data-testid="ticket-status">{QueueMsg::CalledTo.with_n(lang, w)}</p> }.into_any(),
                ("served", _) => view! { <p class="ticket-status" data-testid="ticket-status">{QueueMsg::Served.get(lang)}</p> }.into_any(),
                ("no_show", _) => view! { <p class="ticket-status" data-testid="ticket-status">{QueueMsg::NoShow.get(lang)}</p> }.into_any(),
                _ if t.ahead == 0 => view! { <p class="ticket-status" data-testid="ticket-status">{QueueMsg::NoneAhead.get(lang)}</p> }.into_any(),
                _ => view! { <p class="ticket-status" data-testid="ticket-status">{QueueMsg::Ahead.with_n(lang, t.ahead)}</p> }.into_any(),
            };
            let waiting = t.status == "waiting" || t.status == "called";
            view! {
                {waiting.then(|| view! { <Meta http_equiv="refresh" content=TICKET_RELOAD_SECS/> })}
                <Page title=QueueMsg::TicketHeading.get(lang) interactive=true>
                    <article class="queue-ticket" data-testid="queue-ticket">
                        <p class="ticket-category">{t.category.get(lang).to_string()}</p>
                        <p class="ticket-number" data-testid="ticket-number">{t.number.clone()}</p>
                        {status}
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
            let waiting = v.waiting.iter().map(|c| view! {
                <li data-testid=format!("display-waiting-{}", c.letter)>
                    <strong>{c.letter.clone()}</strong>" "{c.name.get(lang).to_string()}" · "{QueueMsg::Waiting.with_n(lang, c.waiting)}
                </li>
            }).collect_view();
            view! {
                <Meta http_equiv="refresh" content=DISPLAY_RELOAD_SECS/>
                <Page title=QueueMsg::DisplayTitle.get(lang) appliance=true interactive=true>
                    <div class="hall-display">
                        <CallBoard calls=v.calls.clone() events=v.events.clone() lang/>
                        <section aria-labelledby="display-waiting">
                            <h2 id="display-waiting">{QueueMsg::DisplayWaiting.get(lang)}</h2>
                            <ul class="display-waiting">{waiting}</ul>
                        </section>
                    </div>
                </Page>
            }
            .into_any()
        })}
    }
}
