//! Resumable uploads (tus 1.0) as the web app sees them: `GET /api/v1/tus/{id}`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::Problem;
use crate::complaint::Attachment;

/// Where an upload stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UploadState {
    /// Taking bytes: resume with HEAD + PATCH.
    Receiving,
    /// Every byte is in; the document is being stored.
    Assembling,
    /// Stored: `attachment` is the document.
    Completed,
    /// Refused for what it is: see `problem`.
    Rejected,
    /// Not finished in time: upload again.
    Expired,
}

/// One resumable upload, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadStatus {
    /// The upload's id (also the document's id once completed).
    pub id: String,
    /// Where it stands.
    pub state: UploadState,
    /// Bytes the server has.
    pub offset: u64,
    /// The file's length.
    pub length: u64,
    /// The file name as the device gave it.
    pub file_name: String,
    /// The type detected from the bytes, once known.
    pub content_type: Option<String>,
    /// Hex SHA-256 of the whole file, once completed.
    pub sha256: Option<String>,
    /// Every `Upload-Metadata` pair (`filename`, `filetype`, `purpose`, `claim_id`, `slot`, …).
    pub metadata: BTreeMap<String, String>,
    /// When an unfinished upload will be dropped.
    pub expires_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub problem: Option<Problem>,
    /// The stored document, once completed.
    pub attachment: Option<Attachment>,
}
