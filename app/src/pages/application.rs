use crate::api::get_application;
use crate::components::application_card::ApplicationCard;
use crate::components::layout::Page;
use crate::components::print_button::PrintButton;
use crate::i18n::{use_lang, Msg};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The two views of one application: the receipt shown right after
/// submitting (printable), and the progress page its QR code leads to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Receipt,
    Progress,
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    application_page(View::Receipt)
}

#[component]
pub fn ProgressPage() -> impl IntoView {
    application_page(View::Progress)
}

fn application_page(which: View) -> impl IntoView {
    let lang = use_lang();
    let number = use_params_map()
        .read_untracked()
        .get("number")
        .unwrap_or_default();
    // After 补正 files were sent (post/redirect/get).
    let added: Option<u32> = use_query_map()
        .read_untracked()
        .get("added")
        .and_then(|n| n.parse().ok());
    view! {
        {super::awaited(
            move || get_application(number.clone()),
            move |application| match application {
                        Ok(mut a) if which == View::Receipt => {
                            use crate::pages::ratings::{ratings_section, RatedFrom};
                            let ratings = ratings_section(lang, &a.number, a.ratings.take(), RatedFrom::Receipt);
                            // At a kiosk in the hall: a queue number that carries it.
                            // At a kiosk in the hall: a queue number that carries it;
                            // elsewhere, a time at the hall booked for it.
                            let queue = if crate::visit::use_visit().kiosk.is_some() {
                                view! {
                                    <p class="no-print"><a class="button primary" href=crate::urls::queue_for(&a.number) data-testid="queue-for">{crate::i18n::QueueMsg::TakeFor.get(lang)}</a></p>
                                }.into_any()
                            } else {
                                view! {
                                    <p class="no-print"><a href=format!("{}?application={}", crate::urls::QUEUE_BOOK, a.number) data-testid="book-for">{crate::i18n::QueueMsg::BookEntry.get(lang)}</a></p>
                                }.into_any()
                            };
                            let card = view! { <ApplicationCard app=a progress_link=true/> }.into_any();
                            view! {
                                <Page title=Msg::ReceiptHeading.get(lang) interactive=true>
                                    <p class="lead">{Msg::ReceiptIntro.get(lang)}</p>
                                    {card}
                                    <p class="no-print">
                                        <PrintButton label=Msg::PrintReceipt.get(lang).to_string()/>
                                    </p>
                                    {queue}
                                    {ratings}
                                </Page>
                            }.into_any()
                        }
                        Ok(mut a) => {
                            let receipt = crate::urls::receipt(&a.number);
                            let notice = a.notice.take().map(|notice| view! {
                                <section class="notice-for-you" aria-labelledby="notice-for-you">
                                    <h2 id="notice-for-you">{crate::i18n::StaffMsg::NoticeForYou.get(lang)}</h2>
                                    <crate::pages::staff::notice::NoticeDocument notice/>
                                </section>
                            });
                            let review = (!a.review.is_empty()).then(|| {
                                use crate::i18n::ReviewMsg;
                                use crate::pages::staff::review::{review_notice, steps_list};
                                view! {
                                    <section class="review-progress" aria-labelledby="review-progress">
                                        <h2 id="review-progress">{ReviewMsg::ProgressHeading.get(lang)}</h2>
                                        <p class="hint">{ReviewMsg::ProgressHelp.get(lang)}</p>
                                        {steps_list(lang, &a.review)}
                                        {a.review_notice.as_ref().map(|n| review_notice(lang, n))}
                                    </section>
                                }.into_any()
                            });
                            // 补正 by upload, for the proven applicant.
                            let corrections = a.corrections.take().map(|(slots, per_file)| {
                                use crate::i18n::FileMsg;
                                let error = crate::pages::staff::posted_form().map(|p| {
                                    crate::components::layout::set_status(p.error.status());
                                    crate::components::material_slots::SlotError {
                                        material: p.pairs.iter().find(|(k, _)| k == "material").map(|(_, v)| v.clone()).unwrap_or_default(),
                                        error: p.error,
                                    }
                                });
                                let number = a.number.clone();
                                let upload = move |key: &str| crate::urls::correction_upload(&number, key);
                                view! {
                                    <section class="corrections" id="corrections" aria-labelledby="corrections-heading">
                                        <h2 id="corrections-heading">{FileMsg::CorrectionsHeading.get(lang)}</h2>
                                        <p>{FileMsg::CorrectionsIntro.get(lang)}</p>
                                        {added.map(|n| view! { <p class="notice success" role="status" data-testid="flash">{FileMsg::Added.with_n(lang, n)}</p> })}
                                        {crate::components::material_slots::material_slots(lang, slots, false, per_file, error, &upload, &|_| String::new())}
                                        <script type="module" src=crate::urls::UPLOADER_SCRIPT></script>
                                    </section>
                                }.into_any()
                            });
                            // The pickup pass's print button is an island.
                            let collect = a.collect.take();
                            let interactive = collect.as_ref().is_some_and(|c| c.pass.is_some());
                            let collect = collect.and_then(|c| crate::pages::collect::collect_section(lang, c));
                            let messages = messages_section(lang, std::mem::take(&mut a.messages)).map(IntoAny::into_any);
                            let ratings = crate::pages::ratings::ratings_section(
                                lang, &a.number, a.ratings.take(), crate::pages::ratings::RatedFrom::Progress,
                            );
                            let card = view! { <ApplicationCard app=a/> }.into_any();
                            view! {
                                <Page title=Msg::TrackHeading.get(lang) interactive>
                                    {card}
                                    {review}
                                    {notice}
                                    {corrections}
                                    {collect}
                                    {messages}
                                    {ratings}
                                    <p class="no-print"><a class="button" href=receipt>{Msg::ViewReceipt.get(lang)}</a></p>
                                </Page>
                            }.into_any()
                        }
                        Err(e) => view! {
                            <Page title=Msg::TrackHeading.get(lang)>{super::error_notice(&e, Msg::TrackNotFound)}</Page>
                        }.into_any(),
            },
        )}
    }
}

/// 网端推送 as kept: what the applicant was told at each step, newest
/// first, and how its SMS fared.
pub(crate) fn messages_section(
    lang: crate::i18n::Lang,
    messages: Vec<crate::models::MessageView>,
) -> Option<impl IntoView> {
    use crate::models::SmsState;
    (!messages.is_empty()).then(|| {
        let items = messages
            .into_iter()
            .rev()
            .map(|m| {
                let sms = m.sms.map(|(state, to)| {
                    let (class, msg) = match state {
                        SmsState::Sent => ("sms sent", Msg::MessageSent),
                        SmsState::Pending => ("sms pending", Msg::MessagePending),
                        SmsState::Failed => ("sms failed", Msg::MessageFailed),
                    };
                    view! { <p class=class>{msg.with_n(lang, to)}</p> }
                });
                view! {
                    <li>
                        <p class="when"><time>{m.at}</time></p>
                        <p>{m.text.get(lang).to_string()}</p>
                        {sms}
                    </li>
                }
            })
            .collect::<Vec<_>>();
        view! {
            <section class="messages" aria-labelledby="messages-heading" data-testid="messages">
                <h2 id="messages-heading">{Msg::MessagesHeading.get(lang)}</h2>
                <p class="hint">{Msg::MessagesHelp.get(lang)}</p>
                <ol class="message-list">{items}</ol>
            </section>
        }
    })
}
