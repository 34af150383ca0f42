//! The complaint as typed so far: kept in localStorage as the person types, restored on the
//! next visit, and sent with the same idempotency key until it is filed.

use portal_core::complaint::{
    Attachment, ComplaintPrefill, NewComplaint, PersonInput, Relationship,
};
use serde::{Deserialize, Serialize};

use crate::components::KeptDraft;

/// The draft: the request as typed, the stored files of each slot, and the submit's key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub complaint: NewComplaint,
    pub power_of_attorney: Vec<Attachment>,
    pub succession_proof: Vec<Attachment>,
    pub attachments: Vec<Attachment>,
    /// The `Idempotency-Key`: the same for this draft until it is filed.
    pub key: String,
}

impl KeptDraft for Draft {
    const STORAGE_KEY: &'static str = "draft.complaint";
    const KEY_PREFIX: &'static str = "web";

    fn key_mut(&mut self) -> &mut String {
        &mut self.key
    }
}

impl Draft {
    /// A new draft, filled with what the company already holds.
    pub fn new(prefill: &ComplaintPrefill) -> Draft {
        Draft {
            complaint: NewComplaint {
                filed_as: Some(Relationship::Consumer),
                consumer: prefill.consumer.clone(),
                ..NewComplaint::default()
            },
            key: Self::new_key(),
            ..Draft::default()
        }
    }

    /// Who is filing.
    pub fn relationship(&self) -> Relationship {
        self.complaint.filed_as.unwrap_or(Relationship::Consumer)
    }

    /// The request to send: only the sections that the relationship asks for.
    pub fn request(&self) -> NewComplaint {
        let relationship = self.relationship();
        let ids = |files: &[Attachment]| files.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        let first = |files: &[Attachment]| files.first().map(|a| a.id.clone());
        let mut request = self.complaint.clone();
        request.filed_as = Some(relationship);
        request.attachments = ids(&self.attachments);
        request.power_of_attorney =
            first(&self.power_of_attorney).filter(|_| relationship == Relationship::Agent);
        request.succession_proof =
            first(&self.succession_proof).filter(|_| relationship == Relationship::Heir);
        let acting = matches!(
            relationship,
            Relationship::Agent | Relationship::Heir | Relationship::LegalRepresentative
        );
        if acting {
            request
                .acting_person
                .get_or_insert_with(PersonInput::default);
        } else {
            request.acting_person = None;
        }
        if relationship != Relationship::Group {
            request.representatives.clear();
        }
        request
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(id: &str) -> Attachment {
        Attachment {
            id: id.into(),
            file_name: "a.pdf".into(),
            content_type: "application/pdf".into(),
            size: 1,
            uploaded_at: chrono::DateTime::default(),
        }
    }

    #[test]
    fn only_the_chosen_relationships_sections_are_sent() {
        let mut draft = Draft {
            power_of_attorney: vec![attachment("poa")],
            succession_proof: vec![attachment("proof")],
            attachments: vec![attachment("x"), attachment("y")],
            ..Draft::default()
        };
        draft.complaint.representatives.push(PersonInput::default());
        draft.complaint.filed_as = Some(Relationship::Agent);
        let request = draft.request();
        assert_eq!(request.power_of_attorney.as_deref(), Some("poa"));
        assert_eq!(request.succession_proof, None);
        assert!(request.acting_person.is_some());
        assert!(request.representatives.is_empty());
        assert_eq!(request.attachments, ["x", "y"]);

        draft.complaint.filed_as = Some(Relationship::Group);
        let request = draft.request();
        assert_eq!(request.power_of_attorney, None);
        assert_eq!(request.acting_person, None);
        assert_eq!(request.representatives.len(), 1);
    }
}
