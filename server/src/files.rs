//! What simple uploads, tus uploads and claim documents do alike with a stored file: its id, the
//! name kept for it, and sending its bytes back.

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use object_store::ObjectStoreExt;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::db::uploads::UploadRow;
use crate::error::ApiError;
use crate::state::AppState;

/// The longest file name kept, in characters.
const NAME_MAX_CHARS: usize = 200;

/// A new opaque id: 16 random bytes, base64url.
pub fn new_id() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The name to keep: the last path segment, without control characters, not too long.
pub fn file_name(name: Option<&str>) -> String {
    let name = name.unwrap_or_default();
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(NAME_MAX_CHARS)
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        "file".into()
    } else {
        clean.to_owned()
    }
}

/// How a file is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Shown in the browser (a preview; a PDF opens in its viewer).
    Inline,
    /// Saved as a file.
    Attachment,
}

/// Streams a stored file with its stored type, length and name.
pub async fn send(
    app: &AppState,
    row: &UploadRow,
    disposition: Disposition,
) -> Result<Response, ApiError> {
    let file = app
        .files
        .get(&row.object_path.as_str().into())
        .await
        .map_err(|e| ApiError::Internal(format!("reading upload {}: {e}", row.id)))?;
    let mut response = Body::from_stream(file.into_stream()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&row.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(row.size.max(0)));
    if let Ok(value) = HeaderValue::from_str(&content_disposition(disposition, &row.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `inline` or `attachment`, with an ASCII fallback name and the exact name (RFC 5987).
fn content_disposition(disposition: Disposition, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let kind = match disposition {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, NON_ALPHANUMERIC)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_path_and_control_characters() {
        assert_eq!(file_name(Some("C:\\相册\\发票.jpg")), "发票.jpg");
        assert_eq!(file_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(file_name(Some("a\u{0}b.pdf")), "ab.pdf");
        assert_eq!(file_name(Some(&"x".repeat(300))).chars().count(), 200);
        assert_eq!(file_name(Some(" / ")), "file");
        assert_eq!(file_name(None), "file");
    }

    #[test]
    fn downloads_carry_an_ascii_and_an_exact_name() {
        assert_eq!(
            content_disposition(Disposition::Attachment, "发票 1.pdf"),
            "attachment; filename=\"___1.pdf\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%201%2Epdf"
        );
    }

    #[test]
    fn a_preview_is_inline() {
        assert_eq!(
            content_disposition(Disposition::Inline, "发票.pdf"),
            "inline; filename=\"__.pdf\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%2Epdf"
        );
    }
}
