//! Folding events into the claim's state. Never fails: events are facts the machine accepted.

use super::event::{Change, Event};
use super::state::{
    AdvancePayment, Assessment, ClaimDecision, ClaimState, Dispute, DocumentsRequest,
    Investigation, Payment, Status,
};
use crate::claim::document::ClaimDocument;
use crate::claim::kinds::{Complexity, ReviewState};

/// The state after an event.
pub fn apply(mut state: ClaimState, event: &Event) -> ClaimState {
    let at = event.at;
    match &event.change {
        // Only the first event reports; a stray one later changes nothing.
        Change::Reported { .. } => {}
        Change::Accepted => {
            state.status = Status::Accepted;
            state.accepted_at = Some(at);
        }
        Change::DocumentsRequested {
            slots,
            after_review,
        } => {
            state.status = Status::DocumentsRequested;
            state.requests.push(DocumentsRequest {
                at,
                slots: slots.clone(),
                after_review: *after_review,
            });
        }
        Change::DocumentUploaded { document } => state.documents.push(ClaimDocument {
            id: document.id.clone(),
            slot: document.slot.clone(),
            file_name: document.file_name.clone(),
            content_type: document.content_type.clone(),
            size: document.size,
            uploaded_at: at,
            review: ReviewState::Pending,
            reviewed_at: None,
        }),
        Change::DocumentRemoved { document_id } => {
            state.documents.retain(|d| d.id != *document_id);
        }
        Change::DocumentReviewed {
            document_id,
            outcome,
        } => {
            if let Some(document) = state.documents.iter_mut().find(|d| d.id == *document_id) {
                document.review = outcome.clone().into();
                document.reviewed_at = Some(at);
            }
        }
        Change::DocumentsCompleted => {
            state.status = Status::DocumentsComplete;
            state.documents_complete_at = Some(at);
        }
        Change::FastLaneMarked { reason } => state.fast_lane = Some(*reason),
        Change::MarkedComplex { .. } => state.complexity = Complexity::Complex,
        Change::InvestigationStarted { what } => {
            state.status = Status::Investigation;
            state.investigation = Some(Investigation {
                at,
                what: what.clone(),
            });
        }
        Change::Assessed { amount, note } => {
            state.status = Status::Assessed;
            state.assessment = Some(Assessment {
                at,
                amount: *amount,
                note: note.clone(),
            });
        }
        Change::AdvancePaid { amount, note } => state.advances.push(AdvancePayment {
            at,
            amount: *amount,
            note: note.clone(),
        }),
        Change::Decided {
            result,
            amount,
            refusal_reasons,
            text,
        } => {
            state.status = Status::Decided;
            state.decision = Some(ClaimDecision {
                at,
                result: *result,
                amount: *amount,
                refusal_reasons: refusal_reasons.clone(),
                text: text.clone(),
            });
        }
        Change::RefusalNotified { .. } => {
            state.status = Status::Refused;
            state.refusal_notified_at = Some(at);
        }
        Change::Paid {
            lines,
            total,
            advance_deducted,
            transferred,
        } => {
            state.status = Status::Paid;
            state.payment = Some(Payment {
                at,
                lines: lines.clone(),
                total: *total,
                advance_deducted: *advance_deducted,
                transferred: *transferred,
            });
        }
        Change::Disputed { reason } => {
            state.dispute = Some(Dispute {
                at,
                reason: reason.clone(),
            });
        }
        Change::Withdrawn { .. } => {
            state.status = Status::Withdrawn;
            state.withdrawn_at = Some(at);
        }
    }
    state
}

/// Rebuilds a claim's state from its stored events; `None` unless the first is `Reported`.
pub fn replay(events: &[Event]) -> Option<ClaimState> {
    let (first, rest) = events.split_first()?;
    let Change::Reported { kind, fast_lane } = &first.change else {
        return None;
    };
    let state = ClaimState::reported(first.at, *kind, *fast_lane);
    Some(rest.iter().fold(state, apply))
}
