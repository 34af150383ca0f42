//! The claim lifecycle rules, step by step: who may do what, in which state, and what it records.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::api::ErrorCode;
use crate::calendar::WorkingCalendar;
use crate::claim::checklist::{ClaimChecklists, SlotStatus};
use crate::claim::document::NewDocument;
use crate::claim::kinds::{
    DecisionResult, DocumentRejection, FastLaneReason, PaymentLine, RefusalReason, ReviewOutcome,
};
use crate::claim::rules::ClaimRules;
use crate::policy::{Money, PolicyKind};
pub(crate) use crate::testing::{cst, day};

/// A claim and its events, driven as the server would.
pub(crate) struct Claim {
    pub state: ClaimState,
    pub events: Vec<Event>,
    pub rules: ClaimRules,
    pub checklists: ClaimChecklists,
}

impl Claim {
    pub fn reported(kind: PolicyKind, at: &str) -> Claim {
        let first = Event {
            at: cst(at),
            by: Role::Policyholder,
            change: Change::Reported {
                kind,
                fast_lane: None,
            },
        };
        Claim {
            state: replay(std::slice::from_ref(&first)).unwrap(),
            events: vec![first],
            rules: ClaimRules::default(),
            checklists: ClaimChecklists::default(),
        }
    }

    /// A medical claim reported on Mon 2025-11-03 at 09:00.
    pub fn medical() -> Claim {
        Claim::reported(PolicyKind::Medical, "2025-11-03 09:00")
    }

