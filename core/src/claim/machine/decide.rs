//! The rules of the claim lifecycle: which step is allowed, to whom, in which state, and what it
//! records.

use chrono::NaiveDate;

use super::apply::apply;
use super::command::{Action, Command, Ctx, DocumentReview, Role, SlotRequest};
use super::event::{Change, Event, RequestedSlot};
use super::refusal::Refusal;
use super::state::{ClaimState, Status};
use crate::claim::clock::{calendar_days, china_date};
use crate::claim::document::NewDocument;
use crate::claim::kinds::{
    Complexity, DecisionResult, DocumentRejection, PaymentLine, RefusalReason, ReviewOutcome,
    ReviewState,
};
use crate::parse::required_text;
use crate::policy::Money;

/// Before the decision: when a claim may be withdrawn, fast-tracked, marked complex.
const OPEN: &[Status] = &[
    Status::Reported,
    Status::Accepted,
    Status::DocumentsRequested,
    Status::DocumentsComplete,
    Status::Investigation,
    Status::Assessed,
];

/// Where the documents are still being gathered (the claim is not complete yet).
const GATHERING: &[Status] = &[
    Status::Reported,
    Status::Accepted,
    Status::DocumentsRequested,
];

/// Accepted and not decided: documents can be reviewed, the claim investigated or decided.
const HANDLED: &[Status] = &[
    Status::DocumentsComplete,
    Status::Investigation,
    Status::Assessed,
];

/// The states in which an action may be taken.
fn states_for(action: Action) -> &'static [Status] {
    use Status::*;
    match action {
        Action::Accept => &[Reported],
        Action::RequestDocuments => &[Accepted],
        Action::UploadDocument | Action::Withdraw | Action::MarkFastLane | Action::MarkComplex => {
            OPEN
        }
        Action::RemoveDocument => GATHERING,
        Action::ReviewDocuments => &[
            Accepted,
            DocumentsRequested,
            DocumentsComplete,
            Investigation,
            Assessed,
        ],
        Action::StartInvestigation => &[DocumentsComplete],
        Action::Assess => &[Investigation, Assessed],
        Action::PayAdvance | Action::Decide => HANDLED,
        Action::NotifyRefusal | Action::Pay => &[Decided],
        Action::Dispute => &[Decided, Refused, Paid],
    }
}

/// Whether a role may ever take an action. Staff may record what a policyholder sent off-line
/// (documents by post, a withdrawal by phone); a disagreement by phone is an off-line complaint
/// instead. The portal itself only gives the first feedback.
fn role_may(role: Role, action: Action) -> Result<(), Refusal> {
    let staff = matches!(role, Role::Handler | Role::Supervisor);
    let allowed = match action {
        Action::UploadDocument | Action::Withdraw => role == Role::Policyholder || staff,
        Action::RemoveDocument | Action::Dispute => role == Role::Policyholder,
        Action::Accept => staff || role == Role::System,
        _ => staff,
    };
    if allowed {
        Ok(())
    } else {
        Err(Refusal::RoleNotAllowed { role, action })
    }
}

/// Checks that `ctx.role` may take `action` on `state` now, whatever the details.
pub fn check(state: &ClaimState, action: Action, ctx: &Ctx) -> Result<(), Refusal> {
    role_may(ctx.role, action)?;
    if action == Action::RequestDocuments && !state.requests.is_empty() {
        return Err(Refusal::DocumentsAlreadyRequested);
    }
    if action == Action::Dispute && state.dispute.is_some() {
        return Err(Refusal::DisputeAlreadyRaised);
    }
    let not_now = Refusal::TransitionNotAllowed {
        status: state.status,
        action,
    };
    if !states_for(action).contains(&state.status) {
        return Err(not_now);
    }
    let pending = state
        .documents
        .iter()
        .any(|d| d.review == ReviewState::Pending);
    let result = state.decision.as_ref().map(|d| d.result);
    let fits = match action {
        Action::MarkFastLane => state.fast_lane.is_none(),
        Action::MarkComplex => state.complexity == Complexity::Simple,
        Action::RemoveDocument | Action::ReviewDocuments => pending,
        Action::NotifyRefusal => result == Some(DecisionResult::Refused),
        Action::Pay => result.is_some_and(DecisionResult::pays),
        // A refusal is disputed once its notice is out.
        Action::Dispute => {
            state.status != Status::Decided || result.is_some_and(DecisionResult::pays)
        }
        _ => true,
    };
    if fits { Ok(()) } else { Err(not_now) }
}

