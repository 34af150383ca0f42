//! The rules of the lifecycle: which step is allowed, to whom, in which state, and what it does.

use super::command::{Action, Command, Ctx, Role};
use super::event::{Change, Event, MaterialItem};
use super::refusal::Refusal;
use super::state::{ComplaintState, Status};
use crate::complaint::clock::{china_date, review_window_ends_on};
use crate::complaint::kinds::{DecisionTerm, NotAcceptedReason, Remedy};
use crate::parse::required_text;

/// Before the decision: when a complaint may be withdrawn, merged into, extended.
const OPEN: &[Status] = &[
    Status::Registered,
    Status::MaterialsRequested,
    Status::MaterialsComplete,
    Status::Accepted,
    Status::InProgress,
];

/// The states in which an action may be taken.
fn states_for(action: Action) -> &'static [Status] {
    use Status::*;
    match action {
        Action::RequestMaterials => &[Registered],
        Action::SupplyMaterial => &[MaterialsRequested],
        Action::Accept => &[Registered, MaterialsComplete],
        Action::NotAccept => &[Registered, MaterialsRequested, MaterialsComplete],
        Action::TransferOut => &[NotAccepted],
        Action::StartHandling => &[Accepted],
        Action::StartAppraisal | Action::EndAppraisal => &[InProgress],
        Action::ExtendDecision | Action::ExtendDecisionFurther => &[Accepted, InProgress],
        Action::MergeRepeat | Action::Withdraw => OPEN,
        Action::Decide => &[InProgress, ReviewRequested],
        Action::RequestReview => &[Decided, Closed],
        Action::Close => &[Decided],
    }
}

/// Whether a role may ever take an action. Staff may record what a complainant sent off-line
/// (materials by post, a withdrawal or review request by phone).
fn role_may(role: Role, action: Action) -> Result<(), Refusal> {
    let staff = matches!(role, Role::Handler | Role::Supervisor);
    let allowed = match action {
        Action::SupplyMaterial | Action::Withdraw | Action::RequestReview => {
            role == Role::Complainant || staff
        }
        Action::ExtendDecisionFurther => {
            if role == Role::Handler {
                return Err(Refusal::SupervisorRequired(action));
            }
            role == Role::Supervisor
        }
        Action::Close => staff || role == Role::System,
        _ => staff,
    };
    if allowed {
        Ok(())
    } else {
        Err(Refusal::RoleNotAllowed { role, action })
    }
}

