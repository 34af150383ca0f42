//! Reporting a claim (报案): the request body ([`NewClaim`]) parsed into a [`ClaimReport`] that
//! is valid for ever, or into every field error at once.

#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::clock::china_time;
use super::kinds::FastLaneReason;
use crate::PhoneNumber;
use crate::api::ErrorCode;
use crate::complaint::{FilingError, china_date};
use crate::policy::PolicyKind;

/// The longest place, in characters.
pub const PLACE_MAX_CHARS: usize = 200;
/// The longest description of what happened, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 2000;

/// `POST /api/v1/claims`: a claim as the form sends it. Everything is lenient here;
/// [`ClaimReport::parse`] decides. Prefill the policy and the contact phone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewClaim {
    /// The policy claimed on (one of the caller's). Required.
    pub policy_id: Option<i64>,
    /// The kind of claim; it chooses the document checklist. Required.
    pub kind: Option<PolicyKind>,
    /// The day it happened, `YYYY-MM-DD` (China time). Required.
    pub incident_date: String,
    /// The time it happened, `HH:MM`; empty when not known.
    pub incident_time: String,
    /// Where it happened. Required.
    pub place: String,
    /// What happened. Required.
    pub description: String,
    /// The number to call about the claim. Required.
    pub contact_phone: String,
    /// Set to ask for the fast lane (加速通道), with the reason.
    pub urgent: Option<FastLaneReason>,
}

/// A valid claim report, ready to be registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimReport {
    /// The policy claimed on.
    pub policy_id: i64,
    /// The kind of claim.
    pub kind: PolicyKind,
    /// The day it happened (China time).
    pub incident_date: NaiveDate,
    /// The time it happened, if known.
    pub incident_time: Option<NaiveTime>,
    /// Where it happened, trimmed.
    pub place: String,
    /// What happened, trimmed.
    pub description: String,
    /// The number to call.
    pub contact_phone: PhoneNumber,
    /// The fast-lane reason, if urgent.
    pub fast_lane: Option<FastLaneReason>,
}

fn error(field: &str, code: ErrorCode) -> FilingError {
    FilingError {
        field: field.to_owned(),
        code,
    }
}

impl ClaimReport {
    /// Checks every field and reports every problem at once (an empty list never comes back).
    /// Whether the date fits the policy is [`ClaimReport::check_incident`]'s business.
    pub fn parse(input: &NewClaim) -> Result<ClaimReport, Vec<FilingError>> {
        let mut errors = Vec::new();
        let mut required = |field: &str, present: bool| {
            if !present {
                errors.push(error(field, ErrorCode::Required));
            }
        };
        required("policy_id", input.policy_id.is_some());
        required("kind", input.kind.is_some());
        let incident_date = match input.incident_date.trim() {
            "" => Err(error("incident_date", ErrorCode::Required)),
            s => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| error("incident_date", ErrorCode::DateInvalid)),
        };
        let incident_time = match input.incident_time.trim() {
            "" => Ok(None),
            s => NaiveTime::parse_from_str(s, "%H:%M")
                .map(Some)
                .map_err(|_| error("incident_time", ErrorCode::TimeInvalid)),
        };
        let place = text("place", &input.place, PLACE_MAX_CHARS);
        let description = text("description", &input.description, DESCRIPTION_MAX_CHARS);
        let contact_phone =
            PhoneNumber::parse(&input.contact_phone).map_err(|e| error("contact_phone", e.code));
        for result in [
            incident_date.as_ref().err(),
            incident_time.as_ref().err(),
            place.as_ref().err(),
            description.as_ref().err(),
            contact_phone.as_ref().err(),
        ]
        .into_iter()
        .flatten()
        {
            errors.push(result.clone());
        }
        errors.sort_by_key(|e| FIELD_ORDER.iter().position(|f| *f == e.field));
        match (
            input.policy_id,
            input.kind,
            incident_date,
            incident_time,
            place,
            description,
            contact_phone,
        ) {
            (
                Some(policy_id),
                Some(kind),
                Ok(incident_date),
                Ok(incident_time),
                Ok(place),
                Ok(description),
                Ok(contact_phone),
            ) => Ok(ClaimReport {
                policy_id,
                kind,
                incident_date,
                incident_time,
                place,
                description,
                contact_phone,
                fast_lane: input.urgent,
            }),
            _ => Err(errors),
        }
    }

    /// The server's check against the policy: the incident is not in the future (China time)
    /// and falls within the period of cover, both days included.
    pub fn check_incident(
        &self,
        now: DateTime<Utc>,
        cover_starts_on: NaiveDate,
        cover_ends_on: NaiveDate,
    ) -> Result<(), FilingError> {
        check_incident(
            self.incident_date,
            self.incident_time,
            now,
            cover_starts_on,
            cover_ends_on,
        )
    }
}

/// The incident date (and time, if known) is not after `now` in China and lies within the
/// period of cover. The web app runs it too, with the chosen policy's dates.
pub fn check_incident(
    date: NaiveDate,
    time: Option<NaiveTime>,
    now: DateTime<Utc>,
    cover_starts_on: NaiveDate,
    cover_ends_on: NaiveDate,
) -> Result<(), FilingError> {
    let today = china_date(now);
    if date > today {
        return Err(error("incident_date", ErrorCode::DateInFuture));
    }
    if date == today && time.is_some_and(|t| t > china_time(now)) {
        return Err(error("incident_time", ErrorCode::DateInFuture));
    }
    if date < cover_starts_on || date > cover_ends_on {
        return Err(error(
            "incident_date",
            ErrorCode::IncidentOutsidePolicyPeriod,
        ));
    }
    Ok(())
}

/// The fields in the order of the form, so errors read top to bottom.
const FIELD_ORDER: [&str; 7] = [
    "policy_id",
    "kind",
    "incident_date",
    "incident_time",
    "place",
    "description",
    "contact_phone",
];

fn text(field: &str, value: &str, max: usize) -> Result<String, FilingError> {
    let value = value.trim();
    if value.is_empty() {
        Err(error(field, ErrorCode::Required))
    } else if value.chars().count() > max {
        Err(error(field, ErrorCode::TooLong))
    } else {
        Ok(value.to_owned())
    }
}

impl TryFrom<NewClaim> for ClaimReport {
    type Error = Vec<FilingError>;

    fn try_from(input: NewClaim) -> Result<Self, Self::Error> {
        ClaimReport::parse(&input)
    }
}