/// The actions `ctx.role` may take on `state` now: exactly what a screen should offer.
pub fn allowed_actions(state: &ClaimState, ctx: &Ctx) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| check(state, *a, ctx).is_ok())
        .collect()
}

fn positive(amount: Money) -> Result<Money, Refusal> {
    if amount.0 > 0 {
        Ok(amount)
    } else {
        Err(Refusal::AmountInvalid)
    }
}

/// Decides what a command does to a claim: the events to record, or why not. Pure: the caller
/// stores the events (with the timeline entry and notice) and folds them with [`apply`].
pub fn decide(state: &ClaimState, command: Command, ctx: &Ctx) -> Result<Vec<Event>, Refusal> {
    check(state, command.action(), ctx)?;
    let mut steps = Steps {
        state: state.clone(),
        ctx,
        events: Vec::new(),
    };
    match command {
        Command::Accept => {
            steps.record(Change::Accepted);
            steps.complete_if_nothing_outstanding();
        }
        Command::RequestDocuments { slots } => steps.request_documents(&slots)?,
        Command::UploadDocument { document } => steps.upload(document)?,
        Command::RemoveDocument { document_id } => {
            steps.pending_document(&document_id)?;
            steps.record(Change::DocumentRemoved { document_id });
        }
        Command::ReviewDocuments { reviews, due_on } => steps.review(reviews, due_on)?,
        Command::MarkFastLane { reason } => steps.record(Change::FastLaneMarked { reason }),
        Command::MarkComplex { reason } => steps.record(Change::MarkedComplex {
            reason: required_text(&reason, Refusal::ReasonRequired)?,
        }),
        Command::StartInvestigation { what } => steps.record(Change::InvestigationStarted {
            what: required_text(&what, Refusal::DetailRequired)?,
        }),
        Command::Assess { amount, note } => steps.record(Change::Assessed {
            amount: positive(amount)?,
            note: note.trim().to_owned(),
        }),
        Command::PayAdvance { amount, note } => {
            let amount = positive(amount)?;
            if let Some(assessed) = state.assessment.as_ref().map(|a| a.amount)
                && state.advances_total().0.saturating_add(amount.0) >= assessed.0
            {
                return Err(Refusal::AmountAboveAssessed(assessed));
            }
            steps.record(Change::AdvancePaid {
                amount,
                note: note.trim().to_owned(),
            });
        }
        Command::Decide {
            result,
            amount,
            refusal_reasons,
            text,
        } => steps.decide(result, amount, refusal_reasons, &text)?,
        Command::NotifyRefusal => {
            let decision = state
                .decision
                .clone()
                .ok_or(Refusal::TransitionNotAllowed {
                    status: state.status,
                    action: Action::NotifyRefusal,
                })?;
            steps.record(Change::RefusalNotified {
                refusal_reasons: decision.refusal_reasons,
                text: decision.text,
            });
        }
        Command::Pay { lines } => steps.pay(lines)?,
        Command::Dispute { reason } => steps.record(Change::Disputed {
            reason: required_text(&reason, Refusal::ReasonRequired)?,
        }),
        Command::Withdraw { reason } => steps.record(Change::Withdrawn {
            reason: reason.trim().to_owned(),
        }),
    }
    Ok(steps.events)
}

/// The events of one command, with the state they lead to so far.
struct Steps<'a> {
    state: ClaimState,
    ctx: &'a Ctx<'a>,
    events: Vec<Event>,
}

