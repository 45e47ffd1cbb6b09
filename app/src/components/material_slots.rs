//! 申请材料 as slots: each material with its state, its files and a plain
//! multipart form to add more (camera or files). Works without JS; with
//! it, the uploader (`/uploader/`) takes over the forms to scale photos,
//! warn about dark or blurred ones and show each file's progress.

use crate::api::{FileView, SlotState, SlotView};
use crate::components::materials::{hand_in, requirement};
use crate::errors::AppError;
use crate::i18n::{file_problem_text, file_types_text, FileMsg, Lang, Msg};
use leptos::prelude::*;

/// Bytes as a person reads them: "850 KB", "4.2 MB".
pub fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

pub fn state_text(state: SlotState, lang: Lang) -> String {
    match state {
        SlotState::Uploaded(n) => FileMsg::SlotUploaded.with_n(lang, n),
        SlotState::AtWindow => FileMsg::SlotAtWindow.get(lang).to_string(),
        SlotState::Missing => FileMsg::SlotMissing.get(lang).to_string(),
        SlotState::Optional => FileMsg::SlotOptional.get(lang).to_string(),
        SlotState::SuppliedByHall => FileMsg::SlotSupplied.get(lang).to_string(),
    }
}

fn state_class(state: SlotState) -> &'static str {
    match state {
        SlotState::Uploaded(_) => "slot-state uploaded",
        SlotState::AtWindow => "slot-state at-window",
        SlotState::Missing => "slot-state missing",
        SlotState::Optional => "slot-state optional",
        SlotState::SuppliedByHall => "slot-state uploaded",
    }
}

/// The problem of the last post, when it was about this material.
pub struct SlotError {
    pub material: String,
    pub error: AppError,
}

/// What an upload's refusal says, on the page and to the uploader script.
pub fn upload_error_text(lang: Lang, e: &AppError) -> String {
    match e {
        AppError::FileRefused { name, problem } => {
            let what = file_problem_text(lang, problem);
            if name.is_empty() {
                what
            } else {
                format!(
                    "{}{what}",
                    FileMsg::ProblemIn.get(lang).replace("{name}", name)
                )
            }
        }
        AppError::NoSuchSlot => FileMsg::NoSuchSlot.get(lang).to_string(),
        AppError::HandoffGone => FileMsg::HandoffGone.get(lang).to_string(),
        AppError::HandoffTaken => FileMsg::HandoffTaken.get(lang).to_string(),
        // "195 seconds" is hard to picture; minutes past a minute and a half.
        AppError::UploadsPaused { wait } if *wait > 90 => {
            FileMsg::UploadsPausedMinutes.with_n(lang, wait.div_ceil(60))
        }
        AppError::UploadsPaused { wait } => FileMsg::UploadsPaused.with_n(lang, wait),
        AppError::NotHeldHere | AppError::NotFound | AppError::AlreadySubmitted(_) => {
            crate::i18n::Msg::DraftHeldElsewhere.get(lang).to_string()
        }
        _ => crate::i18n::FormMsg::ServiceUnavailable
            .get(lang)
            .to_string(),
    }
}

