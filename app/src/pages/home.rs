use crate::api::{get_catalog_overview, CatalogOverview, MatterSummary};
use crate::components::layout::Page;
use crate::i18n::{use_lang, Lang, Msg};
use leptos::prelude::*;

pub fn visits_badge(visits: u8, lang: Lang) -> impl IntoView {
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
            <a href=crate::urls::matter(&matter.code) class="matter-link">
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

/// Matters as a list of large links (touch targets on kiosks).
#[component]
pub fn MatterList(matters: Vec<MatterSummary>, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <ul class="matter-list" aria-label=label>
            {matters.into_iter().map(|m| view! { <MatterItem matter=m/> }).collect_view()}
        </ul>
    }
}

/// A plain GET form: works without JS, and the results page has a URL.
#[component]
pub fn SearchForm(#[prop(into)] value: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action="/matters" role="search" class="search-form">
            <label for="q">{Msg::SearchLabel.get(lang)}</label>
            <p class="help" id="q-hint">{Msg::SearchHint.get(lang)}</p>
            <div class="search-row">
                <input id="q" name="q" type="search" value=value autocomplete="off" autocapitalize="off"
                    spellcheck="false" maxlength="50" aria-describedby="q-hint"/>
                <button type="submit" class="primary">{Msg::SearchButton.get(lang)}</button>
            </div>
        </form>
    }
}

#[component]
fn Overview(o: CatalogOverview) -> impl IntoView {
    let lang = use_lang();
    let count =
        move |n: u16| view! { <span class="count">{Msg::CountServices.with_n(lang, n)}</span> };
    view! {
        <section aria-labelledby="by-audience" class="category">
            <h2 id="by-audience" class="visually-hidden">{Msg::ForPersons.get(lang)} " / " {Msg::ForEnterprises.get(lang)}</h2>
            <ul class="tiles">
                <li><a class="tile" href="/matters?audience=personal">{Msg::ForPersons.get(lang)} {count(o.personal)}</a></li>
                <li><a class="tile" href="/matters?audience=enterprise">{Msg::ForEnterprises.get(lang)} {count(o.enterprise)}</a></li>
            </ul>
        </section>
        <section aria-labelledby="by-event" class="category">
            <h2 id="by-event">{Msg::ByLifeEvent.get(lang)}</h2>
            <ul class="tiles">
                {o.bundles.into_iter().map(|b| view! {
                    <li><a class="tile" href=crate::urls::bundle(&b.code)>{b.name.get(lang).to_string()} {count(b.matter_count)}</a></li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="by-department" class="category">
            <h2 id="by-department">{Msg::ByDepartment.get(lang)}</h2>
            <ul class="tiles">
                {o.departments.into_iter().map(|d| view! {
                    <li><a class="tile" href=crate::urls::department(&d.code)>{d.name.get(lang).to_string()} {count(d.matter_count)}</a></li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="lists" class="category">
            <h2 id="lists">{Msg::PublicLists.get(lang)}</h2>
            <ul class="tiles">
                <li><a class="tile" href="/lists/one-visit">{Msg::ListOneVisit.get(lang)} {count(o.one_visit)}</a></li>
                <li><a class="tile" href="/lists/online">{Msg::ListOnline.get(lang)} {count(o.online)}</a></li>
                <li><a class="tile" href=crate::urls::SATISFACTION>{crate::i18n::RateMsg::PublicHeading.get(lang)}</a></li>
            </ul>
        </section>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Page title=Msg::HomeHeading.get(lang)>
            <p class="lead">{Msg::HomeIntro.get(lang)}</p>
            <SearchForm value=""/>
            <p class="resume-entry"><a href=crate::urls::RESUME_FORM>{Msg::ResumeEntry.get(lang)}</a></p>
            // At a kiosk in the hall: a queue number for the windows.
            {crate::visit::use_visit().kiosk.is_some().then(|| view! {
                <p class="resume-entry"><a href=crate::urls::QUEUE data-testid="queue-entry">{crate::i18n::QueueMsg::Heading.get(lang)}</a></p>
            })}
            {super::awaited(get_catalog_overview, move |overview| match overview {
                Ok(o) => view! { <Overview o/> }.into_any(),
                Err(e) => super::error_notice(&e, Msg::PageNotFound),
            })}
        </Page>
    }
}
