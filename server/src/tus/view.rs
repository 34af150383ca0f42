//! `GET /api/v1/tus/{id}`: where an upload stands, as JSON for the web app.
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use portal_core::Lang;
use portal_core::api::ErrorCode;
use portal_core::complaint::Attachment;
pub use portal_core::upload::{UploadState, UploadStatus};

use crate::db::tus::{TusState, TusUpload};
use crate::error::ProblemSource;

/// The state a caller sees: an unfinished upload past its expiry is expired even before the
/// sweeper gets to it.
pub fn visible_state(upload: &TusUpload, now: i64) -> TusState {
    match upload.state {
        TusState::Receiving if upload.expires_at <= now => TusState::Expired,
        state => state,
    }
}

/// The error code stored for a rejected upload, back as a code.
pub fn problem_code(upload: &TusUpload) -> ErrorCode {
    upload
        .problem_code
        .as_deref()
        .and_then(|name| serde_json::from_value(serde_json::Value::String(name.into())).ok())
        .unwrap_or(ErrorCode::FileTypeNotAllowed)
}

/// A code's wire name (`file_type_not_allowed`).
pub fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "internal".into())
}

/// The view of an upload, in a language; `None` for a terminated one (it is gone).
pub fn status_of(upload: &TusUpload, now: i64, lang: Lang) -> Option<UploadStatus> {
    {
        let state = match visible_state(upload, now) {
            TusState::Receiving => UploadState::Receiving,
            TusState::Assembling => UploadState::Assembling,
            TusState::Completed => UploadState::Completed,
            TusState::Rejected => UploadState::Rejected,
            TusState::Expired => UploadState::Expired,
            TusState::Terminated => return None,
        };
        let time = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default();
        let problem = (state == UploadState::Rejected).then(|| {
            let code = problem_code(upload);
            let status = super::flow::rejected(code).status();
            ProblemSource {
                status: if status.is_client_error() {
                    status
                } else {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE
                },
                code,
                fields: Vec::new(),
            }
            .problem(lang)
        });
        let attachment = (state == UploadState::Completed).then(|| Attachment {
            id: upload.id.clone(),
            file_name: upload.file_name.clone(),
            content_type: upload.content_type.clone().unwrap_or_default(),
            size: u64::try_from(upload.length).unwrap_or(0),
            uploaded_at: time(upload.updated_at),
        });
        Some(UploadStatus {
            id: upload.id.clone(),
            state,
            offset: u64::try_from(upload.offset).unwrap_or(0),
            length: u64::try_from(upload.length).unwrap_or(0),
            file_name: upload.file_name.clone(),
            content_type: upload.content_type.clone(),
            sha256: upload.sha256.clone(),
            metadata: upload.metadata.clone(),
            expires_at: matches!(state, UploadState::Receiving | UploadState::Assembling)
                .then(|| time(upload.expires_at)),
            problem,
            attachment,
        })
    }
}
