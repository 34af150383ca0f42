//! tus 1.0 resumable uploads (`/api/v1/tus`) over XMLHttpRequest, which, unlike fetch, reports
//! how far the body has gone. Creation, HEAD for the offset, PATCH of one chunk, termination.

use js_sys::Promise;
use portal_core::api::{API_PREFIX, ErrorCode, Problem};
use wasm_bindgen::{JsCast, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use super::ApiFailure;

/// A request with no answer for this long is given up (and retried from the server's offset).
const TIMEOUT_MS: u32 = 120_000;

/// An answer: its status and headers.
struct Reply {
    status: u16,
    xhr: XmlHttpRequest,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.xhr.get_response_header(name).ok().flatten()
    }

    fn offset(&self) -> Option<u64> {
        self.header("Upload-Offset")?.trim().parse().ok()
    }

    /// The problem the server sent, or a bare status.
    fn failure(&self) -> ApiFailure {
        let text = self.xhr.response_text().ok().flatten().unwrap_or_default();
        match serde_json::from_str::<Problem>(&text) {
            Ok(problem) => ApiFailure::Problem(problem),
            Err(_) => ApiFailure::UnexpectedStatus(self.status),
        }
    }
}

/// Sends one request; `Err(Network)` when no answer came (offline, reset, timeout).
async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&Blob>,
    on_progress: Option<Box<dyn Fn(f64)>>,
) -> Result<Reply, ApiFailure> {
    let network = |_| ApiFailure::Network;
    let xhr = XmlHttpRequest::new().map_err(network)?;
    xhr.open(method, url).map_err(network)?;
    xhr.set_timeout(TIMEOUT_MS);
    xhr.set_request_header("Tus-Resumable", "1.0.0")
        .map_err(network)?;
    for (name, value) in headers {
        xhr.set_request_header(name, value).map_err(network)?;
    }
    let progress = on_progress.map(|report| {
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| report(event.loaded()))
    });
    if let (Some(progress), Ok(upload)) = (&progress, xhr.upload()) {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    let finished = Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_blob(body).map_err(network)?;
    let _ = JsFuture::from(finished).await;
    xhr.set_onloadend(None);
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
    }
    drop(progress);
    match xhr.status() {
        Ok(0) | Err(_) => Err(ApiFailure::Network),
        Ok(status) => Ok(Reply { status, xhr }),
    }
}

/// `POST /tus`: a new upload of `length` bytes with its metadata; its URL.
pub async fn create(length: u64, metadata: &[(&str, &str)]) -> Result<String, ApiFailure> {
    let length = length.to_string();
    let metadata = encode_metadata(metadata);
    let reply = send(
        "POST",
        &format!("{API_PREFIX}/tus"),
        &[("Upload-Length", &length), ("Upload-Metadata", &metadata)],
        None,
        None,
    )
    .await?;
    match (reply.status, reply.header("Location")) {
        (201, Some(location)) => Ok(location),
        _ => Err(reply.failure()),
    }
}

/// `HEAD`: how many bytes the server has.
pub async fn offset(url: &str) -> Result<u64, ApiFailure> {
    let reply = send("HEAD", url, &[], None, None).await?;
    match (reply.status, reply.offset()) {
        (200, Some(offset)) => Ok(offset),
        (404 | 410, _) => Err(problem(reply.status, ErrorCode::UploadUnknown)),
        (415, _) => Err(problem(415, ErrorCode::FileTypeNotAllowed)),
        (status, _) => Err(ApiFailure::UnexpectedStatus(status)),
    }
}

/// `PATCH`: sends `chunk` from `offset`; the server's new offset. `on_progress` hears the bytes
/// of this chunk sent so far.
pub async fn patch(
    url: &str,
    offset: u64,
    chunk: &Blob,
    on_progress: Box<dyn Fn(f64)>,
) -> Result<u64, ApiFailure> {
    let from = offset.to_string();
    let reply = send(
        "PATCH",
        url,
        &[
            ("Upload-Offset", &from),
            ("Content-Type", "application/offset+octet-stream"),
        ],
        Some(chunk),
        Some(on_progress),
    )
    .await?;
    match (reply.status, reply.offset()) {
        (204 | 200, Some(offset)) => Ok(offset),
        _ => Err(reply.failure()),
    }
}

/// `DELETE`: ends an unfinished upload (its bytes are dropped). Failures are ignored: an
/// upload left behind expires on its own.
pub async fn terminate(url: &str) {
    let _ = send("DELETE", url, &[], None, None).await;
}

/// The upload's id: the last segment of its URL.
pub fn upload_id(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

/// A problem made on this side (HEAD answers carry no body).
pub fn problem(status: u16, code: ErrorCode) -> ApiFailure {
    ApiFailure::Problem(Problem {
        problem_type: String::new(),
        title: String::new(),
        status,
        code,
        detail: None,
        errors: Vec::new(),
    })
}

/// `Upload-Metadata`: `key base64(value)` pairs, comma-separated (values as UTF-8).
fn encode_metadata(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{key} {}", base64(value.as_bytes())))
        .collect::<Vec<_>>()
        .join(",")
}

/// Standard base64 with padding (a few lines beat a crate on every phone).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            group.get(1).copied().unwrap_or(0),
            group.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_values_are_base64_of_their_utf8() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("发票.jpg".as_bytes()), "5Y+R56WoLmpwZw==");
        assert_eq!(
            encode_metadata(&[("slot", "invoices"), ("claim_id", "7")]),
            "slot aW52b2ljZXM=,claim_id Nw=="
        );
    }

    #[test]
    fn the_upload_id_is_the_last_segment() {
        assert_eq!(upload_id("/api/v1/tus/abc123"), "abc123");
    }
}
