use crate::i18n::{use_lang, Lang, Msg};
use domain::catalog::Material;
use domain::Localized;
use leptos::prelude::*;

pub(crate) fn requirement(m: &Material, lang: Lang) -> Vec<String> {
    let mut out = vec![if m.required {
        Msg::MaterialRequired
    } else {
        Msg::MaterialOptional
    }
    .get(lang)
    .to_string()];
    if m.may_defer {
        out.push(Msg::MayDefer.get(lang).to_string());
    }
    out
}

pub(crate) fn hand_in(m: &Material, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if m.original_check {
        out.push(Msg::OriginalCheck.get(lang).to_string());
    }
    out.push(if m.copies == 0 {
        Msg::ElectronicOnly.get(lang).to_string()
    } else {
        Msg::Copies.with_n(lang, m.copies)
    });
    // The guide says what to bring; what may be uploaded (types, size)
    // is said by each slot of the materials step.
    out
}

/// 申请材料 as a table: what, whether required, how to hand it in, and
/// (for bundles) which matters need it.
#[component]
pub fn MaterialsTable(
    materials: Vec<(Material, Vec<Localized>)>,
    #[prop(optional)] show_needed_by: bool,
) -> impl IntoView {
    let lang = use_lang();
    let rows = materials
        .into_iter()
        .map(|(m, needed_by)| {
            let lines = |v: Vec<String>| v.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view();
            view! {
                <tr class:deferrable=m.may_defer>
                    <th scope="row">
                        {m.name.get(lang).to_string()}
                        {m.note.as_ref().map(|n| view! { <span class="line note">{n.get(lang).to_string()}</span> })}
                        {m.template.clone().map(|t| view! { <a class="line" href=t>{Msg::Template.get(lang)}</a> })}
                    </th>
                    <td>{lines(requirement(&m, lang))}</td>
                    <td>{lines(hand_in(&m, lang))}</td>
                    {show_needed_by.then(|| view! {
                        <td>{needed_by.iter().map(|n| view! { <span class="line">{n.get(lang).to_string()}</span> }).collect_view()}</td>
                    })}
                </tr>
            }
        })
        .collect_view();
    // Focusable and named: a keyboard can scroll a table wider than the
    // phone, and a screen reader says what the region holds.
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=Msg::MaterialsTableLabel.get(lang)>
            <table class="materials" data-testid="materials">
                <thead>
                    <tr>
                        <th scope="col">{Msg::MaterialName.get(lang)}</th>
                        <th scope="col">{Msg::MaterialNeed.get(lang)}</th>
                        <th scope="col">{Msg::MaterialForm.get(lang)}</th>
                        {show_needed_by.then(|| view! { <th scope="col">{Msg::NeededBy.get(lang)}</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
