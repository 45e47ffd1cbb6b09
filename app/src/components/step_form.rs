//! One step of the guided application. On the server it is a plain form
//! whose buttons post (JS off: each step posts and redirects). As an island
//! it also checks each answer as it is left and shows or hides questions
//! that depend on an earlier answer; it never submits by itself.

use crate::i18n::{problem_text, FormMsg, Lang};
use domain::form::validate_field;
use domain::{FieldError, FieldKind, FieldSpec};
use leptos::prelude::*;
use std::collections::BTreeMap;

pub fn field_id(key: &str) -> String {
    format!("field-{}", key.replace('.', "-"))
}

/// The answers and problems of the form, shared by every control.
#[derive(Clone, Copy)]
struct FormState {
    values: RwSignal<BTreeMap<String, String>>,
    errors: RwSignal<Vec<FieldError>>,
    hydrated: RwSignal<bool>,
    lang: Lang,
}

impl FormState {
    fn value(&self, name: &str) -> String {
        self.values
            .with_untracked(|v| v.get(name).cloned().unwrap_or_default())
    }

    fn check(&self, name: &str, spec: &FieldSpec) {
        let problem = validate_field(spec, &self.value(name)).err();
        let name = name.to_string();
        self.errors.update(|es| {
            es.retain(|e| e.key != name);
            if let Some(problem) = problem {
                es.push(FieldError { key: name, problem });
            }
        });
    }

    fn set(&self, name: &str, spec: &FieldSpec, value: String) {
        self.values.update(|v| {
            v.insert(name.to_string(), value);
        });
        // A message goes as soon as the answer is put right.
        if self
            .errors
            .with_untracked(|es| es.iter().any(|e| e.key == name))
        {
            self.check(name, spec);
        }
    }

    fn error_text(
        &self,
        name: &str,
    ) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
        let (errors, lang, name) = (self.errors, self.lang, name.to_string());
        move || {
            errors.with(|es| {
                es.iter()
                    .find(|e| e.key == name)
                    .map(|e| problem_text(lang, &e.problem))
            })
        }
    }
}

#[island]
pub fn StepForm(
    lang: Lang,
    /// Where the form posts.
    action: String,
    fields: Vec<FieldSpec>,
    /// The stored answers (multiple choices as several pairs).
    values: Vec<(String, String)>,
    rows: Vec<(String, u8)>,
    errors: Vec<FieldError>,
    /// The first step has no "back".
    first: bool,
) -> impl IntoView {
    let mut joined: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in values {
        joined
            .entry(k)
            .and_modify(|old| {
                old.push(',');
                old.push_str(&v);
            })
            .or_insert(v);
    }
    let state = FormState {
        values: RwSignal::new(joined),
        errors: RwSignal::new(errors.clone()),
        hydrated: RwSignal::new(false),
        lang,
    };
    Effect::new(move |_| state.hydrated.set(true));
    let rows: BTreeMap<String, u8> = rows.into_iter().collect();

    // Problems found by the server are listed once, on top, linked to their
    // fields; inline messages then follow the typing.
    let summary = (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|e| {
                let label = label_of(&fields, &e.key, lang);
                let text = format!("{label}: {}", problem_text(lang, &e.problem));
                view! { <li><a href=format!("#{}", field_id(&e.key))>{text}</a></li> }
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" data-testid="error-summary" autofocus>
                <h2>{FormMsg::ErrorSummaryStep.get(lang)}</h2>
                <ul>{items}</ul>
            </div>
        }
    });

    let controls = fields
        .iter()
        .map(|spec| {
            question(
                state,
                spec,
                &fields,
                rows.get(spec.key.as_str()).copied().unwrap_or(1),
            )
        })
        .collect_view();

    view! {
        <form method="post" action=action novalidate class="application-form step-form"
            data-hydrated=move || state.hydrated.get().then_some("true")>
            {summary}
            <p class="form-intro">{FormMsg::FormIntro.get(lang)}</p>
            {controls}
            <div class="step-buttons">
                <button type="submit" class="primary" name="_action" value="next">{FormMsg::Next.get(lang)}</button>
                {(!first).then(|| view! {
                    <button type="submit" class="secondary" name="_action" value="back">{FormMsg::Back.get(lang)}</button>
                })}
                <button type="submit" class="secondary" name="_action" value="save" data-testid="save-for-later">{FormMsg::SaveForLater.get(lang)}</button>
            </div>
        </form>
    }
}

