//! What the survey endpoints send and receive.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::answers::{AnswerError, Answers};
use super::definition::{CaseKind, Outcome, SurveyDefinition};
use crate::labels::choice;

choice! {
    /// Where an invitation stands.
    InvitationStatus {
        /// Waiting for answers.
        Open = "open", "待评价", "Waiting for your answers";
        /// Answered (by the person, or on a return visit).
        Answered = "answered", "已评价", "Answered";
        /// Not answered in time.
        Expired = "expired", "已过期", "Expired";
        /// The case was reopened (a review was requested), so the survey was withdrawn.
        Cancelled = "cancelled", "已取消", "Cancelled";
    }
}

choice! {
    /// How a satisfaction result was collected.
    AnsweredVia {
        /// In the portal, logged in.
        Portal = "portal", "在线（已登录）", "In the portal";
        /// Through the link in a message, without logging in.
        Link = "link", "消息链接", "Through the link in a message";
        /// A return visit by phone (电话回访).
        Phone = "phone", "电话回访", "Phone return visit";
        /// A return visit on site (上门回访).
        OnSite = "on_site", "上门回访", "On-site return visit";
        /// A return visit online (video, chat).
        Online = "online", "线上回访", "Online return visit";
    }
}

choice! {
    /// How staff made a return visit (回访方式).
    VisitMethod {
        /// By phone.
        Phone = "phone", "电话", "Phone";
        /// On site.
        OnSite = "on_site", "上门", "On site";
        /// Online (video, chat).
        Online = "online", "线上", "Online";
    }
}

impl VisitMethod {
    /// How a result collected this way is recorded.
    pub fn answered_via(self) -> AnsweredVia {
        match self {
            VisitMethod::Phone => AnsweredVia::Phone,
            VisitMethod::OnSite => AnsweredVia::OnSite,
            VisitMethod::Online => AnsweredVia::Online,
        }
    }
}

/// `GET /api/v1/surveys`: one of the person's invitations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyInvitation {
    /// The invitation's id.
    pub id: i64,
    /// The kind of case.
    pub case_kind: CaseKind,
    /// The case's id.
    pub case_id: i64,
    /// The case number.
    pub case_number: String,
    /// How the case ended.
    pub outcome: Outcome,
    /// Where the invitation stands.
    pub status: InvitationStatus,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// When it expires (or expired).
    pub expires_at: DateTime<Utc>,
    /// When it was answered.
    pub answered_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/surveys/{id}` and `GET /api/v1/survey-links/{token}`: the survey to answer, or
/// as it was answered. Through a link it shows only the case number and kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyForm {
    /// The invitation's id.
    pub invitation_id: i64,
    /// The kind of case.
    pub case_kind: CaseKind,
    /// The case number.
    pub case_number: String,
    /// The case's id: only for its owner, logged in (never through a link).
    pub case_id: Option<i64>,
    /// Where the invitation stands.
    pub status: InvitationStatus,
    /// When it expires (or expired).
    pub expires_at: DateTime<Utc>,
    /// When it was answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// How it was answered.
    pub answered_via: Option<AnsweredVia>,
    /// Whether the recommendation (NPS) question is asked this time.
    pub ask_nps: bool,
    /// The questions.
    pub survey: SurveyDefinition,
    /// The answers saved so far, or as submitted.
    pub answers: Answers,
}

/// `PUT …/answers` (saved as the person goes) and `POST …/submit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyAnswers {
    /// Answers by question key.
    pub answers: Answers,
}

/// `PUT …/answers` answer: what was kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedAnswers {
    /// The answers as stored (texts trimmed, empty answers dropped).
    pub answers: Answers,
    /// When they were saved.
    pub saved_at: DateTime<Utc>,
}

/// Answers that were refused, each by its question (the `errors` of a 422 problem carry the
/// same, with `field` = `answers.<key>`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerErrors {
    /// What is wrong.
    pub errors: Vec<AnswerError>,
}

/// `POST /api/v1/staff/surveys/{id}/return-visits`: a return visit (回访) against an invitation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReturnVisit {
    /// How.
    pub method: VisitMethod,
    /// When it took place.
    pub visited_at: DateTime<Utc>,
    /// Whether the person was reached. A visit that did not reach them records the attempt and
    /// leaves the invitation open.
    pub reached: bool,
    /// The person's answers, required when reached (the same questions as the survey).
    #[serde(default)]
    pub answers: Answers,
    /// What was said or done.
    #[serde(default)]
    pub note: String,
}

/// A recorded return visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnVisit {
    /// The visit's id.
    pub id: i64,
    /// The invitation it answers.
    pub invitation_id: i64,
    /// How.
    pub method: VisitMethod,
    /// When it took place.
    pub visited_at: DateTime<Utc>,
    /// Who made it (staff id).
    pub staff_id: i64,
    /// Their name.
    pub staff_name: String,
    /// Whether the person was reached.
    pub reached: bool,
    /// The note.
    pub note: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// `GET /api/v1/staff/surveys/{id}`: an invitation as staff see it, with its return visits and
/// the link for the person (to send again by message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSurvey {
    /// The invitation and its answers.
    pub form: SurveyForm,
    /// The policyholder's id.
    pub policyholder_id: i64,
    /// The case's id.
    pub case_id: i64,
    /// The return visits recorded, oldest first.
    pub return_visits: Vec<ReturnVisit>,
    /// The path of the answering link (`/s/<token>`), while the invitation is open.
    pub link: Option<String>,
}

/// The notice that invites a person to a survey, or reminds them once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyNotice {
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// The invitation.
    pub invitation_id: i64,
    /// Whether this is the one reminder.
    pub reminder: bool,
    /// When the invitation expires.
    pub expires_at: DateTime<Utc>,
}

impl SurveyNotice {
    /// The notice's title in a language.
    pub fn title(&self, lang: crate::Lang) -> &'static str {
        if self.reminder {
            lang.pick("提醒：请为本次服务评价", "Reminder: tell us how we did")
        } else {
            lang.pick("邀请您为本次服务评价", "Tell us how we did")
        }
    }
}
