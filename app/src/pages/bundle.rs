use super::home::MatterList;
use crate::api::get_bundle;
use crate::components::layout::Page;
use crate::components::materials::MaterialsTable;
use crate::i18n::{use_lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// 一件事: the matters of a life event, one merged list of materials, and
/// the longest promised time (the departments review in parallel).
#[component]
pub fn BundlePage() -> impl IntoView {
    let lang = use_lang();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    view! {
        {super::awaited(move || get_bundle(code.clone()), move |bundle| match bundle {
                    Ok(b) => {
                        let names = b.matter_names.clone();
                        let materials = b
                            .guide
                            .materials
                            .iter()
                            .map(|m| {
                                let needed_by = m
                                    .needed_by
                                    .iter()
                                    .filter_map(|c| names.iter().find(|(code, _)| code == c.as_str()).map(|(_, n)| n.clone()))
                                    .collect();
                                (m.material.clone(), needed_by)
                            })
                            .collect::<Vec<_>>();
                        let apply = crate::urls::apply_bundle(&b.code);
                        view! {
                            <Page title=b.name.get(lang).to_string()>
                                <p class="lead">{b.summary.get(lang).to_string()}</p>
                                <p><a class="button primary" href=apply>{Msg::ApplyBundle.get(lang)}</a></p>
                                <p class="promise-banner" data-testid="bundle-promise">
                                    <strong>{Msg::BundlePromise.with_n(lang, b.guide.promised_days)}</strong>
                                </p>
                                <section aria-labelledby="bundle-matters" class="guide-section">
                                    <h2 id="bundle-matters">{Msg::BundleMatters.get(lang)}</h2>
                                    <MatterList matters=b.matters label=Msg::BundleMatters.get(lang)/>
                                </section>
                                <section aria-labelledby="bundle-materials" class="guide-section">
                                    <h2 id="bundle-materials">{Msg::BundleMaterials.get(lang)}</h2>
                                    <MaterialsTable materials show_needed_by=true/>
                                </section>
                            </Page>
                        }.into_any()
                    }
                    Err(e) => view! {
                        <Page title=Msg::PageNotFound.get(lang)>{super::error_notice(&e, Msg::BundleNotFound)}</Page>
                    }.into_any(),
        })}
    }
}
