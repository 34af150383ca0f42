//! The form's inputs: one text field and one select, reused for every field of the report,
//! each editing one part of the draft named by an [`Input`].

use leptos::prelude::*;
use portal_core::api::FieldError;
use portal_core::claim::{FastLaneReason, NewClaim};
use portal_core::policy::PolicyKind;

use super::draft::Draft;
use crate::components::{Kind, TextInput, select_input, text_input};

/// One field of the report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    Policy,
    Kind,
    Date,
    Time,
    Place,
    Description,
    Phone,
    Urgent,
}

/// The draft, the server's field errors, and which field.
pub type Field = (RwSignal<Draft>, RwSignal<Vec<FieldError>>, Input);

impl Input {
    /// The field's path in the request, as the server names it in its errors.
    fn path(self) -> &'static str {
        match self {
            Input::Policy => "policy_id",
            Input::Kind => "kind",
            Input::Date => "incident_date",
            Input::Time => "incident_time",
            Input::Place => "place",
            Input::Description => "description",
            Input::Phone => "contact_phone",
            Input::Urgent => "urgent",
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Input::Policy => "policy-select",
            Input::Kind => "kind-select",
            Input::Date => "incident-date",
            Input::Time => "incident-time",
            Input::Place => "place-input",
            Input::Description => "description-input",
            Input::Phone => "contact-phone",
            Input::Urgent => "urgent-reason-select",
        }
    }

    fn get(self, claim: &NewClaim) -> String {
        match self {
            Input::Policy => claim.policy_id.map(|id| id.to_string()).unwrap_or_default(),
            Input::Kind => claim
                .kind
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
            Input::Date => claim.incident_date.clone(),
            Input::Time => claim.incident_time.clone(),
            Input::Place => claim.place.clone(),
            Input::Description => claim.description.clone(),
            Input::Phone => claim.contact_phone.clone(),
            Input::Urgent => claim
                .urgent
                .map(|u| u.as_str().to_owned())
                .unwrap_or_default(),
        }
    }

    fn set(self, draft: &mut Draft, value: String) {
        let claim = &mut draft.claim;
        match self {
            Input::Policy => claim.policy_id = value.parse().ok(),
            Input::Kind => claim.kind = PolicyKind::from_str_opt(&value),
            Input::Date => claim.incident_date = value,
            Input::Time => claim.incident_time = value,
            Input::Place => claim.place = value,
            Input::Description => claim.description = value,
            Input::Phone => claim.contact_phone = value,
            Input::Urgent => {
                claim.urgent = FastLaneReason::from_str_opt(&value).or(claim.urgent);
            }
        }
    }
}

/// A labelled text input (or textarea, date, time, phone) with its error slot.
pub fn text((draft, errors, input): Field, label: &'static str) -> AnyView {
    let kind = match input {
        Input::Description => Kind::Long,
        Input::Date => Kind::Date,
        Input::Time => Kind::Time,
        Input::Phone => Kind::Tel,
        _ => Kind::Text,
    };
    let spec = TextInput {
        path: input.path().to_owned(),
        testid: input.testid(),
        label,
        kind,
    };
    let value = move || draft.with(|d| input.get(&d.claim));
    let on_input = move |typed| draft.update(|d| input.set(d, typed));
    text_input(spec, errors, value, on_input)
}

/// A labelled select over `(value, label)` options, with its error slot.
pub fn select(
    (draft, errors, input): Field,
    label: &'static str,
    options: Vec<(String, String)>,
) -> AnyView {
    let current = move || draft.with(|d| input.get(&d.claim));
    let on_change = move |chosen| draft.update(|d| input.set(d, chosen));
    let spec = (input.testid(), input.path(), label);
    select_input(spec, options, errors, current, on_change)
}
