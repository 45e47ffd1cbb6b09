use crate::api::get_application;
use crate::components::application_card::ApplicationCard;
use crate::components::layout::Page;
use crate::i18n::{use_lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Where the receipt's QR code leads.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let lang = use_lang();
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    view! {
        <Suspense>
            {move || {
                let number = number.clone();
                Suspend::new(async move {
                match get_application(number).await {
                    Ok(a) => {
                        let receipt = format!("/applications/{}/receipt", a.number);
                        view! {
                            <Page title=Msg::TrackHeading.get(lang)>
                                <ApplicationCard app=a/>
                                <p class="no-print"><a class="button" href=receipt>{Msg::ViewReceipt.get(lang)}</a></p>
                            </Page>
                        }.into_any()
                    }
                    Err(e) => view! {
                        <Page title=Msg::TrackHeading.get(lang)>{super::error_notice(&e, Msg::TrackNotFound)}</Page>
                    }.into_any(),
                }
            })
            }}
        </Suspense>
    }
}
