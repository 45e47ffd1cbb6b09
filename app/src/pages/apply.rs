use crate::api::{get_apply_form, ApplyTarget};
use crate::components::application_form::ApplicationForm;
use crate::components::layout::Page;
use crate::i18n::{use_lang, Msg};
use domain::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// A form post (JS off) that failed validation: the page is rendered again
/// with what was typed and every problem, under HTTP 422.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormResubmission {
    pub target: ApplyTarget,
    /// Empty: give the form a fresh key.
    pub submission_key: String,
    pub values: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
    /// A problem that is not about one field (e.g. the key was reused).
    pub general: Option<String>,
}

#[component]
pub fn MatterApplyPage() -> impl IntoView {
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    view! { <ApplyPage target=ApplyTarget::Matter(code)/> }
}

#[component]
pub fn BundleApplyPage() -> impl IntoView {
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    view! { <ApplyPage target=ApplyTarget::Bundle(code)/> }
}

/// 只填一表: one form for one matter or a whole life event.
#[component]
fn ApplyPage(target: ApplyTarget) -> impl IntoView {
    let lang = use_lang();
    let resubmission = use_context::<FormResubmission>().filter(|r| r.target == target);
    let not_found = match target {
        ApplyTarget::Matter(_) => Msg::MatterNotFound,
        ApplyTarget::Bundle(_) => Msg::BundleNotFound,
    };
    view! {
        <Suspense>
            {move || {
                let resubmission = resubmission.clone();
                let target = target.clone();
                Suspend::new(async move {
                    match get_apply_form(target).await {
                        Ok(f) => {
                            let title = format!("{} · {}", f.name.get(lang), Msg::FormHeading.get(lang));
                            let (values, errors, general, key) = match resubmission {
                                // Keep the key of the failed post: the same form stays one submission.
                                Some(r) if !r.submission_key.is_empty() => (r.values, r.errors, r.general, r.submission_key),
                                Some(r) => (r.values, r.errors, r.general, f.submission_key),
                                None => (Vec::new(), Vec::new(), None, f.submission_key),
                            };
                            let several = f.matters.len() > 1;
                            view! {
                                <Page title>
                                    {several.then(|| view! {
                                        <section class="notice" aria-labelledby="applying-for">
                                            <h2 id="applying-for">{Msg::OneFormFor.get(lang)}</h2>
                                            <ul>{f.matters.iter().map(|(_, n)| view! { <li>{n.get(lang).to_string()}</li> }).collect_view()}</ul>
                                        </section>
                                    })}
                                    {general.map(|g| view! { <p class="notice" role="alert">{g}</p> })}
                                    <ApplicationForm lang target=f.target submission_key=key fields=f.fields values errors/>
                                </Page>
                            }.into_any()
                        }
                        Err(e) => view! {
                            <Page title=Msg::PageNotFound.get(lang)>{super::error_notice(&e, not_found)}</Page>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
