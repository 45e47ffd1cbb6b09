use crate::api::{get_matters, MatterSummary};
use crate::components::layout::Page;
use crate::i18n::{use_lang, Msg};
use leptos::prelude::*;

pub fn visits_badge(visits: u8, lang: crate::i18n::Lang) -> impl IntoView {
    let (class, msg) = if visits == 0 {
        ("badge online", Msg::VisitsZero)
    } else {
        ("badge one-visit", Msg::VisitsOne)
    };
    view! { <span class=class>{msg.get(lang)}</span> }
}

#[component]
fn MatterItem(matter: MatterSummary) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="matter-item">
            <a href=format!("/matters/{}", matter.code) class="matter-link">
                <span class="matter-name">{matter.name.get(lang).to_string()}</span>
                <span class="matter-meta">
                    <span class="department">{matter.department.get(lang).to_string()}</span>
                    {visits_badge(matter.visits, lang)}
                    <span class="promise">{Msg::PromisedDays.with_n(lang, matter.promised_days)}</span>
                </span>
            </a>
        </li>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let matters = Resource::new(|| (), |_| get_matters());
    view! {
        <Page title=Msg::HomeHeading.get(lang)>
            <p class="lead">{Msg::HomeIntro.get(lang)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    match matters.await {
                        Ok(list) => view! {
                            <ul class="matter-list" aria-label=Msg::MattersListLabel.get(lang)>
                                {list.into_iter().map(|m| view! { <MatterItem matter=m/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => super::error_notice(&e, Msg::PageNotFound),
                    }
                })}
            </Suspense>
        </Page>
    }
}
