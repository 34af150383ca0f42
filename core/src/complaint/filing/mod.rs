//! Filing a complaint: the request body ([`NewComplaint`]) parsed into a [`ComplaintFiling`] that
//! is valid for ever, or into per-field errors with stable codes.

mod request;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use request::{NewComplaint, PersonInput};

use super::id_number::IdDocument;
use super::kinds::{Category, Channel, ContactPreference, IdType, Relationship, UrgencyReason};
use crate::api::{ErrorCode, FieldError};
use crate::{Lang, PhoneNumber};

/// The longest name, in characters.
pub const NAME_MAX_CHARS: usize = 50;
/// The longest "about" text, in characters.
pub const ABOUT_MAX_CHARS: usize = 200;
/// The longest request, in characters.
pub const REQUEST_MAX_CHARS: usize = 2000;
/// The longest facts and reasons, in characters.
pub const FACTS_MAX_CHARS: usize = 5000;
/// The most attachments one filing carries.
pub const ATTACHMENTS_MAX: usize = 20;
/// The most representatives a group complaint names.
pub const REPRESENTATIVES_MAX: usize = 5;

/// A valid complaint, ready to be registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintFiling {
    /// The channel it came through.
    pub channel: Channel,
    /// The consumer the complaint is about.
    pub consumer: Person,
    /// Who filed it, with what the rules ask of them.
    pub filed_by: FiledBy,
    /// The policy concerned, if any.
    pub policy_id: Option<i64>,
    /// Whom or what it is about (may be empty).
    pub about: String,
    /// The category.
    pub category: Category,
    /// What the complainant asks for.
    pub request: String,
    /// The facts and reasons.
    pub facts: String,
    /// Ids of uploaded attachments.
    pub attachments: Vec<String>,
    /// How to reach the complainant.
    pub preferred_contact: ContactPreference,
    /// The green-channel reason, if urgent (a group complaint always is).
    pub urgent: Option<UrgencyReason>,
}

/// A person with a checked name, identity document and phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Full name, trimmed.
    pub name: String,
    /// Identity document.
    pub id: IdDocument,
    /// Mobile number.
    pub phone: PhoneNumber,
}

/// Who filed the complaint, with the proof the rules require of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FiledBy {
    /// The consumer themself.
    Consumer,
    /// An authorised agent, with the signed power of attorney.
    Agent {
        /// The agent.
        agent: Person,
        /// The uploaded power of attorney.
        power_of_attorney: String,
    },
    /// An heir of a deceased consumer, with proof of succession.
    Heir {
        /// The heir.
        heir: Person,
        /// The uploaded proof of succession.
        succession_proof: String,
    },
    /// The consumer's legal representative.
    LegalRepresentative {
        /// The representative.
        representative: Person,
    },
    /// A group of consumers, through 1 to 5 representatives.
    Group {
        /// The representatives.
        representatives: Vec<Person>,
    },
}

impl FiledBy {
    /// The relationship this stands for.
    pub fn relationship(&self) -> Relationship {
        match self {
            FiledBy::Consumer => Relationship::Consumer,
            FiledBy::Agent { .. } => Relationship::Agent,
            FiledBy::Heir { .. } => Relationship::Heir,
            FiledBy::LegalRepresentative { .. } => Relationship::LegalRepresentative,
            FiledBy::Group { .. } => Relationship::Group,
        }
    }
}

/// One field's problem: the field's path in the request body (`consumer.id_number`,
/// `representatives[2].phone`) and its stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilingError {
    /// The field's path in [`NewComplaint`].
    pub field: String,
    /// The stable code.
    pub code: ErrorCode,
}

impl FilingError {
    /// The API's field error, with the text in a language.
    pub fn to_field_error(&self, lang: Lang) -> FieldError {
        FieldError {
            field: self.field.clone(),
            code: self.code,
            message: self.code.message(lang).to_owned(),
        }
    }
}

impl ComplaintFiling {
    /// Checks every field and reports every problem at once (an empty list never comes back).
    pub fn parse(input: &NewComplaint) -> Result<ComplaintFiling, Vec<FilingError>> {
        let mut errors = Errors(Vec::new());
        let consumer = errors.person("consumer", &input.consumer);
        let filed_by = errors.filed_by(input);
        let about = errors.text("about", &input.about, ABOUT_MAX_CHARS, false);
        let category = errors.present("category", input.category);
        let request = errors.text("request", &input.request, REQUEST_MAX_CHARS, true);
        let facts = errors.text("facts", &input.facts, FACTS_MAX_CHARS, true);
        let attachments = errors.attachments(&input.attachments);
        match (
            consumer,
            filed_by,
            about,
            category,
            request,
            facts,
            attachments,
        ) {
            (
                Some(consumer),
                Some(filed_by),
                Some(about),
                Some(category),
                Some(request),
                Some(facts),
                Some(attachments),
            ) if errors.0.is_empty() => {
                let urgent = input.urgent.or(match filed_by {
                    FiledBy::Group { .. } => Some(UrgencyReason::Group),
                    _ => None,
                });
                Ok(ComplaintFiling {
                    channel: input.channel.unwrap_or(Channel::Online),
                    consumer,
                    filed_by,
                    policy_id: input.policy_id,
                    about,
                    category,
                    request,
                    facts,
                    attachments,
                    preferred_contact: input.preferred_contact.unwrap_or(ContactPreference::Phone),
                    urgent,
                })
            }
            _ => Err(errors.0),
        }
    }
}

