//! How an upload moves on after bytes arrive: the part is recorded (if the upload is still where
//! the request found it), the type is told from the first bytes, and a full upload is joined into
//! its document and listed in `uploads`. Every step can be run again after a crash.

use axum::http::StatusCode;
use object_store::ObjectStoreExt;
use object_store::path::Path;
use portal_core::api::ErrorCode;

use super::digest::ResumableSha256;
use super::error::{TusError, TusResult};
use super::store::{self, Received};
use crate::complaints::sniff::{SNIFF_LEN, allowed_type};
use crate::db::{
    self,
    tus::{FinishedDocument, TusPart, TusState, TusUpload},
};
use crate::state::AppState;

/// Records what a PATCH body became and moves the upload on; returns the upload as it now is.
/// The row is not read again: a part is recorded only if the upload was still receiving at the
/// offset it was read with, so it now stands exactly that much further on.
pub async fn apply(
    app: &AppState,
    mut upload: TusUpload,
    received: Received,
) -> TusResult<TusUpload> {
    if let Some(part) = &received.part {
        let saved = received.hasher.saved();
        let now = db::now();
        if !db::tus::append_part(&app.db, &upload.id, part, &saved, now).await? {
            // Another request moved the upload on first: this part is not the upload's.
            if let Err(error) = app
                .files
                .delete(&Path::from(part.object_path.as_str()))
                .await
            {
                tracing::warn!(%error, "could not remove a losing upload part");
            }
            return Err(TusError::new(
                StatusCode::CONFLICT,
                ErrorCode::ConcurrentChange,
            ));
        }
        upload.offset = part.start + part.length;
        upload.hash_state = saved;
        upload.updated_at = now;
    }
    settle(app, upload).await
}

/// Tells the type once enough bytes are in, and finishes a full upload.
pub async fn settle(app: &AppState, mut upload: TusUpload) -> TusResult<TusUpload> {
    let sniff_at = upload.length.min(SNIFF_LEN as i64);
    if upload.state == TusState::Receiving
        && upload.content_type.is_none()
        && upload.offset >= sniff_at
    {
        let parts = db::tus::parts(&app.db, &upload.id).await?;
        let head = store::head(&app.files, &parts, SNIFF_LEN).await?;
        match allowed_type(&head) {
            Some(content_type) => {
                db::tus::set_content_type(&app.db, &upload.id, content_type).await?;
                upload.content_type = Some(content_type.to_owned());
            }
            None => {
                reject(app, &upload.id, ErrorCode::FileTypeNotAllowed).await?;
                return Err(rejected(ErrorCode::FileTypeNotAllowed));
            }
        }
    }
    if upload.state == TusState::Receiving && upload.offset == upload.length {
        db::tus::change_state(
            &app.db,
            &upload.id,
            &[TusState::Receiving],
            TusState::Assembling,
            None,
            db::now(),
        )
        .await?;
        upload.state = TusState::Assembling;
    }
    if upload.state == TusState::Assembling {
        let parts = db::tus::parts(&app.db, &upload.id).await?;
        if parts.len() > 1 && upload.length > JOIN_INLINE_MAX_BYTES {
            // Every byte is persisted: the last PATCH is answered now, and the document is
            // joined behind it (`assembling` until then; the sweeper retries a join that died).
            let (app, joining) = (app.clone(), upload.clone());
            tokio::spawn(async move {
                if let Err(error) = finish(&app, &joining, &parts).await {
                    tracing::warn!(%error, id = joining.id, "could not join an upload");
                }
            });
            return Ok(upload);
        }
        finish(app, &upload, &parts).await?;
        upload = db::tus::find(&app.db, &upload.id)
            .await?
            .ok_or_else(TusError::not_found)?;
    }
    Ok(upload)
}

/// Uploads up to this size (or of one part: a hard link) are joined before the last PATCH is
/// answered, so a phone photo or a scan is `completed` at once; larger ones behind it, so that
/// the answer to the last PATCH does not wait for a copy of the whole file.
const JOIN_INLINE_MAX_BYTES: i64 = 64 * 1024 * 1024;

/// Joins the parts, then marks the upload completed and lists its document, in that order:
/// the document is never listed before it is whole.
async fn finish(app: &AppState, upload: &TusUpload, parts: &[TusPart]) -> TusResult<()> {
    let content_type = upload
        .content_type
        .clone()
        .ok_or_else(|| TusError::internal(format!("upload {}: type unknown", upload.id)))?;
    let length = u64::try_from(upload.length).map_err(TusError::internal)?;
    let sha256 = ResumableSha256::restore(&upload.hash_state, length)
        .ok_or_else(|| TusError::internal(format!("upload {}: hash state unreadable", upload.id)))?
        .finish_hex();
    let object_path = store::join(&app.files, upload, parts).await?;
    let document = FinishedDocument {
        content_type: &content_type,
        sha256: &sha256,
        object_path: &object_path,
    };
    if db::tus::complete(&app.db, upload, &document, db::now()).await? {
        remove_parts(app, &upload.id).await;
    }
    Ok(())
}

/// Ends an upload as refused for what it is, and drops its bytes.
pub async fn reject(app: &AppState, id: &str, code: ErrorCode) -> TusResult<()> {
    let name = super::view::code_name(code);
    db::tus::change_state(
        &app.db,
        id,
        &[TusState::Receiving, TusState::Assembling],
        TusState::Rejected,
        Some(&name),
        db::now(),
    )
    .await?;
    remove_parts(app, id).await;
    Ok(())
}

/// The answer about a rejected upload.
pub fn rejected(code: ErrorCode) -> TusError {
    let status = match code {
        ErrorCode::FileTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNSUPPORTED_MEDIA_TYPE,
    };
    TusError::new(status, code)
}

/// Drops an upload's parts; a failure is logged and left to the sweeper.
pub async fn remove_parts(app: &AppState, id: &str) {
    match store::remove_parts(&app.files, id).await {
        Ok(()) => {
            if let Err(error) = db::tus::parts_removed(&app.db, id, db::now()).await {
                tracing::warn!(%error, id, "could not note removed upload parts");
            }
        }
        Err(error) => tracing::warn!(%error, id, "could not remove upload parts"),
    }
}
