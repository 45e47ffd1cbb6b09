use leptos::prelude::*;

/// Opens the print dialog (the receipt has print styles). Without JS the
/// button is hidden by a `<noscript>` style and the browser's own print
/// command does the same. Until the island has hydrated it is disabled, so
/// a tap while the page's script is still arriving is not silently lost.
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    // Effects run only in the browser, once the island is live.
    Effect::new(move |_| ready.set(true));
    view! {
        <button type="button" class="print-button" disabled=move || !ready.get()
            data-ready=move || ready.get().then_some("true")
            on:click=move |_| {
                let _ = window().print();
            }>{label}</button>
    }
}
