use leptos::prelude::*;

/// Opens the print dialog (the receipt has print styles). Without JS the
/// button is hidden by a `<noscript>` style and the browser's own print
/// command does the same.
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    view! {
        <button type="button" class="print-button" on:click=move |_| {
            let _ = window().print();
        }>{label}</button>
    }
}
