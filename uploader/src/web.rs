//! The materials page with JS: each upload form sends its files one per
//! request (XHR, for upload progress), each with a progress bar, a cancel
//! and a retry; photos are checked first (dark, blurred, small: the
//! citizen may send them anyway) and scaled down; when files arrive the
//! list of slots is fetched again and swapped in place. On a kiosk showing
//! an upload-by-phone code, server-sent events say when the phone has
//! added files. Without this script the same forms post as they are.

use crate::{check_photo, scaled_size, PhotoWarning, CHECK_SIDE, LONGEST_SIDE};
use gloo_events::{EventListener, EventListenerOptions};
use js_sys::{Promise, Reflect, JSON};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Blob, CanvasRenderingContext2d, Document, DomParser, Element, EventSource, File, FormData,
    HtmlButtonElement, HtmlCanvasElement, HtmlElement, HtmlFormElement, HtmlInputElement,
    HtmlProgressElement, ImageBitmap, ProgressEvent, SupportedType, XmlHttpRequest,
};

/// Photos larger than this are re-encoded even when small enough in pixels.
const REENCODE_ABOVE_BYTES: f64 = 1.5 * 1024.0 * 1024.0;
const JPEG_QUALITY: f64 = 0.85;
const SLOTS: &str = "[data-testid=slots]";

fn doc() -> Option<Document> {
    web_sys::window()?.document()
}

/// A text of the page's language, as the server wrote it on the list
/// (`data-t-<key>`).
fn text(key: &str) -> String {
    doc()
        .and_then(|d| d.query_selector(SLOTS).ok().flatten())
        .and_then(|e| e.get_attribute(&format!("data-t-{key}")))
        .unwrap_or_default()
}

fn element(tag: &str, class: &str) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = doc()
        .ok_or("no document")?
        .create_element(tag)?
        .dyn_into()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

fn button(label: &str) -> Result<HtmlButtonElement, JsValue> {
    let b: HtmlButtonElement = element("button", "secondary")?.dyn_into()?;
    b.set_type("button");
    b.set_text_content(Some(label));
    Ok(b)
}

