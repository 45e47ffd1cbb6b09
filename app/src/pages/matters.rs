use super::home::{MatterList, SearchForm};
use crate::api::{find_matters, MatterFilter};
use crate::components::layout::Page;
use crate::i18n::{use_lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Search results, or a browse by audience or department.
#[component]
pub fn MattersPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked().clone();
    let get = |k: &str| query.get(k).unwrap_or_default();
    let filter = MatterFilter {
        q: get("q"),
        audience: get("audience"),
        department: get("department"),
        list: String::new(),
    };
    let title = if !filter.q.trim().is_empty() {
        Msg::ResultsHeading
    } else {
        match filter.audience.as_str() {
            "personal" => Msg::ForPersons,
            "enterprise" => Msg::ForEnterprises,
            _ => Msg::BrowseHeading,
        }
    };
    let typed = filter.q.clone();
    view! {
        <Page title=title.get(lang)>
            <SearchForm value=typed/>
            <MatterResults filter/>
        </Page>
    }
}

#[component]
fn MatterResults(filter: MatterFilter) -> impl IntoView {
    let lang = use_lang();
    super::awaited(
        move || find_matters(filter.clone()),
        move |found| {
            match found {
            Ok(list) if list.is_empty() => view! { <p class="notice" role="status">{Msg::NoResults.get(lang)}</p> }.into_any(),
            Ok(list) => view! {
                <p class="count" role="status" data-testid="results-count">{Msg::ResultsCount.with_n(lang, list.len())}</p>
                <MatterList matters=list label=Msg::MattersListLabel.get(lang)/>
            }.into_any(),
            Err(e) => super::error_notice(&e, Msg::PageNotFound),
        }
        },
    )
}

/// The two published lists of seed 000 §四(一).
fn published_list(list: &'static str, title: Msg) -> impl IntoView {
    let lang = use_lang();
    let filter = MatterFilter {
        list: list.to_string(),
        ..Default::default()
    };
    view! {
        <Page title=title.get(lang)>
            <MatterResults filter/>
        </Page>
    }
}

#[component]
pub fn OneVisitListPage() -> impl IntoView {
    published_list("one-visit", Msg::ListOneVisit)
}

#[component]
pub fn OnlineListPage() -> impl IntoView {
    published_list("online", Msg::ListOnline)
}
