use crate::api::{get_matter_guide, MatterGuide};
use crate::components::layout::Page;
use crate::components::materials::MaterialsTable;
use crate::i18n::{use_lang, Lang, Msg};
use domain::catalog::{Audience, IssuedForm, MatterKind, SpecialStepKind};
use domain::Localized;
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

pub fn audience_text(a: Audience, lang: Lang) -> &'static str {
    match a {
        Audience::Personal => Msg::AudiencePersonal,
        Audience::Enterprise => Msg::AudienceEnterprise,
    }
    .get(lang)
}

pub(crate) fn step_text(kind: SpecialStepKind) -> Msg {
    match kind {
        SpecialStepKind::ExpertReview => Msg::StepExpertReview,
        SpecialStepKind::SiteInspection => Msg::StepSiteInspection,
        SpecialStepKind::Hearing => Msg::StepHearing,
        SpecialStepKind::PublicNotice => Msg::StepPublicNotice,
        SpecialStepKind::Testing => Msg::StepTesting,
    }
}

/// A titled list of bilingual lines (legal basis, conditions, notes…).
fn text_section(
    id: &'static str,
    title: Msg,
    lines: &[Localized],
    lang: Lang,
    ordered: bool,
) -> impl IntoView {
    let items = lines
        .iter()
        .map(|l| view! { <li>{l.get(lang).to_string()}</li> })
        .collect_view();
    (!lines.is_empty()).then(|| {
        view! {
            <section aria-labelledby=id class="guide-section">
                <h2 id=id>{title.get(lang)}</h2>
                {if ordered { view! { <ol>{items}</ol> }.into_any() } else { view! { <ul>{items}</ul> }.into_any() }}
            </section>
        }
    })
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
            <div><dt>{Msg::Audience.get(lang)}</dt><dd>{audience_text(guide.audience, lang)}</dd></div>
            <div>
                <dt>{Msg::TimeLimit.get(lang)}</dt>
                <dd data-testid="promised-days">
                    <strong>{Msg::PromisedDays.with_n(lang, guide.promised_days)}</strong>
                    " · " {Msg::LegalDays.with_n(lang, guide.legal_days)}
                </dd>
            </div>
            <div><dt>{Msg::VisitsLabel.get(lang)}</dt><dd>{super::home::visits_badge(guide.visits, lang)}</dd></div>
            <div><dt>{Msg::Window.get(lang)}</dt><dd>{guide.guide.window.get(lang).to_string()}</dd></div>
            <div><dt>{Msg::Fees.get(lang)}</dt><dd>{guide.guide.fees.get(lang).to_string()}</dd></div>
        </dl>
    }
}

#[component]
fn Guide(g: MatterGuide) -> impl IntoView {
    let lang = use_lang();
    let apply = crate::urls::apply_matter(&g.code);
    let ratings = crate::urls::satisfaction_of_matter(&g.code);
    let materials = g
        .guide
        .materials
        .iter()
        .map(|m| (m.clone(), Vec::new()))
        .collect::<Vec<_>>();
    let steps = g.guide.special_steps.clone();
    let bundles = g.bundles.clone();
    let reviews = g.reviews.clone();
    view! {
        <p class="lead">{g.summary.get(lang).to_string()}</p>
        <p><a class="button primary" href=apply.clone()>{Msg::ApplyNow.get(lang)}</a></p>
        <section aria-labelledby="basic" class="guide-section">
            <h2 id="basic">{Msg::GuideBasic.get(lang)}</h2>
            <GuideFacts guide=g.clone()/>
        </section>
        <section aria-labelledby="issues" class="guide-section">
            <h2 id="issues">{Msg::Issues.get(lang)}</h2>
            <ul data-testid="issues">
                {g.guide.issues.iter().map(|d| {
                    let forms = d
                        .forms
                        .iter()
                        .map(|f| match f {
                            IssuedForm::Electronic => Msg::IssuedElectronic.get(lang),
                            IssuedForm::Paper => Msg::IssuedPaper.get(lang),
                        })
                        .collect::<Vec<_>>()
                        .join(Msg::ListSeparator.get(lang));
                    view! {
                        <li>
                            <strong>{d.name.get(lang).to_string()}</strong>
                            {format!(" · {}{} · {forms}", Msg::Validity.get(lang), d.validity.get(lang))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        {text_section("conditions", Msg::Conditions, &g.guide.conditions, lang, false)}
        <section aria-labelledby="materials" class="guide-section">
            <h2 id="materials">{Msg::Materials.get(lang)}</h2>
            <MaterialsTable materials/>
        </section>
        {(!steps.is_empty()).then(|| view! {
            <section aria-labelledby="special" class="guide-section">
                <h2 id="special">{Msg::SpecialSteps.get(lang)}</h2>
                <ul>
                    {steps.into_iter().map(|s| view! {
                        <li>
                            <strong>{step_text(s.kind).get(lang)}</strong> " · " {Msg::StepMaxDays.with_n(lang, s.max_days)}
                            {s.note.map(|n| view! { " · " {n.get(lang).to_string()} })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!reviews.is_empty()).then(|| view! {
            <section aria-labelledby="reviews" class="guide-section">
                <h2 id="reviews">{Msg::ParallelReview.get(lang)}</h2>
                <ul data-testid="reviews">
                    {reviews.into_iter().map(|(dept, part, days)| view! {
                        <li>
                            <strong>{dept.get(lang).to_string()}</strong> " · " {part.get(lang).to_string()}
                            " · " {Msg::ReviewDays.with_n(lang, days)}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {text_section("process", Msg::Process, &g.guide.process, lang, true)}
        {text_section("legal-basis", Msg::LegalBasis, &g.guide.legal_basis, lang, false)}
        {text_section("notes", Msg::Notes, &g.guide.notes, lang, false)}
        {(!bundles.is_empty()).then(|| view! {
            <section aria-labelledby="bundles" class="guide-section">
                <h2 id="bundles">{Msg::PartOfBundles.get(lang)}</h2>
                <ul>
                    {bundles.into_iter().map(|(code, name)| view! {
                        <li><a href=crate::urls::bundle(&code)>{name.get(lang).to_string()}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <p><a class="button primary" href=apply>{Msg::ApplyNow.get(lang)}</a></p>
        <p><a href=ratings>{crate::i18n::RateMsg::GuideLink.get(lang)}</a></p>
    }
}

#[component]
pub fn MatterPage() -> impl IntoView {
    let lang = use_lang();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    view! {
        {super::awaited(move || get_matter_guide(code.clone()), move |guide| match guide {
                    Ok(g) => view! { <Page title=g.name.get(lang).to_string()><Guide g/></Page> }.into_any(),
                    Err(e) => view! {
                        <Page title=Msg::PageNotFound.get(lang)>{super::error_notice(&e, Msg::MatterNotFound)}</Page>
                    }.into_any(),
        })}
    }
}
