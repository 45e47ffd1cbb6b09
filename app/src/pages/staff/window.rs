//! 评价器 at the desk: the code that pairs a rating screen with this
//! staff member's window, and whether one is paired.

use super::{staff_error, Csrf, StaffPage};
use crate::api::get_desk_window;
use crate::i18n::{use_lang, RateMsg};
use leptos::prelude::*;

/// `/staff/window-screen`
#[component]
pub fn DeskWindowPage() -> impl IntoView {
    let lang = use_lang();
    let data = super::once(get_desk_window());
    view! {
        {crate::pages::awaited(move || data.clone(), move |found| {
            let v = match found {
                Ok(v) => v,
                Err(e) => return staff_error(&e),
            };
            let csrf = v.me.csrf_token.clone();
            let code = v.code.clone().map(|(code, until)| view! {
                <p>{RateMsg::WindowCode.with_n(lang, until)}</p>
                <p class="pairing-code" data-testid="pairing-code">{code}</p>
            });
            let paired = match v.paired_at.clone() {
                Some(at) => view! {
                    <p class="notice success" data-testid="screen-paired">{RateMsg::WindowPaired.with_n(lang, at)}</p>
                    <form method="post" action=crate::urls::STAFF_WINDOW_UNPAIR>
                        <Csrf token=csrf.clone()/>
                        <button type="submit">{RateMsg::WindowUnpair.get(lang)}</button>
                    </form>
                }
                .into_any(),
                None => view! { <p class="notice">{RateMsg::WindowNotPaired.get(lang)}</p> }.into_any(),
            };
            view! {
                <StaffPage title=RateMsg::WindowTitle.get(lang) me=Some(v.me.clone())>
                    <p class="hint">{RateMsg::WindowDeskHelp.get(lang)}</p>
                    {paired}
                    {code}
                    <form method="post" action=crate::urls::STAFF_WINDOW_CODE>
                        <Csrf token=csrf/>
                        <button type="submit" class="primary">{RateMsg::WindowNewCode.get(lang)}</button>
                    </form>
                </StaffPage>
            }
            .into_any()
        })}
    }
}
