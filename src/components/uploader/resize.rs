//! Photos made smaller in the browser before they leave the phone: a JPEG with a long edge of
//! 2,560 px (invoices stay readable) at quality 0.85. Small photos, HEIC and PDF go as they are.

use js_sys::Promise;
use leptos::prelude::{document, window};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap};

/// The longest edge a photo keeps.
const LONG_EDGE: f64 = 2560.0;
/// Photos up to this size (and within the long edge) are sent as they are.
const SMALL_ENOUGH: f64 = 1_500_000.0;
/// The JPEG quality, and the one used when the first try is still large.
const QUALITY: f64 = 0.85;
const QUALITY_LARGE: f64 = 0.7;
const AIM: f64 = 1_200_000.0;

/// What is sent: the bytes, the name and the type.
pub struct Prepared {
    pub blob: Blob,
    pub name: String,
    pub kind: String,
}

/// The photo made smaller, or the file as it is (not a photo we can decode, already small, or
/// the browser could not do it).
pub async fn prepare(file: &File) -> Prepared {
    let original = Prepared {
        blob: file.clone().into(),
        name: file.name(),
        kind: file.type_(),
    };
    if !matches!(
        file.type_().as_str(),
        "image/jpeg" | "image/png" | "image/webp"
    ) {
        return original;
    }
    match shrink(file).await {
        Some(blob) if blob.size() < file.size() => Prepared {
            blob,
            name: jpeg_name(&file.name()),
            kind: "image/jpeg".into(),
        },
        _ => original,
    }
}

async fn shrink(file: &File) -> Option<Blob> {
    let promise = window().create_image_bitmap_with_blob(file).ok()?;
    let bitmap: ImageBitmap = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    let (width, height) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let long = width.max(height);
    if long <= LONG_EDGE && file.size() <= SMALL_ENOUGH {
        bitmap.close();
        return None;
    }
    let scale = (LONG_EDGE / long).min(1.0);
    let (w, h) = ((width * scale).round(), (height * scale).round());
    let canvas: HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let _ = js_sys::Reflect::set(
        &context,
        &JsValue::from_str("imageSmoothingQuality"),
        &JsValue::from_str("high"),
    );
    let drawn = context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w, h);
    bitmap.close();
    drawn.ok()?;
    let mut blob = encode(&canvas, QUALITY).await?;
    if blob.size() > AIM {
        blob = encode(&canvas, QUALITY_LARGE).await.unwrap_or(blob);
    }
    // Let the phone take the pixels back at once.
    canvas.set_width(0);
    canvas.set_height(0);
    Some(blob)
}

async fn encode(canvas: &HtmlCanvasElement, quality: f64) -> Option<Blob> {
    let done = Promise::new(&mut |resolve, reject| {
        if canvas
            .to_blob_with_type_and_encoder_options(&resolve, "image/jpeg", &JsValue::from(quality))
            .is_err()
        {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    JsFuture::from(done).await.ok()?.dyn_into().ok()
}

/// `IMG_0001.png` → `IMG_0001.jpg`.
fn jpeg_name(name: &str) -> String {
    let stem = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => stem,
        _ => name,
    };
    format!("{stem}.jpg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resized_photo_is_named_as_a_jpeg() {
        assert_eq!(jpeg_name("IMG_0001.PNG"), "IMG_0001.jpg");
        assert_eq!(jpeg_name("发票.jpeg"), "发票.jpg");
        assert_eq!(jpeg_name("photo"), "photo.jpg");
    }
}
