//! The application form. Rendered on the server as a plain HTML form that
//! posts (JS off); as an island it also checks each field as it is left,
//! and submits through a server function without losing the page.

use crate::errors::AppError;
use crate::i18n::{problem_text, FormMsg, Lang};
use domain::form::validate_field;
use domain::{FieldError, FieldKind, FieldSpec, FormSchema};
use leptos::prelude::*;
use std::collections::BTreeMap;

fn field_id(key: &str) -> String {
    format!("field-{key}")
}

/// Error text for anything but field problems.
fn general_error(lang: Lang, e: &AppError) -> String {
    match e {
        AppError::KeyReused => FormMsg::KeyReused.get(lang).to_string(),
        _ => FormMsg::ServiceUnavailable.get(lang).to_string(),
    }
}

#[island]
pub fn ApplicationForm(
    lang: Lang,
    target: crate::api::ApplyTarget,
    submission_key: String,
    fields: Vec<FieldSpec>,
    /// What the citizen typed (kept across a failed submit).
    values: Vec<(String, String)>,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let initial: BTreeMap<String, String> = values.into_iter().collect();
    let values = RwSignal::new(
        fields
            .iter()
            .map(|f| {
                (
                    f.key.as_str().to_string(),
                    initial.get(f.key.as_str()).cloned().unwrap_or_default(),
                )
            })
            .collect::<BTreeMap<_, _>>(),
    );
    // The summary lists problems after a submit attempt; while typing, only
    // the message next to the field changes.
    let attempted = RwSignal::new(!errors.is_empty());
    let errors = RwSignal::new(errors);
    let general = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    let schema = StoredValue::new(FormSchema {
        fields: fields.clone(),
    });
    let action = target.form_path();
    let ids = StoredValue::new((target, submission_key.clone()));

    let focus_summary = move || {
        request_animation_frame(move || {
            if let Some(el) = summary_ref.get_untracked() {
                let _ = el.focus();
            }
        })
    };

    let check_field = move |key: String| {
        let Some(spec) = schema.with_value(|s| s.field(&key).cloned()) else {
            return;
        };
        let value = values.with_untracked(|v| v.get(&key).cloned().unwrap_or_default());
        let problem = validate_field(&spec, &value).err();
        errors.update(|es| {
            es.retain(|e| e.key != key);
            if let Some(problem) = problem {
                es.push(FieldError { key, problem });
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return; // a double tap sends nothing twice
        }
        general.set(None);
        attempted.set(true);
        let input: Vec<(String, String)> = values.get_untracked().into_iter().collect();
        if let Err(errs) = schema.with_value(|s| s.validate(&input)) {
            errors.set(errs);
            focus_summary();
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        let (target, submission_key) = ids.get_value();
        leptos::task::spawn_local(async move {
            let request = crate::api::SubmitRequest {
                target,
                submission_key,
                fields: input,
            };
            match crate::api::submit_application(request).await {
                Ok(number) => {
                    let _ = window()
                        .location()
                        .set_href(&format!("/applications/{number}/receipt"));
                }
                Err(AppError::Invalid(errs)) => {
                    errors.set(errs);
                    pending.set(false);
                    focus_summary();
                }
                Err(e) => {
                    general.set(Some(general_error(lang, &e)));
                    pending.set(false);
                }
            }
        });
    };

    let summary_fields = fields.clone();
    let summary = move || {
        let errs = if attempted.get() {
            errors.get()
        } else {
            Vec::new()
        };
        let general = general.get();
        (!errs.is_empty() || general.is_some()).then(|| {
            let items = errs
                .iter()
                .map(|e| {
                    let label = summary_fields.iter().find(|f| f.key.as_str() == e.key).map(|f| f.label.get(lang).to_string());
                    let text = problem_text(lang, &e.problem);
                    let text = match label {
                        Some(label) => format!("{label}: {text}"),
                        None => text,
                    };
                    view! { <li><a href=format!("#{}", field_id(&e.key))>{text}</a></li> }
                })
                .collect_view();
            view! {
                <div class="error-summary" role="alert" tabindex="-1" node_ref=summary_ref data-testid="error-summary">
                    <h2>{FormMsg::ErrorSummaryTitle.get(lang)}</h2>
                    {general.map(|g| view! { <p class="general-error">{g}</p> })}
                    <ul>{items}</ul>
                </div>
            }
        })
    };

    let rows = fields
        .into_iter()
        .map(|spec| {
            let key = spec.key.as_str().to_string();
            let id = field_id(&key);
            let error_id = format!("{id}-error");
            let help_id = format!("{id}-help");
            let initial_value = values.with_untracked(|v| v.get(&key).cloned().unwrap_or_default());
            let error_text = {
                let key = key.clone();
                move || errors.with(|es| es.iter().find(|e| e.key == key).map(|e| problem_text(lang, &e.problem)))
            };
            let has_error = {
                let error_text = error_text.clone();
                move || error_text().is_some()
            };
            let described_by = {
                let has_error = has_error.clone();
                let help = spec.help.is_some().then(|| help_id.clone());
                let error_id = error_id.clone();
                move || {
                    let mut ids: Vec<String> = help.iter().cloned().collect();
                    if has_error() {
                        ids.push(error_id.clone());
                    }
                    (!ids.is_empty()).then(|| ids.join(" "))
                }
            };
            let on_input = {
                let key = key.clone();
                move |ev: leptos::ev::Event| {
                    let v = event_target_value(&ev);
                    values.update(|vals| {
                        vals.insert(key.clone(), v);
                    });
                    // Clear a message as soon as the field is put right.
                    if errors.with_untracked(|es| es.iter().any(|e| e.key == key)) {
                        check_field(key.clone());
                    }
                }
            };
            // Deferred: the message it may insert moves the submit button, and
            // leaving a field by tapping that button must still submit.
            let on_blur = {
                let key = key.clone();
                move |_| {
                    let key = key.clone();
                    set_timeout(move || check_field(key), std::time::Duration::from_millis(300));
                }
            };
            let max_len = spec.kind.max_len();
            let (input_type, input_mode, autocomplete) = match &spec.kind {
                FieldKind::Mobile => ("tel", "tel", "tel"),
                FieldKind::Date => ("date", "numeric", "off"),
                FieldKind::ResidentId | FieldKind::CreditCode => ("text", "text", "off"),
                _ => ("text", "text", if key.ends_with("_name") { "name" } else { "on" }),
            };
            let control = if matches!(spec.kind, FieldKind::LongText { .. }) {
                view! {
                    <textarea id=id.clone() name=key.clone() maxlength=max_len rows="4"
                        aria-required=spec.required.then_some("true")
                        aria-invalid={ let h = has_error.clone(); move || h().then_some("true") }
                        aria-describedby=described_by.clone()
                        on:input=on_input.clone() on:blur=on_blur.clone()>{initial_value.clone()}</textarea>
                }
                .into_any()
            } else {
                view! {
                    <input id=id.clone() name=key.clone() type=input_type inputmode=input_mode autocomplete=autocomplete
                        value=initial_value.clone() maxlength=max_len
                        aria-required=spec.required.then_some("true")
                        aria-invalid={ let h = has_error.clone(); move || h().then_some("true") }
                        aria-describedby=described_by.clone()
                        on:input=on_input.clone() on:blur=on_blur.clone()/>
                }
                .into_any()
            };
            view! {
                <div class="field" class:has-error=has_error.clone()>
                    <label for=id.clone()>
                        {spec.label.get(lang).to_string()}
                        {spec.required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
                    </label>
                    {spec.help.as_ref().map(|h| view! { <p class="help" id=help_id.clone()>{h.get(lang).to_string()}</p> })}
                    {move || error_text().map(|t| view! { <p class="field-error" id=error_id.clone()>{t}</p> })}
                    {control}
                </div>
            }
        })
        .collect_view();

    view! {
        <form method="post" action=action novalidate class="application-form"
            data-hydrated=move || hydrated.get().then_some("true")
            on:submit=on_submit>
            {summary}
            <p class="form-intro">{FormMsg::FormIntro.get(lang)}</p>
            <input type="hidden" name="_submission_key" value=submission_key/>
            {rows}
            <button type="submit" class="primary" disabled=move || pending.get()>
                {move || if pending.get() { FormMsg::Submitting.get(lang) } else { FormMsg::SubmitApplication.get(lang) }}
            </button>
        </form>
    }
}
