//! What the complaint endpoints send and receive beyond the filing itself: receipts, summaries,
//! the case page, uploads, the published channels and the inbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::clock::{Deadline, NextDeadline};
use super::filing::{NewComplaint, PersonInput};
use super::kinds::{Category, Channel, ContactPreference, Relationship, UrgencyReason};
use super::machine::{Action, Decision, Event, MaterialsRequest, NotAccepted, Status};
use crate::Lang;
use crate::policy::PolicySummary;

/// A text in both of the portal's languages (configuration the company writes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedText {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
}

impl LocalizedText {
    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// `GET /api/v1/channels`: the complaint channels the company must publish (公开投诉渠道).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintChannels {
    /// The complaint hotline, e.g. `95500`.
    pub hotline: String,
    /// The fax number.
    pub fax: String,
    /// The mailing address for letters.
    pub mailing_address: LocalizedText,
    /// The postcode of the mailing address.
    pub postcode: String,
    /// Where complaints are received in person.
    pub reception_address: LocalizedText,
    /// When the reception is open.
    pub reception_hours: LocalizedText,
    /// The complaint email address.
    pub email: String,
    /// The portal's own address (where complaints are filed online).
    pub portal_url: String,
    /// The handling process, step by step.
    pub process: Vec<LocalizedText>,
    /// The regulator's consumer hotline (12378).
    pub regulator_hotline: String,
}

/// `POST /api/v1/uploads` answer: a stored file that a complaint (or later a claim) can refer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// The opaque id to put in `attachments`, `power_of_attorney`, ….
    pub id: String,
    /// The file's name as the person's device gave it.
    pub file_name: String,
    /// The real type, detected from the bytes (`image/jpeg`, `image/png`, `image/webp`,
    /// `image/heic`, `application/pdf`).
    pub content_type: String,
    /// Bytes.
    pub size: u64,
    /// When it was stored.
    pub uploaded_at: DateTime<Utc>,
}

/// `GET /api/v1/complaints/prefill`: what the company already holds, so the form does not ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintPrefill {
    /// The logged-in policyholder as the consumer: name, ID and phone from the company's records.
    pub consumer: PersonInput,
    /// Their policies, to choose the one concerned.
    pub policies: Vec<PolicySummary>,
}

/// `POST /api/v1/complaints` answer (201): the receipt (回执).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintReceipt {
    /// The complaint's id in the API.
    pub id: i64,
    /// The case number told to the complainant, e.g. `TS20261121000123`.
    pub case_number: String,
    /// When it was received: the clock's start.
    pub received_at: DateTime<Utc>,
    /// The deadlines that now run.
    pub deadlines: Vec<Deadline>,
    /// The channels, as every receipt must show them.
    pub channels: ComplaintChannels,
}

/// One line of "my complaints" and of the staff queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintSummary {
    /// The complaint's id in the API.
    pub id: i64,
    /// The case number.
    pub case_number: String,
    /// The stage.
    pub status: Status,
    /// The category.
    pub category: Category,
    /// The channel it came through.
    pub channel: Channel,
    /// The consumer's name.
    pub consumer_name: String,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// The green-channel reason, if urgent.
    pub urgent: Option<UrgencyReason>,
    /// The deadline that matters next: for the complainant any, for staff the company's own.
    pub next_deadline: Option<NextDeadline>,
}

/// `GET /api/v1/complaints/{id}`: the case page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintDetail {
    /// The complaint's id in the API.
    pub id: i64,
    /// The case number.
    pub case_number: String,
    /// The stage.
    pub status: Status,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// The channel it came through.
    pub channel: Channel,
    /// Who filed, in relation to the consumer.
    pub filed_as: Relationship,
    /// The consumer's name.
    pub consumer_name: String,
    /// The acting person's name (agent, heir, legal representative), if any.
    pub acting_person_name: Option<String>,
    /// The group's representatives' names, if a group.
    pub representative_names: Vec<String>,
    /// The policy concerned.
    pub policy_number: Option<String>,
    /// Whom or what it is about.
    pub about: String,
    /// The category.
    pub category: Category,
    /// The request (投诉请求).
    pub request: String,
    /// The facts and reasons (事实和理由).
    pub facts: String,
    /// How to reach the complainant.
    pub preferred_contact: ContactPreference,
    /// The green-channel reason, if urgent.
    pub urgent: Option<UrgencyReason>,
    /// Files filed with the complaint (power of attorney and proofs included).
    pub attachments: Vec<Attachment>,
    /// Every deadline that applies, as of today.
    pub deadlines: Vec<Deadline>,
    /// The one that matters next.
    pub next_deadline: Option<NextDeadline>,
    /// The request for missing materials, with each item's state.
    pub materials: Option<MaterialsRequest>,
    /// Why it was not accepted.
    pub not_accepted: Option<NotAccepted>,
    /// The decision, with its remedies.
    pub decision: Option<Decision>,
    /// The decision after a review.
    pub review_decision: Option<Decision>,
    /// Every step, oldest first (`by` tells "you" from "customer service").
    pub timeline: Vec<Event>,
    /// What the caller may do now (exactly what the state machine allows for their role).
    pub allowed_actions: Vec<Action>,
}

