//! Documents of a claim: which upload may become one (a finished upload of the caller's own),
//! the claim's total size limit, and sending a document's bytes back.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use object_store::ObjectStoreExt;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use portal_core::api::ErrorCode;
use portal_core::claim::{Checklist, ClaimState, NewDocument};

use super::{ClaimError, ClaimResult};
use crate::complaints::{Caller, act::uploader};
use crate::db::{
    self,
    tus::TusState,
    uploads::{UploadRow, Uploader},
};
use crate::error::ApiError;
use crate::state::AppState;

/// The finished, accepted upload with this id, if it is the uploader's own. A tus upload is
/// listed in `uploads` only once it is complete and its type accepted; a simple upload is
/// listed when stored. (The one place that decides what may become a claim document.)
pub async fn attachable_upload(
    app: &AppState,
    owner: Uploader,
    upload_id: &str,
) -> sqlx::Result<Option<UploadRow>> {
    let Some(row) = db::uploads::find(&app.db, upload_id)
        .await?
        .filter(|row| row.uploader == owner)
    else {
        return Ok(None);
    };
    let finished = match db::tus::find(&app.db, upload_id).await? {
        Some(tus) => tus.state == TusState::Completed,
        None => true,
    };
    Ok(finished.then_some(row))
}

/// The document an upload becomes in a slot of the claim: 422 `document_slot_unknown` for a
/// slot not on its checklist, 422 `upload_unknown` for an upload that is not the caller's
/// finished one, 413 `file_too_large` when the claim's documents would pass the total limit.
pub async fn new_document(
    app: &AppState,
    caller: Caller,
    checklist: &Checklist,
    state: &ClaimState,
    upload_id: &str,
    slot: &str,
) -> ClaimResult<NewDocument> {
    let slot = slot.trim();
    if checklist.slot(slot).is_none() {
        return Err(ClaimError::field("slot", ErrorCode::DocumentSlotUnknown));
    }
    let upload = attachable_upload(app, uploader(caller), upload_id.trim())
        .await?
        .ok_or_else(|| ClaimError::field("upload_id", ErrorCode::UploadUnknown))?;
    let size = u64::try_from(upload.size).unwrap_or(0);
    let total = state
        .documents
        .iter()
        .filter(|d| d.id != upload.id)
        .fold(size, |sum, d| sum.saturating_add(d.size));
    if total > app.config.uploads.claim_max_total_bytes {
        return Err(ClaimError::Problem {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: ErrorCode::FileTooLarge,
            fields: vec![("upload_id", ErrorCode::FileTooLarge)],
        });
    }
    Ok(NewDocument {
        id: upload.id,
        slot: slot.to_owned(),
        file_name: upload.file_name,
        content_type: upload.content_type,
        size,
    })
}

/// How a document is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Shown in the browser (a preview; a PDF opens in its viewer).
    Inline,
    /// Saved as a file.
    Attachment,
}

/// Streams a document of the claim, with its stored type; 404 when it is not on the claim.
pub async fn send(
    app: &AppState,
    state: &ClaimState,
    document_id: &str,
    disposition: Disposition,
) -> ClaimResult<Response> {
    if !state.documents.iter().any(|d| d.id == document_id) {
        return Err(ClaimError::not_found());
    }
    let row = db::uploads::find(&app.db, document_id)
        .await?
        .ok_or_else(ClaimError::not_found)?;
    let file = app
        .files
        .get(&row.object_path.as_str().into())
        .await
        .map_err(|e| ApiError::Internal(format!("reading a claim document: {e}")))?;
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
    fn a_preview_is_inline_and_a_download_an_attachment() {
        assert_eq!(
            content_disposition(Disposition::Inline, "发票.pdf"),
            "inline; filename=\"__.pdf\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%2Epdf"
        );
        assert!(content_disposition(Disposition::Attachment, "a.jpg").starts_with("attachment;"));
    }
}
