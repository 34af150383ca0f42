//! Claims: the report form's prefill, reporting, my claims, the claim page, its actions, its
//! documents and their signed links.

use chrono::{DateTime, Utc};
use portal_core::api::Page;
use portal_core::claim::{
    ClaimDetail, ClaimPrefill, ClaimReceipt, ClaimSummary, Command, NewClaim,
};
use portal_core::upload::UploadStatus;
use serde::{Deserialize, Serialize};

use super::{ApiFailure, client};

/// A short-lived link to a document that works without a cookie (in-app webviews).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DocumentLink {
    /// `/api/v1/files/{token}`.
    pub url: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct AttachDocument<'a> {
    upload_id: &'a str,
    slot: &'a str,
}

/// `GET /claims/prefill`: the caller's policies and contact phone.
pub async fn prefill() -> Result<ClaimPrefill, ApiFailure> {
    client::get("/claims/prefill").await
}

/// `GET /claims`: the first page of the caller's claims, newest first.
pub async fn claims() -> Result<Page<ClaimSummary>, ApiFailure> {
    client::get("/claims").await
}

/// `GET /claims/{id}`: the claim page (a 404 problem if it is not the caller's).
pub async fn claim(id: i64) -> Result<ClaimDetail, ApiFailure> {
    client::get(&format!("/claims/{id}")).await
}

/// `POST /claims`: reports the claim; the same `key` never reports it twice.
pub async fn report(claim: &NewClaim, key: &str) -> Result<ClaimReceipt, ApiFailure> {
    client::post_keyed("/claims", claim, Some(key)).await
}

/// `POST /claims/{id}/actions`: a step by the policyholder; answers the claim as it is now.
pub async fn act(id: i64, command: &Command) -> Result<ClaimDetail, ApiFailure> {
    client::post(&format!("/claims/{id}/actions"), command).await
}

/// `POST /claims/{id}/documents`: a completed upload into a checklist slot.
pub async fn attach(id: i64, upload_id: &str, slot: &str) -> Result<ClaimDetail, ApiFailure> {
    client::post(
        &format!("/claims/{id}/documents"),
        &AttachDocument { upload_id, slot },
    )
    .await
}

/// `DELETE /claims/{id}/documents/{doc}`: removes a document not reviewed yet; answers the claim.
pub async fn remove_document(id: i64, document: &str) -> Result<ClaimDetail, ApiFailure> {
    let document = String::from(js_sys::encode_uri_component(document));
    client::delete(&format!("/claims/{id}/documents/{document}")).await
}

/// `GET /claims/{id}/uploads`: the caller's uploads to this claim that were not finished or not
/// attached yet (the resume state lives on the server: a webview may lose its storage).
pub async fn unfinished_uploads(id: i64) -> Result<Vec<UploadStatus>, ApiFailure> {
    client::get(&format!("/claims/{id}/uploads")).await
}

/// `GET /claims/{id}/documents/{doc}/link`: a signed link valid a few minutes.
pub async fn document_link(id: i64, document: &str) -> Result<DocumentLink, ApiFailure> {
    let document = String::from(js_sys::encode_uri_component(document));
    client::get(&format!("/claims/{id}/documents/{document}/link")).await
}

/// `GET /tus/{id}`: where a resumable upload stands.
pub async fn upload_status(upload_id: &str) -> Result<UploadStatus, ApiFailure> {
    let upload_id = String::from(js_sys::encode_uri_component(upload_id));
    client::get(&format!("/tus/{upload_id}")).await
}