/// The label of a field or group cell, for the error summary.
fn label_of(fields: &[FieldSpec], key: &str, lang: Lang) -> String {
    let top = key.split('.').next().unwrap_or(key);
    let Some(spec) = fields.iter().find(|f| f.key.as_str() == top) else {
        return key.to_string();
    };
    match (&spec.kind, domain::form::split_cell_key(key)) {
        (FieldKind::Group { fields, .. }, Some((_, row, sub))) => {
            let sub = fields
                .iter()
                .find(|f| f.key.as_str() == sub)
                .map(|f| f.label.get(lang).to_string())
                .unwrap_or_default();
            format!(
                "{} · {} · {sub}",
                spec.label.get(lang),
                FormMsg::RowN.with_n(lang, row + 1)
            )
        }
        _ => spec.label.get(lang).to_string(),
    }
}

/// One question: its label, help, message and control; hidden (once the
/// island runs) while its condition does not hold.
fn question(state: FormState, spec: &FieldSpec, all: &[FieldSpec], rows: u8) -> AnyView {
    let lang = state.lang;
    let condition = spec.visible_when.clone().map(|c| {
        let controller = all.iter().find(|f| f.key == c.field);
        let field = controller
            .map(|f| f.label.get(lang).to_string())
            .unwrap_or_default();
        let option = controller
            .and_then(|f| match &f.kind {
                FieldKind::Choice { options, .. } => {
                    options.iter().find(|o| o.value.as_str() == c.equals)
                }
                _ => None,
            })
            .map(|o| o.label.get(lang).to_string())
            .unwrap_or_default();
        let caption = FormMsg::OnlyWhen
            .get(lang)
            .replace("{field}", &field)
            .replace("{option}", &option);
        (c, caption)
    });
    let visible = {
        let condition = condition.clone();
        move || match &condition {
            None => true,
            // Before the island runs (and with JS off) every question shows.
            Some(_) if !state.hydrated.get() => true,
            Some((c, _)) => state.values.with(|v| {
                v.get(c.field.as_str())
                    .is_some_and(|a| a.split(',').any(|p| p == c.equals))
            }),
        }
    };
    let caption = condition.map(|(_, caption)| caption);
    let key = spec.key.as_str().to_string();
    let id = field_id(&key);
    match &spec.kind {
        FieldKind::Choice { options, multiple } => {
            let error_text = state.error_text(&key);
            let has_error = {
                let e = error_text.clone();
                move || e().is_some()
            };
            let error_id = format!("{id}-error");
            let input_type = if *multiple { "checkbox" } else { "radio" };
            let boxes = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let value = o.value.as_str().to_string();
                    let option_id = format!("{id}-{i}");
                    let checked = state.value(&key).split(',').any(|p| p == value);
                    let on_change = {
                        let (key, value, spec, multiple) = (key.clone(), value.clone(), spec.clone(), *multiple);
                        move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            let mut picked: Vec<String> = if multiple {
                                state.value(&key).split(',').filter(|p| !p.is_empty()).map(String::from).collect()
                            } else {
                                Vec::new()
                            };
                            picked.retain(|p| p != &value);
                            if on {
                                picked.push(value.clone());
                            }
                            state.set(&key, &spec, picked.join(","));
                            state.check(&key, &spec);
                        }
                    };
                    view! {
                        <div class="choice">
                            <input type=input_type id=option_id.clone() name=key.clone() value=value checked=checked on:change=on_change/>
                            <label for=option_id>{o.label.get(lang).to_string()}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field choice-field" id=id.clone() class:has-error=has_error.clone() hidden=move || !visible()
                    aria-describedby=move || has_error().then(|| error_id.clone())>
                    <legend>
                        {spec.label.get(lang).to_string()}
                        {marker(spec.required, lang)}
                    </legend>
                    {caption.map(|c| view! { <p class="condition">{c}</p> })}
                    {spec.help.as_ref().map(|h| view! { <p class="help">{h.get(lang).to_string()}</p> })}
                    {move || error_text().map(|t| view! { <p class="field-error" id=format!("{}-error", field_id(&key))>{t}</p> })}
                    {boxes}
                </fieldset>
            }
            .into_any()
        }
        FieldKind::Group {
            fields, max_rows, ..
        } => {
            let error_text = state.error_text(&key);
            let rows_view = (0..rows)
                .map(|row| {
                    let cells = fields
                        .iter()
                        .map(|sub| {
                            let name = format!("{key}.{row}.{}", sub.key.as_str());
                            let cell_id = field_id(&name);
                            view! {
                                <div class="field">
                                    <label for=cell_id.clone()>{sub.label.get(lang).to_string()}{marker(sub.required, lang)}</label>
                                    {text_control(state, sub, &name, cell_id, None)}
                                </div>
                            }
                        })
                        .collect_view();
                    view! {
                        <fieldset class="group-row">
                            <legend>{FormMsg::RowN.with_n(lang, row + 1)}</legend>
                            {cells}
                            {(rows > 1).then(|| view! {
                                <button type="submit" class="secondary small" name="_action" value=format!("remove:{key}:{row}")>
                                    {FormMsg::RemoveRow.with_n(lang, row + 1)}
                                </button>
                            })}
                        </fieldset>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field group-field" id=id.clone() hidden=move || !visible()>
                    <legend>{spec.label.get(lang).to_string()}{marker(spec.required, lang)}</legend>
                    {caption.map(|c| view! { <p class="condition">{c}</p> })}
                    {spec.help.as_ref().map(|h| view! { <p class="help">{h.get(lang).to_string()}</p> })}
                    {move || error_text().map(|t| view! { <p class="field-error">{t}</p> })}
                    {rows_view}
                    {(rows < *max_rows).then(|| view! {
                        <button type="submit" class="secondary" name="_action" value=format!("add:{key}")>{FormMsg::AddRow.get(lang)}</button>
                    })}
                </fieldset>
            }
            .into_any()
        }
        _ => {
            let help_id = spec.help.as_ref().map(|_| format!("{id}-help"));
            let unit = match &spec.kind {
                FieldKind::Number { unit: Some(u), .. } => Some(u.get(lang).to_string()),
                _ => None,
            };
            let has_error = {
                let e = state.error_text(&key);
                move || e().is_some()
            };
            let error_text = state.error_text(&key);
            view! {
                <div class="field" class:has-error=has_error hidden=move || !visible()>
                    <label for=id.clone()>{spec.label.get(lang).to_string()}{marker(spec.required, lang)}</label>
                    {caption.map(|c| view! { <p class="condition">{c}</p> })}
                    {spec.help.as_ref().map(|h| view! { <p class="help" id=help_id.clone()>{h.get(lang).to_string()}</p> })}
                    {move || error_text().map(|t| view! { <p class="field-error" id=format!("{}-error", field_id(&key))>{t}</p> })}
                    <div class="control-row">
                        {text_control(state, spec, spec.key.as_str(), id, help_id)}
                        {unit.map(|u| view! { <span class="unit">{u}</span> })}
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

fn marker(required: bool, lang: Lang) -> AnyView {
    if required {
        view! { <span class="required" aria-hidden="true">" *"</span> }.into_any()
    } else {
        view! { <span class="optional">" ("{FormMsg::Optional.get(lang)}")"</span> }.into_any()
    }
}

/// A text box (or text area) for `name`, checked when left.
fn text_control(
    state: FormState,
    spec: &FieldSpec,
    name: &str,
    id: String,
    help_id: Option<String>,
) -> AnyView {
    let error_id = format!("{id}-error");
    let has_error = {
        let e = state.error_text(name);
        move || e().is_some()
    };
    let described_by = {
        let has_error = has_error.clone();
        move || {
            let mut ids: Vec<String> = help_id.iter().cloned().collect();
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_input = {
        let (name, spec) = (name.to_string(), spec.clone());
        move |ev: leptos::ev::Event| state.set(&name, &spec, event_target_value(&ev))
    };
    // Deferred: a message it inserts moves the buttons, and leaving a field
    // by tapping a button must still press it.
    let on_blur = {
        let (name, spec) = (name.to_string(), spec.clone());
        move |_| {
            let (name, spec) = (name.clone(), spec.clone());
            set_timeout(
                move || state.check(&name, &spec),
                std::time::Duration::from_millis(300),
            );
        }
    };
    let value = state.value(name);
    let max_len = spec.kind.max_len();
    let invalid = move || has_error().then_some("true");
    if matches!(spec.kind, FieldKind::LongText { .. }) {
        return view! {
            <textarea id=id name=name.to_string() maxlength=max_len rows="4"
                aria-required=spec.required.then_some("true") aria-invalid=invalid aria-describedby=described_by
                on:input=on_input on:blur=on_blur>{value}</textarea>
        }
        .into_any();
    }
    let (input_type, autocomplete) = match &spec.kind {
        FieldKind::Mobile => ("tel", "tel"),
        FieldKind::Date => ("date", "off"),
        FieldKind::ResidentId | FieldKind::CreditCode | FieldKind::Number { .. } => ("text", "off"),
        _ if name.ends_with("_name") => ("text", "name"),
        _ => ("text", "on"),
    };
    view! {
        <input id=id name=name.to_string() type=input_type inputmode=spec.kind.input_mode() autocomplete=autocomplete
            value=value maxlength=max_len
            aria-required=spec.required.then_some("true") aria-invalid=invalid aria-describedby=described_by
            on:input=on_input on:blur=on_blur/>
    }
    .into_any()
}
