//! The only island of the guided application. The form inside it is
//! server-rendered (and works as is without JS); this adds, by event
//! delegation on the wrapper, what JS makes better: each answer is checked
//! with the shared domain validators when it is left (and again while it is
//! corrected). Conditional questions need no JS: CSS shows and hides them
//! (`step_form::condition_style`). It reads and writes the DOM directly
//! rather than re-rendering the form, so the form's markup is not compiled
//! to WASM.

use super::field_ids::field_id;
use crate::i18n::{problem_text, Lang};
use domain::form::{split_cell_key, validate_field};
use domain::{CalendarDay, FieldKind, FieldSpec};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

#[island]
pub fn FormEnhancer(
    lang: Lang,
    fields: Vec<FieldSpec>,
    /// The hall's day, `YYYY-MM-DD` (the server's, not the device's clock).
    today: String,
    children: Children,
) -> impl IntoView {
    let fields = StoredValue::new(fields);
    // Unreadable (never, from our server): no birth date is "future" here;
    // the server still checks.
    let today = CalendarDay::parse(&today).or_else(|| CalendarDay::new(9999, 12, 31));
    let root = NodeRef::<leptos::html::Div>::new();
    // `only_if_flagged`: while typing, only a field already showing a
    // message is re-checked (the message goes as soon as it is right).
    let check_control = move |target: &Element, only_if_flagged: bool| {
        let Some(root) = root.get_untracked() else {
            return;
        };
        let Some(name) = target.get_attribute("name").filter(|n| !n.starts_with('_')) else {
            return;
        };
        let Some(spec) = fields.with_value(|f| spec_for(f, &name)) else {
            return;
        };
        let error_id = format!("{}-error", field_id(&name));
        if only_if_flagged && document().get_element_by_id(&error_id).is_none() {
            return;
        }
        let value = current_value(&root, target, &name);
        let Some(today) = today else {
            return;
        };
        let text = validate_field(&spec, &value, today)
            .err()
            .map(|p| problem_text(lang, &p));
        show_problem(&root, &name, text);
    };
    let check = move |ev: &web_sys::Event, only_if_flagged: bool| {
        if let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) {
            check_control(&target, only_if_flagged);
        }
    };
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            let _ = el.set_attribute("data-enhanced", "true");
            // On a slow network a citizen may type before this code
            // arrives: what was typed and already left is checked now.
            for control in typed_before_enhanced(&el) {
                check_control(&control, false);
            }
        }
    });
    view! {
        <div class="form-enhancer" node_ref=root
            on:focusout=move |ev| {
                // Deferred: a message it inserts moves the buttons, and
                // leaving a field by tapping a button must still press it.
                let ev: web_sys::Event = ev.into();
                set_timeout(move || check(&ev, false), std::time::Duration::from_millis(300));
            }
            on:input=move |ev| check(&ev, true)
            on:change=move |ev| {
                // Text boxes fire `change` as they are left, i.e. as a
                // button is pressed: they are checked on focusout instead.
                let is_box = ev
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                    .is_some_and(|i| matches!(i.type_().as_str(), "radio" | "checkbox"));
                if is_box {
                    check(&ev, false);
                }
            }>
            {children()}
        </div>
    }
}

/// Text boxes whose value differs from what the server rendered, except
/// the one still being typed in.
fn typed_before_enhanced(root: &Element) -> Vec<Element> {
    let focused = document().active_element();
    let mut out = Vec::new();
    let Ok(list) = root.query_selector_all("input, textarea") else {
        return out;
    };
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if focused.as_ref() == Some(&el) {
            continue;
        }
        let changed = if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            !matches!(input.type_().as_str(), "radio" | "checkbox" | "hidden")
                && input.value() != input.default_value()
        } else {
            el.dyn_ref::<HtmlTextAreaElement>()
                .is_some_and(|a| a.default_value().is_ok_and(|d| a.value() != d))
        };
        if changed {
            out.push(el);
        }
    }
    out
}

