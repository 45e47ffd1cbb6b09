//! 扫码上传: the phone's page for a kiosk's draft, opened from the QR the
//! kiosk shows. It lists the draft's materials (what was sent, not the
//! files themselves: those stay with the kiosk's visit and the desk) and
//! posts each file to `/upload/{token}/{key}`.

use crate::api::get_phone_upload;
use crate::components::layout::{set_status, Notice, Page};
use crate::components::material_slots::{material_slots, SlotError};
use crate::errors::AppError;
use crate::i18n::{use_lang, FileMsg};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PhoneUploadPage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let added: Option<u32> = use_query_map()
        .read_untracked()
        .get("added")
        .and_then(|n| n.parse().ok());
    view! {
        {super::awaited(move || get_phone_upload(token.clone()), move |handoff| match handoff {
                        Ok(v) => {
                            let error = crate::pages::staff::posted_form().map(|p| {
                                set_status(p.error.status());
                                SlotError {
                                    material: p
                                        .pairs
                                        .iter()
                                        .find(|(k, _)| k == "material")
                                        .map(|(_, v)| v.clone())
                                        .unwrap_or_default(),
                                    error: p.error,
                                }
                            });
                            let token = v.token.clone();
                            let upload = move |key: &str| format!("{}/{key}", crate::urls::handoff(&token));
                            view! {
                                <Page title=FileMsg::HandoffPhoneHeading.get(lang)>
                                    <p class="lead">{v.name.get(lang).to_string()}</p>
                                    <p>{FileMsg::HandoffPhoneIntro.get(lang)} " " {format!("{} {}", FileMsg::ValidUntil.get(lang), v.until)}</p>
                                    {added.map(|n| view! { <p class="notice success" role="status" data-testid="flash">{FileMsg::Added.with_n(lang, n)}</p> })}
                                    {material_slots(lang, v.slots, false, v.bytes_per_file, error, &upload, &|_| String::new())}
                                    <script type="module" src=crate::urls::UPLOADER_SCRIPT></script>
                                </Page>
                            }
                            .into_any()
                        }
                        Err(e) => {
                            set_status(e.status());
                            let text = match e {
                                AppError::HandoffTaken => FileMsg::HandoffTaken,
                                _ => FileMsg::HandoffGone,
                            };
                            view! {
                                <Page title=FileMsg::HandoffPhoneHeading.get(lang)>
                                    <Notice text=text.get(lang).to_string() back_home=true/>
                                </Page>
                            }
                            .into_any()
                        }
        })}
    }
}