/// Resolves with the value of the first of `choices` clicked.
async fn choose(place: &HtmlElement, choices: &[(&str, &'static str)]) -> &'static str {
    let buttons: Vec<(HtmlButtonElement, &'static str)> = choices
        .iter()
        .filter_map(|(label, value)| button(label).ok().map(|b| (b, *value)))
        .collect();
    let picked = Rc::new(Cell::new(""));
    // Held until a choice is made; dropping them removes the listeners.
    let mut listeners = Vec::with_capacity(buttons.len());
    let promise = Promise::new(&mut |resolve, _| {
        for (b, value) in &buttons {
            let resolve = resolve.clone();
            let picked = picked.clone();
            let value = *value;
            listeners.push(EventListener::once(b, "click", move |_| {
                picked.set(value);
                let _ = resolve.call0(&JsValue::NULL);
            }));
            let _ = place.append_child(b);
        }
    });
    let _ = JsFuture::from(promise).await;
    drop(listeners);
    place.set_inner_html("");
    picked.get()
}

/// The photo's warning (at check size) and, when it is large, a smaller
/// JPEG to send instead.
async fn prepare_photo(file: &File) -> Result<(Option<PhotoWarning>, Option<Blob>), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(file)?)
        .await?
        .dyn_into()?;
    let (w, h) = (bitmap.width(), bitmap.height());
    let draw = |cw: u32,
                ch: u32|
     -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), JsValue> {
        let canvas: HtmlCanvasElement = doc()
            .ok_or("no document")?
            .create_element("canvas")?
            .dyn_into()?;
        canvas.set_width(cw);
        canvas.set_height(ch);
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d")?.ok_or("no 2d")?.dyn_into()?;
        ctx.draw_image_with_image_bitmap_and_dw_and_dh(
            &bitmap,
            0.0,
            0.0,
            f64::from(cw),
            f64::from(ch),
        )?;
        Ok((canvas, ctx))
    };
    let (cw, ch) = scaled_size(w, h, CHECK_SIDE);
    let (_, ctx) = draw(cw, ch)?;
    let pixels = ctx
        .get_image_data(0.0, 0.0, f64::from(cw), f64::from(ch))?
        .data();
    let warning = check_photo((w, h), cw as usize, ch as usize, &pixels);
    if w.max(h) <= LONGEST_SIDE && file.size() <= REENCODE_ABOVE_BYTES {
        return Ok((warning, None));
    }
    let (sw, sh) = scaled_size(w, h, LONGEST_SIDE);
    let (canvas, _) = draw(sw, sh)?;
    let blob = Rc::new(std::cell::RefCell::new(None::<Blob>));
    let promise = {
        let blob = blob.clone();
        Promise::new(&mut |resolve, _| {
            let blob = blob.clone();
            let done = Closure::once_into_js(move |b: JsValue| {
                *blob.borrow_mut() = b.dyn_into::<Blob>().ok();
                let _ = resolve.call0(&JsValue::NULL);
            });
            let _ = canvas.to_blob_with_type_and_encoder_options(
                done.unchecked_ref(),
                "image/jpeg",
                &JsValue::from_f64(JPEG_QUALITY),
            );
        })
    };
    JsFuture::from(promise).await?;
    let smaller = blob.borrow_mut().take();
    Ok((warning, smaller))
}

enum Sent {
    Done,
    Cancelled,
    Failed(String),
}

/// One file in one request, with its progress shown; `cancel` aborts it.
async fn send(
    action: &str,
    blob: &Blob,
    name: &str,
    progress: &HtmlProgressElement,
    cancel: &HtmlButtonElement,
) -> Result<Sent, JsValue> {
    let xhr = XmlHttpRequest::new()?;
    xhr.open("POST", action)?;
    xhr.set_request_header("Accept", "application/json")?;
    let form = FormData::new()?;
    form.append_with_blob_and_filename("file", blob, name)?;
    let bar = progress.clone();
    // Both listeners live for this request and are removed when dropped.
    let upload = xhr.upload()?;
    let on_progress = EventListener::new(&upload, "progress", move |e| {
        if let Some(e) = e.dyn_ref::<ProgressEvent>() {
            if e.length_computable() && e.total() > 0.0 {
                bar.set_value(100.0 * e.loaded() / e.total());
            }
        }
    });
    let aborted = Rc::new(Cell::new(false));
    let on_cancel = {
        let (xhr, aborted) = (xhr.clone(), aborted.clone());
        EventListener::new(cancel, "click", move |_| {
            aborted.set(true);
            let _ = xhr.abort();
        })
    };
    let ended = Promise::new(&mut |resolve, _| {
        xhr.set_onloadend(Some(resolve.unchecked_ref()));
    });
    xhr.send_with_opt_form_data(Some(&form))?;
    JsFuture::from(ended).await?;
    drop((on_progress, on_cancel));
    if aborted.get() {
        return Ok(Sent::Cancelled);
    }
    let status = xhr.status()?;
    if status == 200 {
        progress.set_value(100.0);
        return Ok(Sent::Done);
    }
    let message = xhr
        .response_text()
        .ok()
        .flatten()
        .and_then(|t| JSON::parse(&t).ok())
        .and_then(|j| Reflect::get(&j, &"error".into()).ok())
        .and_then(|e| e.as_string())
        .unwrap_or_else(|| text("failed"));
    Ok(Sent::Failed(message))
}

/// One file of a form: its row, the photo check and scaling, the upload
/// with cancel and retry. `true` once the file is in.
async fn upload_file(form: &HtmlFormElement, log: &Element, file: File) -> Result<bool, JsValue> {
    let row = element("li", "upload-row")?;
    row.set_attribute("data-testid", "upload-row")?;
    let name_el = element("span", "upload-name")?;
    name_el.set_text_content(Some(&file.name()));
    let progress: HtmlProgressElement = element("progress", "")?.dyn_into()?;
    progress.set_max(100.0);
    progress.set_value(0.0);
    progress.set_attribute(
        "aria-label",
        &format!("{} {}", text("progress"), file.name()),
    )?;
    let status = element("span", "upload-status")?;
    let actions = element("span", "upload-actions")?;
    for part in [
        &name_el,
        progress.unchecked_ref::<HtmlElement>(),
        &status,
        &actions,
    ] {
        row.append_child(part)?;
    }
    log.append_child(&row)?;

    let mut blob: Blob = file.clone().into();
    let mut name = file.name();
    if file.type_().starts_with("image/") {
        status.set_text_content(Some(&text("preparing")));
        // A photo the browser cannot decode goes as it is: the server decides.
        let clock = web_sys::window().and_then(|w| w.performance());
        let started = clock.as_ref().map_or(0.0, |p| p.now());
        let prepared = prepare_photo(&file).await;
        // What the check and scaling cost, for measurements (BENCHMARKS).
        if let Some(p) = &clock {
            row.set_attribute(
                "data-prepare-ms",
                &((p.now() - started).max(0.0) as u32).to_string(),
            )?;
        }
        if let Ok((warning, smaller)) = prepared {
            if let Some(w) = warning {
                let key = match w {
                    PhotoWarning::TooDark => "dark",
                    PhotoWarning::TooBlurred => "blurred",
                    PhotoWarning::TooSmall => "small",
                };
                status.set_text_content(Some(&text(key)));
                row.class_list().add_1("warning")?;
                let picked = choose(
                    &actions,
                    &[(&text("anyway"), "send"), (&text("retake"), "retake")],
                )
                .await;
                row.class_list().remove_1("warning")?;
                if picked == "retake" {
                    row.remove();
                    // Back to the camera (or the file chooser).
                    if let Ok(Some(input)) = form.query_selector("input[capture], input[type=file]")
                    {
                        if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
                            let _ = input.focus();
                        }
                    }
                    return Ok(false);
                }
            }
            if let Some(smaller) = smaller {
                blob = smaller;
                let stem = name
                    .rsplit_once('.')
                    .map_or(name.as_str(), |(s, _)| s)
                    .to_string();
                name = format!("{stem}.jpg");
            }
        }
    }
    loop {
        status.set_text_content(Some(&text("uploading")));
        let cancel = button(&text("cancel"))?;
        actions.append_child(&cancel)?;
        let sent = send(&form.action(), &blob, &name, &progress, &cancel).await?;
        actions.set_inner_html("");
        match sent {
            Sent::Done => {
                status.set_text_content(Some(&text("done")));
                row.class_list().add_1("done")?;
                return Ok(true);
            }
            Sent::Cancelled => status.set_text_content(Some(&text("cancelled"))),
            Sent::Failed(message) => {
                status.set_text_content(Some(&message));
                row.class_list().add_1("failed")?;
            }
        }
        let picked = choose(
            &actions,
            &[(&text("retry"), "retry"), (&text("remove"), "drop")],
        )
        .await;
        row.class_list().remove_1("failed")?;
        progress.set_value(0.0);
        if picked == "drop" {
            row.remove();
            return Ok(false);
        }
    }
}

