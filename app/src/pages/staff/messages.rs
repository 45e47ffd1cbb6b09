//! 电子监察: the supervisor's list of messages that could not be
//! delivered — given up after the configured attempts, or refused by the
//! provider — so someone calls the applicant instead.

use super::{staff_error, StaffPage};
use crate::api::get_undelivered_messages;
use crate::i18n::{use_lang, StaffMsg};
use leptos::prelude::*;

/// `/staff/messages`
#[component]
pub fn UndeliveredMessagesPage() -> impl IntoView {
    let lang = use_lang();
    // Fetched once: the view is audited.
    let data = super::once(get_undelivered_messages());
    view! {
        {crate::pages::awaited(move || data.clone(), move |list| {
            let view = match list {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let rows = view
                .lines
                .iter()
                .map(|l| {
                    view! {
                        <tr data-testid="undelivered">
                            <th scope="row"><a href=crate::urls::staff_application(&l.number) class="application-number">{l.number_display.clone()}</a></th>
                            <td>{l.text.clone()}</td>
                            <td>{l.to.clone()}</td>
                            <td>{l.attempts}</td>
                            <td><time>{l.written_at.clone()}</time></td>
                            <td>{l.error.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            let body = if view.lines.is_empty() {
                view! { <p class="notice">{StaffMsg::MessagesEmpty.get(lang)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" role="region" tabindex="0" aria-label=StaffMsg::MessagesTableLabel.get(lang)>
                        <table class="staff-table">
                            <thead><tr>
                                <th scope="col">{StaffMsg::ColNumber.get(lang)}</th>
                                <th scope="col">{StaffMsg::ColMessage.get(lang)}</th>
                                <th scope="col">{StaffMsg::ColTo.get(lang)}</th>
                                <th scope="col">{StaffMsg::ColAttempts.get(lang)}</th>
                                <th scope="col">{StaffMsg::ColWritten.get(lang)}</th>
                                <th scope="col">{StaffMsg::ColError.get(lang)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            };
            view! {
                <StaffPage title=StaffMsg::MessagesTitle.get(lang) me=Some(view.me.clone())>
                    <p class="hint">{StaffMsg::MessagesHelp.get(lang)}</p>
                    {body}
                </StaffPage>
            }
            .into_any()
        })}
    }
}
