//! Complaints, uploads, the published channels and the inbox.

use portal_core::api::Page;
use portal_core::complaint::{
    Attachment, Command, ComplaintChannels, ComplaintDetail, ComplaintPrefill, ComplaintReceipt,
    ComplaintSummary, NewComplaint, NoticeHeadline, UnreadCount,
};
use web_sys::File;

use super::{ApiFailure, client};

/// `GET /channels`: the published complaint channels (no login needed).
pub async fn channels() -> Result<ComplaintChannels, ApiFailure> {
    client::get("/channels").await
}

/// `GET /complaints/prefill`: what the company already holds for the form.
pub async fn prefill() -> Result<ComplaintPrefill, ApiFailure> {
    client::get("/complaints/prefill").await
}

/// `GET /complaints`: the first page of the caller's complaints, newest first.
pub async fn complaints() -> Result<Page<ComplaintSummary>, ApiFailure> {
    client::get("/complaints").await
}

/// `GET /complaints/{id}`: the case page (a 404 problem if it is not the caller's).
pub async fn complaint(id: i64) -> Result<ComplaintDetail, ApiFailure> {
    client::get(&format!("/complaints/{id}")).await
}

/// `POST /complaints`: files the complaint; the same `key` never files it twice.
pub async fn file_complaint(
    complaint: &NewComplaint,
    key: &str,
) -> Result<ComplaintReceipt, ApiFailure> {
    client::post_keyed("/complaints", complaint, Some(key)).await
}

/// `POST /complaints/{id}/actions`: a step by the complainant; answers the case as it is now.
pub async fn act(id: i64, command: &Command) -> Result<ComplaintDetail, ApiFailure> {
    client::post(&format!("/complaints/{id}/actions"), command).await
}

/// `POST /uploads?name=`: stores one photo or PDF, sent as it is.
pub async fn upload(file: &File) -> Result<Attachment, ApiFailure> {
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    client::post_file(&format!("/uploads?name={name}"), file).await
}

/// `GET /inbox`: the first page of progress notices, newest first.
pub async fn inbox() -> Result<Page<NoticeHeadline>, ApiFailure> {
    client::get("/inbox").await
}

/// `GET /inbox/unread`: how many notices are not opened yet.
pub async fn unread() -> Result<UnreadCount, ApiFailure> {
    client::get("/inbox/unread").await
}

/// `POST /inbox/{id}/read`: marks one notice read.
pub async fn read_notice(id: i64) -> Result<UnreadCount, ApiFailure> {
    client::post_for(&format!("/inbox/{id}/read")).await
}

/// `POST /inbox/read-all`: marks every notice read.
pub async fn read_all() -> Result<UnreadCount, ApiFailure> {
    client::post_for("/inbox/read-all").await
}