    pub fn ctx(&self, role: Role, at: &str) -> Ctx<'_> {
        Ctx {
            role,
            now: cst(at),
            rules: &self.rules,
            calendar: WorkingCalendar::official(),
            checklist: self.checklists.for_kind(self.state.kind),
        }
    }

    pub fn try_do(
        &mut self,
        role: Role,
        at: &str,
        command: Command,
    ) -> Result<&mut Claim, Refusal> {
        let (state, events) = execute(&self.state, command, &self.ctx(role, at))?;
        self.state = state;
        self.events.extend(events);
        Ok(self)
    }

    pub fn does(&mut self, role: Role, at: &str, command: Command) -> &mut Claim {
        let action = command.action();
        self.try_do(role, at, command)
            .unwrap_or_else(|r| panic!("{action:?} refused: {r}"));
        self
    }

    pub fn refused(&mut self, role: Role, at: &str, command: Command) -> Refusal {
        let before = self.state.clone();
        let refusal = self.try_do(role, at, command).err().unwrap();
        assert_eq!(self.state, before, "a refusal changes nothing");
        refusal
    }

    pub fn allowed(&self, role: Role, at: &str) -> Vec<Action> {
        allowed_actions(&self.state, &self.ctx(role, at))
    }

    pub fn slot(&self, key: &str) -> SlotStatus {
        let checklist = self.checklists.for_kind(self.state.kind);
        self.state.progress(checklist).get(key).unwrap().status
    }

    /// The changes recorded since the report, by their wire name.
    pub fn changes(&self) -> Vec<String> {
        self.events
            .iter()
            .map(|e| {
                serde_json::to_value(&e.change).unwrap()["type"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }
}

use Role::{Handler, Policyholder, Supervisor, System};

pub(crate) fn upload(id: &str, slot: &str) -> Command {
    Command::UploadDocument {
        document: NewDocument {
            id: id.into(),
            slot: slot.into(),
            file_name: format!("{id}.jpg"),
            content_type: "image/jpeg".into(),
            size: 1_200_000,
        },
    }
}

pub(crate) fn request(slots: &[&str]) -> Command {
    Command::RequestDocuments {
        slots: slots
            .iter()
            .map(|s| SlotRequest {
                slot: (*s).into(),
                due_on: None,
                note: String::new(),
            })
            .collect(),
    }
}

pub(crate) fn accept_doc(id: &str) -> DocumentReview {
    DocumentReview {
        document_id: id.into(),
        outcome: ReviewOutcome::Accepted,
    }
}

pub(crate) fn reject_doc(id: &str) -> DocumentReview {
    DocumentReview {
        document_id: id.into(),
        outcome: ReviewOutcome::Rejected {
            reason: DocumentRejection::Unreadable,
            note: "请在光线充足处重新拍摄".into(),
        },
    }
}

pub(crate) fn review(reviews: Vec<DocumentReview>) -> Command {
    Command::ReviewDocuments {
        reviews,
        due_on: None,
    }
}

pub(crate) fn investigate() -> Command {
    Command::StartInvestigation {
        what: "向医院核实住院记录".into(),
    }
}

pub(crate) fn assess(yuan: i64) -> Command {
    Command::Assess {
        amount: Money(yuan * 100),
        note: String::new(),
    }
}

pub(crate) fn decide(result: DecisionResult, yuan: Option<i64>) -> Command {
    let refusing = result != DecisionResult::Approved;
    Command::Decide {
        result,
        amount: yuan.map(|y| Money(y * 100)),
        refusal_reasons: if refusing {
            vec![RefusalReason::Exclusion]
        } else {
            Vec::new()
        },
        text: if refusing {
            "自费药品不在保险责任范围内".into()
        } else {
            String::new()
        },
    }
}

pub(crate) fn pay(lines: &[(&str, i64)]) -> Command {
    Command::Pay {
        lines: lines
            .iter()
            .map(|(label, yuan)| PaymentLine {
                label: (*label).into(),
                amount: Money(yuan * 100),
            })
            .collect(),
    }
}

/// Uploads every required medical document at `at`.
pub(crate) fn upload_all_required(claim: &mut Claim, at: &str) {
    for (id, slot) in [
        ("id-1", "id_card"),
        ("inv-1", "invoices"),
        ("rec-1", "medical_record"),
        ("bank-1", "bank_card"),
    ] {
        claim.does(Policyholder, at, upload(id, slot));
    }
}

/// A medical claim with complete documents on Tue 2025-11-04 10:00.
pub(crate) fn complete() -> Claim {
    let mut claim = Claim::medical();
    claim.does(System, "2025-11-03 09:01", Command::Accept);
    upload_all_required(&mut claim, "2025-11-04 10:00");
    assert_eq!(claim.state.status, Status::DocumentsComplete);
    claim
}

/// A medical claim assessed at ¥10,000 on Mon 2025-11-10.
pub(crate) fn assessed() -> Claim {
    let mut claim = complete();
    claim.does(Handler, "2025-11-05 10:00", investigate()).does(
        Handler,
        "2025-11-10 10:00",
        assess(10_000),
    );
    claim
}

#[test]
fn the_usual_path_from_report_to_payment() {
    let mut claim = Claim::medical();
    claim
        .does(System, "2025-11-03 09:01", Command::Accept)
        .does(Handler, "2025-11-03 15:00", request(&[]))
        .does(Policyholder, "2025-11-04 20:00", upload("id-1", "id_card"))
        .does(
            Policyholder,
            "2025-11-04 20:01",
            upload("inv-1", "invoices"),
        )
        .does(
            Policyholder,
            "2025-11-04 20:02",
            upload("rec-1", "medical_record"),
        )
        .does(
            Policyholder,
            "2025-11-05 08:00",
            upload("bank-1", "bank_card"),
        );
    assert_eq!(claim.state.status, Status::DocumentsComplete);
    claim
        .does(
            Handler,
            "2025-11-05 10:00",
            review(vec![
                accept_doc("id-1"),
                accept_doc("inv-1"),
                accept_doc("rec-1"),
                accept_doc("bank-1"),
            ]),
        )
        .does(Handler, "2025-11-05 11:00", investigate())
        .does(Handler, "2025-11-06 10:00", assess(8_000))
        .does(
            Handler,
            "2025-11-06 11:00",
            decide(DecisionResult::Approved, None),
        )
        .does(
            Handler,
            "2025-11-07 10:00",
            pay(&[("住院医疗费用", 8_500), ("免赔额", -500)]),
        );
    assert_eq!(claim.state.status, Status::Paid);
    assert_eq!(
        claim.changes(),
        [
            "reported",
            "accepted",
            "documents_requested",
            "document_uploaded",
            "document_uploaded",
            "document_uploaded",
            "document_uploaded",
            "documents_completed",
            "document_reviewed",
            "document_reviewed",
            "document_reviewed",
            "document_reviewed",
            "investigation_started",
            "assessed",
            "decided",
            "paid"
        ]
    );
    let payment = claim.state.payment.as_ref().unwrap();
    assert_eq!(payment.total, Money(800_000));
    assert_eq!(payment.transferred, Money(800_000));
    assert_eq!(replay(&claim.events).as_ref(), Some(&claim.state));
    assert!(claim.allowed(Handler, "2025-11-08 10:00").is_empty());
    assert_eq!(
        claim.allowed(Policyholder, "2025-11-08 10:00"),
        [Action::Dispute]
    );
}

#[test]
fn acceptance_completes_the_documents_when_everything_is_already_in() {
    let mut claim = Claim::medical();
    upload_all_required(&mut claim, "2025-11-03 09:05");
    assert_eq!(claim.state.status, Status::Reported);
    claim.does(Handler, "2025-11-03 10:00", Command::Accept);
    assert_eq!(claim.state.status, Status::DocumentsComplete);
    assert_eq!(
        claim.state.documents_complete_at,
        Some(cst("2025-11-03 10:00"))
    );
    assert_eq!(
        claim.refused(Handler, "2025-11-03 11:00", request(&[])),
        Refusal::TransitionNotAllowed {
            status: Status::DocumentsComplete,
            action: Action::RequestDocuments
        }
    );
}

#[test]
fn documents_are_requested_once_listing_everything_missing() {
    let mut claim = Claim::medical();
    claim
        .does(System, "2025-11-03 09:01", Command::Accept)
        .does(Policyholder, "2025-11-03 09:30", upload("id-1", "id_card"))
        // The handler names one slot; every other missing required slot is added.
        .does(Handler, "2025-11-03 15:00", request(&["bank_card"]));
    let slots: Vec<&str> = claim.state.requests[0]
        .slots
        .iter()
        .map(|s| s.slot.as_str())
        .collect();
    assert_eq!(slots, ["invoices", "medical_record", "bank_card"]);
    assert_eq!(claim.state.status, Status::DocumentsRequested);
    let refusal = claim.refused(Handler, "2025-11-04 10:00", request(&["other"]));
    assert_eq!(refusal, Refusal::DocumentsAlreadyRequested);
    assert_eq!(refusal.code(), ErrorCode::DocumentsAlreadyRequested);
    assert!(
        !claim
            .allowed(Handler, "2025-11-04 10:00")
            .contains(&Action::RequestDocuments)
    );
}

#[test]
fn each_requested_slot_has_its_own_due_day_and_note() {
    // Default: 30 days from Mon 2025-11-03 is Wed 2025-12-03.
    let mut claim = Claim::medical();
    claim.does(System, "2025-11-03 09:01", Command::Accept);
    let command = Command::RequestDocuments {
        slots: vec![SlotRequest {
            slot: "discharge_summary".into(),
            due_on: Some(day("2025-11-20")),
            note: "住院理赔须提供出院小结".into(),
        }],
    };
    claim.does(Handler, "2025-11-03 15:00", command);
    let request = &claim.state.requests[0];
    let discharge = request
        .slots
        .iter()
        .find(|s| s.slot == "discharge_summary")
        .unwrap();
    assert_eq!(discharge.due_on, day("2025-11-20"));
    assert_eq!(discharge.note, "住院理赔须提供出院小结");
    let invoices = request.slots.iter().find(|s| s.slot == "invoices").unwrap();
    assert_eq!(invoices.due_on, day("2025-12-03"));
    let checklist = claim.checklists.for_kind(PolicyKind::Medical);
    let progress = claim.state.progress(checklist);
    assert_eq!(
        progress.get("discharge_summary").unwrap().due_on,
        Some(day("2025-11-20"))
    );
    // The optional slot asked for is wanted before the documents are complete.
    upload_all_required(&mut claim, "2025-11-05 10:00");
    assert_eq!(claim.state.status, Status::DocumentsRequested);
    claim.does(
        Policyholder,
        "2025-11-06 10:00",
        upload("dis-1", "discharge_summary"),
    );
    assert_eq!(claim.state.status, Status::DocumentsComplete);
}

#[test]
fn a_request_for_an_unknown_slot_or_with_a_past_due_day_is_refused() {
    let mut claim = Claim::medical();
    claim.does(System, "2025-11-03 09:01", Command::Accept);
    let refusal = claim.refused(Handler, "2025-11-03 15:00", request(&["x_ray"]));
    assert_eq!(refusal, Refusal::SlotUnknown("x_ray".into()));
    assert_eq!(refusal.code(), ErrorCode::DocumentSlotUnknown);
    let past = Command::RequestDocuments {
        slots: vec![SlotRequest {
            slot: "invoices".into(),
            due_on: Some(day("2025-11-02")),
            note: String::new(),
        }],
    };
    let refusal = claim.refused(Handler, "2025-11-03 15:00", past);
    assert_eq!(refusal, Refusal::DueDateInPast(day("2025-11-02")));
    assert_eq!(refusal.code(), ErrorCode::DueDateInPast);
}

#[test]
fn a_request_when_nothing_is_missing_is_refused() {
    let mut claim = Claim::reported(PolicyKind::Medical, "2025-11-03 09:00");
    claim.checklists.medical.slots.retain(|s| !s.required);
    claim.does(System, "2025-11-03 09:01", Command::Accept);
    // With no required slot, acceptance completes the documents at once.
    assert_eq!(claim.state.status, Status::DocumentsComplete);
    let mut other = Claim::medical();
    other.does(System, "2025-11-03 09:01", Command::Accept);
    upload_all_required(&mut other, "2025-11-03 10:00");
    assert_eq!(other.state.status, Status::DocumentsComplete);
    let mut accepted = Claim::medical();
    accepted.checklists.medical.slots.retain(|s| !s.required);
    accepted.state.status = Status::Accepted;
    let refusal = accepted.refused(Handler, "2025-11-03 15:00", request(&[]));
    assert_eq!(refusal, Refusal::NothingMissing);
    assert_eq!(refusal.code(), ErrorCode::NoDocumentsMissing);
}

#[test]
fn uploading_every_missing_document_completes_the_claim() {
    let mut claim = Claim::medical();
    claim
        .does(System, "2025-11-03 09:01", Command::Accept)
        .does(Handler, "2025-11-03 15:00", request(&[]));
    claim
        .does(Policyholder, "2025-11-04 10:00", upload("id-1", "id_card"))
        .does(
            Policyholder,
            "2025-11-04 10:00",
            upload("inv-1", "invoices"),
        )
        .does(
            Policyholder,
            "2025-11-04 10:00",
            upload("rec-1", "medical_record"),
        );
    assert_eq!(claim.state.status, Status::DocumentsRequested);
    assert_eq!(claim.slot("bank_card"), SlotStatus::Missing);
    assert_eq!(claim.slot("invoices"), SlotStatus::Uploaded);
    claim.does(
        Policyholder,
        "2025-11-05 12:00",
        upload("bank-1", "bank_card"),
    );
    assert_eq!(claim.state.status, Status::DocumentsComplete);
    assert_eq!(
        claim.state.documents_complete_at,
        Some(cst("2025-11-05 12:00"))
    );
    // More files can still come in before the decision; they do not complete it twice.
    claim.does(
        Policyholder,
        "2025-11-06 12:00",
        upload("inv-2", "invoices"),
    );
    assert_eq!(
        claim.state.documents_complete_at,
        Some(cst("2025-11-05 12:00"))
    );
}

#[test]
fn a_rejected_document_puts_its_slot_back_and_sends_one_new_request_listing_everything_missing() {
    let mut claim = complete();
    claim.does(Handler, "2025-11-05 10:00", investigate()).does(
        Handler,
        "2025-11-06 10:00",
        review(vec![
            accept_doc("id-1"),
            reject_doc("inv-1"),
            reject_doc("bank-1"),
        ]),
    );
    assert_eq!(claim.state.status, Status::DocumentsRequested);
    assert_eq!(claim.slot("invoices"), SlotStatus::Rejected);
    assert_eq!(claim.slot("id_card"), SlotStatus::Accepted);
    let requests = &claim.state.requests;
    assert_eq!(requests.len(), 1, "one notice for the whole review");
    assert!(requests[0].after_review);
    let slots: Vec<&str> = requests[0].slots.iter().map(|s| s.slot.as_str()).collect();
    assert_eq!(slots, ["invoices", "bank_card"]);
    let checklist = claim.checklists.for_kind(PolicyKind::Medical);
    let progress = claim.state.progress(checklist);
    assert_eq!(progress.missing_required(), ["invoices", "bank_card"]);
    let rejection = progress.get("invoices").unwrap().rejection.clone().unwrap();
    assert_eq!(rejection.reason, DocumentRejection::Unreadable);
    // The policyholder uploads them again: complete again, from the new day.
    claim
        .does(
            Policyholder,
            "2025-11-07 10:00",
            upload("inv-2", "invoices"),
        )
        .does(
            Policyholder,
            "2025-11-07 10:05",
            upload("bank-2", "bank_card"),
        );
    assert_eq!(claim.state.status, Status::DocumentsComplete);
    assert_eq!(
        claim.state.documents_complete_at,
        Some(cst("2025-11-07 10:05"))
    );
    // Another rejection makes another single request.
    claim.does(
        Handler,
        "2025-11-08 10:00",
        review(vec![reject_doc("inv-2")]),
    );
    assert_eq!(claim.state.requests.len(), 2);
    assert_eq!(claim.state.requests[1].slots.len(), 1);
}

#[test]
fn a_rejection_needs_a_note_when_the_reason_is_other() {
    let mut claim = complete();
    let command = review(vec![DocumentReview {
        document_id: "inv-1".into(),
        outcome: ReviewOutcome::Rejected {
            reason: DocumentRejection::Other,
            note: " ".into(),
        },
    }]);
    assert_eq!(
        claim.refused(Handler, "2025-11-05 10:00", command),
        Refusal::ReasonRequired
    );
    assert_eq!(
        claim.refused(Handler, "2025-11-05 10:00", review(vec![])),
        Refusal::NothingToReview
    );
}

#[test]
fn a_document_is_reviewed_once() {
    let mut claim = complete();
    claim.does(
        Handler,
        "2025-11-05 10:00",
        review(vec![accept_doc("inv-1")]),
    );
    let refusal = claim.refused(
        Handler,
        "2025-11-05 11:00",
        review(vec![reject_doc("inv-1")]),
    );
    assert_eq!(refusal, Refusal::DocumentAlreadyReviewed("inv-1".into()));
    assert_eq!(refusal.code(), ErrorCode::DocumentAlreadyReviewed);
    let refusal = claim.refused(
        Handler,
        "2025-11-05 11:00",
        review(vec![accept_doc("nope")]),
    );
    assert_eq!(refusal, Refusal::DocumentUnknown("nope".into()));
    assert_eq!(refusal.code(), ErrorCode::DocumentUnknown);
}

#[test]
fn a_single_file_slot_takes_one_file_until_it_is_rejected() {
    let mut claim = complete();
    let refusal = claim.refused(
        Policyholder,
        "2025-11-05 10:00",
        upload("bank-2", "bank_card"),
    );
    assert_eq!(refusal, Refusal::SlotFull("bank_card".into()));
    assert_eq!(refusal.code(), ErrorCode::DocumentSlotFull);
    claim.does(
        Handler,
        "2025-11-05 11:00",
        review(vec![reject_doc("bank-1")]),
    );
    claim.does(
        Policyholder,
        "2025-11-05 12:00",
        upload("bank-2", "bank_card"),
    );
    assert_eq!(claim.slot("bank_card"), SlotStatus::Uploaded);
    // Several files go into a slot that takes several.
    claim.does(
        Policyholder,
        "2025-11-05 12:00",
        upload("inv-2", "invoices"),
    );
}

#[test]
fn a_document_for_a_slot_that_does_not_exist_or_twice_is_refused() {
    let mut claim = Claim::medical();
    let refusal = claim.refused(
        Policyholder,
        "2025-11-03 10:00",
        upload("x", "driving_licence"),
    );
    assert_eq!(refusal, Refusal::SlotUnknown("driving_licence".into()));
    claim.does(
        Policyholder,
        "2025-11-03 10:00",
        upload("inv-1", "invoices"),
    );
    let refusal = claim.refused(
        Policyholder,
        "2025-11-03 10:01",
        upload("inv-1", "invoices"),
    );
    assert_eq!(refusal, Refusal::DocumentAlreadyAdded("inv-1".into()));
    assert_eq!(refusal.code(), ErrorCode::DocumentAlreadyAdded);
}

#[test]
fn the_policyholder_removes_only_documents_not_reviewed_before_the_documents_are_complete() {
    let mut claim = Claim::medical();
    claim.does(
        Policyholder,
        "2025-11-03 10:00",
        upload("inv-1", "invoices"),
    );
    assert!(
        claim
            .allowed(Policyholder, "2025-11-03 10:01")
            .contains(&Action::RemoveDocument)
    );
    claim.does(
        Policyholder,
        "2025-11-03 10:01",
        Command::RemoveDocument {
            document_id: "inv-1".into(),
        },
    );
    assert!(claim.state.documents.is_empty());
    assert!(
        !claim
            .allowed(Policyholder, "2025-11-03 10:02")
            .contains(&Action::RemoveDocument)
    );
    let remove = Command::RemoveDocument {
        document_id: "inv-1".into(),
    };
    let mut done = complete();
    assert!(matches!(
        done.refused(Policyholder, "2025-11-05 10:00", remove),
        Refusal::TransitionNotAllowed { .. }
    ));
}

#[test]
fn amounts_must_be_positive() {
    let mut claim = complete();
    claim.does(Handler, "2025-11-05 10:00", investigate());
    for yuan in [0, -1] {
        let refusal = claim.refused(Handler, "2025-11-06 10:00", assess(yuan));
        assert_eq!(refusal, Refusal::AmountInvalid);
        assert_eq!(refusal.code(), ErrorCode::AmountInvalid);
    }
}

#[test]
fn approval_defaults_to_the_assessed_amount_and_cannot_exceed_it() {
    let mut claim = assessed();
    let refusal = claim.refused(
        Handler,
        "2025-11-11 10:00",
        decide(DecisionResult::Approved, Some(12_000)),
    );
    assert_eq!(refusal, Refusal::AmountAboveAssessed(Money(1_000_000)));
    assert_eq!(refusal.code(), ErrorCode::AmountAboveAssessed);
    claim.does(
        Handler,
        "2025-11-11 10:00",
        decide(DecisionResult::Approved, None),
    );
    assert_eq!(
        claim.state.decision.as_ref().unwrap().amount,
        Some(Money(1_000_000))
    );
    // Without an assessment, an approval names its amount.
    let mut simple = complete();
    assert_eq!(
        simple.refused(
            Handler,
            "2025-11-05 10:00",
            decide(DecisionResult::Approved, None)
        ),
        Refusal::AmountInvalid
    );
    simple.does(
        Handler,
        "2025-11-05 10:00",
        decide(DecisionResult::Approved, Some(3_000)),
    );
}

#[test]
fn a_partial_approval_needs_an_amount_below_the_assessment_and_reasons() {
    let mut claim = assessed();
    assert_eq!(
        claim.refused(
            Handler,
            "2025-11-11 10:00",
            decide(DecisionResult::PartlyApproved, None)
        ),
        Refusal::AmountInvalid
    );
    assert_eq!(
        claim.refused(
            Handler,
            "2025-11-11 10:00",
            decide(DecisionResult::PartlyApproved, Some(10_000))
        ),
        Refusal::AmountAboveAssessed(Money(1_000_000))
    );
    let no_reasons = Command::Decide {
        result: DecisionResult::PartlyApproved,
        amount: Some(Money(600_000)),
        refusal_reasons: Vec::new(),
        text: "部分费用为自费项目".into(),
    };
    assert_eq!(
        claim.refused(Handler, "2025-11-11 10:00", no_reasons),
        Refusal::ReasonRequired
    );
    claim.does(
        Handler,
        "2025-11-11 10:00",
        decide(DecisionResult::PartlyApproved, Some(6_000)),
    );
    let decision = claim.state.decision.as_ref().unwrap();
    assert_eq!(decision.refusal_reasons, [RefusalReason::Exclusion]);
    assert_eq!(claim.allowed(Handler, "2025-11-11 11:00"), [Action::Pay]);
}

#[test]
fn a_refusal_needs_reasons_and_its_notice_follows() {
    let mut claim = complete();
    claim.does(Handler, "2025-11-05 10:00", investigate());
    let no_text = Command::Decide {
        result: DecisionResult::Refused,
        amount: None,
        refusal_reasons: vec![RefusalReason::WaitingPeriod],
        text: "  ".into(),
    };
    assert_eq!(
        claim.refused(Handler, "2025-11-06 10:00", no_text),
        Refusal::ReasonRequired
    );
    claim.does(
        Handler,
        "2025-11-06 10:00",
        decide(DecisionResult::Refused, None),
    );
    assert_eq!(claim.state.status, Status::Decided);
    assert_eq!(
        claim.allowed(Handler, "2025-11-06 11:00"),
        [Action::NotifyRefusal]
    );
    assert!(
        claim.allowed(Policyholder, "2025-11-06 11:00").is_empty(),
        "not told yet"
    );
    assert!(matches!(
        claim.refused(Handler, "2025-11-06 11:00", pay(&[("x", 1)])),
        Refusal::TransitionNotAllowed { .. }
    ));
    claim.does(Handler, "2025-11-07 10:00", Command::NotifyRefusal);
    assert_eq!(claim.state.status, Status::Refused);
    let Some(Change::RefusalNotified {
        refusal_reasons,
        text,
    }) = claim.events.last().map(|e| &e.change)
    else {
        panic!("no refusal notice");
    };
    assert_eq!(refusal_reasons, &[RefusalReason::Exclusion]);
    assert_eq!(text, "自费药品不在保险责任范围内");
    assert_eq!(
        claim.allowed(Policyholder, "2025-11-07 11:00"),
        [Action::Dispute]
    );
}

#[test]
fn the_payment_breakdown_adds_up_to_the_decided_amount() {
    let mut claim = assessed();
    claim.does(
        Handler,
        "2025-11-11 10:00",
        decide(DecisionResult::Approved, None),
    );
    let refusal = claim.refused(Handler, "2025-11-12 10:00", pay(&[("医疗费用", 9_000)]));
    assert_eq!(
        refusal,
        Refusal::BreakdownMismatch {
            total: Money(900_000),
            expected: Money(1_000_000)
        }
    );
    assert_eq!(refusal.code(), ErrorCode::PaymentBreakdownMismatch);
    assert_eq!(
        claim.refused(Handler, "2025-11-12 10:00", pay(&[])),
        Refusal::DetailRequired
    );
    assert_eq!(
        claim.refused(Handler, "2025-11-12 10:00", pay(&[(" ", 10_000)])),
        Refusal::DetailRequired
    );
    assert_eq!(
        claim.refused(
            Handler,
            "2025-11-12 10:00",
            pay(&[("医疗费用", 10_000), ("零", 0)])
        ),
        Refusal::AmountInvalid
    );
    claim.does(
        Handler,
        "2025-11-12 10:00",
        pay(&[("医疗费用", 10_500), ("免赔额", -500)]),
    );
    assert_eq!(claim.state.payment.as_ref().unwrap().lines.len(), 2);
}

#[test]
fn an_advance_payment_is_deducted_from_the_payment() {
    let mut claim = assessed();
    let refusal = claim.refused(
        Handler,
        "2025-11-11 10:00",
        Command::PayAdvance {
            amount: Money(1_000_000),
            note: String::new(),
        },
    );
    assert_eq!(refusal, Refusal::AmountAboveAssessed(Money(1_000_000)));
    claim.does(
        Handler,
        "2025-11-11 10:00",
        Command::PayAdvance {
            amount: Money(400_000),
            note: "已确定的住院费用部分".into(),
        },
    );
    assert_eq!(claim.state.status, Status::Assessed);
    assert_eq!(
        claim.refused(
            Handler,
            "2025-11-12 10:00",
            decide(DecisionResult::Refused, None)
        ),
        Refusal::AdvanceAlreadyPaid
    );
    assert_eq!(
        claim.refused(
            Handler,
            "2025-11-12 10:00",
            decide(DecisionResult::PartlyApproved, Some(3_000))
        ),
        Refusal::AmountBelowAdvances(Money(400_000))
    );
    claim
        .does(
            Handler,
            "2025-11-12 10:00",
            decide(DecisionResult::Approved, None),
        )
        .does(Handler, "2025-11-13 10:00", pay(&[("医疗费用", 10_000)]));
    let payment = claim.state.payment.as_ref().unwrap();
    assert_eq!(
        (payment.total, payment.advance_deducted, payment.transferred),
        (Money(1_000_000), Money(400_000), Money(600_000))
    );
}

#[test]
fn a_decision_can_be_disputed_once_and_a_refusal_only_after_its_notice() {
    let mut claim = complete();
    claim.does(
        Handler,
        "2025-11-05 10:00",
        decide(DecisionResult::Refused, None),
    );
    let dispute = || Command::Dispute {
        reason: "出险时已过等待期".into(),
    };
    assert!(matches!(
        claim.refused(Policyholder, "2025-11-05 11:00", dispute()),
        Refusal::TransitionNotAllowed { .. }
    ));
    claim.does(Handler, "2025-11-06 10:00", Command::NotifyRefusal);
    assert_eq!(
        claim.refused(
            Policyholder,
            "2025-11-06 11:00",
            Command::Dispute { reason: " ".into() }
        ),
        Refusal::ReasonRequired
    );
    claim.does(Policyholder, "2025-11-06 11:00", dispute());
    assert_eq!(
        claim.state.dispute.as_ref().unwrap().reason,
        "出险时已过等待期"
    );
    assert_eq!(claim.state.status, Status::Refused);
    let refusal = claim.refused(Policyholder, "2025-11-07 11:00", dispute());
    assert_eq!(refusal, Refusal::DisputeAlreadyRaised);
    assert_eq!(refusal.code(), ErrorCode::DisputeAlreadyRaised);
    // An approval can be disputed before the money arrives.
    let mut approved = assessed();
    approved.does(
        Handler,
        "2025-11-11 10:00",
        decide(DecisionResult::PartlyApproved, Some(5_000)),
    );
    approved.does(Policyholder, "2025-11-11 12:00", dispute());
    assert_eq!(approved.allowed(Handler, "2025-11-11 13:00"), [Action::Pay]);
}

#[test]
fn a_claim_can_be_withdrawn_before_the_decision_but_not_after() {
    for claim in [&mut Claim::medical(), &mut complete(), &mut assessed()] {
        claim.does(
            Policyholder,
            "2025-11-12 10:00",
            Command::Withdraw {
                reason: String::new(),
            },
        );
        assert_eq!(claim.state.status, Status::Withdrawn);
        assert!(claim.allowed(Handler, "2025-11-12 11:00").is_empty());
        assert!(claim.allowed(Policyholder, "2025-11-12 11:00").is_empty());
    }
    let mut decided = assessed();
    decided.does(
        Handler,
        "2025-11-11 10:00",
        decide(DecisionResult::Approved, None),
    );
    assert!(matches!(
        decided.refused(
            Policyholder,
            "2025-11-12 10:00",
            Command::Withdraw {
                reason: String::new()
            }
        ),
        Refusal::TransitionNotAllowed { .. }
    ));
}

#[test]
fn each_role_takes_only_its_own_steps() {
    let mut claim = Claim::medical();
    let refusal = claim.refused(Policyholder, "2025-11-03 10:00", Command::Accept);
    assert_eq!(
        refusal,
        Refusal::RoleNotAllowed {
            role: Policyholder,
            action: Action::Accept
        }
    );
    assert_eq!(refusal.code(), ErrorCode::Forbidden);
    assert_eq!(
        claim.allowed(Policyholder, "2025-11-03 10:00"),
        [Action::UploadDocument, Action::Withdraw]
    );
    assert_eq!(claim.allowed(System, "2025-11-03 10:00"), [Action::Accept]);
    assert_eq!(
        claim.allowed(Handler, "2025-11-03 10:00"),
        [
            Action::Accept,
            Action::UploadDocument,
            Action::MarkFastLane,
            Action::MarkComplex,
            Action::Withdraw
        ]
    );
    assert_eq!(
        claim.allowed(Supervisor, "2025-11-03 10:00"),
        claim.allowed(Handler, "2025-11-03 10:00")
    );
    let done = complete();
    assert_eq!(
        done.allowed(Policyholder, "2025-11-05 10:00"),
        [Action::UploadDocument, Action::Withdraw]
    );
    assert_eq!(
        done.allowed(Handler, "2025-11-05 10:00"),
        [
            Action::UploadDocument,
            Action::ReviewDocuments,
            Action::MarkFastLane,
            Action::MarkComplex,
            Action::StartInvestigation,
            Action::PayAdvance,
            Action::Decide,
            Action::Withdraw
        ]
    );
    assert!(done.allowed(System, "2025-11-05 10:00").is_empty());
}

#[test]
fn a_claim_enters_the_fast_lane_at_the_report_or_later_once() {
    let first = Event {
        at: cst("2025-11-03 09:00"),
        by: Policyholder,
        change: Change::Reported {
            kind: PolicyKind::Accident,
            fast_lane: Some(FastLaneReason::MajorAccident),
        },
    };
    let state = replay(&[first]).unwrap();
    assert_eq!(state.fast_lane, Some(FastLaneReason::MajorAccident));
    let mut claim = Claim::medical();
    claim.does(
        Handler,
        "2025-11-03 10:00",
        Command::MarkFastLane {
            reason: FastLaneReason::MedicalRescue,
        },
    );
    assert_eq!(claim.state.fast_lane, Some(FastLaneReason::MedicalRescue));
    assert!(
        !claim
            .allowed(Handler, "2025-11-03 10:00")
            .contains(&Action::MarkFastLane)
    );
}

#[test]
fn a_complex_claim_needs_a_reason_and_is_marked_once() {
    let mut claim = complete();
    assert_eq!(
        claim.refused(
            Handler,
            "2025-11-05 10:00",
            Command::MarkComplex { reason: "".into() }
        ),
        Refusal::ReasonRequired
    );
    claim.does(
        Handler,
        "2025-11-05 10:00",
        Command::MarkComplex {
            reason: "需调取多家医院病历".into(),
        },
    );
    assert!(
        !claim
            .allowed(Handler, "2025-11-05 10:00")
            .contains(&Action::MarkComplex)
    );
}

/// One command of each action, with details that pass when the state allows the action.
fn sample(action: Action, claim: &Claim) -> Command {
    let pending = claim
        .state
        .documents
        .iter()
        .find(|d| d.review == crate::claim::kinds::ReviewState::Pending)
        .map_or_else(|| "none".to_owned(), |d| d.id.clone());
    let decided = claim
        .state
        .decision
        .as_ref()
        .and_then(|d| d.amount)
        .map_or(1, |m| m.0 / 100);
    match action {
        Action::Accept => Command::Accept,
        Action::RequestDocuments => request(&["other"]),
        Action::UploadDocument => upload("sample", "invoices"),
        Action::RemoveDocument => Command::RemoveDocument {
            document_id: pending,
        },
        Action::ReviewDocuments => review(vec![accept_doc(&pending)]),
        Action::MarkFastLane => Command::MarkFastLane {
            reason: FastLaneReason::MedicalRescue,
        },
        Action::MarkComplex => Command::MarkComplex {
            reason: "复杂".into(),
        },
        Action::StartInvestigation => investigate(),
        Action::Assess => assess(10_000),
        Action::PayAdvance => Command::PayAdvance {
            amount: Money(100),
            note: String::new(),
        },
        Action::Decide => decide(DecisionResult::Approved, Some(5_000)),
        Action::NotifyRefusal => Command::NotifyRefusal,
        Action::Pay => pay(&[("赔款", decided)]),
        Action::Dispute => Command::Dispute {
            reason: "不同意".into(),
        },
        Action::Withdraw => Command::Withdraw {
            reason: String::new(),
        },
    }
}

#[test]
fn allowed_actions_are_exactly_what_decide_accepts() {
    let mut refused = complete();
    refused
        .does(
            Handler,
            "2025-11-05 10:00",
            decide(DecisionResult::Refused, None),
        )
        .does(Handler, "2025-11-05 11:00", Command::NotifyRefusal);
    let mut paid = assessed();
    paid.does(
        Handler,
        "2025-11-11 10:00",
        decide(DecisionResult::Approved, None),
    )
    .does(Handler, "2025-11-11 11:00", pay(&[("赔款", 10_000)]));
    let mut requested = Claim::medical();
    requested
        .does(System, "2025-11-03 09:01", Command::Accept)
        .does(
            Policyholder,
            "2025-11-03 10:00",
            upload("inv-1", "invoices"),
        )
        .does(Handler, "2025-11-03 11:00", request(&[]));
    let mut reported = Claim::medical();
    reported.does(Policyholder, "2025-11-03 09:30", upload("id-1", "id_card"));
    let claims = [reported, requested, complete(), assessed(), refused, paid];
    for claim in &claims {
        for role in Role::ALL.iter().copied() {
            let offered = claim.allowed(role, "2025-11-20 10:00");
            for action in Action::ALL.iter().copied() {
                let result = execute(
                    &claim.state,
                    sample(action, claim),
                    &claim.ctx(role, "2025-11-20 10:00"),
                );
                assert_eq!(
                    result.is_ok(),
                    offered.contains(&action),
                    "{role:?} {action:?} in {:?}: {:?}",
                    claim.state.status,
                    result.err()
                );
            }
        }
    }
}

#[test]
fn events_and_commands_have_a_stable_json_shape() {
    let mut claim = Claim::medical();
    claim
        .does(System, "2025-11-03 09:01", Command::Accept)
        .does(Handler, "2025-11-03 15:00", request(&[]));
    let json = serde_json::to_value(&claim.events[2]).unwrap();
    assert_eq!(json["by"], "handler");
    assert_eq!(json["change"]["type"], "documents_requested");
    assert_eq!(json["change"]["slots"][0]["slot"], "id_card");
    assert_eq!(json["change"]["slots"][0]["due_on"], "2025-12-03");
    let back: Event = serde_json::from_value(json).unwrap();
    assert_eq!(back, claim.events[2]);
    let command: Command = serde_json::from_str(
        r#"{"action":"review_documents","reviews":[{"document_id":"d1","outcome":"rejected","reason":"unreadable"}]}"#,
    )
    .unwrap();
    assert_eq!(command.action(), Action::ReviewDocuments);
    let command: Command = serde_json::from_str(
        r#"{"action":"decide","result":"refused","refusal_reasons":["fraud"],"text":"x"}"#,
    )
    .unwrap();
    assert_eq!(command.action(), Action::Decide);
}

#[test]
fn the_machines_choices_round_trip_through_their_wire_names_and_have_both_labels() {
    crate::testing::check_choices!(Role, Action, Status);
}
