//! Complaints, uploads, the published channels and the inbox.

use chrono::{DateTime, Utc};
use portal_core::api::Page;
use portal_core::complaint::{
    Attachment, Command, ComplaintChannels, ComplaintDetail, ComplaintPrefill, ComplaintReceipt,
    ComplaintSummary, Delivery, NewComplaint, UnreadCount,
};
use serde::Deserialize;
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

/// One notice as the inbox lists it: `NoticeHeadline`'s fields and, for an invitation to a
/// survey (or its reminder), which survey and until when. The rest of a notice's step is not
/// read: the list does not have to understand every kind of step.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InboxNotice {
    /// The notice's id.
    pub id: i64,
    /// The kind of case it is about: `complaint` or `claim`.
    pub case_kind: String,
    /// The case's id.
    pub case_id: i64,
    /// The case number.
    pub case_number: String,
    /// The title in the reader's language.
    pub title: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When the person opened it.
    pub read_at: Option<DateTime<Utc>>,
    /// Through which channels it went, and when.
    pub deliveries: Vec<Delivery>,
    #[serde(default)]
    event: Option<EventHead>,
}

/// The part of a notice's `event` the inbox reads: `{"case_kind": "survey", "step": {...}}` for
/// a survey notice.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct EventHead {
    case_kind: String,
    #[serde(default)]
    step: Option<SurveyStep>,
}

/// A survey notice's step (any other step has none of these fields).
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct SurveyStep {
    invitation_id: Option<i64>,
    expires_at: Option<DateTime<Utc>>,
}

/// The survey a notice invites to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurveyInvite {
    /// The invitation's id (its page is `/surveys/{id}`).
    pub invitation_id: i64,
    /// When it expires.
    pub expires_at: Option<DateTime<Utc>>,
}

impl InboxNotice {
    /// The survey this notice invites to, if it is a survey notice.
    pub fn survey(&self) -> Option<SurveyInvite> {
        let event = self.event.as_ref().filter(|e| e.case_kind == "survey")?;
        let step = event.step.as_ref()?;
        Some(SurveyInvite {
            invitation_id: step.invitation_id?,
            expires_at: step.expires_at,
        })
    }
}

/// `GET /inbox`: the first page of progress notices, newest first.
pub async fn inbox() -> Result<Page<InboxNotice>, ApiFailure> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_survey_notice_names_its_invitation_and_other_notices_none() {
        let headline = r#""id":3,"case_kind":"complaint","case_id":7,"case_number":"TS1",
            "title":"t","created_at":"2026-12-01T02:00:00Z","read_at":null,"deliveries":[]"#;
        let survey = format!(
            r#"{{{headline},"event":{{"case_kind":"survey","step":{{"at":"2026-12-01T02:00:00Z",
            "invitation_id":12,"reminder":false,"expires_at":"2026-12-31T02:00:00Z"}}}}}}"#
        );
        let notice: InboxNotice = serde_json::from_str(&survey).expect("a survey notice");
        let invite = notice.survey().expect("a survey");
        assert_eq!(invite.invitation_id, 12);
        assert_eq!(notice.case_id, 7);
        let step = format!(
            r#"{{{headline},"event":{{"case_kind":"complaint","step":{{"at":"2026-12-01T02:00:00Z",
            "by":"staff","change":{{"type":"accepted"}}}}}}}}"#
        );
        let notice: InboxNotice = serde_json::from_str(&step).expect("a step notice");
        assert_eq!(notice.survey(), None);
        let bare = format!("{{{headline}}}");
        let notice: InboxNotice = serde_json::from_str(&bare).expect("a notice without event");
        assert_eq!(notice.survey(), None);
    }
}
