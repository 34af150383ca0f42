//! The checklists: the defaults of domain.md, configuration, and how a slot's state follows its
//! documents and their review.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::testing::cst;

fn keys(checklist: &Checklist) -> Vec<&str> {
    checklist.slots.iter().map(|s| s.key.as_str()).collect()
}

fn required(checklist: &Checklist) -> Vec<&str> {
    checklist
        .slots
        .iter()
        .filter(|s| s.required)
        .map(|s| s.key.as_str())
        .collect()
}

fn document(id: &str, slot: &str, uploaded: &str) -> ClaimDocument {
    ClaimDocument {
        id: id.into(),
        slot: slot.into(),
        file_name: format!("{id}.jpg"),
        content_type: "image/jpeg".into(),
        size: 1,
        uploaded_at: cst(uploaded),
        review: ReviewState::Pending,
        reviewed_at: None,
    }
}

fn reviewed(mut d: ClaimDocument, review: ReviewState, at: &str) -> ClaimDocument {
    d.review = review;
    d.reviewed_at = Some(cst(at));
    d
}

fn rejected() -> ReviewState {
    ReviewState::Rejected {
        reason: DocumentRejection::Unreadable,
        note: "太模糊".into(),
    }
}

fn status(documents: &[ClaimDocument], key: &str) -> SlotStatus {
    let checklists = ClaimChecklists::default();
    checklists
        .medical
        .progress(documents)
        .get(key)
        .unwrap()
        .status
}

#[test]
fn the_default_checklists_are_those_of_the_domain() {
    let all = ClaimChecklists::default();
    assert_eq!(all.check(), Ok(()));
    assert_eq!(
        keys(&all.medical),
        [
            "id_card",
            "invoices",
            "medical_record",
            "discharge_summary",
            "expense_list",
            "bank_card",
            "other"
        ]
    );
    assert_eq!(
        required(&all.medical),
        ["id_card", "invoices", "medical_record", "bank_card"]
    );
    assert_eq!(
        required(&all.auto),
        [
            "driving_licence",
            "vehicle_licence",
            "accident_report",
            "repair_estimate",
            "damage_photos",
            "bank_card"
        ]
    );
    for kind in PolicyKind::ALL {
        let checklist = all.for_kind(kind);
        assert!(
            checklist
                .slot("bank_card")
                .is_some_and(|s| s.required && !s.multiple)
        );
        for slot in &checklist.slots {
            assert!(
                !slot.hint.zh.is_empty() && !slot.hint.en.is_empty(),
                "{}",
                slot.key
            );
        }
    }
}

#[test]
fn a_company_configures_only_the_kinds_it_changes() {
    let json = r#"{"auto": {"slots": [{"key": "driving_licence",
        "label": {"zh": "驾驶证", "en": "Driving licence"},
        "hint": {"zh": "正副页", "en": "Both pages"}, "required": true, "multiple": true}]}}"#;
    let all: ClaimChecklists = serde_json::from_str(json).unwrap();
    assert_eq!(keys(&all.auto), ["driving_licence"]);
    assert_eq!(all.medical, ClaimChecklists::default().medical);
    assert_eq!(all.check(), Ok(()));
}

#[test]
fn a_configured_checklist_with_bad_keys_is_refused() {
    let mut all = ClaimChecklists::default();
    all.life.slots.push(all.life.slots[0].clone());
    assert_eq!(
        all.check(),
        Err(ChecklistError::DuplicateKey {
            kind: "life",
            key: "claimant_id".into()
        })
    );
    let mut all = ClaimChecklists::default();
    all.auto.slots[0].key = "Driving Licence".into();
    assert!(matches!(
        all.check(),
        Err(ChecklistError::BadKey { kind: "auto", .. })
    ));
    let mut all = ClaimChecklists::default();
    all.property.slots.clear();
    assert_eq!(all.check(), Err(ChecklistError::Empty("property")));
    let mut all = ClaimChecklists::default();
    all.medical.slots[1].label.en = " ".into();
    assert!(matches!(
        all.check(),
        Err(ChecklistError::EmptyLabel { .. })
    ));
}

#[test]
fn a_slot_is_missing_then_uploaded_then_accepted() {
    assert_eq!(status(&[], "invoices"), SlotStatus::Missing);
    let inv = document("inv-1", "invoices", "2025-11-03 10:00");
    assert_eq!(
        status(std::slice::from_ref(&inv), "invoices"),
        SlotStatus::Uploaded
    );
    let accepted = reviewed(inv, ReviewState::Accepted, "2025-11-04 10:00");
    assert_eq!(status(&[accepted], "invoices"), SlotStatus::Accepted);
}

#[test]
fn a_rejected_document_makes_its_slot_missing_until_a_new_upload() {
    let inv = document("inv-1", "invoices", "2025-11-03 10:00");
    let bad = reviewed(inv, rejected(), "2025-11-04 10:00");
    let checklists = ClaimChecklists::default();
    let progress = checklists.medical.progress(std::slice::from_ref(&bad));
    let slot = progress.get("invoices").unwrap();
    assert_eq!(slot.status, SlotStatus::Rejected);
    assert_eq!(
        slot.rejection.as_ref().unwrap().reason,
        DocumentRejection::Unreadable
    );
    assert!(progress.missing_required().contains(&"invoices"));
    let again = document("inv-2", "invoices", "2025-11-04 18:00");
    assert_eq!(
        status(&[bad.clone(), again], "invoices"),
        SlotStatus::Uploaded
    );
    // One invoice of several rejected: the slot wants a new file even if others were accepted.
    let good = reviewed(
        document("inv-3", "invoices", "2025-11-03 10:00"),
        ReviewState::Accepted,
        "2025-11-04 10:00",
    );
    assert_eq!(status(&[good, bad], "invoices"), SlotStatus::Rejected);
}

#[test]
fn a_request_lists_missing_required_slots_and_every_rejected_one() {
    let extra = reviewed(
        document("x-1", "expense_list", "2025-11-03 10:00"),
        rejected(),
        "2025-11-04 10:00",
    );
    let id = document("id-1", "id_card", "2025-11-03 10:00");
    let checklists = ClaimChecklists::default();
    let progress = checklists.medical.progress(&[id, extra]);
    assert_eq!(
        progress.missing_required(),
        ["invoices", "medical_record", "bank_card"]
    );
    assert_eq!(
        progress.to_request(),
        ["invoices", "medical_record", "expense_list", "bank_card"]
    );
}

#[test]
fn documents_of_unknown_slots_are_left_out_of_the_progress() {
    let stray = document("s-1", "no_such_slot", "2025-11-03 10:00");
    let checklists = ClaimChecklists::default();
    let progress = checklists.medical.progress(&[stray]);
    assert!(progress.slots.iter().all(|s| s.documents.is_empty()));
}
