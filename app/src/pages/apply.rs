use crate::api::get_apply_form;
use crate::components::application_form::ApplicationForm;
use crate::components::layout::Page;
use crate::i18n::{use_lang, Msg};
use domain::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// A form post (JS off) that failed validation: the page is rendered again
/// with what was typed and every problem, under HTTP 422.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormResubmission {
    pub matter: String,
    pub submission_key: String,
    pub values: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
    /// A problem that is not about one field (e.g. the key was reused).
    pub general: Option<String>,
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = params.read_untracked().get("code").unwrap_or_default();
    let resubmission = use_context::<FormResubmission>().filter(|r| r.matter == code);
    let form = Resource::new(move || code.clone(), get_apply_form);
    view! {
        <Suspense>
            {move || {
                let resubmission = resubmission.clone();
                Suspend::new(async move {
                    match form.await {
                        Ok(f) => {
                            let title = format!("{} · {}", f.name.get(lang), Msg::FormHeading.get(lang));
                            let r = resubmission.unwrap_or_default();
                            // Keep the key of the failed post: the same form stays one submission.
                            let key = if r.submission_key.is_empty() { f.submission_key } else { r.submission_key };
                            view! {
                                <Page title>
                                    {r.general.map(|g| view! { <p class="notice" role="alert">{g}</p> })}
                                    <ApplicationForm
                                        lang
                                        action=format!("/matters/{}/apply", f.code)
                                        matter=f.code.clone()
                                        submission_key=key
                                        fields=f.fields
                                        values=r.values
                                        errors=r.errors
                                    />
                                </Page>
                            }.into_any()
                        }
                        Err(e) => view! {
                            <Page title=Msg::PageNotFound.get(lang)>{super::error_notice(&e, Msg::MatterNotFound)}</Page>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