async fn upload_form(form: HtmlFormElement) -> Result<(), JsValue> {
    let inputs = form.query_selector_all("input[type=file]")?;
    let mut files = Vec::new();
    for i in 0..inputs.length() {
        let Some(input) = inputs
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
        else {
            continue;
        };
        if let Some(list) = input.files() {
            files.extend((0..list.length()).filter_map(|j| list.get(j)));
        }
        input.set_value("");
    }
    if files.is_empty() {
        // The server says what is missing, as without JS.
        form.submit()?;
        return Ok(());
    }
    let log = form
        .query_selector(".upload-progress")?
        .ok_or("no progress list")?;
    let mut any = false;
    for file in files {
        any |= upload_file(&form, &log, file).await?;
    }
    if any {
        refresh_slots().await?;
    }
    Ok(())
}

/// The list of slots again from the server, swapped in place; the rows of
/// uploads stay where they were.
async fn refresh_slots() -> Result<(), JsValue> {
    let document = doc().ok_or("no document")?;
    let href = web_sys::window().ok_or("no window")?.location().href()?;
    let xhr = XmlHttpRequest::new()?;
    xhr.open("GET", &href)?;
    let ended = Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(resolve.unchecked_ref())));
    xhr.send()?;
    JsFuture::from(ended).await?;
    if xhr.status()? != 200 {
        return Ok(());
    }
    let html = xhr.response_text()?.unwrap_or_default();
    let fresh = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
    let (Some(new), Some(old)) = (
        fresh.query_selector(SLOTS)?,
        document.query_selector(SLOTS)?,
    ) else {
        return Ok(());
    };
    // Keep each form's upload rows.
    let logs = old.query_selector_all("form[data-upload]")?;
    let mut kept = Vec::new();
    for i in 0..logs.length() {
        if let Some(form) = logs.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            if let (Some(key), Some(log)) = (
                form.get_attribute("data-upload"),
                form.query_selector(".upload-progress")?,
            ) {
                kept.push((key, log));
            }
        }
    }
    old.replace_with_with_node_1(&new)?;
    for (key, log) in kept {
        if let Some(place) =
            new.query_selector(&format!("form[data-upload=\"{key}\"] .upload-progress"))?
        {
            while let Some(child) = log.first_child() {
                place.append_child(&child)?;
            }
        }
    }
    bind_forms();
    Ok(())
}

fn bind_forms() {
    let Some(document) = doc() else { return };
    let Ok(forms) = document.query_selector_all("form.upload-form") else {
        return;
    };
    for i in 0..forms.length() {
        let Some(form) = forms
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlFormElement>().ok())
        else {
            continue;
        };
        if form.has_attribute("data-bound") {
            continue;
        }
        let _ = form.set_attribute("data-bound", "");
        let target = form.clone();
        let options = EventListenerOptions::enable_prevent_default();
        EventListener::new_with_options(&form, "submit", options, move |e| {
            e.prevent_default();
            let form = target.clone();
            spawn_local(async move {
                if let Err(e) = upload_form(form).await {
                    web_sys::console::warn_2(&"upload failed".into(), &e);
                }
            });
        })
        // The form lives as long as the page.
        .forget();
    }
}

/// A kiosk showing an upload-by-phone code: new files arrive as events.
fn listen_for_files() {
    let Some(link) = doc().and_then(|d| d.query_selector("a[data-events]").ok().flatten()) else {
        return;
    };
    let Some(url) = link.get_attribute("data-events") else {
        return;
    };
    let Ok(source) = EventSource::new(&url) else {
        return;
    };
    EventListener::new(&source, "files", move |_| {
        spawn_local(async {
            let _ = refresh_slots().await;
        });
    })
    // Listened to, and kept open, for the page's life.
    .forget();
    std::mem::forget(source);
}

#[wasm_bindgen]
pub fn start() {
    bind_forms();
    listen_for_files();
}
