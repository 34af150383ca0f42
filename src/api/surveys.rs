//! Satisfaction surveys: the person's invitations, one survey to answer (logged in, or through
//! the link of a message without a session), its draft answers and its submission.

use chrono::{DateTime, Utc};
use portal_core::survey::{CaseKind, InvitationStatus, SavedAnswers, SurveyAnswers, SurveyForm};
use serde::Deserialize;

use super::{ApiFailure, client};

/// What a case page shows of one of its invitations (`SurveyInvitation`'s fields that the card
/// reads: decoding only these keeps the case screens' code small).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CaseSurvey {
    /// The invitation's id.
    pub id: i64,
    /// Where it stands.
    pub status: InvitationStatus,
    /// When it expires (or expired).
    pub expires_at: DateTime<Utc>,
    /// When it was answered.
    pub answered_at: Option<DateTime<Utc>>,
}

/// `GET /surveys?case_kind=&case_id=`: the caller's invitations about one case, newest first.
pub async fn for_case(case_kind: CaseKind, case_id: i64) -> Result<Vec<CaseSurvey>, ApiFailure> {
    client::get(&format!(
        "/surveys?case_kind={}&case_id={case_id}",
        case_kind.as_str()
    ))
    .await
}

/// `GET /surveys/{id}`: one of the caller's surveys (a 404 problem if it is not theirs).
pub async fn survey(id: i64) -> Result<SurveyForm, ApiFailure> {
    client::get(&format!("/surveys/{id}")).await
}

/// `PUT /surveys/{id}/answers`: keeps the answers so far (a draft).
pub async fn save_answers(id: i64, answers: &SurveyAnswers) -> Result<SavedAnswers, ApiFailure> {
    client::put(&format!("/surveys/{id}/answers"), answers).await
}

/// `POST /surveys/{id}/submit`: submits the answers; answers the survey as answered.
pub async fn submit(id: i64, answers: &SurveyAnswers) -> Result<SurveyForm, ApiFailure> {
    client::post(&format!("/surveys/{id}/submit"), answers).await
}

/// The path of a link's endpoints: the token as one path segment.
fn link_path(token: &str, rest: &str) -> String {
    let token = String::from(js_sys::encode_uri_component(token));
    format!("/survey-links/{token}{rest}")
}

/// `GET /survey-links/{token}`: the survey a message's link names, without a session (a 404
/// `survey_link_invalid` problem for a forged, altered or replaced link).
pub async fn link_survey(token: &str) -> Result<SurveyForm, ApiFailure> {
    client::get(&link_path(token, "")).await
}

/// `PUT /survey-links/{token}/answers`.
pub async fn link_save_answers(
    token: &str,
    answers: &SurveyAnswers,
) -> Result<SavedAnswers, ApiFailure> {
    client::put(&link_path(token, "/answers"), answers).await
}

/// `POST /survey-links/{token}/submit`.
pub async fn link_submit(token: &str, answers: &SurveyAnswers) -> Result<SurveyForm, ApiFailure> {
    client::post(&link_path(token, "/submit"), answers).await
}
