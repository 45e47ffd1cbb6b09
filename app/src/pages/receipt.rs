use crate::api::get_application;
use crate::components::application_card::ApplicationCard;
use crate::components::layout::Page;
use crate::components::print_button::PrintButton;
use crate::i18n::{use_lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Shown right after submitting, and printable (@media print).
#[component]
pub fn ReceiptPage() -> impl IntoView {
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
                    Ok(a) => view! {
                        <Page title=Msg::ReceiptHeading.get(lang)>
                            <p class="lead">{Msg::ReceiptIntro.get(lang)}</p>
                            <ApplicationCard app=a/>
                            <p class="no-print">
                                <PrintButton label=Msg::PrintReceipt.get(lang).to_string()/>
                            </p>
                        </Page>
                    }.into_any(),
                    Err(e) => view! {
                        <Page title=Msg::TrackHeading.get(lang)>{super::error_notice(&e, Msg::TrackNotFound)}</Page>
                    }.into_any(),
                }
            })
            }}
        </Suspense>
    }
}
