use super::{staff_error, waiting, StaffPage};
use crate::api::get_staff_queue;
use crate::i18n::{use_lang, StaffMsg};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/staff`: the front desk's queue, oldest first, with the date each
/// application counts as accepted if nobody tells the applicant what to
/// correct (flagged when it is near); `?after=` pages on.
#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let after = use_query_map().read_untracked().get("after");
    view! {
        {crate::pages::awaited(move || get_staff_queue(after.clone()), move |queue| {
                    let view = match queue {
                        Ok(v) => v,
                        Err(crate::errors::AppError::Forbidden)
                            if super::current_header().is_some_and(|h| h.role == domain::StaffRole::Reviewer) =>
                        {
                            // A reviewer's desk is their review tasks.
                            #[cfg(feature = "ssr")]
                            leptos_axum::redirect(crate::urls::STAFF_REVIEWS);
                            return staff_error(&crate::errors::AppError::Forbidden);
                        }
                        Err(e) => return staff_error(&e),
                    };
                    let rows = view.lines.iter().map(|l| {
                        let matters = l.matters.iter().map(|(code, name)| view! {
                            <span class="line">{name.get(lang).to_string()} " " <span class="code">"(" {code.clone()} ")"</span></span>
                        }).collect_view();
                        view! {
                            <tr class:deemed-soon=l.deemed_soon>
                                <th scope="row"><a href=crate::urls::staff_application(&l.number) class="application-number">{l.number_display.clone()}</a></th>
                                <td>{matters}</td>
                                <td>{l.applicant_masked.clone()}</td>
                                <td><time>{l.queued_at.clone()}</time><span class="line">{waiting(lang, l.waiting_minutes)}</span></td>
                                <td>
                                    {l.deemed_accepted_on.clone()}
                                    {l.deemed_soon.then(|| view! { <strong class="flag line">{StaffMsg::DeemedSoon.get(lang)}</strong> })}
                                    {l.weekends_only.then(|| view! { <span class="flag line">{StaffMsg::WeekendsOnly.get(lang)}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <StaffPage title=StaffMsg::QueueTitle.get(lang) me=Some(view.me.clone())>
                            <p class="lead">{if view.total_is_more {
                                StaffMsg::QueueCountMore.with_n(lang, view.total)
                            } else {
                                StaffMsg::QueueCount.with_n(lang, view.total)
                            }}</p>
                            <p class="hint">{StaffMsg::DeemedExplain.get(lang)}</p>
                            {if view.lines.is_empty() {
                                view! { <p class="notice">{StaffMsg::QueueEmpty.get(lang)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-scroll" role="region" tabindex="0" aria-label=StaffMsg::QueueTableLabel.get(lang)>
                                        <table class="staff-table queue">
                                            <thead><tr>
                                                <th scope="col">{StaffMsg::ColNumber.get(lang)}</th>
                                                <th scope="col">{StaffMsg::ColMatters.get(lang)}</th>
                                                <th scope="col">{StaffMsg::ColApplicant.get(lang)}</th>
                                                <th scope="col">{StaffMsg::ColWaiting.get(lang)}</th>
                                                <th scope="col">{StaffMsg::ColDeemed.get(lang)}</th>
                                            </tr></thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                            {view.next.clone().map(|href| view! { <p><a class="button" href=href rel="next">{StaffMsg::NextPage.get(lang)}</a></p> })}
                            {corrections_online(lang, &view.corrections)}
                        </StaffPage>
                    }.into_any()
        })}
    }
}

/// Returned applications whose corrections came in online, new ones
/// first and flagged in words (not colour alone).
fn corrections_online(
    lang: crate::i18n::Lang,
    lines: &[crate::models::CorrectionLine],
) -> Option<impl IntoView> {
    (!lines.is_empty()).then(|| {
        let rows = lines
            .iter()
            .map(|c| {
                view! {
                    <tr class:deemed-soon=c.unseen data-testid="correction-online">
                        <th scope="row"><a href=crate::urls::staff_application(&c.number) class="application-number">{c.number_display.clone()}</a></th>
                        <td>{c.applicant_masked.clone()}</td>
                        <td>{StaffMsg::CorrectionsFiles.with_n(lang, c.files)}</td>
                        <td>
                            <time>{c.last_upload.clone()}</time>
                            {c.unseen.then(|| view! { <strong class="flag line" data-testid="new-corrections">{StaffMsg::CorrectionsNew.get(lang)}</strong> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="corrections-online">
                <h2 id="corrections-online">{StaffMsg::CorrectionsOnlineHeading.get(lang)}</h2>
                <p class="hint">{StaffMsg::CorrectionsOnlineHelp.get(lang)}</p>
                <div class="table-scroll" role="region" tabindex="0" aria-label=StaffMsg::CorrectionsTableLabel.get(lang)>
                    <table class="staff-table">
                        <thead><tr>
                            <th scope="col">{StaffMsg::ColNumber.get(lang)}</th>
                            <th scope="col">{StaffMsg::ColApplicant.get(lang)}</th>
                            <th scope="col">{StaffMsg::ColFiles.get(lang)}</th>
                            <th scope="col">{StaffMsg::ColLastUpload.get(lang)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    })
}
