use crate::api::{get_matter_guide, MatterGuide};
use crate::components::layout::Page;
use crate::i18n::{use_lang, Lang, Msg};
use domain::catalog::MatterKind;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn kind_text(kind: MatterKind, lang: Lang) -> &'static str {
    match kind {
        MatterKind::AdministrativeLicence => Msg::KindLicence,
        MatterKind::AdministrativeConfirmation => Msg::KindConfirmation,
        MatterKind::OtherAdministrativePower => Msg::KindOtherPower,
        MatterKind::PublicService => Msg::KindPublicService,
    }
    .get(lang)
}

/// The facts a citizen checks before applying: who handles it, how long
/// it takes, how many visits.
#[component]
pub fn GuideFacts(guide: MatterGuide) -> impl IntoView {
    let lang = use_lang();
    view! {
        <dl class="guide-facts">
            <div><dt>{Msg::MatterCode.get(lang)}</dt><dd>{guide.code.clone()}</dd></div>
            <div><dt>{Msg::Department.get(lang)}</dt><dd>{guide.department.get(lang).to_string()}</dd></div>
            <div><dt>{Msg::MatterKind.get(lang)}</dt><dd>{kind_text(guide.kind, lang)}</dd></div>
            <div>
                <dt>{Msg::PromisedBy.get(lang)}</dt>
                <dd data-testid="promised-days">
                    <strong>{Msg::PromisedDays.with_n(lang, guide.promised_days)}</strong>
                    " · " {Msg::LegalDays.with_n(lang, guide.legal_days)}
                </dd>
            </div>
            <div><dt>{Msg::VisitsLabel.get(lang)}</dt><dd>{super::home::visits_badge(guide.visits, lang)}</dd></div>
        </dl>
    }
}

#[component]
pub fn MatterPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.read_untracked().get("code").unwrap_or_default();
    let guide = Resource::new(move || code.clone(), get_matter_guide);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match guide.await {
                    Ok(g) => {
                        let title = g.name.get(lang).to_string();
                        let apply = format!("/matters/{}/apply", g.code);
                        view! {
                            <Page title>
                                <p class="lead">{g.summary.get(lang).to_string()}</p>
                                <GuideFacts guide=g.clone()/>
                                <p><a class="button primary" href=apply>{Msg::ApplyNow.get(lang)}</a></p>
                            </Page>
                        }.into_any()
                    }
                    Err(e) => view! {
                        <Page title=Msg::PageNotFound.get(lang)>{super::error_notice(&e, Msg::MatterNotFound)}</Page>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