/// The spec that checks the control named `name` (a group cell `g.i.f`
/// is checked by the group's sub-field `f`).
fn spec_for(fields: &[FieldSpec], name: &str) -> Option<FieldSpec> {
    if let Some((group, _, sub)) = split_cell_key(name) {
        let spec = fields.iter().find(|f| f.key.as_str() == group)?;
        return match &spec.kind {
            FieldKind::Group { fields, .. } => {
                fields.iter().find(|f| f.key.as_str() == sub).cloned()
            }
            _ => None,
        };
    }
    fields.iter().find(|f| f.key.as_str() == name).cloned()
}

/// The controls named `name` (several for radio buttons and check boxes).
fn controls(root: &Element, name: &str) -> Vec<Element> {
    let mut out = Vec::new();
    if let Ok(list) = root.query_selector_all(&format!("[name=\"{name}\"]")) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                out.push(el);
            }
        }
    }
    out
}

/// The answer as the server would receive it (ticked boxes comma-joined).
fn current_value(root: &Element, target: &Element, name: &str) -> String {
    if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        return area.value();
    }
    let Some(input) = target.dyn_ref::<HtmlInputElement>() else {
        return String::new();
    };
    match input.type_().as_str() {
        "radio" | "checkbox" => controls(root, name)
            .iter()
            .filter_map(|el| {
                el.dyn_ref::<HtmlInputElement>()
                    .filter(|i| i.checked())
                    .map(|i| i.value())
            })
            .collect::<Vec<_>>()
            .join(","),
        _ => input.value(),
    }
}

/// Shows (or removes) the message of one field, marking it for assistive
/// technology the same way the server does.
fn show_problem(root: &Element, name: &str, text: Option<String>) {
    let id = field_id(name);
    let error_id = format!("{id}-error");
    let doc = document();
    let Some(container) = doc
        .get_element_by_id(&id)
        .and_then(|el| el.closest(".field").ok().flatten())
    else {
        return;
    };
    let existing = doc.get_element_by_id(&error_id);
    // A choice's message describes its fieldset; a box's, the box itself.
    let described = if container.tag_name() == "FIELDSET" {
        vec![container.clone()]
    } else {
        controls(root, name)
    };
    match text {
        Some(text) => {
            let message = match existing {
                Some(m) => m,
                None => {
                    let Ok(m) = doc.create_element("p") else {
                        return;
                    };
                    m.set_class_name("field-error");
                    m.set_id(&error_id);
                    let anchor = container
                        .query_selector(".control-row, .choices")
                        .ok()
                        .flatten();
                    match anchor {
                        Some(a) => {
                            let _ = a.insert_adjacent_element("beforebegin", &m);
                        }
                        None => {
                            let _ = container.append_child(&m);
                        }
                    }
                    m
                }
            };
            message.set_text_content(Some(&text));
            let _ = container.class_list().add_1("has-error");
            for el in controls(root, name) {
                let _ = el.set_attribute("aria-invalid", "true");
            }
            for el in described {
                let ids = el.get_attribute("aria-describedby").unwrap_or_default();
                if !ids.split(' ').any(|i| i == error_id) {
                    let _ = el.set_attribute(
                        "aria-describedby",
                        ids.split(' ')
                            .chain([error_id.as_str()])
                            .filter(|i| !i.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                            .as_str(),
                    );
                }
            }
        }
        None => {
            if let Some(m) = existing {
                m.remove();
            }
            let _ = container.class_list().remove_1("has-error");
            for el in controls(root, name) {
                let _ = el.remove_attribute("aria-invalid");
            }
            for el in described {
                let ids = el.get_attribute("aria-describedby").unwrap_or_default();
                let kept: Vec<&str> = ids
                    .split(' ')
                    .filter(|i| !i.is_empty() && *i != error_id)
                    .collect();
                if kept.is_empty() {
                    let _ = el.remove_attribute("aria-describedby");
                } else {
                    let _ = el.set_attribute("aria-describedby", &kept.join(" "));
                }
            }
        }
    }
}
