//! A document uploaded to a claim, in one slot of its checklist, with its review.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::kinds::ReviewState;

/// One uploaded file of a claim (the upload itself runs through tus; this is what it became).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimDocument {
    /// The opaque id of the stored file.
    pub id: String,
    /// The key of the checklist slot it belongs to, e.g. `invoices`.
    pub slot: String,
    /// The file's name as the person's device gave it.
    pub file_name: String,
    /// The real type, detected from the bytes (`image/jpeg`, `application/pdf`, …).
    pub content_type: String,
    /// Bytes.
    pub size: u64,
    /// When the upload completed.
    pub uploaded_at: DateTime<Utc>,
    /// How its review stands.
    pub review: ReviewState,
    /// When it was reviewed.
    pub reviewed_at: Option<DateTime<Utc>>,
}

impl ClaimDocument {
    /// Whether it was rejected on review.
    pub fn is_rejected(&self) -> bool {
        matches!(self.review, ReviewState::Rejected { .. })
    }
}

/// A finished upload as the server hands it to the claim (`UploadDocument` command).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDocument {
    /// The opaque id of the stored file.
    pub id: String,
    /// The checklist slot's key.
    pub slot: String,
    /// The file's name as the device gave it.
    pub file_name: String,
    /// The detected content type.
    pub content_type: String,
    /// Bytes.
    pub size: u64,
}
