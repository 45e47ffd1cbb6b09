use crate::components::layout::{set_status, Notice, Page};
use crate::i18n::{use_lang, Msg};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let lang = use_lang();
    view! {
        <Page title=Msg::PageNotFound.get(lang)>
            <Notice text=Msg::PageNotFound.get(lang) back_home=true/>
        </Page>
    }
}
