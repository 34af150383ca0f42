//! Folding events into the state. Never fails: events are facts the machine already accepted.

use super::event::{Change, Event};
use super::state::{
    Appraisal, ComplaintState, Decision, Extension, MaterialsRequest, NotAccepted, Repeat,
    RequestedItem, Status,
};

/// The state after an event.
pub fn apply(mut state: ComplaintState, event: &Event) -> ComplaintState {
    let at = event.at;
    match &event.change {
        // Only the first event registers; a stray one later changes nothing.
        Change::Registered { .. } => {}
        Change::MaterialsRequested { items } => {
            state.status = Status::MaterialsRequested;
            state.materials = Some(MaterialsRequest {
                requested_at: at,
                items: items
                    .iter()
                    .map(|item| RequestedItem {
                        item: item.clone(),
                        supplied_at: None,
                        attachments: Vec::new(),
                    })
                    .collect(),
                completed_at: None,
            });
        }
        Change::MaterialSupplied {
            item_id,
            attachments,
            ..
        } => {
            if let Some(item) = state
                .materials
                .as_mut()
                .and_then(|m| m.items.iter_mut().find(|i| i.item.id == *item_id))
            {
                item.supplied_at = Some(at);
                item.attachments = attachments.clone();
            }
        }
        Change::MaterialsCompleted => {
            state.status = Status::MaterialsComplete;
            if let Some(m) = state.materials.as_mut() {
                m.completed_at = Some(at);
            }
        }
        Change::Accepted => {
            state.status = Status::Accepted;
            state.accepted_at = Some(at);
        }
        Change::NotAccepted { reason, text } => {
            state.status = Status::NotAccepted;
            state.not_accepted = Some(NotAccepted {
                at,
                reason: *reason,
                text: text.clone(),
                transferred: None,
            });
        }
        Change::TransferredOut { to } => {
            if let Some(n) = state.not_accepted.as_mut() {
                n.transferred = Some((to.clone(), at));
            }
        }
        Change::HandlingStarted => state.status = Status::InProgress,
        Change::AppraisalStarted { reason } => state.appraisals.push(Appraisal {
            started_at: at,
            ended_at: None,
            reason: reason.clone(),
        }),
        Change::AppraisalEnded => {
            if let Some(a) = state.appraisals.iter_mut().find(|a| a.ended_at.is_none()) {
                a.ended_at = Some(at);
            }
        }
        Change::DecisionExtended { term, reason } => {
            state.term = *term;
            state.extensions.push(Extension {
                at,
                term: *term,
                reason: reason.clone(),
            });
        }
        Change::RepeatMerged {
            new_facts,
            received_at,
            summary,
        } => {
            if *new_facts {
                state.decision_clock_from = *received_at;
            }
            state.repeats.push(Repeat {
                received_at: *received_at,
                new_facts: *new_facts,
                summary: summary.clone(),
            });
        }
        Change::Decided {
            result,
            reasons,
            remedies,
            after_review,
        } => {
            state.status = Status::Decided;
            let decision = Decision {
                at,
                result: *result,
                reasons: reasons.clone(),
                remedies: remedies.clone(),
            };
            if *after_review {
                state.review_decision = Some(decision);
            } else {
                state.decision = Some(decision);
            }
        }
        Change::ReviewRequested { .. } => {
            state.status = Status::ReviewRequested;
            state.review_requested_at = Some(at);
        }
        Change::Closed => {
            state.status = Status::Closed;
            state.closed_at = Some(at);
        }
        Change::Withdrawn { .. } => {
            state.status = Status::Withdrawn;
            state.withdrawn_at = Some(at);
        }
    }
    state
}

/// Rebuilds a complaint's state from its stored events; `None` unless the first is `Registered`.
pub fn replay(events: &[Event]) -> Option<ComplaintState> {
    let (first, rest) = events.split_first()?;
    let Change::Registered { channel, urgent } = &first.change else {
        return None;
    };
    let state = ComplaintState::registered(first.at, *channel, *urgent);
    Some(rest.iter().fold(state, apply))
}