impl TryFrom<NewComplaint> for ComplaintFiling {
    type Error = Vec<FilingError>;

    fn try_from(input: NewComplaint) -> Result<Self, Self::Error> {
        ComplaintFiling::parse(&input)
    }
}

/// Collects field errors while parsing.
struct Errors(Vec<FilingError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, code: ErrorCode) {
        self.0.push(FilingError {
            field: field.into(),
            code,
        });
    }

    fn present<T>(&mut self, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.push(field, ErrorCode::Required);
        }
        value
    }

    fn text(&mut self, field: &str, value: &str, max: usize, required: bool) -> Option<String> {
        let value = value.trim();
        if required && value.is_empty() {
            self.push(field, ErrorCode::Required);
            None
        } else if value.chars().count() > max {
            self.push(field, ErrorCode::TooLong);
            None
        } else {
            Some(value.to_owned())
        }
    }

    fn upload(&mut self, field: &str, id: Option<&String>, missing: ErrorCode) -> Option<String> {
        match id.map(|s| s.trim()).filter(|s| !s.is_empty()) {
            Some(id) => Some(id.to_owned()),
            None => {
                self.push(field, missing);
                None
            }
        }
    }

    fn attachments(&mut self, ids: &[String]) -> Option<Vec<String>> {
        if ids.len() > ATTACHMENTS_MAX {
            self.push("attachments", ErrorCode::TooManyAttachments);
            return None;
        }
        let ids: Vec<String> = ids.iter().map(|s| s.trim().to_owned()).collect();
        if ids.iter().any(String::is_empty) {
            self.push("attachments", ErrorCode::Required);
            return None;
        }
        Some(ids)
    }

    fn person(&mut self, prefix: &str, input: &PersonInput) -> Option<Person> {
        let name = self.text(&format!("{prefix}.name"), &input.name, NAME_MAX_CHARS, true);
        let id_type = input.id_type.unwrap_or(IdType::MainlandId);
        let id = IdDocument::parse(id_type, &input.id_number)
            .map_err(|e| self.push(format!("{prefix}.id_number"), e.code))
            .ok();
        let phone = PhoneNumber::parse(&input.phone)
            .map_err(|e| self.push(format!("{prefix}.phone"), e.code))
            .ok();
        Some(Person {
            name: name?,
            id: id?,
            phone: phone?,
        })
    }

    fn acting_person(&mut self, input: &NewComplaint) -> Option<Person> {
        match &input.acting_person {
            Some(person) => self.person("acting_person", person),
            None => {
                self.push("acting_person", ErrorCode::Required);
                None
            }
        }
    }

    fn filed_by(&mut self, input: &NewComplaint) -> Option<FiledBy> {
        match self.present("filed_as", input.filed_as)? {
            Relationship::Consumer => Some(FiledBy::Consumer),
            Relationship::Agent => {
                let agent = self.acting_person(input);
                let power_of_attorney = self.upload(
                    "power_of_attorney",
                    input.power_of_attorney.as_ref(),
                    ErrorCode::PowerOfAttorneyRequired,
                );
                Some(FiledBy::Agent {
                    agent: agent?,
                    power_of_attorney: power_of_attorney?,
                })
            }
            Relationship::Heir => {
                let heir = self.acting_person(input);
                let succession_proof = self.upload(
                    "succession_proof",
                    input.succession_proof.as_ref(),
                    ErrorCode::SuccessionProofRequired,
                );
                Some(FiledBy::Heir {
                    heir: heir?,
                    succession_proof: succession_proof?,
                })
            }
            Relationship::LegalRepresentative => Some(FiledBy::LegalRepresentative {
                representative: self.acting_person(input)?,
            }),
            Relationship::Group => {
                let count = input.representatives.len();
                if count == 0 {
                    self.push("representatives", ErrorCode::RepresentativesRequired);
                    return None;
                }
                if count > REPRESENTATIVES_MAX {
                    self.push("representatives", ErrorCode::TooManyRepresentatives);
                    return None;
                }
                let representatives: Vec<Option<Person>> = input
                    .representatives
                    .iter()
                    .enumerate()
                    .map(|(i, p)| self.person(&format!("representatives[{i}]"), p))
                    .collect();
                Some(FiledBy::Group {
                    representatives: representatives.into_iter().collect::<Option<Vec<_>>>()?,
                })
            }
        }
    }
}
