//! The scanner page's camera: `getUserMedia` into a `<video>`, a frame
//! every ~80 ms drawn onto a canvas, decoded by the browser's own
//! `BarcodeDetector` where it has one (web-sys has no binding: the extern
//! below), otherwise by [`crate::decode_luma`] here in WASM. The first
//! pickup code found goes into the scan field and submits its form — the
//! same post a USB scanner or typed digits make.

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlInputElement, HtmlVideoElement,
    MediaStream, MediaStreamConstraints, MediaStreamTrack,
};

#[wasm_bindgen]
extern "C" {
    /// The Shape Detection API's detector (Chromium on Android, ChromeOS,
    /// macOS; not on Linux desktops).
    type BarcodeDetector;
    #[wasm_bindgen(constructor, catch)]
    fn new(options: &JsValue) -> Result<BarcodeDetector, JsValue>;
    #[wasm_bindgen(method)]
    fn detect(this: &BarcodeDetector, source: &JsValue) -> Promise;
}

/// Frames are this size (what the decoder is measured on).
const WIDTH: u32 = 640;
const HEIGHT: u32 = 480;
const EVERY_MS: u32 = 80;

/// One RGBA frame, every retry (measurements in a browser).
#[wasm_bindgen(js_name = decodeRgba)]
pub fn decode_rgba(width: u32, height: u32, rgba: &[u8]) -> Option<String> {
    let luma = crate::luma_of_rgba(rgba);
    crate::decode_luma(&crate::Luma {
        width: width as usize,
        height: height as usize,
        pixels: &luma,
    })
}

fn by_id<T: JsCast>(id: &str) -> Result<T, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .ok_or_else(|| JsValue::from_str(&format!("#{id} missing")))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("#{id} is not the expected element")))
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

fn detector() -> Option<BarcodeDetector> {
    let global = js_sys::global();
    if !Reflect::has(&global, &JsValue::from_str("BarcodeDetector")).unwrap_or(false) {
        return None;
    }
    let options = Object::new();
    let formats = Array::of1(&JsValue::from_str("qr_code"));
    Reflect::set(&options, &"formats".into(), &formats).ok()?;
    BarcodeDetector::new(&options).ok()
}

async fn detect_with(detector: &BarcodeDetector, canvas: &HtmlCanvasElement) -> Option<String> {
    let found = JsFuture::from(detector.detect(canvas)).await.ok()?;
    let first = Array::from(&found).get(0);
    Reflect::get(&first, &"rawValue".into()).ok()?.as_string()
}

fn say(status: &HtmlElement, attribute: &str) {
    if let Some(text) = status.get_attribute(attribute) {
        status.set_text_content(Some(&text));
    }
}

/// Starts the camera into `#video_id` and watches for a pickup code;
/// puts it into `#field_id` and submits that field's form; returns what it
/// took (decoder, frames, mean decode time, time to the result). `#status_id`
/// carries the page's texts (`data-on`, `data-denied`, `data-found`) in
/// its language.
#[wasm_bindgen]
pub async fn start(
    video_id: String,
    field_id: String,
    status_id: String,
) -> Result<JsValue, JsValue> {
    // A panic (a decoder bug on some frame) says where in the console.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("scanner panicked: {info}")));
    }));
    let video: HtmlVideoElement = by_id(&video_id)?;
    let field: HtmlInputElement = by_id(&field_id)?;
    let status: HtmlElement = by_id(&status_id)?;
    let window = web_sys::window().ok_or("no window")?;
    let devices = window.navigator().media_devices()?;
    let constraints = MediaStreamConstraints::new();
    let wanted = Object::new();
    Reflect::set(&wanted, &"facingMode".into(), &"environment".into())?;
    Reflect::set(&wanted, &"width".into(), &JsValue::from(WIDTH))?;
    Reflect::set(&wanted, &"height".into(), &JsValue::from(HEIGHT))?;
    constraints.set_video(&wanted);
    let stream: MediaStream =
        match JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await {
            Ok(s) => s.dyn_into()?,
            Err(e) => {
                say(&status, "data-denied");
                return Err(e);
            }
        };
    video.set_muted(true);
    video.set_attribute("playsinline", "")?;
    video.set_src_object(Some(&stream));
    JsFuture::from(video.play()?).await?;
    say(&status, "data-on");

    let canvas: HtmlCanvasElement = window
        .document()
        .ok_or("no document")?
        .create_element("canvas")?
        .dyn_into()?;
    canvas.set_width(WIDTH);
    canvas.set_height(HEIGHT);
    let options = Object::new();
    Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE)?;
    let context: CanvasRenderingContext2d = canvas
        .get_context_with_context_options("2d", &options)?
        .ok_or("no 2d context")?
        .dyn_into()?;
    let detector = detector();
    status.set_attribute(
        "data-decoder",
        if detector.is_some() {
            "BarcodeDetector"
        } else {
            "wasm"
        },
    )?;
    let performance = window.performance();
    let started = performance.as_ref().map_or(0.0, |p| p.now());
    let (mut frames, mut decoding) = (0u32, 0f64);
    loop {
        sleep(EVERY_MS).await;
        if video.ready_state() < 2 {
            continue;
        }
        context.draw_image_with_html_video_element_and_dw_and_dh(
            &video,
            0.0,
            0.0,
            f64::from(WIDTH),
            f64::from(HEIGHT),
        )?;
        let before = performance.as_ref().map_or(0.0, |p| p.now());
        let text = match &detector {
            Some(d) => detect_with(d, &canvas).await,
            None => {
                let data = context.get_image_data(0.0, 0.0, f64::from(WIDTH), f64::from(HEIGHT))?;
                let luma = crate::luma_of_rgba(&data.data());
                crate::decode_luma_turn(
                    &crate::Luma {
                        width: WIDTH as usize,
                        height: HEIGHT as usize,
                        pixels: &luma,
                    },
                    frames as usize,
                )
            }
        };
        let now = performance.as_ref().map_or(0.0, |p| p.now());
        frames += 1;
        decoding += now - before;
        // What the page (and its tests) can read: frames tried, mean
        // decode time, time from the camera's start to the result.
        status.set_attribute("data-frames", &frames.to_string())?;
        status.set_attribute(
            "data-decode-ms",
            &format!("{:.2}", decoding / f64::from(frames)),
        )?;
        let Some(text) = text.filter(|t| looks_like_pickup(t)) else {
            continue;
        };
        status.set_attribute("data-found-ms", &format!("{:.0}", now - started))?;
        say(&status, "data-found");
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                track.stop();
            }
        }
        field.set_value(&text);
        if let Some(form) = field.form() {
            form.request_submit()?;
        }
        // What it took, for the page's log (and the measurements).
        let took = Object::new();
        Reflect::set(
            &took,
            &"decoder".into(),
            &status.get_attribute("data-decoder").into(),
        )?;
        Reflect::set(&took, &"frames".into(), &JsValue::from(frames))?;
        Reflect::set(
            &took,
            &"decodeMs".into(),
            &JsValue::from(decoding / f64::from(frames)),
        )?;
        Reflect::set(&took, &"foundMs".into(), &JsValue::from(now - started))?;
        return Ok(took.into());
    }
}

/// A pickup token or an 8-digit code; other QR codes (a licence's, a
/// receipt's) are not for this desk and scanning goes on.
fn looks_like_pickup(text: &str) -> bool {
    let t = text.trim();
    t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("HP1-"))
        || (t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()))
}