/// Checks that `ctx.role` may take `action` on `state` now, whatever the details.
pub fn check(state: &ComplaintState, action: Action, ctx: &Ctx) -> Result<(), Refusal> {
    role_may(ctx.role, action)?;
    if action == Action::RequestMaterials && state.materials.is_some() {
        return Err(Refusal::MaterialsAlreadyRequested);
    }
    if action == Action::RequestReview && state.review_requested_at.is_some() {
        return Err(Refusal::ReviewAlreadyRequested);
    }
    if !states_for(action).contains(&state.status) {
        return Err(Refusal::TransitionNotAllowed {
            status: state.status,
            action,
        });
    }
    match action {
        Action::TransferOut => match &state.not_accepted {
            Some(n)
                if n.reason == NotAcceptedReason::NotCompanyMatter && n.transferred.is_none() => {}
            _ => {
                return Err(Refusal::TransitionNotAllowed {
                    status: state.status,
                    action,
                });
            }
        },
        Action::ExtendDecision if state.term != DecisionTerm::Simple => {
            return Err(Refusal::ExtensionAlreadyGranted);
        }
        Action::ExtendDecisionFurther => match state.term {
            DecisionTerm::Simple => return Err(Refusal::ExtensionRequiredFirst),
            DecisionTerm::EspeciallyComplex => return Err(Refusal::ExtensionAlreadyGranted),
            DecisionTerm::Complex => {}
        },
        Action::StartAppraisal | Action::Decide if state.appraisal_running() => {
            return Err(Refusal::AppraisalRunning);
        }
        Action::EndAppraisal if !state.appraisal_running() => {
            return Err(Refusal::AppraisalNotRunning);
        }
        Action::RequestReview => {
            if let Some(decision) = &state.decision {
                let ends_on = review_window_ends_on(decision.at, ctx.rules, ctx.calendar);
                if china_date(ctx.now) > ends_on {
                    return Err(Refusal::ReviewWindowClosed(ends_on));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The actions `ctx.role` may take on `state` now: exactly what a screen should offer.
pub fn allowed_actions(state: &ComplaintState, ctx: &Ctx) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| check(state, *a, ctx).is_ok())
        .collect()
}

/// Decides what a command does to a complaint: the events to record, or why not. Pure: the
/// caller stores the events (with the timeline entry and notice) and folds them with
/// [`super::apply`].
pub fn decide(state: &ComplaintState, command: Command, ctx: &Ctx) -> Result<Vec<Event>, Refusal> {
    check(state, command.action(), ctx)?;
    let reason = |text: &str| required_text(text, Refusal::ReasonRequired);
    let mut changes = Vec::new();
    match command {
        Command::RequestMaterials { items } => {
            let items = items
                .iter()
                .map(|d| required_text(d, Refusal::MaterialsListEmpty))
                .collect::<Result<Vec<_>, _>>()?;
            if items.is_empty() {
                return Err(Refusal::MaterialsListEmpty);
            }
            let items = (1u32..)
                .zip(items)
                .map(|(id, description)| MaterialItem { id, description })
                .collect();
            changes.push(Change::MaterialsRequested { items });
        }
        Command::SupplyMaterial {
            item_id,
            attachments,
            note,
        } => {
            let items = state
                .materials
                .as_ref()
                .map(|m| m.items.as_slice())
                .unwrap_or(&[]);
            let item = items
                .iter()
                .find(|i| i.item.id == item_id)
                .ok_or(Refusal::MaterialItemUnknown(item_id))?;
            if item.supplied_at.is_some() {
                return Err(Refusal::MaterialAlreadySupplied(item_id));
            }
            let others_in = items
                .iter()
                .all(|i| i.item.id == item_id || i.supplied_at.is_some());
            changes.push(Change::MaterialSupplied {
                item_id,
                attachments,
                note: note.trim().to_owned(),
            });
            if others_in {
                changes.push(Change::MaterialsCompleted);
            }
        }
        Command::Accept => changes.push(Change::Accepted),
        Command::NotAccept { reason: code, text } => changes.push(Change::NotAccepted {
            reason: code,
            text: reason(&text)?,
        }),
        Command::TransferOut { to } => changes.push(Change::TransferredOut {
            to: required_text(&to, Refusal::DetailRequired)?,
        }),
        Command::StartHandling => changes.push(Change::HandlingStarted),
        Command::StartAppraisal { reason: why } => changes.push(Change::AppraisalStarted {
            reason: reason(&why)?,
        }),
        Command::EndAppraisal => changes.push(Change::AppraisalEnded),
        Command::ExtendDecision { reason: why } => changes.push(Change::DecisionExtended {
            term: DecisionTerm::Complex,
            reason: reason(&why)?,
        }),
        Command::ExtendDecisionFurther { reason: why } => changes.push(Change::DecisionExtended {
            term: DecisionTerm::EspeciallyComplex,
            reason: reason(&why)?,
        }),
        Command::MergeRepeat {
            new_facts,
            received_at,
            summary,
        } => changes.push(Change::RepeatMerged {
            new_facts,
            received_at,
            summary: required_text(&summary, Refusal::DetailRequired)?,
        }),
        Command::Decide { result, reasons } => {
            let after_review = state.status == Status::ReviewRequested;
            // After the review, the company's own review is spent; the outside remedies remain.
            let remedies = Remedy::ALL
                .iter()
                .copied()
                .filter(|r| !(after_review && *r == Remedy::Review))
                .collect();
            changes.push(Change::Decided {
                result,
                reasons: reason(&reasons)?,
                remedies,
                after_review,
            });
        }
        Command::RequestReview { reason: why } => changes.push(Change::ReviewRequested {
            reason: reason(&why)?,
        }),
        Command::Close => changes.push(Change::Closed),
        Command::Withdraw { reason: why } => changes.push(Change::Withdrawn {
            reason: why.trim().to_owned(),
        }),
    }
    Ok(changes
        .into_iter()
        .map(|change| Event {
            at: ctx.now,
            by: ctx.role,
            change,
        })
        .collect())
}
