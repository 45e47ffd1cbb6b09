//! 叫号: the desk's calling panel. The desk says which window it sits at,
//! calls the next number of its categories (the number carries the
//! citizen's application when they took it at the kiosk after submitting:
//! the application then opens at once), calls again, or marks a number
//! missed.

use super::{error_text, posted_form, set_status, staff_error, Csrf, StaffPage};
use crate::api::get_calling_desk;
use crate::i18n::{use_lang, QueueBoardMsg, QueueMsg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/staff/calling`
#[component]
pub fn CallingDeskPage() -> impl IntoView {
    let lang = use_lang();
    let data = super::once(get_calling_desk());
    let nobody = use_query_map().read_untracked().get("nobody").is_some();
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let csrf = v.me.csrf_token.clone();
            let posted = posted_form();
            // A refused window number is shown again as typed.
            let typed = posted
                .as_ref()
                .and_then(|p| p.pairs.iter().find(|(k, _)| k == "window").map(|(_, v)| v.clone()))
                .or_else(|| v.window.map(|w| w.to_string()))
                .unwrap_or_default();
            let refused = posted.map(|p| {
                set_status(p.error.status());
                view! { <p class="notice error" role="alert" data-testid="calling-error">{error_text(lang, &p.error)}</p> }
            });
            let waiting = v.categories.iter().map(|c| view! {
                <li data-testid=format!("waiting-{}", c.letter)>
                    <strong>{c.letter.clone()}</strong>" "{c.name.get(lang).to_string()}" · "{QueueBoardMsg::Waiting.with_n(lang, c.waiting)}
                </li>
            }).collect_view();
            let window = v.window.map(|w| view! { <p data-testid="calling-window">{QueueMsg::DeskWindowIs.with_n(lang, w)}</p> });
            let current = match v.current.clone() {
                Some(t) => {
                    let open = match t.application.clone() {
                        Some((number, url)) => view! {
                            <p><a class="button primary" href=url data-testid="open-application">{QueueMsg::DeskOpen.with_n(lang, number)}</a></p>
                        }.into_any(),
                        None => view! { <p class="hint">{QueueMsg::DeskNoApplication.get(lang)}</p> }.into_any(),
                    };
                    view! {
                        <section class="calling-current" aria-labelledby="calling-current">
                            <h2 id="calling-current" data-testid="calling-current">{QueueMsg::DeskCurrent.with_n(lang, &t.number)}</h2>
                            <p class="hint">{QueueMsg::DeskCalls.with_n(lang, t.calls).replace("{w}", &t.taken_at)}</p>
                            {open}
                            <div class="button-row">
                                <form method="post" action=crate::urls::STAFF_CALLING_RECALL class="inline-form">
                                    <Csrf token=csrf.clone()/>
                                    <button type="submit">{QueueMsg::DeskRecall.get(lang)}</button>
                                </form>
                                <form method="post" action=crate::urls::STAFF_CALLING_NO_SHOW class="inline-form">
                                    <Csrf token=csrf.clone()/>
                                    <button type="submit">{QueueMsg::DeskNoShow.get(lang)}</button>
                                </form>
                            </div>
                        </section>
                    }.into_any()
                }
                None => view! { <p class="notice">{QueueMsg::DeskNoCurrent.get(lang)}</p> }.into_any(),
            };
            view! {
                <StaffPage title=QueueMsg::DeskTitle.get(lang) me=Some(v.me.clone())>
                    <p class="hint">{QueueMsg::DeskHelp.get(lang)}</p>
                    {refused}
                    {nobody.then(|| view! { <p class="notice" role="status" data-testid="calling-nobody">{QueueMsg::DeskNobody.get(lang)}</p> })}
                    {window}
                    <form method="post" action=crate::urls::STAFF_CALLING_WINDOW class="inline-form calling-window">
                        <Csrf token=csrf.clone()/>
                        <label for="window-number">{QueueMsg::DeskWindowLabel.get(lang)}</label>
                        <input id="window-number" name="window" inputmode="numeric" maxlength="2" size="3" autocomplete="off" value=typed/>
                        <button type="submit">{QueueMsg::DeskWindowSave.get(lang)}</button>
                    </form>
                    <ul class="calling-waiting">{waiting}</ul>
                    {current}
                    <form method="post" action=crate::urls::STAFF_CALLING_NEXT>
                        <Csrf token=csrf/>
                        <button type="submit" class="primary big" data-testid="call-next">{QueueMsg::DeskNext.get(lang)}</button>
                    </form>
                </StaffPage>
            }
            .into_any()
        })}
    }
}
