//! The form's inputs: one text field and one select, reused for every field. Each edits one
//! part of the draft, named by a [`TextKey`] or by plain fn pointers, so that one copy of the
//! code serves every field.

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::api::FieldError;
use portal_core::complaint::{NewComplaint, PersonInput};

use super::draft::Draft;
use crate::components::{Kind, TextInput, select_input, text_input};

/// Whose details a person field holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Who {
    Consumer,
    Acting,
    Representative(usize),
}

/// Which detail of a person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Part {
    Name,
    IdNumber,
    Phone,
}

/// A text of the draft.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TextKey {
    Person(Who, Part),
    About,
    Request,
    Facts,
}

impl TextKey {
    /// The field's path in the request, as the server names it in its errors.
    pub fn path(self) -> String {
        match self {
            TextKey::Person(who, part) => {
                let part = match part {
                    Part::Name => "name",
                    Part::IdNumber => "id_number",
                    Part::Phone => "phone",
                };
                match who {
                    Who::Consumer => format!("consumer.{part}"),
                    Who::Acting => format!("acting_person.{part}"),
                    Who::Representative(i) => format!("representatives[{i}].{part}"),
                }
            }
            TextKey::About => "about".into(),
            TextKey::Request => "request".into(),
            TextKey::Facts => "facts".into(),
        }
    }

    /// The input's testid.
    fn testid(self) -> &'static str {
        use {Part::*, Who::*};
        match self {
            TextKey::Person(Consumer, Name) => "consumer-name",
            TextKey::Person(Consumer, IdNumber) => "consumer-id-number",
            TextKey::Person(Consumer, Phone) => "consumer-phone",
            TextKey::Person(Acting, Name) => "acting-name",
            TextKey::Person(Acting, IdNumber) => "acting-id-number",
            TextKey::Person(Acting, Phone) => "acting-phone",
            TextKey::Person(Representative(_), Name) => "rep-name",
            TextKey::Person(Representative(_), IdNumber) => "rep-id-number",
            TextKey::Person(Representative(_), Phone) => "rep-phone",
            TextKey::About => "about-input",
            TextKey::Request => "request-input",
            TextKey::Facts => "facts-input",
        }
    }

    fn person(who: Who, complaint: &NewComplaint) -> Option<&PersonInput> {
        match who {
            Who::Consumer => Some(&complaint.consumer),
            Who::Acting => complaint.acting_person.as_ref(),
            Who::Representative(i) => complaint.representatives.get(i),
        }
    }

    fn person_mut(who: Who, complaint: &mut NewComplaint) -> &mut PersonInput {
        match who {
            Who::Consumer => &mut complaint.consumer,
            Who::Acting => complaint
                .acting_person
                .get_or_insert_with(PersonInput::default),
            Who::Representative(i) => {
                if complaint.representatives.len() <= i {
                    complaint
                        .representatives
                        .resize(i + 1, PersonInput::default());
                }
                &mut complaint.representatives[i]
            }
        }
    }

    /// The text now.
    pub fn get(self, complaint: &NewComplaint) -> String {
        match self {
            TextKey::Person(who, part) => Self::person(who, complaint)
                .map(|p| match part {
                    Part::Name => p.name.clone(),
                    Part::IdNumber => p.id_number.clone(),
                    Part::Phone => p.phone.clone(),
                })
                .unwrap_or_default(),
            TextKey::About => complaint.about.clone(),
            TextKey::Request => complaint.request.clone(),
            TextKey::Facts => complaint.facts.clone(),
        }
    }

    /// Where to write the text.
    pub fn get_mut(self, complaint: &mut NewComplaint) -> &mut String {
        match self {
            TextKey::Person(who, part) => {
                let person = Self::person_mut(who, complaint);
                match part {
                    Part::Name => &mut person.name,
                    Part::IdNumber => &mut person.id_number,
                    Part::Phone => &mut person.phone,
                }
            }
            TextKey::About => &mut complaint.about,
            TextKey::Request => &mut complaint.request,
            TextKey::Facts => &mut complaint.facts,
        }
    }
}

/// A labelled text input (or textarea) for one text of the draft, with its error slot.
pub fn text_field(
    draft: RwSignal<Draft>,
    errors: RwSignal<Vec<FieldError>>,
    key: TextKey,
    label: &'static str,
    kind: Kind,
) -> AnyView {
    let spec = TextInput {
        path: key.path(),
        testid: key.testid(),
        label,
        kind,
    };
    let value = move || draft.with(|d| key.get(&d.complaint));
    let on_input = move |typed| draft.update(|d| *key.get_mut(&mut d.complaint) = typed);
    text_input(spec, errors, value, on_input)
}

/// A labelled select over fixed options (`(value, label)`), with its error slot.
pub fn select_field(
    draft: RwSignal<Draft>,
    errors: RwSignal<Vec<FieldError>>,
    spec: SelectSpec,
    options: Vec<(String, String)>,
) -> AnyView {
    let SelectSpec {
        id,
        path,
        label,
        get,
        set,
    } = spec;
    let current = move || draft.with(get);
    let on_change = move |chosen: String| draft.update(|d| set(&mut d.complaint, &chosen));
    select_input((id, path, label), options, errors, current, on_change)
}

/// What a select edits: its id (also its testid), the field's path, label, and how to read and
/// write the chosen value.
pub struct SelectSpec {
    pub id: &'static str,
    pub path: &'static str,
    pub label: &'static str,
    pub get: fn(&Draft) -> String,
    pub set: fn(&mut NewComplaint, &str),
}

/// `(value, label)` pairs of a portal-core choice list, optionally after a first "none" option.
pub fn choices<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T, Lang) -> &'static str,
    lang: Lang,
    none: Option<&'static str>,
) -> Vec<(String, String)> {
    none.map(|text| (String::new(), text.to_owned()))
        .into_iter()
        .chain(
            all.iter()
                .map(|&c| (value(c).to_owned(), label(c, lang).to_owned())),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_match_the_servers_error_paths() {
        assert_eq!(
            TextKey::Person(Who::Consumer, Part::IdNumber).path(),
            "consumer.id_number"
        );
        assert_eq!(
            TextKey::Person(Who::Representative(2), Part::Phone).path(),
            "representatives[2].phone"
        );
        assert_eq!(TextKey::Request.path(), "request");
    }

    #[test]
    fn typing_into_a_missing_person_creates_them() {
        let mut complaint = NewComplaint::default();
        *TextKey::Person(Who::Representative(1), Part::Name).get_mut(&mut complaint) = "王".into();
        assert_eq!(complaint.representatives.len(), 2);
        assert_eq!(
            TextKey::Person(Who::Representative(1), Part::Name).get(&complaint),
            "王"
        );
        *TextKey::Person(Who::Acting, Part::Phone).get_mut(&mut complaint) = "1".into();
        assert_eq!(
            complaint.acting_person.map(|p| p.phone).as_deref(),
            Some("1")
        );
    }
}