impl Steps<'_> {
    fn record(&mut self, change: Change) {
        let event = Event {
            at: self.ctx.now,
            by: self.ctx.role,
            change,
        };
        self.state = apply(self.state.clone(), &event);
        self.events.push(event);
    }

    fn today(&self) -> NaiveDate {
        china_date(self.ctx.now)
    }

    /// The due day given, or the rules' default; never before today.
    fn due_on(&self, given: Option<NaiveDate>) -> Result<NaiveDate, Refusal> {
        let today = self.today();
        match given {
            Some(day) if day < today => Err(Refusal::DueDateInPast(day)),
            Some(day) => Ok(day),
            None => Ok(calendar_days(
                today,
                self.ctx.rules.documents_due_days,
                self.ctx.rules,
                self.ctx.calendar,
            )),
        }
    }

    /// Once accepted, documents are complete as soon as nothing is outstanding.
    fn complete_if_nothing_outstanding(&mut self) {
        let gathering = matches!(
            self.state.status,
            Status::Accepted | Status::DocumentsRequested
        );
        if gathering && self.state.outstanding(self.ctx.checklist).is_empty() {
            self.record(Change::DocumentsCompleted);
        }
    }

    /// Everything outstanding, plus the slots the handler names, each with its due day.
    fn request(
        &self,
        named: &[SlotRequest],
        due_on: Option<NaiveDate>,
    ) -> Result<Vec<RequestedSlot>, Refusal> {
        let mut slots: Vec<RequestedSlot> = Vec::new();
        for request in named {
            let key = request.slot.trim();
            if self.ctx.checklist.slot(key).is_none() {
                return Err(Refusal::SlotUnknown(key.to_owned()));
            }
            if slots.iter().any(|s| s.slot == key) {
                continue;
            }
            slots.push(RequestedSlot {
                slot: key.to_owned(),
                due_on: self.due_on(request.due_on)?,
                note: request.note.trim().to_owned(),
            });
        }
        let default_due = self.due_on(due_on)?;
        for key in self.state.outstanding(self.ctx.checklist) {
            if !slots.iter().any(|s| s.slot == key) {
                slots.push(RequestedSlot {
                    slot: key,
                    due_on: default_due,
                    note: String::new(),
                });
            }
        }
        // In the checklist's order, as the policyholder sees the slots.
        let order = |key: &str| self.ctx.checklist.slots.iter().position(|s| s.key == key);
        slots.sort_by_key(|s| order(&s.slot));
        Ok(slots)
    }

    fn request_documents(&mut self, named: &[SlotRequest]) -> Result<(), Refusal> {
        let slots = self.request(named, None)?;
        if slots.is_empty() {
            return Err(Refusal::NothingMissing);
        }
        self.record(Change::DocumentsRequested {
            slots,
            after_review: false,
        });
        Ok(())
    }

    fn upload(&mut self, document: NewDocument) -> Result<(), Refusal> {
        let slot = self
            .ctx
            .checklist
            .slot(&document.slot)
            .ok_or_else(|| Refusal::SlotUnknown(document.slot.clone()))?;
        if self.state.documents.iter().any(|d| d.id == document.id) {
            return Err(Refusal::DocumentAlreadyAdded(document.id));
        }
        let occupied = self
            .state
            .documents
            .iter()
            .any(|d| d.slot == slot.key && !d.is_rejected());
        if !slot.multiple && occupied {
            return Err(Refusal::SlotFull(slot.key.clone()));
        }
        self.record(Change::DocumentUploaded { document });
        self.complete_if_nothing_outstanding();
        Ok(())
    }

    /// A document of the claim that is not reviewed yet.
    fn pending_document(&self, id: &str) -> Result<(), Refusal> {
        let document = self
            .state
            .documents
            .iter()
            .find(|d| d.id == id)
            .ok_or_else(|| Refusal::DocumentUnknown(id.to_owned()))?;
        if document.review == ReviewState::Pending {
            Ok(())
        } else {
            Err(Refusal::DocumentAlreadyReviewed(id.to_owned()))
        }
    }

    fn review(
        &mut self,
        reviews: Vec<DocumentReview>,
        due_on: Option<NaiveDate>,
    ) -> Result<(), Refusal> {
        if reviews.is_empty() {
            return Err(Refusal::NothingToReview);
        }
        let mut rejected = false;
        for review in reviews {
            self.pending_document(&review.document_id)?;
            let outcome = match review.outcome {
                ReviewOutcome::Rejected { reason, note } => {
                    if reason == DocumentRejection::Other && note.trim().is_empty() {
                        return Err(Refusal::ReasonRequired);
                    }
                    rejected = true;
                    ReviewOutcome::Rejected {
                        reason,
                        note: note.trim().to_owned(),
                    }
                }
                ReviewOutcome::Accepted => ReviewOutcome::Accepted,
            };
            self.record(Change::DocumentReviewed {
                document_id: review.document_id,
                outcome,
            });
        }
        // A rejection puts its slot back in the missing list: one new notice listing everything
        // missing now (保险法 Art. 22).
        if rejected {
            let slots = self.request(&[], due_on)?;
            self.record(Change::DocumentsRequested {
                slots,
                after_review: true,
            });
        }
        Ok(())
    }

    fn decide(
        &mut self,
        result: DecisionResult,
        amount: Option<Money>,
        refusal_reasons: Vec<RefusalReason>,
        text: &str,
    ) -> Result<(), Refusal> {
        let assessed = self.state.assessment.as_ref().map(|a| a.amount);
        let advances = self.state.advances_total();
        let amount = match result {
            DecisionResult::Approved => {
                let amount = positive(amount.or(assessed).ok_or(Refusal::AmountInvalid)?)?;
                if let Some(assessed) = assessed.filter(|a| amount > *a) {
                    return Err(Refusal::AmountAboveAssessed(assessed));
                }
                Some(amount)
            }
            DecisionResult::PartlyApproved => {
                let amount = positive(amount.ok_or(Refusal::AmountInvalid)?)?;
                if let Some(assessed) = assessed.filter(|a| amount >= *a) {
                    return Err(Refusal::AmountAboveAssessed(assessed));
                }
                Some(amount)
            }
            DecisionResult::Refused => {
                if advances.0 > 0 {
                    return Err(Refusal::AdvanceAlreadyPaid);
                }
                None
            }
        };
        if amount.is_some_and(|a| a < advances) {
            return Err(Refusal::AmountBelowAdvances(advances));
        }
        let (refusal_reasons, text) = if result == DecisionResult::Approved {
            (Vec::new(), text.trim().to_owned())
        } else {
            if refusal_reasons.is_empty() {
                return Err(Refusal::ReasonRequired);
            }
            (
                refusal_reasons,
                required_text(text, Refusal::ReasonRequired)?,
            )
        };
        self.record(Change::Decided {
            result,
            amount,
            refusal_reasons,
            text,
        });
        Ok(())
    }

    fn pay(&mut self, lines: Vec<PaymentLine>) -> Result<(), Refusal> {
        let expected = self
            .state
            .decision
            .as_ref()
            .and_then(|d| d.amount)
            .ok_or(Refusal::AmountInvalid)?;
        if lines.is_empty() {
            return Err(Refusal::DetailRequired);
        }
        let mut checked = Vec::with_capacity(lines.len());
        for line in lines {
            if line.amount.0 == 0 {
                return Err(Refusal::AmountInvalid);
            }
            checked.push(PaymentLine {
                label: required_text(&line.label, Refusal::DetailRequired)?,
                amount: line.amount,
            });
        }
        let total = Money(
            checked
                .iter()
                .fold(0i64, |sum, l| sum.saturating_add(l.amount.0)),
        );
        if total != expected {
            return Err(Refusal::BreakdownMismatch { total, expected });
        }
        let advance_deducted = self.state.advances_total();
        self.record(Change::Paid {
            lines: checked,
            total,
            advance_deducted,
            transferred: Money(total.0.saturating_sub(advance_deducted.0)),
        });
        Ok(())
    }
}
