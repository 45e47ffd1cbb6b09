//! 帮你办: the content an applicant confirms — the same for the desk's
//! panel, the printed declaration and the applicant's phone (answers by
//! step, no "change" links: only the desk changes answers, in the form).

use crate::api::{AnswerText, AssistedContent};
use crate::i18n::{AssistMsg, Lang, Msg};
use crate::pages::apply::step_title;
use leptos::prelude::*;

pub fn assisted_content(lang: Lang, content: &AssistedContent) -> impl IntoView {
    // A life event's matters by name; a single matter is the heading.
    let matters = (content.matters.len() > 1).then(|| {
        content
            .matters
            .iter()
            .map(|m| m.get(lang).to_string())
            .collect::<Vec<_>>()
            .join("、")
    });
    let sections = content
        .sections
        .iter()
        .map(|s| {
            let items = s
                .items
                .iter()
                .map(|item| {
                    let answer = match &item.answer {
                        AnswerText::Text(t) => t.clone(),
                        AnswerText::Options(labels) => labels
                            .iter()
                            .map(|l| l.get(lang))
                            .collect::<Vec<_>>()
                            .join("、"),
                        AnswerText::NotAnswered => Msg::NotAnswered.get(lang).to_string(),
                    };
                    view! {
                        <div>
                            <dt>{item.label.get(lang).to_string()}</dt>
                            <dd>{answer}</dd>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="check-section">
                    <h2>{step_title(&s.step, lang)}</h2>
                    <dl class="answers">{items}</dl>
                </section>
            }
        })
        .collect_view();
    view! {
        {matters.map(|m| view! { <p class="assisted-matters">{m}</p> })}
        <p class="check-code" data-testid="check-code"><strong>{AssistMsg::CheckCode.with_n(lang, &content.check_code)}</strong></p>
        {sections}
    }
}