/// The files of one slot, each openable and (when `remove` gives an
/// address) removable.
pub fn file_list(
    lang: Lang,
    files: &[FileView],
    remove: Option<&dyn Fn(&str) -> String>,
) -> AnyView {
    if files.is_empty() {
        return ().into_any();
    }
    let rows = files
        .iter()
        .map(|f| {
            let name = if f.name.is_empty() {
                FileMsg::Unnamed.get(lang).to_string()
            } else {
                f.name.clone()
            };
            let remove = remove.map(|r| r(&f.id)).filter(|to| !to.is_empty()).map(|to| {
                let label = format!("{} {name}", FileMsg::RemoveNamed.get(lang));
                view! {
                    <form method="post" action=to class="inline-form">
                        <button type="submit" class="link-button" aria-label=label>{FileMsg::Remove.get(lang)}</button>
                    </form>
                }
            });
            view! {
                <li class="file" data-testid="file">
                    {if f.href.is_empty() {
                        view! { <span class="file-name">{name.clone()}</span> }.into_any()
                    } else {
                        view! { <a href=f.href.clone() target="_blank" rel="noopener">{name.clone()}</a> }.into_any()
                    }}
                    <span class="file-meta">{format!("{} · {}", f.kind.extension().to_ascii_uppercase(), size_text(f.bytes))}</span>
                    {remove}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="files" aria-label=FileMsg::FileTable.get(lang)>{rows}</ul> }.into_any()
}

/// Every slot of a draft: `upload(key)` and `remove(file)` give the
/// addresses its forms post to.
#[allow(clippy::too_many_arguments)]
pub fn material_slots(
    lang: Lang,
    slots: Vec<SlotView>,
    several_matters: bool,
    bytes_per_file: u64,
    error: Option<SlotError>,
    upload: &dyn Fn(&str) -> String,
    remove: &dyn Fn(&str) -> String,
) -> AnyView {
    let mb = bytes_per_file / (1024 * 1024);
    let items = slots
        .into_iter()
        .map(|slot| {
            let m = &slot.material;
            let key = m.key.as_str().to_string();
            let heading_id = format!("m-{key}-name");
            let input_id = format!("m-{key}-file");
            let camera_id = format!("m-{key}-camera");
            let hint_id = format!("m-{key}-hint");
            let error = error
                .as_ref()
                .filter(|e| e.material == key)
                .map(|e| upload_error_text(lang, &e.error));
            let has_error = error.is_some();
            let error_id = format!("m-{key}-error");
            let accept = m
                .file_types
                .iter()
                .map(|t| t.mime())
                .collect::<Vec<_>>()
                .join(",");
            let takes_images = m.file_types.iter().any(|t| t.is_image());
            let details: Vec<String> = requirement(m, lang)
                .into_iter()
                .chain(hand_in(m, lang))
                .collect();
            let needed_by = (several_matters && !slot.needed_by.is_empty()).then(|| {
                let names: Vec<&str> = slot.needed_by.iter().map(|n| n.get(lang)).collect();
                format!("{}: {}", Msg::NeededBy.get(lang), names.join("、"))
            });
            let hint = FileMsg::Allowed
                .with_n(lang, mb)
                .replace("{types}", &file_types_text(lang, &m.file_types));
            let described = if has_error {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            };
            view! {
                <li class="slot" id=format!("m-{key}") data-slot=key.clone() class:has-error=has_error>
                    <div class="slot-head">
                        <h2 id=heading_id.clone()>{m.name.get(lang).to_string()}</h2>
                        <span class=state_class(slot.state) data-testid="slot-state">{state_text(slot.state, lang)}</span>
                    </div>
                    <p class="slot-details">{details.join(" · ")}</p>
                    {needed_by.map(|t| view! { <p class="slot-details">{t}</p> })}
                    {m.note.as_ref().map(|n| view! { <p class="note">{n.get(lang).to_string()}</p> })}
                    {m.template.clone().map(|t| view! { <p><a href=t>{Msg::Template.get(lang)}</a></p> })}
                    {slot.supplied.clone().map(|href| view! {
                        <p class="supplied" data-testid="supplied">{FileMsg::SuppliedIntro.get(lang)} " " <a href=href>{FileMsg::SuppliedLink.get(lang)}</a></p>
                    })}
                    {file_list(lang, &slot.files, Some(remove))}
                    {error.map(|e| view! { <p class="field-error" id=error_id.clone() role="alert">{e}</p> })}
                    {(slot.supplied.is_none()).then(|| view! {
                    <form method="post" enctype="multipart/form-data" action=upload(&key)
                        class="upload-form" data-upload=key.clone() aria-labelledby=heading_id>
                        <div class="upload-pickers">
                            <div class="picker">
                                <label for=input_id.clone()>{FileMsg::ChooseFiles.get(lang)}</label>
                                <input type="file" id=input_id.clone() name="file" multiple accept=accept
                                    aria-describedby=described.clone() aria-invalid=has_error.then_some("true")/>
                            </div>
                            {takes_images.then(|| view! {
                                <div class="picker camera">
                                    <label for=camera_id.clone()>{FileMsg::TakePhoto.get(lang)}</label>
                                    <input type="file" id=camera_id.clone() name="file" accept="image/*" capture="environment"
                                        aria-describedby=described.clone()/>
                                </div>
                            })}
                        </div>
                        <p class="hint" id=hint_id>{hint}</p>
                        <button type="submit" class="secondary" data-testid="upload">{FileMsg::Upload.get(lang)}</button>
                        <ul class="upload-progress" aria-live="polite"></ul>
                    </form>
                    })}
                </li>
            }
        })
        .collect_view();
    // The uploader's texts in the page's language (it carries none).
    let t = |m: FileMsg| m.get(lang);
    view! {
        <ul class="slots" data-testid="slots"
            data-t-preparing=t(FileMsg::Preparing) data-t-uploading=t(FileMsg::Uploading)
            data-t-done=t(FileMsg::Done) data-t-failed=t(FileMsg::Failed)
            data-t-cancelled=t(FileMsg::Cancelled) data-t-cancel=t(FileMsg::Cancel)
            data-t-retry=t(FileMsg::Retry) data-t-remove=t(FileMsg::Remove)
            data-t-dark=t(FileMsg::TooDark) data-t-blurred=t(FileMsg::TooBlurred)
            data-t-small=t(FileMsg::TooSmall) data-t-anyway=t(FileMsg::SendAnyway)
            data-t-retake=t(FileMsg::Retake) data-t-progress=t(FileMsg::Progress)>
            {items}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limited_upload_says_when_in_seconds_or_minutes() {
        let wait = |wait| upload_error_text(Lang::En, &AppError::UploadsPaused { wait });
        assert!(wait(1).contains("Try again in 1 second;"), "{}", wait(1));
        assert!(
            wait(90).contains("Try again in 90 seconds;"),
            "{}",
            wait(90)
        );
        assert!(wait(91).contains("Try again in 2 minutes;"), "{}", wait(91));
        let zh = upload_error_text(Lang::ZhCn, &AppError::UploadsPaused { wait: 195 });
        assert!(zh.contains("请 4 分钟后再试"), "{zh}");
    }
}
