//! Documents of a claim: which upload may become one (a finished upload of the caller's own),
//! the claim's total size limit, and sending a document's bytes back.

use axum::http::StatusCode;
use axum::response::Response;
use portal_core::api::ErrorCode;
use portal_core::claim::{Checklist, ClaimState, NewDocument};

use super::{ClaimError, ClaimResult};
use crate::complaints::{Caller, act::uploader};
use crate::db::{
    self,
    uploads::{UploadRow, Uploader},
};
use crate::files::{self, Disposition};
use crate::state::AppState;

/// The finished, accepted upload with this id, if it is the uploader's own. A tus upload is
/// listed in `uploads` only once it is complete and its type accepted (in the transaction that
/// marks it completed, a state it never leaves); a simple upload is listed when stored. So
/// being listed is being finished. (The one place that decides what may become a claim
/// document.)
async fn attachable_upload(
    app: &AppState,
    owner: Uploader,
    upload_id: &str,
) -> sqlx::Result<Option<UploadRow>> {
    Ok(db::uploads::find(&app.db, upload_id)
        .await?
        .filter(|row| row.uploader == owner))
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
    Ok(files::send(app, &row, disposition).await?)
}