/// The step a notice tells of: a complaint's or a claim's event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "case_kind", content = "step", rename_all = "snake_case")]
pub enum NoticeEvent {
    /// A complaint's step.
    Complaint(Event),
    /// A claim's step.
    Claim(crate::claim::Event),
    /// An invitation to the case's satisfaction survey, or its one reminder.
    Survey(crate::survey::SurveyNotice),
}

impl NoticeEvent {
    /// The notice's title in a language.
    pub fn title(&self, lang: Lang) -> &'static str {
        match self {
            NoticeEvent::Complaint(event) => event.change.title(lang),
            NoticeEvent::Claim(event) => event.change.title(lang),
            NoticeEvent::Survey(notice) => notice.title(lang),
        }
    }

    /// When the step happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            NoticeEvent::Complaint(event) => event.at,
            NoticeEvent::Claim(event) => event.at,
            NoticeEvent::Survey(notice) => notice.at,
        }
    }
}

/// One notice in the inbox (进度通知): what was sent, when, through which channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    /// The notice's id.
    pub id: i64,
    /// The kind of case it is about: `complaint` or `claim`.
    pub case_kind: String,
    /// The case's id.
    pub case_id: i64,
    /// The case number.
    pub case_number: String,
    /// The title in the reader's language (`Accept-Language`), as it was sent.
    pub title: String,
    /// When it was written (the proof of notification time).
    pub created_at: DateTime<Utc>,
    /// When the person opened it.
    pub read_at: Option<DateTime<Utc>>,
    /// Through which channels it went, and when (`inbox` always).
    pub deliveries: Vec<Delivery>,
    /// The step it tells of, in full (for clients that show more than the title).
    pub event: NoticeEvent,
}

/// The part of a [`Notice`] an inbox list shows: the same JSON without `event`, so a client that
/// lists notices does not have to understand every kind of step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeHeadline {
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
}

/// One sending of a notice through one channel, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// The channel.
    pub channel: crate::notify::Channel,
    /// Where it stands.
    pub state: crate::notify::DeliveryState,
    /// When the provider accepted it (the proof of notification time); `None` while it waits.
    pub sent_at: Option<DateTime<Utc>>,
    /// When the provider's receipt said it reached the person, where a receipt said so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<DateTime<Utc>>,
}

/// `GET /api/v1/inbox/unread`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    /// Notices not opened yet.
    pub unread: u32,
}

/// `POST /api/v1/staff/complaints`: a complaint that came in off-line (hotline, fax, letter, on
/// site, email, regulator transfer), registered by staff. The fields of [`NewComplaint`] sit at
/// the top level, with `channel` required and not `online`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineComplaint {
    /// The complaint as received.
    #[serde(flatten)]
    pub complaint: NewComplaint,
    /// The login number of the consumer's portal account, to link the case to it so that the
    /// consumer sees it (and its notices) in the portal.
    #[serde(default)]
    pub policyholder_phone: Option<String>,
    /// When it was received, if earlier than now (a letter opened today that arrived yesterday);
    /// the clock starts then.
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::complaint::machine::{Change, Role};
    use crate::testing::cst;

    #[test]
    fn a_notice_headline_is_the_notices_json_without_its_event() {
        let at = cst("2025-11-03 10:00");
        let notice = Notice {
            id: 1,
            case_kind: "complaint".into(),
            case_id: 7,
            case_number: "TS20251103000007".into(),
            title: "投诉已登记".into(),
            created_at: at,
            read_at: None,
            deliveries: vec![Delivery {
                channel: crate::notify::Channel::Inbox,
                state: crate::notify::DeliveryState::Sent,
                sent_at: Some(at),
                delivered_at: None,
            }],
            event: NoticeEvent::Complaint(Event {
                at,
                by: Role::Complainant,
                change: Change::Registered {
                    channel: Channel::Online,
                    urgent: None,
                },
            }),
        };
        let mut json = serde_json::to_value(&notice).unwrap();
        assert_eq!(json["event"]["case_kind"], "complaint");
        assert_eq!(json["event"]["step"]["change"]["type"], "registered");
        json.as_object_mut().unwrap().remove("event");
        let headline: NoticeHeadline = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&headline).unwrap(), json);
    }
}
