use crate::api::{get_apply_start, ApplyTarget, StepLink};
use crate::components::layout::Page;
use crate::i18n::{use_lang, Lang, Msg};
use domain::StepKind;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MatterApplyPage() -> impl IntoView {
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    let target = domain::MatterCode::parse(&code)
        .ok()
        .map(ApplyTarget::Matter);
    view! { <ApplyStartPage target not_found=Msg::MatterNotFound/> }
}

#[component]
pub fn BundleApplyPage() -> impl IntoView {
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    let target = domain::BundleCode::parse(&code)
        .ok()
        .map(ApplyTarget::Bundle);
    view! { <ApplyStartPage target not_found=Msg::BundleNotFound/> }
}

/// The name of a step as the progress indicator shows it.
pub fn step_title(step: &StepLink, lang: Lang) -> String {
    match (&step.kind, &step.matter_name) {
        (StepKind::Applicant, _) => Msg::StepApplicant.get(lang).to_string(),
        (StepKind::Matter(_), Some(name)) => name.get(lang).to_string(),
        (StepKind::Matter(code), None) => code.to_string(),
        (StepKind::Materials, _) => Msg::StepMaterials.get(lang).to_string(),
        (StepKind::Check, _) => Msg::StepCheck.get(lang).to_string(),
        (StepKind::Declaration, _) => Msg::StepDeclaration.get(lang).to_string(),
    }
}

/// 只填一表: what the application covers, its steps, and "start" (which
/// creates a draft) or "continue with a resume code".
#[component]
fn ApplyStartPage(
    /// None: the code in the URL is not a code at all.
    target: Option<ApplyTarget>,
    not_found: Msg,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        {super::awaited(
            move || {
                let target = target.clone();
                async move {
                    match target {
                        Some(target) => get_apply_start(target).await,
                        None => Err(crate::errors::AppError::NotFound),
                    }
                }
            },
            move |started| match started {
                        Ok(s) => {
                            let title = format!("{} · {}", s.name.get(lang), Msg::FormHeading.get(lang));
                            let several = s.matters.len() > 1;
                            let steps = s.steps.iter().map(|st| view! { <li>{step_title(st, lang)}</li> }).collect_view();
                            view! {
                                <Page title>
                                    {several.then(|| view! {
                                        <section class="notice" aria-labelledby="applying-for">
                                            <h2 id="applying-for">{Msg::OneFormFor.get(lang)}</h2>
                                            <ul>{s.matters.iter().map(|(_, n)| view! { <li>{n.get(lang).to_string()}</li> }).collect_view()}</ul>
                                        </section>
                                    })}
                                    <section class="start-card" aria-labelledby="before-start">
                                        <h2 id="before-start">{Msg::StartHeading.get(lang)}</h2>
                                        <p>{Msg::StartIntro.get(lang)}</p>
                                        <h3>{Msg::StepsPreview.get(lang)}</h3>
                                        <ol class="steps-preview">{steps}</ol>
                                        <form method="post" action=crate::urls::apply(&s.target)>
                                            <button type="submit" class="primary large" data-testid="start">{Msg::StartButton.get(lang)}</button>
                                        </form>
                                    </section>
                                    <super::resume::ResumeForm typed=String::new() error=None/>
                                </Page>
                            }.into_any()
                        }
                        Err(e) => view! {
                            <Page title=Msg::PageNotFound.get(lang)>{super::error_notice(&e, not_found)}</Page>
                        }.into_any(),
            },
        )}
    }
}
