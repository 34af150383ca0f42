//! `POST /api/v1/complaints` (and the staff registration of off-line complaints): the body as
//! typed, before validation. Everything is lenient here; [`super::ComplaintFiling::parse`] decides.

use serde::{Deserialize, Serialize};

use crate::complaint::kinds::{
    Category, Channel, ContactPreference, IdType, Relationship, UrgencyReason,
};

/// A complaint as the form (or a staff member) sends it. Prefill what the company holds: the
/// consumer's name, ID and phone, and the chosen policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewComplaint {
    /// The channel it came through; absent means the portal (`online`). Staff set it.
    pub channel: Option<Channel>,
    /// Who is filing, in relation to the consumer. Required.
    pub filed_as: Option<Relationship>,
    /// The consumer the complaint is about (投保人 / 被保险人 / 受益人).
    pub consumer: PersonInput,
    /// The person acting for the consumer: required for an agent, an heir or a legal representative.
    pub acting_person: Option<PersonInput>,
    /// The uploaded power of attorney (授权委托书): required for an agent.
    pub power_of_attorney: Option<String>,
    /// The uploaded proof of succession: required for an heir.
    pub succession_proof: Option<String>,
    /// A group's representatives: 1 to 5, required for a group.
    pub representatives: Vec<PersonInput>,
    /// The policy concerned, if any.
    pub policy_id: Option<i64>,
    /// Whom or what the complaint is about (a branch, a staff member, a product).
    pub about: String,
    /// The category. Required.
    pub category: Option<Category>,
    /// What the complainant asks for (投诉请求). Required.
    pub request: String,
    /// The facts and reasons (事实和理由). Required.
    pub facts: String,
    /// Ids of uploaded photos and PDFs.
    pub attachments: Vec<String>,
    /// How to reach the complainant; absent means a phone call.
    pub preferred_contact: Option<ContactPreference>,
    /// Set to ask for the green channel (绿色通道), with the reason.
    pub urgent: Option<UrgencyReason>,
}

/// A person as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PersonInput {
    /// Full name.
    pub name: String,
    /// The identity document's type; absent means a mainland resident identity card.
    pub id_type: Option<IdType>,
    /// The identity document's number.
    pub id_number: String,
    /// A mainland mobile number.
    pub phone: String,
}
