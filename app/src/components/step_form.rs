//! One step of the guided application: a plain server-rendered form whose
//! buttons post (each step posts and redirects, with or without JS). The
//! [`FormEnhancer`] island around it adds inline checks (conditional
//! questions show and hide by CSS alone, ARCHITECTURE §13); this markup
//! never reaches the WASM, which keeps the citizen-flow bundle small.

use super::field_ids::field_id;
use super::form_enhancer::FormEnhancer;
use crate::i18n::{problem_text, FormMsg, Lang};
use domain::{FieldError, FieldKind, FieldSpec};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The stored answers and the problems to show, by field name.
struct Answers {
    values: BTreeMap<String, String>,
    errors: Vec<FieldError>,
    lang: Lang,
}

impl Answers {
    fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    fn error(&self, name: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.key == name)
            .map(|e| problem_text(self.lang, &e.problem))
    }
}

#[component]
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
    /// The hall's day (`YYYY-MM-DD`), for the browser's birth-date check.
    today: String,
    /// Opened by "change" on the check page: saving returns there.
    #[prop(optional)]
    return_to_check: bool,
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
    let rows: BTreeMap<String, u8> = rows.into_iter().collect();
    // Problems found by the server are listed once, on top, linked to their
    // fields (一次性告知); each is also shown next to its field.
    let summary = (!errors.is_empty()).then(|| {
        let items = errors
            .iter()
            .map(|e| {
                let text = format!(
                    "{}: {}",
                    label_of(&fields, &e.key, lang),
                    problem_text(lang, &e.problem)
                );
                view! { <li><a href=format!("#{}", field_id(&e.key))>{text}</a></li> }
            })
            .collect_view();
        view! {
            // Focus lands here on load (with or without JS), so the
            // problems are read first and Tab leads to their links.
            <div class="error-summary" role="alert" tabindex="-1" autofocus data-testid="error-summary">
                <h2>{FormMsg::ErrorSummaryStep.get(lang)}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    let answers = Answers {
        values: joined,
        errors,
        lang,
    };
    let controls = fields
        .iter()
        .map(|spec| {
            question(
                &answers,
                spec,
                &fields,
                rows.get(spec.key.as_str()).copied().unwrap_or(1),
            )
        })
        .collect_view();
    let conditions = condition_style(&fields);
    view! {
        <FormEnhancer lang fields=fields.clone() today>
            {conditions.map(|css| view! { <style nonce=leptos::nonce::use_nonce() inner_html=css></style> })}
            <form method="post" action=action novalidate class="application-form step-form">
                {summary}
                {return_to_check.then(|| view! { <input type="hidden" name="_return" value="check"/> })}
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
        </FormEnhancer>
    }
}

/// Conditional questions show and hide in CSS (`:has`), with or without
/// JS and with no flash while the WASM loads: a question is hidden while its
/// condition's answer is not ticked. A browser without `:has` drops the
/// rule and shows every question with its caption.
fn condition_style(fields: &[FieldSpec]) -> Option<String> {
    let mut pairs: Vec<(&str, &str)> = fields
        .iter()
        .filter_map(|f| f.visible_when.as_ref())
        // Only plain keys reach a selector (they are option values).
        .filter(|c| domain::form::FieldKey::parse(&c.equals).is_ok())
        .map(|c| (c.field.as_str(), c.equals.as_str()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    (!pairs.is_empty()).then(|| {
        pairs
            .iter()
            .map(|(field, equals)| {
                format!(
                    ".step-form:not(:has([name=\"{field}\"][value=\"{equals}\"]:checked)) \
                     [data-when-field=\"{field}\"][data-when-equals=\"{equals}\"]{{display:none}}"
                )
            })
            .collect()
    })
}

/// The label of a field or group cell, for the error summary.
pub fn label_of(fields: &[FieldSpec], key: &str, lang: Lang) -> String {
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

fn marker(required: bool, lang: Lang) -> AnyView {
    if required {
        view! { <span class="required" aria-hidden="true">" *"</span> }.into_any()
    } else {
        view! { <span class="optional">" ("{FormMsg::Optional.get(lang)}")"</span> }.into_any()
    }
}

/// "(only if … is …)": says why a shown question is asked, and when to
/// answer it where the browser cannot hide it (see [`condition_style`]).
fn condition_caption(spec: &FieldSpec, all: &[FieldSpec], lang: Lang) -> Option<String> {
    let c = spec.visible_when.as_ref()?;
    let controller = all.iter().find(|f| f.key == c.field)?;
    let option = match &controller.kind {
        FieldKind::Choice { options, .. } => {
            options.iter().find(|o| o.value.as_str() == c.equals)?
        }
        _ => return None,
    };
    Some(
        FormMsg::OnlyWhen
            .get(lang)
            .replace("{field}", controller.label.get(lang))
            .replace("{option}", option.label.get(lang)),
    )
}

/// One question: label, help, message and control.
fn question(a: &Answers, spec: &FieldSpec, all: &[FieldSpec], rows: u8) -> AnyView {
    let lang = a.lang;
    let key = spec.key.as_str().to_string();
    let id = field_id(&key);
    let error_id = format!("{id}-error");
    let help_id = spec.help.as_ref().map(|_| format!("{id}-help"));
    let error = a.error(&key);
    let has_error = error.is_some();
    let when_field = spec
        .visible_when
        .as_ref()
        .map(|c| c.field.as_str().to_string());
    let when_equals = spec.visible_when.as_ref().map(|c| c.equals.clone());
    let caption =
        condition_caption(spec, all, lang).map(|c| view! { <p class="condition">{c}</p> });
    let help = spec
        .help
        .as_ref()
        .map(|h| view! { <p class="help" id=help_id.clone()>{h.get(lang).to_string()}</p> });
    let message = error.map(|t| view! { <p class="field-error" id=error_id.clone()>{t}</p> });
    match &spec.kind {
        FieldKind::Choice { options, multiple } => {
            let input_type = if *multiple { "checkbox" } else { "radio" };
            let picked = a.value(&key);
            let boxes = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let value = o.value.as_str().to_string();
                    let option_id = format!("{id}-{i}");
                    let checked = picked.split(',').any(|p| p == value);
                    view! {
                        <div class="choice">
                            <input type=input_type id=option_id.clone() name=key.clone() value=value checked=checked
                                aria-invalid=has_error.then_some("true")/>
                            <label for=option_id>{o.label.get(lang).to_string()}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field choice-field" id=id class:has-error=has_error
                    data-when-field=when_field data-when-equals=when_equals
                    aria-describedby=has_error.then_some(error_id)>
                    <legend>{spec.label.get(lang).to_string()}{marker(spec.required, lang)}</legend>
                    {caption}
                    {help}
                    {message}
                    <div class="choices">{boxes}</div>
                </fieldset>
            }
            .into_any()
        }
        FieldKind::Group {
            fields, max_rows, ..
        } => {
            let rows_view = (0..rows)
                .map(|row| {
                    let cells = fields
                        .iter()
                        .map(|sub| {
                            let name = format!("{key}.{row}.{}", sub.key.as_str());
                            let cell_id = field_id(&name);
                            let cell_error = a.error(&name);
                            let cell_has_error = cell_error.is_some();
                            view! {
                                <div class="field" class:has-error=cell_has_error>
                                    <label for=cell_id.clone()>{sub.label.get(lang).to_string()}{marker(sub.required, lang)}</label>
                                    {cell_error.map(|t| view! { <p class="field-error" id=format!("{cell_id}-error")>{t}</p> })}
                                    <div class="control-row">{text_control(a, sub, &name, cell_id, None)}</div>
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
                <fieldset class="field group-field" id=id class:has-error=has_error
                    data-when-field=when_field data-when-equals=when_equals>
                    <legend>{spec.label.get(lang).to_string()}{marker(spec.required, lang)}</legend>
                    {caption}
                    {help}
                    {message}
                    {rows_view}
                    {(rows < *max_rows).then(|| view! {
                        <button type="submit" class="secondary" name="_action" value=format!("add:{key}")>{FormMsg::AddRow.get(lang)}</button>
                    })}
                </fieldset>
            }
            .into_any()
        }
        _ => {
            let unit = match &spec.kind {
                FieldKind::Number { unit: Some(u), .. } => Some(u.get(lang).to_string()),
                _ => None,
            };
            view! {
                <div class="field" class:has-error=has_error data-when-field=when_field data-when-equals=when_equals>
                    <label for=id.clone()>{spec.label.get(lang).to_string()}{marker(spec.required, lang)}</label>
                    {caption}
                    {help}
                    {message}
                    <div class="control-row">
                        {text_control(a, spec, &key, id, help_id)}
                        {unit.map(|u| view! { <span class="unit">{u}</span> })}
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

/// A text box (or text area) for `name`.
fn text_control(
    a: &Answers,
    spec: &FieldSpec,
    name: &str,
    id: String,
    help_id: Option<String>,
) -> AnyView {
    let error_id = format!("{id}-error");
    let has_error = a.error(name).is_some();
    let mut described: Vec<String> = help_id.into_iter().collect();
    if has_error {
        described.push(error_id);
    }
    let described_by = (!described.is_empty()).then(|| described.join(" "));
    let value = a.value(name);
    let max_len = spec.kind.max_len();
    let invalid = has_error.then_some("true");
    let required = spec.required.then_some("true");
    if matches!(spec.kind, FieldKind::LongText { .. }) {
        return view! {
            <textarea id=id name=name.to_string() maxlength=max_len rows="4"
                aria-required=required aria-invalid=invalid aria-describedby=described_by>{value}</textarea>
        }
        .into_any();
    }
    let (input_type, autocomplete) = match &spec.kind {
        FieldKind::Mobile => ("tel", "tel"),
        FieldKind::Date => ("date", "off"),
        FieldKind::ResidentId | FieldKind::CreditCode | FieldKind::Number { .. } => ("text", "off"),
        // The browser may offer the person's own name only for the
        // applicant, the organisation's for an enterprise, nothing for
        // other people (a spouse, household members).
        _ if name == "applicant_name" => ("text", "name"),
        _ if name.starts_with("enterprise_") && name.ends_with("_name") => ("text", "organization"),
        _ if name.ends_with("_name") || name.contains('.') => ("text", "off"),
        _ => ("text", "on"),
    };
    view! {
        <input id=id name=name.to_string() type=input_type inputmode=input_mode(&spec.kind) autocomplete=autocomplete
            value=value maxlength=max_len data-keypad=keypad(&spec.kind) aria-required=required aria-invalid=invalid aria-describedby=described_by/>
    }
    .into_any()
}

/// The HTML input hint that brings up the right on-screen keyboard.
fn input_mode(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Mobile => "tel",
        FieldKind::Number { decimals: 0, .. } => "numeric",
        FieldKind::Number { .. } => "decimal",
        _ => "text",
    }
}

/// Which on-screen keypad a kiosk shows for this answer, if any: the
/// characters it can contain, so no OS keyboard is needed.
fn keypad(kind: &FieldKind) -> Option<&'static str> {
    match kind {
        FieldKind::ResidentId => Some("id"),
        FieldKind::Mobile | FieldKind::Number { decimals: 0, .. } => Some("digits"),
        FieldKind::Number { .. } => Some("decimal"),
        FieldKind::CreditCode => Some("code"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::form::{Condition, FieldKey};
    use domain::Localized;

    fn conditional(key: &str, field: &str, equals: &str) -> FieldSpec {
        FieldSpec {
            key: FieldKey::parse(key).expect("test key"),
            label: Localized::new(key, key),
            kind: FieldKind::Text { max_len: 10 },
            required: true,
            help: None,
            visible_when: Some(Condition {
                field: FieldKey::parse(field).expect("test key"),
                equals: equals.to_string(),
            }),
        }
    }

    #[test]
    fn one_rule_per_condition_and_only_plain_values_reach_css() {
        assert_eq!(condition_style(&[]), None);
        let css = condition_style(&[
            conditional("spouse_name", "marital_status", "married"),
            conditional("spouse_id", "marital_status", "married"),
            conditional("odd", "marital_status", "x\"]{}*{display:none}"),
        ])
        .expect("a rule");
        assert_eq!(
            css,
            ".step-form:not(:has([name=\"marital_status\"][value=\"married\"]:checked)) \
             [data-when-field=\"marital_status\"][data-when-equals=\"married\"]{display:none}"
        );
    }
}
